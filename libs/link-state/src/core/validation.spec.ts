import { makeAdvertisement, makeFlight, makeFlights, makeHello } from '../testing/fixtures';
import {
  FLOOD_ADVERTISEMENTS_MAX,
  FLOOD_UPDATES_MAX,
  NEIGHBORS_MAX,
  UPDATE_SEAT_CHANGES_MAX,
} from './types';
import type { AdvertisementUpdate, FloodMessage } from './types';
import { DATABASE_ORIGINS_MAX, VALIDATION_ERRORS_MAX } from './limits';
import {
  validateDatabaseMessage,
  validateFloodMessage,
  validateHelloMessage,
  validateOwnFlights,
} from './validation';

function errorsOf(result: { ok: true } | { ok: false; errors: string[] }): string[] {
  return result.ok ? [] : result.errors;
}

function floodWith(content: Partial<FloodMessage>): FloodMessage {
  return { from: 'AD', advertisements: [], updates: [], ...content };
}

function update(overrides: Partial<AdvertisementUpdate> = {}): AdvertisementUpdate {
  return {
    origin: 'LA',
    sequence: 5,
    previousSequence: 4,
    seats: [{ flightId: 'LA1001-20261205', seatsAvailable: 3 }],
    ...overrides,
  };
}

describe('validateHelloMessage', () => {
  it('accepts valid hello', () => {
    const hello = makeHello('AD', { AD: 3, JG: 1 });
    expect(validateHelloMessage(hello)).toEqual({ ok: true, value: hello });
  });

  it('drops unknown fields', () => {
    const hello = { ...makeHello('AD'), extra: 1 };
    const result = validateHelloMessage(hello);
    expect(result.ok).toBe(true);
    expect(result.ok ? Object.keys(result.value) : []).toEqual(['from', 'url', 'summary']);
  });

  it('rejects non-object body', () => {
    expect(errorsOf(validateHelloMessage('hello'))).toEqual([
      'hello: must be an object, got "hello"',
    ]);
  });

  it('lists every missing field', () => {
    expect(errorsOf(validateHelloMessage({}))).toEqual([
      'from: missing',
      'url: missing',
      'summary: missing',
    ]);
  });

  it('rejects lower-case airline code', () => {
    const errors = errorsOf(validateHelloMessage(makeHello('ad')));
    expect(errors).toEqual([
      'from: must be a two-character airline code of capital letters or digits, got "ad"',
    ]);
  });

  it.each(['ftp://ad.test', 'not a url', ''])('rejects url %j', (url) => {
    const errors = errorsOf(validateHelloMessage({ ...makeHello('AD'), url }));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^url: must be an http or https URL/);
  });

  it('rejects bad summary entries', () => {
    const errors = errorsOf(validateHelloMessage(makeHello('AD', { ad: 1, LA: 0, G3: 1.5 })));
    expect(errors).toEqual([
      'summary."ad": key must be an airline code',
      'summary.LA: must be a positive integer, got 0',
      'summary.G3: must be a positive integer, got 1.5',
    ]);
  });

  it('rejects oversized summary', () => {
    const summary: Record<string, number> = {};
    for (let index = 0; index <= DATABASE_ORIGINS_MAX; index += 1) {
      summary[index.toString(36).toUpperCase().padStart(2, '0')] = 1;
    }
    const errors = errorsOf(validateHelloMessage(makeHello('AD', summary)));
    expect(errors).toEqual([
      `summary: must list at most ${DATABASE_ORIGINS_MAX} origins, got ${DATABASE_ORIGINS_MAX + 1}`,
    ]);
  });
});

