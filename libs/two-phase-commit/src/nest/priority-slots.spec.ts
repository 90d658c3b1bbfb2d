import { PrioritySlots } from './priority-slots';

const stamp = (time: number, airline = 'JG') => ({ time, airline });

describe('PrioritySlots', () => {
  it('admits up to the maximum at once', async () => {
    const slots = new PrioritySlots(2, 10);

    await slots.acquire(stamp(5));
    await slots.acquire(stamp(6));

    expect(slots.load).toEqual({ running: 2, waiting: 0 });
  });

  it('admits waiting callers oldest stamp first', async () => {
    const slots = new PrioritySlots(1, 10);
    const release = await slots.acquire(stamp(1));
    const order: number[] = [];
    const younger = slots.acquire(stamp(9)).then((done) => {
      order.push(9);
      done();
    });
    const older = slots.acquire(stamp(3)).then((done) => {
      order.push(3);
      done();
    });
    expect(slots.load).toEqual({ running: 1, waiting: 2 });

    release();
    await Promise.all([younger, older]);

    expect(order).toEqual([3, 9]);
    expect(slots.load).toEqual({ running: 0, waiting: 0 });
  });

  it('ignores a second release of the same slot', async () => {
    const slots = new PrioritySlots(1, 10);
    const release = await slots.acquire(stamp(1));

    release();
    release();

    expect(slots.load).toEqual({ running: 0, waiting: 0 });
  });

  it('rejects callers beyond the waiting bound', async () => {
    const slots = new PrioritySlots(1, 1);
    await slots.acquire(stamp(1));
    void slots.acquire(stamp(2));

    await expect(slots.acquire(stamp(3))).rejects.toThrow('already waiting');
  });
});
