import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { Advertisement } from '@interline/link-state/core/types';

import { LinkStateSequenceError } from '../errors';
import { SqliteDatabase } from './sqlite-database';
import { SqliteLinkStateRepository } from './sqlite-link-state.repository';

const ADVERTISEMENT: Advertisement = {
  origin: 'IP',
  sequence: 4,
  airlineName: 'Ipê Linhas Aéreas',
  nodeUrl: 'http://127.0.0.1:4312',
  neighbors: ['JG', 'RC'],
  flights: [
    {
      id: 'IP9002-20261205',
      airline: 'IP',
      flightNumber: '9002',
      serviceDate: '2026-12-05',
      origin: 'FOR',
      destination: 'CWB',
      departureAt: Date.UTC(2026, 11, 5, 12),
      arrivalAt: Date.UTC(2026, 11, 5, 16),
      capacity: 150,
      fareCents: 120_000,
      seatsAvailable: 150,
    },
  ],
};

describe('SqliteLinkStateRepository on a real file', () => {
  let directory: string;
  let database: SqliteDatabase;
  let repository: SqliteLinkStateRepository;

  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'interline-lsdb-'));
    database = SqliteDatabase.open(join(directory, 'node.sqlite'));
    repository = new SqliteLinkStateRepository(database);
  });

  afterEach(() => {
    database.close();
    rmSync(directory, { recursive: true, force: true });
  });

  it('round-trips an advertisement', async () => {
    await repository.saveAdvertisement(ADVERTISEMENT, 1);
    const snapshot = await repository.loadSnapshot();
    expect(snapshot.advertisements).toEqual([ADVERTISEMENT]);
  });

  it('replacing drops the old flights', async () => {
    await repository.saveAdvertisement(ADVERTISEMENT, 1);
    await repository.saveAdvertisement({ ...ADVERTISEMENT, sequence: 5, flights: [] }, 2);
    const [stored] = (await repository.loadSnapshot()).advertisements;
    expect(stored.sequence).toBe(5);
    expect(stored.flights).toEqual([]);
  });

  it('applies an update in sequence', async () => {
    await repository.saveAdvertisement(ADVERTISEMENT, 1);
    await repository.applyUpdate(
      {
        origin: 'IP',
        sequence: 5,
        previousSequence: 4,
        seats: [{ flightId: 'IP9002-20261205', seatsAvailable: 140 }],
        neighbors: ['JG'],
      },
      2,
    );
    const [stored] = (await repository.loadSnapshot()).advertisements;
    expect(stored.sequence).toBe(5);
    expect(stored.neighbors).toEqual(['JG']);
    expect(stored.flights[0].seatsAvailable).toBe(140);
  });

  it('update without neighbours keeps them', async () => {
    await repository.saveAdvertisement(ADVERTISEMENT, 1);
    await repository.applyUpdate({ origin: 'IP', sequence: 5, previousSequence: 4, seats: [] }, 2);
    const [stored] = (await repository.loadSnapshot()).advertisements;
    expect(stored.neighbors).toEqual(['JG', 'RC']);
  });

  it('rejects an update out of sequence', async () => {
    await repository.saveAdvertisement(ADVERTISEMENT, 1);
    const gap = {
      origin: 'IP',
      sequence: 7,
      previousSequence: 6,
      seats: [{ flightId: 'IP9002-20261205', seatsAvailable: 1 }],
    };
    await expect(repository.applyUpdate(gap, 2)).rejects.toThrow(LinkStateSequenceError);
    const [stored] = (await repository.loadSnapshot()).advertisements;
    expect(stored.sequence).toBe(4);
    expect(stored.flights[0].seatsAvailable).toBe(150);
  });

  it('rejects an update for an unknown origin', async () => {
    const update = { origin: 'RC', sequence: 2, previousSequence: 1, seats: [] };
    await expect(repository.applyUpdate(update, 1)).rejects.toThrow(LinkStateSequenceError);
  });

  it('seat count above capacity is rejected', async () => {
    await repository.saveAdvertisement(ADVERTISEMENT, 1);
    const update = {
      origin: 'IP',
      sequence: 5,
      previousSequence: 4,
      seats: [{ flightId: 'IP9002-20261205', seatsAvailable: 151 }],
    };
    // Matched by message: the driver's error class may come from another jest module realm.
    await expect(repository.applyUpdate(update, 2)).rejects.toMatchObject({
      message: expect.stringMatching(/CHECK constraint failed/),
    });
  });

  it('neighbours keep their first source', async () => {
    await repository.saveNeighbor(
      { url: 'http://127.0.0.1:4313', airline: null, source: 'seed' },
      1,
    );
    await repository.saveNeighbor(
      { url: 'http://127.0.0.1:4313', airline: 'RC', source: 'learned' },
      2,
    );
    const { neighbors } = await repository.loadSnapshot();
    expect(neighbors).toEqual([{ url: 'http://127.0.0.1:4313', airline: 'RC', source: 'seed' }]);
  });
});
