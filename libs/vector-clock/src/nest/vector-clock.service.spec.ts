import { Logger } from '@nestjs/common';
import fc from 'fast-check';

import type { VectorClockRow } from '@interline/persistence';

import { ClockFormatError, VectorClock } from '../core';
import { MemoryVectorClockRepository } from '../testing';
import {
  OWN_RESERVATION_BLOCK,
  RELAXED_SAVE_DELAY_MS,
  VectorClockService,
} from './vector-clock.service';

const SELF = 'JG';

function createService(repository: MemoryVectorClockRepository): VectorClockService {
  return new VectorClockService({ self: SELF }, repository);
}

async function startService(
  row: VectorClockRow | null = null,
): Promise<{ service: VectorClockService; repository: MemoryVectorClockRepository }> {
  const repository = new MemoryVectorClockRepository(row);
  const service = createService(repository);
  await service.onModuleInit();
  return { service, repository };
}

/** Lets pending promise callbacks and I/O callbacks run. */
function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Fakes timers except `setImmediate`, which the memory repository uses to complete saves. */
function useFakeTimers(): void {
  jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick', 'queueMicrotask'] });
}

/** Replaces error logging for one test and returns the spy, to assert what was logged. */
function muteErrorLog(): jest.SpyInstance {
  return jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
}

beforeAll(() => {
  Logger.overrideLogger(['error']);
});

afterEach(() => {
  jest.restoreAllMocks();
});

afterAll(() => {
  Logger.overrideLogger(['log', 'error', 'warn', 'debug', 'verbose']);
});

describe('VectorClockService start', () => {
  it('reserves first block durably', async () => {
    const { service, repository } = await startService();
    expect(repository.saves).toEqual([
      { row: { entries: {}, ownReservedUpTo: OWN_RESERVATION_BLOCK }, durability: 'durable' },
    ]);
    expect(service.current().entries()).toEqual({});
    expect((await service.tick()).entries()).toEqual({ JG: 1 });
  });

  it('resumes at stored ceiling', async () => {
    const { service, repository } = await startService({
      entries: { JG: 5, IP: 2 },
      ownReservedUpTo: 1000,
    });
    expect(service.current().entries()).toEqual({ IP: 2, JG: 1000 });
    expect(repository.saves).toEqual([
      { row: { entries: { IP: 2, JG: 1000 }, ownReservedUpTo: 2000 }, durability: 'durable' },
    ]);
    expect((await service.tick()).get(SELF)).toBe(1001);
  });

  it('resumes at stored own entry above ceiling', async () => {
    const { service } = await startService({ entries: { JG: 3000 }, ownReservedUpTo: 1000 });
    expect((await service.tick()).get(SELF)).toBe(3001);
  });

  it('rejects invalid stored row', async () => {
    const service = createService(
      new MemoryVectorClockRepository({ entries: { jg: 1 }, ownReservedUpTo: 0 }),
    );
    await expect(service.onModuleInit()).rejects.toThrow(
      'Stored vector clock is invalid: airline code "jg" is not two capital letters or digits',
    );

    const negative = createService(
      new MemoryVectorClockRepository({ entries: {}, ownReservedUpTo: -1 }),
    );
    await expect(negative.onModuleInit()).rejects.toThrow(
      'Stored vector clock is invalid: ownReservedUpTo is -1, expected an integer from 0 to 140737488355327',
    );
  });

  it('fails when first reservation fails', async () => {
    const logged = muteErrorLog();
    const repository = new MemoryVectorClockRepository();
    repository.failNextSave(new Error('disk full'));
    await expect(createService(repository).onModuleInit()).rejects.toThrow('disk full');
    expect(logged).toHaveBeenCalledWith(
      expect.objectContaining({ reservedUpTo: 0, requested: 1000, error: 'disk full' }),
    );
  });

  it('rejects invalid self option', () => {
    expect(() => new VectorClockService({ self: 'jg' }, new MemoryVectorClockRepository())).toThrow(
      'VectorClockModule option self is "jg", expected an airline code of two capital letters or digits',
    );
  });

  it('current throws before load', () => {
    const service = createService(new MemoryVectorClockRepository());
    expect(() => service.current()).toThrow(/called before the stored clock was loaded/);
  });

  it('loads on first call before init', async () => {
    const repository = new MemoryVectorClockRepository({ entries: {}, ownReservedUpTo: 7 });
    const service = createService(repository);
    expect((await service.observe({ IP: 1 })).entries()).toEqual({ IP: 1, JG: 7 });
    await service.onModuleInit();
    expect(repository.saves.filter((save) => save.durability === 'durable')).toHaveLength(1);
  });
});

