import type { Advertisement, FloodMessage } from '../core/types';
import { splitFloodBySize } from './link-state.service';

function advertisement(origin: string, flights: number): Advertisement {
  return {
    origin,
    sequence: 1,
    airlineName: origin,
    nodeUrl: `http://127.0.0.1:4${origin.charCodeAt(0)}`,
    neighbors: [],
    flights: Array.from({ length: flights }, (_, index) => ({
      id: `${origin}${1000 + index}-20261205`,
      airline: origin,
      flightNumber: String(1000 + index),
      serviceDate: '2026-12-05',
      origin: 'SSA',
      destination: 'FOR',
      departureAt: 1,
      arrivalAt: 2,
      capacity: 100,
      fareCents: 100,
      seatsAvailable: 100,
    })),
  };
}

describe('splitFloodBySize', () => {
  const flood: FloodMessage = {
    from: 'JG',
    advertisements: [advertisement('AA', 30), advertisement('BB', 30), advertisement('CC', 30)],
    updates: [{ origin: 'AA', sequence: 2, previousSequence: 1, seats: [] }],
  };
  const oneAdvertisement = JSON.stringify(flood.advertisements[0]).length;

  it('small flood stays whole', () => {
    expect(splitFloodBySize(flood, JSON.stringify(flood).length)).toEqual([flood]);
  });

  it('every part fits the limit', () => {
    const limit = oneAdvertisement + 200;
    const parts = splitFloodBySize(flood, limit);
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) {
      expect(JSON.stringify(part).length).toBeLessThanOrEqual(limit);
    }
  });

  it('keeps every item in order', () => {
    const parts = splitFloodBySize(flood, oneAdvertisement + 200);
    expect(parts.flatMap((part) => part.advertisements)).toEqual(flood.advertisements);
    expect(parts.flatMap((part) => part.updates)).toEqual(flood.updates);
    expect(parts.every((part) => part.from === 'JG')).toBe(true);
  });

  it('oversized advertisement goes alone', () => {
    const parts = splitFloodBySize(flood, 10);
    expect(parts.map((part) => part.advertisements.length + part.updates.length)).toEqual([
      1, 1, 1, 1,
    ]);
  });
});
