import { type SimulationResult, runSimulation } from './simulation';
import type { PlantedBug } from './node-services';
import { addRun, emptyTotals, formatFailure } from './report';

/** Seeds of the fault-coverage runs; small enough for the unit suite, large enough to hit every fault. */
const COVERAGE_SEEDS = Array.from({ length: 30 }, (_, index) => index + 1);
const OPERATIONS = 12;

function run(
  seed: number,
  extra: Partial<Parameters<typeof runSimulation>[0]> = {},
): SimulationResult {
  return runSimulation({ seed, operations: OPERATIONS, ...extra });
}

/** Fails with the seed, the violations and the trace tail. */
function expectPassed(result: SimulationResult, operations = OPERATIONS): void {
  if (result.violations.length > 0) {
    throw new Error(formatFailure(result, operations, 80));
  }
  expect(result.violations).toEqual([]);
}

describe('deterministic simulation', () => {
  const totals = emptyTotals();
  const results: SimulationResult[] = [];

  beforeAll(() => {
    for (const seed of COVERAGE_SEEDS) {
      const result = run(seed);
      results.push(result);
      addRun(totals, result);
    }
  });

  it('seeds keep every invariant', () => {
    for (const result of results) {
      expectPassed(result);
    }
  });

  it('same seed repeats the trace', () => {
    const first = run(7);
    const second = run(7);

    expect(second.traceHash).toBe(first.traceHash);
    expect(second.traceLength).toBe(first.traceLength);
    expect(second.events).toBe(first.events);
    expect(second.faults).toEqual(first.faults);
    expect(second.confirmed).toBe(first.confirmed);
  });

  it('other seed gives another trace', () => {
    expect(run(8).traceHash).not.toBe(run(7).traceHash);
  });

  it('seeds inject every fault kind', () => {
    // A simulator that never reaches a fault would pass without testing it.
    const faults = totals.faults;
    expect(faults.crashes).toBeGreaterThan(0);
    expect(faults.powerLosses).toBeGreaterThan(0);
    expect(faults.crashes - faults.powerLosses).toBeGreaterThan(0);
    expect(faults.lostWrites).toBeGreaterThan(0);
    expect(faults.restarts).toBeGreaterThan(0);
    expect(faults.pauses).toBeGreaterThan(0);
    expect(faults.symmetricPartitions).toBeGreaterThan(0);
    expect(faults.oneWayPartitions).toBeGreaterThan(0);
    expect(faults.lostMessages).toBeGreaterThan(0);
    expect(faults.duplicatedMessages).toBeGreaterThan(0);
    expect(faults.reorderedMessages).toBeGreaterThan(0);
    expect(faults.timedOutRequests).toBeGreaterThan(0);
  });

  it('seeds reach every outcome', () => {
    expect(totals.confirmed).toBeGreaterThan(0);
    expect(totals.rejected).toBeGreaterThan(0);
    expect(totals.cancelled).toBeGreaterThan(0);
    expect(totals.committed).toBeGreaterThan(0);
    expect(totals.aborted).toBeGreaterThan(0);
    expect(totals.waits).toBeGreaterThan(0);
    expect(totals.sameKeyWaits).toBeGreaterThan(0);
    expect(totals.refusalsStored).toBeGreaterThan(0);
  });

  it('reliable network answers every client', () => {
    for (let seed = 1; seed <= 5; seed += 1) {
      const result = run(seed, { faults: false });

      expectPassed(result);
      expect(result.unknown).toBe(0);
      expect(result.confirmed + result.rejected).toBe(OPERATIONS);
      expect(result.faults.crashes).toBe(0);
    }
  });
});

describe('checker against planted bugs', () => {
  // A run with a planted bug rarely settles, so it goes on to the settle bound: few seeds suffice.
  let ignoringAborts: SimulationResult[] = [];
  let losingWrites: SimulationResult[] = [];

  beforeAll(() => {
    ignoringAborts = [1, 2, 3].map((seed) =>
      run(seed, { plantedBugs: ['participant-ignores-abort'] }),
    );
    losingWrites = COVERAGE_SEEDS.slice(0, 10).map((seed) =>
      run(seed, { plantedBugs: ['durable-write-lost'] }),
    );
  });

  it('catches a participant that ignores aborts', () => {
    const failures = ignoringAborts.filter((result) => result.violations.length > 0);
    const violations = failures.flatMap((result) => result.violations);

    expect(failures.length).toBeGreaterThan(0);
    expect(violations.some((violation) => violation.includes('still held after settling'))).toBe(
      true,
    );
    expect(
      violations.some((violation) => violation.includes('still prepared (a hold in doubt)')),
    ).toBe(true);
  });

  it('catches storage that loses durable writes', () => {
    const failures = losingWrites.filter((result) => result.violations.length > 0);

    expect(failures.length).toBeGreaterThan(0);
  });

  it('same planted bug fails the same seed twice', () => {
    const first = ignoringAborts.find((result) => result.violations.length > 0) as SimulationResult;

    const second = run(first.seed, { plantedBugs: ['participant-ignores-abort'] });

    expect(second.violations).toEqual(first.violations);
    expect(second.traceHash).toBe(first.traceHash);
  });

  it('failure report names the seed', () => {
    const failing = ignoringAborts.find(
      (result) => result.violations.length > 0,
    ) as SimulationResult;

    const report = formatFailure(failing, OPERATIONS, 20);

    expect(report).toContain(`seed ${failing.seed} FAILED`);
    expect(report).toContain(`npm run sim -- --seed ${failing.seed} --ops ${OPERATIONS}`);
    expect(report).toContain(failing.violations[0]);
    expect(report).toContain(`trace hash ${failing.traceHash}`);
  });
});

describe('booking-layer regressions', () => {
  // Seeds on which the simulation found two bugs of the booking service, with their purchases.
  const FOUND_ON = [
    { seed: 5284, operations: 30 },
    { seed: 402, operations: OPERATIONS },
    { seed: 522, operations: OPERATIONS },
    { seed: 6285, operations: OPERATIONS },
    { seed: 96, operations: OPERATIONS },
    { seed: 586, operations: OPERATIONS },
    { seed: 100466, operations: 30 },
  ];
  const BOTH_BUGS: PlantedBug[] = ['same-key-not-serialized', 'refusal-before-key'];

  it('seeds that found them keep every invariant', () => {
    for (const { seed, operations } of FOUND_ON) {
      expectPassed(runSimulation({ seed, operations }), operations);
    }
  });

  it('catches the old booking service', () => {
    // Two copies of key-10 reach IP, their key claims return in the opposite order, and the
    // second sale waits for itself.
    const result = runSimulation({ seed: 5284, operations: 30, plantedBugs: BOTH_BUGS });

    expect(result.violations).toEqual([
      expect.stringMatching(/^IP never responded to the purchase request key-10 from client/),
    ]);
  });

  it('catches same-key requests run at once', () => {
    const result = run(402, { plantedBugs: ['same-key-not-serialized'] });

    expect(result.violations).toContain(
      'JG still tracks a sale of 9KZW6R, whose booking is settled',
    );
  });

  it('catches a refusal before the key claim', () => {
    const result = run(96, { plantedBugs: ['refusal-before-key'] });

    expect(result.violations).toEqual([
      expect.stringMatching(
        /^client key-1 was last told AIRLINE_UNREACHABLE at \d+ ms by JG, but RC\/\w+ is CONFIRMED$/,
      ),
    ]);
  });
});
