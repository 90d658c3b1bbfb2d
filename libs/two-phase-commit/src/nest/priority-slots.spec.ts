import { PrioritySlots } from './priority-slots';

const stamp = (time: number, airline = 'JG') => ({ time, airline });

describe('PrioritySlots', () => {
  it('admits up to the per-flight maximum', async () => {
    const slots = new PrioritySlots(2, 100, 10);

    await slots.acquire(stamp(5), ['F1']);
    await slots.acquire(stamp(6), ['F1']);
    void slots.acquire(stamp(7), ['F1']);

    expect(slots.load).toEqual({ running: 2, waiting: 1 });
  });

  it('lets other flights through a full one', async () => {
    const slots = new PrioritySlots(1, 100, 10);
    await slots.acquire(stamp(1), ['F1']);
    void slots.acquire(stamp(2), ['F1']);

    await slots.acquire(stamp(3), ['F2']);

    expect(slots.load).toEqual({ running: 2, waiting: 1 });
  });

  it('admits waiting callers oldest stamp first', async () => {
    const slots = new PrioritySlots(1, 100, 10);
    const release = await slots.acquire(stamp(1), ['F1']);
    const order: number[] = [];
    const younger = slots.acquire(stamp(9), ['F1']).then((done) => {
      order.push(9);
      done();
    });
    const older = slots.acquire(stamp(3), ['F1']).then((done) => {
      order.push(3);
      done();
    });

    release();
    await Promise.all([younger, older]);

    expect(order).toEqual([3, 9]);
    expect(slots.load).toEqual({ running: 0, waiting: 0 });
  });

  it('takes every flight of a transaction at once', async () => {
    const slots = new PrioritySlots(1, 100, 10);
    const releaseFirst = await slots.acquire(stamp(1), ['F1']);
    let admitted = false;
    void slots.acquire(stamp(2), ['F1', 'F2']).then(() => {
      admitted = true;
    });

    await slots.acquire(stamp(3), ['F2']).then((done) => done());
    expect(admitted).toBe(false);
    releaseFirst();
    await Promise.resolve();

    expect(admitted).toBe(true);
  });

  it('respects the total maximum', async () => {
    const slots = new PrioritySlots(5, 1, 10);
    await slots.acquire(stamp(1), ['F1']);

    void slots.acquire(stamp(2), ['F2']);

    expect(slots.load).toEqual({ running: 1, waiting: 1 });
  });

  it('ignores a second release of the same slot', async () => {
    const slots = new PrioritySlots(1, 100, 10);
    const release = await slots.acquire(stamp(1), ['F1']);

    release();
    release();

    expect(slots.load).toEqual({ running: 0, waiting: 0 });
  });

  it('rejects callers beyond the waiting bound', async () => {
    const slots = new PrioritySlots(1, 100, 1);
    await slots.acquire(stamp(1), ['F1']);
    void slots.acquire(stamp(2), ['F1']);

    await expect(slots.acquire(stamp(3), ['F1'])).rejects.toThrow('already waiting');
  });
});