describe('VectorClockService events', () => {
  it('tick and forSend raise own entry', async () => {
    const { service } = await startService();
    expect((await service.tick()).toHeader()).toBe('JG=1');
    expect((await service.forSend()).toHeader()).toBe('JG=2');
    expect(service.current().toHeader()).toBe('JG=2');
  });

  it('receive merges then ticks', async () => {
    const { service } = await startService();
    await service.tick();
    const clock = await service.receive(VectorClock.from({ IP: 4, RC: 2 }));
    expect(clock.toHeader()).toBe('IP=4,JG=2,RC=2');
    expect(service.current()).toBe(clock);
  });

  it('observe merges without ticking', async () => {
    const { service } = await startService();
    await service.tick();
    expect((await service.observe({ IP: 3, JG: 1 })).toHeader()).toBe('IP=3,JG=1');
    expect((await service.observe(VectorClock.from({ RC: 2 }))).toHeader()).toBe('IP=3,JG=1,RC=2');
  });

  it('observe rejects invalid entries', async () => {
    const { service } = await startService();
    await expect(service.observe({ JG: -1 })).rejects.toBeInstanceOf(ClockFormatError);
    expect(service.current().toHeader()).toBe('');
  });

  it('receive rejects merge past limit', async () => {
    const { service } = await startService();
    await service.tick();
    const otherAirlines = Array.from(
      { length: 64 },
      (_, index) => `${String.fromCharCode(65 + Math.floor(index / 10))}${index % 10}`,
    );
    const wide = VectorClock.from(Object.fromEntries(otherAirlines.map((code) => [code, 1])));
    await expect(service.receive(wide)).rejects.toThrow(
      'Invalid vector clock: clock would have 65 airlines, maximum 64',
    );
    expect(service.current().toHeader()).toBe('JG=1');
  });

  it('concurrent ticks get distinct values', async () => {
    const { service, repository } = await startService();
    const handedOut: number[] = [];
    const ticks = Array.from({ length: 3 * OWN_RESERVATION_BLOCK }, () =>
      service.tick().then((clock) => {
        const own = clock.get(SELF);
        expect(repository.storedDurably()?.ownReservedUpTo).toBeGreaterThanOrEqual(own);
        handedOut.push(own);
      }),
    );
    await Promise.all(ticks);
    expect(new Set(handedOut).size).toBe(3 * OWN_RESERVATION_BLOCK);
    expect(Math.max(...handedOut)).toBe(3 * OWN_RESERVATION_BLOCK);
    expect(repository.savesInFlightMax).toBe(1);
  });
});

