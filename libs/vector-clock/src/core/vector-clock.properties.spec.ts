import fc from 'fast-check';

import { ClockFormatError } from './clock-format';
import { compareStamps, isOlder, priorityStamp } from './priority-stamp';
import { VectorClock } from './vector-clock';

// fast-check prints the seed and path of a failing run. Pass both to `fc.assert` as
// `{ seed, path }` to replay it.

const CODES = ['0A', '12', 'AD', 'G3', 'IP', 'JG', 'RC'] as const;

const clockArbitrary = fc
  .dictionary(
    fc.constantFrom(...CODES),
    fc.oneof(
      { weight: 4, arbitrary: fc.nat({ max: 20 }) },
      { weight: 1, arbitrary: fc.nat({ max: 1_000_000_000 }) },
    ),
  )
  .map((entries) => VectorClock.from(entries));

describe('VectorClock properties', () => {
  it('merge is commutative', () => {
    fc.assert(
      fc.property(clockArbitrary, clockArbitrary, (a, b) => {
        expect(a.merge(b).toHeader()).toBe(b.merge(a).toHeader());
      }),
    );
  });

  it('merge is associative', () => {
    fc.assert(
      fc.property(clockArbitrary, clockArbitrary, clockArbitrary, (a, b, c) => {
        expect(a.merge(b).merge(c).toHeader()).toBe(a.merge(b.merge(c)).toHeader());
      }),
    );
  });

  it('merge is idempotent', () => {
    fc.assert(
      fc.property(clockArbitrary, (a) => {
        expect(a.merge(a).compare(a)).toBe('equal');
      }),
    );
  });

  it('merge is after or equal both', () => {
    fc.assert(
      fc.property(clockArbitrary, clockArbitrary, (a, b) => {
        const merged = a.merge(b);
        expect(['after', 'equal']).toContain(merged.compare(a));
        expect(['after', 'equal']).toContain(merged.compare(b));
      }),
    );
  });

  it('compare agrees with merge', () => {
    fc.assert(
      fc.property(clockArbitrary, clockArbitrary, (a, b) => {
        const relation = a.compare(b);
        const merged = a.merge(b);
        expect(relation === 'before' || relation === 'equal').toBe(merged.compare(b) === 'equal');
        expect(relation === 'after' || relation === 'equal').toBe(merged.compare(a) === 'equal');
      }),
    );
  });

  it('compare is antisymmetric', () => {
    const mirror = { before: 'after', after: 'before', equal: 'equal', concurrent: 'concurrent' };
    fc.assert(
      fc.property(clockArbitrary, clockArbitrary, (a, b) => {
        expect(b.compare(a)).toBe(mirror[a.compare(b)]);
      }),
    );
  });

  it('tick is after the clock', () => {
    fc.assert(
      fc.property(clockArbitrary, fc.constantFrom(...CODES), (a, code) => {
        const ticked = a.tick(code);
        expect(ticked.compare(a)).toBe('after');
        expect(ticked.sum()).toBe(a.sum() + 1);
      }),
    );
  });

  it('header round-trips', () => {
    fc.assert(
      fc.property(clockArbitrary, (a) => {
        const parsed = VectorClock.fromHeader(a.toHeader());
        expect(parsed.compare(a)).toBe('equal');
        expect(parsed.toHeader()).toBe(a.toHeader());
        expect(VectorClock.from(a.entries()).toHeader()).toBe(a.toHeader());
      }),
    );
  });

  it('header parser throws only ClockFormatError', () => {
    const textArbitrary = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc
        .array(
          fc.tuple(fc.constantFrom(...CODES, 'jg', 'J', ''), fc.constantFrom('=', ':', '==')),
          { maxLength: 5 },
        )
        .chain((pairs) =>
          fc
            .array(fc.oneof(fc.nat().map(String), fc.constantFrom('-1', '1.5', '', ' 1')), {
              minLength: pairs.length,
              maxLength: pairs.length,
            })
            .map((counters) =>
              pairs.map(([code, separator], index) => code + separator + counters[index]),
            ),
        )
        .map((entries) => entries.join(',')),
    );
    fc.assert(
      fc.property(textArbitrary, (text) => {
        try {
          const clock = VectorClock.fromHeader(text);
          expect(VectorClock.fromHeader(clock.toHeader()).compare(clock)).toBe('equal');
        } catch (error) {
          expect(error).toBeInstanceOf(ClockFormatError);
        }
      }),
    );
  });
});

