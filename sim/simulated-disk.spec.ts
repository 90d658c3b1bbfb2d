import { SimulatedDisk } from './simulated-disk';

/** Makes a disk whose scheduled work runs, in order, when `flush` is called. */
function makeDisk(): { disk: SimulatedDisk; flush: () => void } {
  const pending: Array<() => void> = [];
  const disk = new SimulatedDisk(2, (_delayMs, run) => pending.push(run));
  const flush = (): void => {
    while (pending.length > 0) {
      (pending.shift() as () => void)();
    }
  };
  return { disk, flush };
}

describe('SimulatedDisk', () => {
  it('durable write answers after its batch commits', () => {
    const { disk, flush } = makeDisk();
    let committed = false;

    disk.write([{ table: 'bookings', key: 'A', value: { n: 1 } }], 'durable', () => {
      committed = true;
    });

    expect(disk.read('bookings', 'A')).toEqual({ n: 1 });
    expect(committed).toBe(false);
    flush();
    expect(committed).toBe(true);
  });

  it('kill loses the open batch only', () => {
    const { disk, flush } = makeDisk();
    disk.write([{ table: 'bookings', key: 'relaxed', value: 1 }], 'relaxed', () => undefined);
    flush();
    disk.write([{ table: 'bookings', key: 'durable', value: 2 }], 'durable', () => undefined);

    disk.crash('kill', 0);

    expect(disk.read('bookings', 'relaxed')).toBe(1);
    expect(disk.read('bookings', 'durable')).toBeNull();
  });

  it('power loss keeps a prefix of unsynced writes', () => {
    const { disk, flush } = makeDisk();
    for (const key of ['a', 'b', 'c']) {
      disk.write([{ table: 'bookings', key, value: key }], 'relaxed', () => undefined);
    }
    flush();

    const lost = disk.crash('power-loss', 1);

    expect(lost).toBe(2);
    expect(disk.read('bookings', 'a')).toBe('a');
    expect(disk.read('bookings', 'b')).toBeNull();
    expect(disk.read('bookings', 'c')).toBeNull();
  });

  it('durable commit syncs earlier relaxed writes', () => {
    const { disk, flush } = makeDisk();
    disk.write([{ table: 'bookings', key: 'a', value: 1 }], 'relaxed', () => undefined);
    flush();
    disk.write([{ table: 'bookings', key: 'b', value: 2 }], 'durable', () => undefined);
    flush();

    disk.crash('power-loss', 0);

    expect(disk.read('bookings', 'a')).toBe(1);
    expect(disk.read('bookings', 'b')).toBe(2);
  });

  it('crash drops callbacks of lost writes', () => {
    const { disk, flush } = makeDisk();
    let called = false;
    disk.write([{ table: 'bookings', key: 'a', value: 1 }], 'durable', () => {
      called = true;
    });

    disk.crash('kill', 0);
    flush();

    expect(called).toBe(false);
  });

  it('rows read are copies', () => {
    const { disk } = makeDisk();
    disk.load([{ table: 'flights', key: 'F', value: { seats: 3 } }]);

    const row = disk.read<{ seats: number }>('flights', 'F') as { seats: number };
    row.seats = 0;

    expect(disk.read('flights', 'F')).toEqual({ seats: 3 });
  });
});
