import { EventQueue } from './event-queue';
import { SeededRandom } from './seeded-random';
import { SimulationTrace } from './simulation-trace';

describe('SeededRandom', () => {
  it('same seed gives same numbers', () => {
    const first = new SeededRandom(42);
    const second = new SeededRandom(42);
    const draw = (random: SeededRandom) => Array.from({ length: 5 }, () => random.next());
    expect(draw(second)).toEqual(draw(first));
  });

  it('different seeds differ', () => {
    expect(new SeededRandom(1).next()).not.toBe(new SeededRandom(2).next());
  });

  it('integer stays within bounds', () => {
    const random = new SeededRandom(7);
    const values = Array.from({ length: 1_000 }, () => random.integer(3, 6));
    expect(Math.min(...values)).toBe(3);
    expect(Math.max(...values)).toBe(6);
  });

  it('shuffle keeps every item', () => {
    const shuffled = new SeededRandom(3).shuffle([1, 2, 3, 4, 5]);
    expect([...shuffled].sort()).toEqual([1, 2, 3, 4, 5]);
  });
});

describe('EventQueue', () => {
  it('pops by time, then by scheduling order', () => {
    const queue = new EventQueue();
    const order: string[] = [];
    queue.push(20, () => order.push('late'));
    queue.push(10, () => order.push('first'));
    queue.push(10, () => order.push('second'));
    queue.push(5, () => order.push('early'));
    for (let event = queue.pop(); event; event = queue.pop()) {
      event.run();
    }
    expect(order).toEqual(['early', 'first', 'second', 'late']);
  });
});

describe('SimulationTrace', () => {
  it('keeps the last events in order', () => {
    const trace = new SimulationTrace(2);
    for (const at of [1, 2, 3]) {
      trace.record(at, () => `event ${at}`);
    }
    expect(trace.lines()).toEqual([
      '(1 earlier events not kept)',
      '      2 event 2',
      '      3 event 3',
    ]);
  });
});