describe('VectorClockService reservation', () => {
  it('reserves ahead at 80 percent', async () => {
    const { service, repository } = await startService();
    for (let index = 0; index < 800; index += 1) {
      await service.tick();
    }
    expect(repository.saves).toHaveLength(1);

    await service.tick();
    await settle();
    expect(repository.saves).toHaveLength(2);
    expect(repository.saves[1]).toEqual({
      row: { entries: { JG: 801 }, ownReservedUpTo: 1801 },
      durability: 'durable',
    });
  });

  it('waits for reservation past ceiling', async () => {
    const { service, repository } = await startService();
    repository.hold();
    for (let index = 0; index < OWN_RESERVATION_BLOCK; index += 1) {
      await service.tick();
    }
    expect(service.current().get(SELF)).toBe(1000);

    let resolvedWith: VectorClock | undefined;
    const next = service.tick().then((clock) => {
      resolvedWith = clock;
      return repository.storedDurably()?.ownReservedUpTo;
    });
    await settle();
    expect(resolvedWith).toBeUndefined();
    expect(repository.heldSaves()).toBe(1);

    repository.release();
    expect(await next).toBeGreaterThanOrEqual(1001);
    expect(resolvedWith?.get(SELF)).toBe(1001);
  });

  it('reserves before own entry raised by peer', async () => {
    const { service, repository } = await startService();
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const clock = await service.receive(VectorClock.from({ JG: 5000, IP: 1 }));
    expect(clock.get(SELF)).toBe(5001);
    expect(repository.storedDurably()?.ownReservedUpTo).toBeGreaterThanOrEqual(5001);
    expect(warn).toHaveBeenCalledWith(
      expect.objectContaining({ airline: SELF, own: 0, received: 5000 }),
    );
  });

  it('observe raising own entry reserves first', async () => {
    const { service, repository } = await startService();
    const clock = await service.observe({ JG: 2500 });
    expect(clock.get(SELF)).toBe(2500);
    expect(repository.storedDurably()?.ownReservedUpTo).toBeGreaterThanOrEqual(2500);
  });

  it('failed reservation rejects caller, next call retries', async () => {
    const logged = muteErrorLog();
    const { service, repository } = await startService();
    repository.failNextSave(new Error('disk full'));
    await expect(service.receive(VectorClock.from({ JG: 5000 }))).rejects.toThrow('disk full');
    expect(service.current().get(SELF)).toBe(0);
    expect(logged).toHaveBeenCalledTimes(1);

    const clock = await service.receive(VectorClock.from({ JG: 5000 }));
    expect(clock.get(SELF)).toBe(5001);
    expect(repository.storedDurably()?.ownReservedUpTo).toBeGreaterThanOrEqual(5001);
  });

  it('failed reservation ahead is requested again', async () => {
    const logged = muteErrorLog();
    const { service, repository } = await startService();
    for (let index = 0; index < 800; index += 1) {
      await service.tick();
    }
    repository.failNextSave();
    await service.tick();
    await settle();
    expect(repository.storedDurably()?.ownReservedUpTo).toBe(1000);
    expect(logged).toHaveBeenCalledWith(expect.objectContaining({ requested: 1801 }));

    await service.tick();
    await settle();
    expect(repository.storedDurably()?.ownReservedUpTo).toBe(1802);
  });
});

describe('VectorClockService relaxed saves', () => {
  afterEach(() => {
    jest.useRealTimers();
  });

  it('coalesces other entries', async () => {
    useFakeTimers();
    const { service, repository } = await startService();
    await service.receive(VectorClock.from({ IP: 1 }));
    await service.receive(VectorClock.from({ IP: 2, RC: 1 }));
    await service.tick();
    await jest.advanceTimersByTimeAsync(RELAXED_SAVE_DELAY_MS - 1);
    expect(repository.saves).toHaveLength(1);

    await jest.advanceTimersByTimeAsync(1);
    expect(repository.saves.slice(1)).toEqual([
      { row: { entries: { IP: 2, JG: 3, RC: 1 }, ownReservedUpTo: 1000 }, durability: 'relaxed' },
    ]);
  });

  it('skips save for own ticks', async () => {
    useFakeTimers();
    const { service, repository } = await startService();
    await service.tick();
    await service.forSend();
    await jest.advanceTimersByTimeAsync(10 * RELAXED_SAVE_DELAY_MS);
    expect(repository.saves).toHaveLength(1);
  });

  it('keeps one save in flight', async () => {
    useFakeTimers();
    const { service, repository } = await startService();
    repository.hold();
    await service.receive(VectorClock.from({ IP: 1 }));
    await jest.advanceTimersByTimeAsync(RELAXED_SAVE_DELAY_MS);
    expect(repository.heldSaves()).toBe(1);

    await service.receive(VectorClock.from({ IP: 2 }));
    await service.receive(VectorClock.from({ IP: 3 }));
    await jest.advanceTimersByTimeAsync(5 * RELAXED_SAVE_DELAY_MS);
    expect(repository.heldSaves()).toBe(1);

    repository.release();
    await jest.advanceTimersByTimeAsync(0);
    expect(repository.saves.map((save) => save.row.entries.IP)).toEqual([undefined, 1, 3]);
    expect(repository.savesInFlightMax).toBe(1);
  });

  it('retries failed save with next change', async () => {
    useFakeTimers();
    const { service, repository } = await startService();
    repository.failNextSave();
    await service.receive(VectorClock.from({ IP: 1 }));
    await jest.advanceTimersByTimeAsync(RELAXED_SAVE_DELAY_MS);
    expect(repository.stored()?.entries).toEqual({});

    await service.receive(VectorClock.from({ RC: 1 }));
    await jest.advanceTimersByTimeAsync(RELAXED_SAVE_DELAY_MS);
    expect(repository.stored()?.entries).toEqual({ IP: 1, JG: 2, RC: 1 });
  });

  it('flushes durably on shutdown', async () => {
    const { service, repository } = await startService();
    await service.receive(VectorClock.from({ IP: 4 }));
    await service.beforeApplicationShutdown();
    expect(repository.saves.at(-1)).toEqual({
      row: { entries: { IP: 4, JG: 1 }, ownReservedUpTo: 1000 },
      durability: 'durable',
    });
    expect(repository.storedDurably()?.entries).toEqual({ IP: 4, JG: 1 });
  });

  it('shutdown without changes saves nothing', async () => {
    const { service, repository } = await startService();
    await service.tick();
    await service.beforeApplicationShutdown();
    expect(repository.saves).toHaveLength(1);
  });

  it('shutdown before start saves nothing', async () => {
    const repository = new MemoryVectorClockRepository();
    await createService(repository).beforeApplicationShutdown();
    expect(repository.saves).toHaveLength(0);
  });
});