/** One event of a simulated run: its airline, clock, and the events it directly follows. */
interface SimulatedEvent {
  airline: string;
  clock: VectorClock;
  predecessors: number[];
}

interface InFlightMessage {
  clock: VectorClock;
  sendEvent: number;
}

const NODE_CODES = ['AD', 'G3', 'JG', 'RC'] as const;

const actionArbitrary = fc.record({
  node: fc.nat(NODE_CODES.length - 1),
  kind: fc.constantFrom('local', 'send', 'receive'),
  destination: fc.nat(NODE_CODES.length - 1),
  pick: fc.nat(),
});

type SimulationAction = typeof actionArbitrary extends fc.Arbitrary<infer T> ? T : never;

/**
 * Runs the actions on four nodes that tick on local events, tick before sending, and merge then
 * tick on delivery. Messages wait in per-node inboxes and are delivered in any order.
 */
function simulate(actions: SimulationAction[]): SimulatedEvent[] {
  const clocks = NODE_CODES.map(() => VectorClock.empty());
  const lastEvent: Array<number | undefined> = NODE_CODES.map(() => undefined);
  const inboxes: InFlightMessage[][] = NODE_CODES.map(() => []);
  const events: SimulatedEvent[] = [];

  for (const action of actions) {
    const airline = NODE_CODES[action.node];
    const inbox = inboxes[action.node];
    const predecessors = lastEvent[action.node] === undefined ? [] : [lastEvent[action.node]!];
    let clock = clocks[action.node];

    if (action.kind === 'receive' && inbox.length > 0) {
      const [message] = inbox.splice(action.pick % inbox.length, 1);
      clock = clock.merge(message.clock).tick(airline);
      predecessors.push(message.sendEvent);
    } else {
      clock = clock.tick(airline);
    }

    const eventIndex = events.length;
    events.push({ airline, clock, predecessors });
    clocks[action.node] = clock;
    lastEvent[action.node] = eventIndex;

    if (action.kind === 'send') {
      const destination =
        action.destination === action.node
          ? (action.node + 1) % NODE_CODES.length
          : action.destination;
      inboxes[destination].push({ clock, sendEvent: eventIndex });
    }
  }
  return events;
}

/** Returns, for each event, the set of events that happened before it (transitive closure). */
function happenedBefore(events: SimulatedEvent[]): Array<Set<number>> {
  const ancestors: Array<Set<number>> = [];
  events.forEach((event) => {
    const set = new Set<number>();
    for (const predecessor of event.predecessors) {
      set.add(predecessor);
      ancestors[predecessor].forEach((index) => set.add(index));
    }
    ancestors.push(set);
  });
  return ancestors;
}

describe('causal histories', () => {
  const historyArbitrary = fc.array(actionArbitrary, { minLength: 1, maxLength: 60 });

  it('compare matches happens-before', () => {
    fc.assert(
      fc.property(historyArbitrary, (actions) => {
        const events = simulate(actions);
        const ancestors = happenedBefore(events);
        events.forEach((a, i) => {
          events.forEach((b, j) => {
            if (i === j) {
              return;
            }
            let expected = 'concurrent';
            if (ancestors[j].has(i)) {
              expected = 'before';
            } else if (ancestors[i].has(j)) {
              expected = 'after';
            }
            expect(`${i}->${j} ${a.clock.compare(b.clock)}`).toBe(`${i}->${j} ${expected}`);
          });
        });
      }),
      { numRuns: 200 },
    );
  });

  it('stamp order extends happens-before', () => {
    fc.assert(
      fc.property(historyArbitrary, (actions) => {
        const events = simulate(actions);
        const ancestors = happenedBefore(events);
        const stamps = events.map((event) => priorityStamp(event.clock, event.airline));
        events.forEach((_, j) => {
          ancestors[j].forEach((i) => {
            expect(`${i}->${j} ${isOlder(stamps[i], stamps[j])}`).toBe(`${i}->${j} true`);
          });
        });
      }),
      { numRuns: 200 },
    );
  });

  it('stamps of distinct events differ', () => {
    fc.assert(
      fc.property(historyArbitrary, (actions) => {
        const stamps = simulate(actions).map((event) => priorityStamp(event.clock, event.airline));
        const sorted = [...stamps].sort(compareStamps);
        for (let index = 1; index < sorted.length; index += 1) {
          expect(compareStamps(sorted[index - 1], sorted[index])).toBeLessThan(0);
        }
      }),
      { numRuns: 200 },
    );
  });
});
