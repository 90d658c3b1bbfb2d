import type { FlightDocument } from './mongo-flight.repository';
import { SeatLedger } from './seat-ledger';

function flight(counts: { sold: number; held: number }, applied: string[] = []): FlightDocument {
  return {
    _id: 'JG9001-2026-12-06',
    airlineCode: 'JG',
    flightNumber: 'JG9001',
    serviceDate: '2026-12-06',
    origin: 'GRU',
    destination: 'REC',
    departureAt: 1_800_000_000_000,
    arrivalAt: 1_800_010_000_000,
    capacity: 10,
    fareCents: 10_000,
    seatsSold: counts.sold,
    seatsHeld: counts.held,
    seatsAvailable: 10 - counts.sold - counts.held,
    applied,
  };
}

const FLIGHT_ID = 'JG9001-2026-12-06';

/** Resolves to true when `promise` settles within a few event-loop turns. */
async function settlesSoon(promise: Promise<unknown>): Promise<boolean> {
  let settled = false;
  void promise.then(() => {
    settled = true;
  });
  for (let turn = 0; turn < 5; turn += 1) {
    await Promise.resolve();
  }
  return settled;
}

describe('SeatLedger', () => {
  it('projects pending deltas onto the stored counts', () => {
    const ledger = new SeatLedger();
    ledger.record(flight({ sold: 2, held: 1 }));
    ledger.register('w1', [{ flightId: FLIGHT_ID, soldDelta: 0, heldDelta: 2, marker: 'w1:0' }]);

    const projected = ledger.project(ledger.storedFlight(FLIGHT_ID) as FlightDocument);

    expect(projected.seatsSold).toBe(2);
    expect(projected.seatsHeld).toBe(3);
    expect(projected.seatsAvailable).toBe(5);
  });

  it('counts an applied delta once', () => {
    const ledger = new SeatLedger();
    ledger.record(flight({ sold: 0, held: 0 }));
    ledger.register('w1', [{ flightId: FLIGHT_ID, soldDelta: 0, heldDelta: 1, marker: 'w1:0' }]);

    ledger.record(flight({ sold: 0, held: 1 }, ['w1:0']), 'w1:0');
    const projected = ledger.project(ledger.storedFlight(FLIGHT_ID) as FlightDocument);

    expect(projected.seatsHeld).toBe(1);
    expect(projected.seatsAvailable).toBe(9);
  });

  it('stops counting a dropped delta', () => {
    const ledger = new SeatLedger();
    ledger.record(flight({ sold: 0, held: 0 }));
    ledger.register('w1', [{ flightId: FLIGHT_ID, soldDelta: 0, heldDelta: 1, marker: 'w1:0' }]);

    ledger.drop('w1');
    const projected = ledger.project(ledger.storedFlight(FLIGHT_ID) as FlightDocument);

    expect(projected.seatsHeld).toBe(0);
  });

  it('gives a flight turns in call order', async () => {
    const ledger = new SeatLedger();
    ledger.register('w1', [{ flightId: FLIGHT_ID, soldDelta: 1, heldDelta: -1, marker: 'w1:0' }]);
    ledger.register('w2', [{ flightId: FLIGHT_ID, soldDelta: 0, heldDelta: 1, marker: 'w2:0' }]);

    const second = ledger.turn('w2');

    expect(await settlesSoon(ledger.turn('w1'))).toBe(true);
    expect(await settlesSoon(second)).toBe(false);
    ledger.record(flight({ sold: 1, held: 0 }, ['w1:0']), 'w1:0');
    expect(await settlesSoon(second)).toBe(true);
  });

  it('ends the turn wait when an earlier write is dropped', async () => {
    const ledger = new SeatLedger();
    ledger.register('w1', [{ flightId: FLIGHT_ID, soldDelta: 0, heldDelta: 1, marker: 'w1:0' }]);
    ledger.register('w2', [{ flightId: FLIGHT_ID, soldDelta: 0, heldDelta: 1, marker: 'w2:0' }]);

    const second = ledger.turn('w2');
    ledger.drop('w1');

    expect(await settlesSoon(second)).toBe(true);
  });

  it('forgets a flight whose state is unknown', () => {
    const ledger = new SeatLedger();
    ledger.record(flight({ sold: 0, held: 0 }));

    ledger.forget(FLIGHT_ID);

    expect(ledger.storedFlight(FLIGHT_ID)).toBeUndefined();
  });
});