describe('VectorClockService restarts', () => {
  it('own entry never goes backwards', async () => {
    const first = await startService();
    await first.service.receive(VectorClock.from({ IP: 9 }));
    const lastSent = (await first.service.forSend()).get(SELF);

    // Crash before the relaxed save of IP=9 ran.
    const repository = first.repository.afterCrash();
    const restarted = createService(repository);
    await restarted.onModuleInit();
    expect(restarted.current().get('IP')).toBe(0);
    expect((await restarted.forSend()).get(SELF)).toBeGreaterThan(lastSent);
  });

  it('random runs with crashes never reuse own values', async () => {
    useFakeTimers();
    try {
      const operationArbitrary = fc.oneof(
        { weight: 6, arbitrary: fc.constant({ kind: 'tick' as const }) },
        {
          weight: 3,
          arbitrary: fc.record({
            kind: fc.constant('receive' as const),
            entries: fc.dictionary(fc.constantFrom('IP', 'RC', 'AD', 'JG'), fc.nat(3000)),
          }),
        },
        { weight: 2, arbitrary: fc.constant({ kind: 'wait' as const }) },
        { weight: 1, arbitrary: fc.constant({ kind: 'crash' as const }) },
        { weight: 1, arbitrary: fc.constant({ kind: 'restart' as const }) },
        {
          weight: 1,
          arbitrary: fc.record({ kind: fc.constant('burst' as const), count: fc.nat(1500) }),
        },
      );
      await fc.assert(
        fc.asyncProperty(fc.array(operationArbitrary, { maxLength: 30 }), async (operations) => {
          let repository = new MemoryVectorClockRepository();
          let service = createService(repository);
          await service.onModuleInit();
          let highest = 0;
          const handOut = (clock: VectorClock) => {
            const own = clock.get(SELF);
            expect(own).toBeGreaterThan(highest);
            expect(repository.storedDurably()?.ownReservedUpTo).toBeGreaterThanOrEqual(own);
            highest = own;
          };

          for (const operation of operations) {
            if (operation.kind === 'tick') {
              handOut(await service.forSend());
            } else if (operation.kind === 'receive') {
              handOut(await service.receive(VectorClock.from(operation.entries)));
              highest = Math.max(highest, service.current().get(SELF));
            } else if (operation.kind === 'wait') {
              await jest.advanceTimersByTimeAsync(RELAXED_SAVE_DELAY_MS);
            } else if (operation.kind === 'burst') {
              await Promise.all(
                Array.from({ length: operation.count }, () => service.tick().then(handOut)),
              );
            } else {
              if (operation.kind === 'crash') {
                repository = repository.afterCrash();
              } else {
                await service.beforeApplicationShutdown();
              }
              service = createService(repository);
              await service.onModuleInit();
              expect(service.current().get(SELF)).toBeGreaterThanOrEqual(highest);
            }
          }
          expect(repository.savesInFlightMax).toBeLessThanOrEqual(1);
        }),
        { numRuns: 60 },
      );
    } finally {
      jest.useRealTimers();
    }
  });
});