describe('validateFloodMessage', () => {
  it('accepts valid flood', () => {
    const flood = floodWith({ advertisements: [makeAdvertisement('LA', 2)], updates: [update()] });
    expect(validateFloodMessage(flood)).toEqual({ ok: true, value: flood });
  });

  it('rejects too many advertisements', () => {
    const advertisements = Array.from({ length: FLOOD_ADVERTISEMENTS_MAX + 1 }, () =>
      makeAdvertisement('LA', 2),
    );
    expect(errorsOf(validateFloodMessage(floodWith({ advertisements })))).toEqual([
      `advertisements: must have at most ${FLOOD_ADVERTISEMENTS_MAX} entries, got ${FLOOD_ADVERTISEMENTS_MAX + 1}`,
    ]);
  });

  it('rejects too many updates', () => {
    const updates = Array.from({ length: FLOOD_UPDATES_MAX + 1 }, () => update());
    expect(errorsOf(validateFloodMessage(floodWith({ updates })))).toEqual([
      `updates: must have at most ${FLOOD_UPDATES_MAX} entries, got ${FLOOD_UPDATES_MAX + 1}`,
    ]);
  });

  it('rejects update not following previous sequence', () => {
    const errors = errorsOf(
      validateFloodMessage(floodWith({ updates: [update({ previousSequence: 3 })] })),
    );
    expect(errors).toEqual(['updates[0].previousSequence: must be sequence - 1 (4), got 3']);
  });

  it('rejects too many seat changes', () => {
    const seats = makeFlights('LA', UPDATE_SEAT_CHANGES_MAX + 1).map((flight) => ({
      flightId: flight.id,
      seatsAvailable: 1,
    }));
    const errors = errorsOf(validateFloodMessage(floodWith({ updates: [update({ seats })] })));
    expect(errors).toEqual([
      `updates[0].seats: must have at most ${UPDATE_SEAT_CHANGES_MAX} entries, got ${UPDATE_SEAT_CHANGES_MAX + 1}`,
    ]);
  });

  it('rejects seat change of other airline', () => {
    const seats = [{ flightId: 'AD1001-20261205', seatsAvailable: 1 }];
    const errors = errorsOf(validateFloodMessage(floodWith({ updates: [update({ seats })] })));
    expect(errors).toEqual([
      'updates[0].seats[0].flightId: flight AD1001-20261205 does not belong to origin LA',
    ]);
  });

  it('rejects duplicate seat change', () => {
    const change = { flightId: 'LA1001-20261205', seatsAvailable: 1 };
    const errors = errorsOf(
      validateFloodMessage(floodWith({ updates: [update({ seats: [change, change] })] })),
    );
    expect(errors).toEqual([
      'updates[0].seats[1].flightId: duplicate flight LA1001-20261205 in one update',
    ]);
  });

  it('rejects negative seat count', () => {
    const seats = [{ flightId: 'LA1001-20261205', seatsAvailable: -1 }];
    const errors = errorsOf(validateFloodMessage(floodWith({ updates: [update({ seats })] })));
    expect(errors).toEqual([
      'updates[0].seats[0].seatsAvailable: must be a non-negative integer, got -1',
    ]);
  });

  it('rejects flight of other airline', () => {
    const advertisement = makeAdvertisement('LA', 2, { flights: [makeFlight('AD', '1001')] });
    const errors = errorsOf(validateFloodMessage(floodWith({ advertisements: [advertisement] })));
    expect(errors).toEqual([
      'advertisements[0].flights[0].id: flight AD1001-20261205 does not belong to origin LA',
      "advertisements[0].flights[0].airline: must be the advertisement's origin LA",
    ]);
  });

  it('rejects flight id not matching number and date', () => {
    const flight = makeFlight('LA', '1001', { id: 'LA1002-20261205' });
    const advertisement = makeAdvertisement('LA', 2, { flights: [flight] });
    const errors = errorsOf(validateFloodMessage(floodWith({ advertisements: [advertisement] })));
    expect(errors).toEqual([
      'advertisements[0].flights[0].id: must be LA1001-20261205, built from airline, number and date',
    ]);
  });

  it('rejects malformed flight fields', () => {
    const flight = makeFlight('LA', '1001', {
      id: 'LA1001-20260230',
      serviceDate: '2026-02-30',
      destination: 'GRU',
      arrivalAt: 0,
      seatsAvailable: 200,
      fareCents: 0,
    });
    const advertisement = makeAdvertisement('LA', 2, { flights: [flight] });
    const errors = errorsOf(validateFloodMessage(floodWith({ advertisements: [advertisement] })));
    expect(errors).toEqual([
      'advertisements[0].flights[0].fareCents: must be a positive integer, got 0',
      'advertisements[0].flights[0].serviceDate: must be a calendar date YYYY-MM-DD',
      'advertisements[0].flights[0].destination: must differ from origin GRU',
      'advertisements[0].flights[0].arrivalAt: must be later than departureAt',
      'advertisements[0].flights[0].seatsAvailable: must not exceed capacity 180',
    ]);
  });

  it('rejects duplicate flight', () => {
    const flight = makeFlight('LA', '1001');
    const advertisement = makeAdvertisement('LA', 2, { flights: [flight, flight] });
    const errors = errorsOf(validateFloodMessage(floodWith({ advertisements: [advertisement] })));
    expect(errors).toEqual(['advertisements[0].flights[1].id: duplicate flight LA1001-20261205']);
  });

  it('rejects unsorted neighbours', () => {
    const advertisement = makeAdvertisement('LA', 2, { neighbors: ['G3', 'AD', 'LA'] });
    const errors = errorsOf(validateFloodMessage(floodWith({ advertisements: [advertisement] })));
    expect(errors).toEqual([
      'advertisements[0].neighbors[1]: must be sorted and unique, AD is not',
      'advertisements[0].neighbors[2]: must not list the origin LA itself',
    ]);
  });

  it('rejects too many neighbours', () => {
    const neighbors = Array.from({ length: NEIGHBORS_MAX + 1 }, (_, index) =>
      index.toString(36).toUpperCase().padStart(2, '0'),
    );
    const advertisement = makeAdvertisement('ZZ', 2, { neighbors });
    const errors = errorsOf(validateFloodMessage(floodWith({ advertisements: [advertisement] })));
    expect(errors).toEqual([
      `advertisements[0].neighbors: must have at most ${NEIGHBORS_MAX} entries, got ${NEIGHBORS_MAX + 1}`,
    ]);
  });

  it('rejects zero sequence', () => {
    const advertisement = makeAdvertisement('LA', 0);
    const errors = errorsOf(validateFloodMessage(floodWith({ advertisements: [advertisement] })));
    expect(errors).toEqual(['advertisements[0].sequence: must be a positive integer, got 0']);
  });

  it('caps the error list', () => {
    const flights = makeFlights('LA', 100).map((flight) => ({ ...flight, fareCents: -1 }));
    const advertisement = makeAdvertisement('LA', 2, { flights });
    const errors = errorsOf(validateFloodMessage(floodWith({ advertisements: [advertisement] })));
    expect(errors).toHaveLength(VALIDATION_ERRORS_MAX);
    expect(errors[VALIDATION_ERRORS_MAX - 1]).toBe(
      `${100 - VALIDATION_ERRORS_MAX + 1} more problems not listed`,
    );
  });
});

describe('validateDatabaseMessage', () => {
  it('accepts valid database', () => {
    const database = { advertisements: [makeAdvertisement('LA', 2), makeAdvertisement('AD', 1)] };
    expect(validateDatabaseMessage(database)).toEqual({ ok: true, value: database });
  });

  it('rejects missing advertisements', () => {
    expect(errorsOf(validateDatabaseMessage({}))).toEqual(['advertisements: missing']);
  });

  it('rejects null body', () => {
    expect(errorsOf(validateDatabaseMessage(null))).toEqual([
      'database: must be an object, got null',
    ]);
  });
});

describe('validateOwnFlights', () => {
  it('accepts own flights', () => {
    expect(validateOwnFlights('JG', makeFlights('JG', 3)).ok).toBe(true);
  });

  it('rejects flights of another airline', () => {
    expect(validateOwnFlights('JG', makeFlights('AD', 1)).ok).toBe(false);
  });
});
