import fc from 'fast-check';

import { makeHolder, makeStamp } from '../testing/fixtures';
import { type FlightSeats, type SeatHolder, judgeSeats } from './age-rule';
import { comparePriority } from './priority';
import type { PriorityStamp } from './types';

// fast-check prints the seed and path of a failing run. Pass both to `fc.assert` as
// `{ seed, path }` to replay it.

/** The requester of every example: stamp time 100 from AD. */
const REQUESTER = { txId: 'tx-requester', stamp: makeStamp(100, 'AD') };

/** Builds a flight of ten seats: `sold` sold, the seats of `holders` held, the rest available. */
function flightWith(sold: number, holders: SeatHolder[]): FlightSeats {
  const held = holders.reduce((sum, holder) => sum + holder.seats, 0);
  return {
    flightId: 'G31001-20261205',
    capacity: 10,
    sold,
    held,
    available: 10 - sold - held,
    holders,
  };
}

describe('judgeSeats', () => {
  it('grants when enough seats are available', () => {
    const flight = flightWith(6, [makeHolder('tx-old', 5, 2)]);

    expect(judgeSeats(flight, REQUESTER, 2)).toBe('GRANT');
  });

  it('grants when exactly enough are available', () => {
    expect(judgeSeats(flightWith(8, []), REQUESTER, 2)).toBe('GRANT');
  });

  it('sold out when holds could not cover the shortfall', () => {
    const flight = flightWith(8, [makeHolder('tx-young', 200, 1)]);

    expect(judgeSeats(flight, REQUESTER, 3)).toBe('SOLD_OUT');
  });

  it('sold out with no holders at all', () => {
    expect(judgeSeats(flightWith(10, []), REQUESTER, 1)).toBe('SOLD_OUT');
  });

  it('wait-die: older requester waits for younger holders', () => {
    const flight = flightWith(8, [makeHolder('tx-young', 200, 2)]);

    expect(judgeSeats(flight, REQUESTER, 2)).toBe('WAIT');
  });

  it('wait-die: younger requester dies on older holders', () => {
    const flight = flightWith(8, [makeHolder('tx-old', 5, 2)]);

    expect(judgeSeats(flight, REQUESTER, 2)).toBe('BUSY');
  });

  it('waits when younger holders alone can free enough', () => {
    const flight = flightWith(7, [makeHolder('tx-old', 5, 2), makeHolder('tx-young', 200, 1)]);

    expect(judgeSeats(flight, REQUESTER, 1)).toBe('WAIT');
  });

  it('busy when only older holders free enough', () => {
    const flight = flightWith(7, [makeHolder('tx-old', 5, 2), makeHolder('tx-young', 200, 1)]);

    expect(judgeSeats(flight, REQUESTER, 2)).toBe('BUSY');
  });

  it("ignores the requester's own hold", () => {
    const flight = flightWith(8, [
      { txId: REQUESTER.txId, stamp: REQUESTER.stamp, seats: 1 },
      makeHolder('tx-young', 200, 1),
    ]);

    // Counting its own seat would make 2 seats look freeable and turn SOLD_OUT into WAIT.
    expect(judgeSeats(flight, REQUESTER, 2)).toBe('SOLD_OUT');
  });

  it('equal time: lower airline code is older', () => {
    const heldByG3 = flightWith(8, [makeHolder('tx-g3', 100, 2, 'G3')]);
    const heldByAA = flightWith(8, [makeHolder('tx-aa', 100, 2, 'AA')]);

    expect(judgeSeats(heldByG3, REQUESTER, 2)).toBe('WAIT');
    expect(judgeSeats(heldByAA, REQUESTER, 2)).toBe('BUSY');
  });

  it('same stamp is neither older nor younger', () => {
    const flight = flightWith(8, [makeHolder('tx-twin', 100, 2, 'AD')]);

    expect(judgeSeats(flight, REQUESTER, 2)).toBe('BUSY');
  });
});

describe('judgeSeats properties', () => {
  const airlineArbitrary = fc.constantFrom('AD', 'G3', 'JJ');
  const stampArbitrary = fc.record({ time: fc.nat({ max: 20 }), airline: airlineArbitrary });
  const holdersArbitrary = fc
    .array(fc.record({ stamp: stampArbitrary, seats: fc.integer({ min: 1, max: 5 }) }), {
      maxLength: 6,
    })
    .map((holders) => holders.map((holder, index) => ({ txId: `tx-${index}`, ...holder })));
  const caseArbitrary = fc.record({
    holders: holdersArbitrary,
    requester: fc.record({
      // Sometimes the requester is one of the holders, whose hold must be ignored.
      txId: fc.constantFrom('tx-requester', 'tx-0'),
      stamp: stampArbitrary,
    }),
    available: fc.nat({ max: 10 }),
    seats: fc.integer({ min: 1, max: 10 }),
  });

  function flightOf(available: number, holders: SeatHolder[]): FlightSeats {
    const held = holders.reduce((sum, holder) => sum + holder.seats, 0);
    return {
      flightId: 'G31001-20261205',
      capacity: 60,
      sold: 60 - held - available,
      held,
      available,
      holders,
    };
  }

  function seatsHeld(holders: SeatHolder[], keep: (holder: SeatHolder) => boolean): number {
    return holders.filter(keep).reduce((sum, holder) => sum + holder.seats, 0);
  }

  it('WAIT only when younger holders can free enough', () => {
    fc.assert(
      fc.property(caseArbitrary, ({ holders, requester, available, seats }) => {
        const verdict = judgeSeats(flightOf(available, holders), requester, seats);
        const younger = seatsHeld(
          holders,
          (holder) =>
            holder.txId !== requester.txId && comparePriority(holder.stamp, requester.stamp) > 0,
        );

        if (verdict === 'WAIT') {
          expect(available + younger).toBeGreaterThanOrEqual(seats);
          expect(available).toBeLessThan(seats);
        }
      }),
    );
  });

  it('GRANT and SOLD_OUT follow the seat counts', () => {
    fc.assert(
      fc.property(caseArbitrary, ({ holders, requester, available, seats }) => {
        const verdict = judgeSeats(flightOf(available, holders), requester, seats);
        const others = seatsHeld(holders, (holder) => holder.txId !== requester.txId);

        if (verdict === 'GRANT') {
          expect(available).toBeGreaterThanOrEqual(seats);
        } else {
          expect(available).toBeLessThan(seats);
        }
        if (verdict === 'SOLD_OUT') {
          expect(available + others).toBeLessThan(seats);
        }
        if (verdict === 'WAIT' || verdict === 'BUSY') {
          expect(available + others).toBeGreaterThanOrEqual(seats);
        }
      }),
    );
  });

  it('wait-die: the oldest of all is never BUSY', () => {
    fc.assert(
      fc.property(caseArbitrary, ({ holders, available, seats }) => {
        const times = holders.map((holder) => holder.stamp.time);
        const oldest: PriorityStamp = { time: Math.min(100, ...times) - 1, airline: 'JJ' };

        const verdict = judgeSeats(
          flightOf(available, holders),
          { txId: 'tx-oldest', stamp: oldest },
          seats,
        );

        // The oldest transaction never dies, so it cannot be starved by the age rule.
        expect(verdict).not.toBe('BUSY');
      }),
    );
  });
});
