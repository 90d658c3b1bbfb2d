import fc from 'fast-check';

import { FlightNotFoundError, InventoryConstraintError } from '../errors';
import { adapters } from './adapters';
import { AIRPORTS, flightSeed, readSeats, seedCatalog } from './testing/records';
import { useStorage } from './testing/storage-harness';

describe.each(adapters)('catalogue and inventory contract on $name', (adapter) => {
  const storage = useStorage(adapter);

  describe('airports', () => {
    it('findAll returns airports by IATA code', async () => {
      await storage().airports.upsertMany(AIRPORTS);

      const stored = await storage().airports.findAll();

      expect(stored.map((airport) => airport.iata)).toEqual(['BEL', 'CWB', 'FOR', 'SSA']);
      expect(stored[0]).toEqual(AIRPORTS[3]);
    });

    it('findByIata round-trips every field', async () => {
      await storage().airports.upsertMany(AIRPORTS);

      expect(await storage().airports.findByIata('SSA')).toEqual(AIRPORTS[0]);
      expect(await storage().airports.findByIata('BEL')).toEqual(AIRPORTS[3]);
      expect(await storage().airports.findByIata('GRU')).toBeNull();
    });

    it('upsertMany updates by IATA code', async () => {
      await storage().airports.upsertMany(AIRPORTS);
      const renamed = { ...AIRPORTS[1], name: 'Fortaleza Airport', state: null, latitude: -3.8 };

      await storage().airports.upsertMany([renamed]);

      expect(await storage().airports.findByIata('FOR')).toEqual(renamed);
      expect(await storage().airports.findAll()).toHaveLength(AIRPORTS.length);
    });

    it('upsertMany again over many stored airports', async () => {
      // A node's restart re-seeds every airport over the stored ones.
      const many = Array.from({ length: 190 }, (_, index) => ({
        ...AIRPORTS[0],
        iata: airportCode(index),
        name: `Airport ${index}`,
      }));
      await storage().airports.upsertMany(many);

      await storage().airports.upsertMany(many.map((airport) => ({ ...airport, city: 'Renamed' })));

      const stored = await storage().airports.findAll();
      expect(stored).toHaveLength(190);
      expect(stored.every((airport) => airport.city === 'Renamed')).toBe(true);
    });

    it('findAll is empty on new storage', async () => {
      expect(await storage().airports.findAll()).toEqual([]);
    });
  });

  describe('airlines', () => {
    it('upsert round-trips and replaces by code', async () => {
      await storage().airports.upsertMany(AIRPORTS);
      await storage().airlines.upsert({ code: 'RC', name: 'Araucária', hub: 'CWB' });
      await storage().airlines.upsert({ code: 'JG', name: 'Jangada', hub: null });

      await storage().airlines.upsert({ code: 'JG', name: 'Jangada Linhas Aéreas', hub: 'FOR' });

      expect(await storage().airlines.findByCode('JG')).toEqual({
        code: 'JG',
        name: 'Jangada Linhas Aéreas',
        hub: 'FOR',
      });
      expect(await storage().airlines.findByCode('IP')).toBeNull();
      expect((await storage().airlines.findAll()).map((airline) => airline.code)).toEqual([
        'JG',
        'RC',
      ]);
    });

    it('keeps a null hub', async () => {
      await storage().airlines.upsert({ code: 'IP', name: 'Ipê', hub: null });

      expect(await storage().airlines.findAll()).toEqual([{ code: 'IP', name: 'Ipê', hub: null }]);
    });
  });

  describe('flights', () => {
    beforeEach(async () => {
      await seedCatalog(storage());
    });

    it('insertMissing stores every seat as available', async () => {
      const seed = flightSeed('JG1001-20261205');

      expect(await storage().flights.insertMissing([seed])).toBe(1);

      expect(await storage().flights.findById(seed.id)).toEqual({
        ...seed,
        seatsSold: 0,
        seatsHeld: 0,
        seatsAvailable: 100,
      });
      expect(await storage().flights.findById('JG1001-20261206')).toBeNull();
      expect(await storage().flights.count()).toBe(1);
    });

    it('insertMissing again over many stored flights', async () => {
      // A node's restart re-seeds its whole timetable over the stored flights.
      const seeds = Array.from({ length: 120 }, (_, index) => {
        const number = String(1000 + index);
        return flightSeed(`JG${number}-20261205`, { flightNumber: number });
      });

      expect(await storage().flights.insertMissing(seeds)).toBe(120);
      expect(await storage().flights.insertMissing(seeds)).toBe(0);

      expect(await storage().flights.count()).toBe(120);
    });

    it('insertMissing keeps sold and held seats', async () => {
      const seed = flightSeed('JG1001-20261205');
      await storage().flights.insertMissing([seed]);
      await storage().flights.changeInventory(seed.id, { soldDelta: 7, heldDelta: 2 });

      const inserted = await storage().flights.insertMissing([
        { ...seed, capacity: 180, fareCents: 1 },
        flightSeed('JG1001-20261206', { serviceDate: '2026-12-06' }),
      ]);

      expect(inserted).toBe(1);
      expect(await storage().flights.count()).toBe(2);
      expect(await storage().flights.findById(seed.id)).toMatchObject({
        capacity: 100,
        fareCents: 48_900,
        seatsSold: 7,
        seatsHeld: 2,
        seatsAvailable: 91,
      });
    });

    it('insertMissing counts a repeated id once', async () => {
      const seed = flightSeed('JG1001-20261205');

      expect(await storage().flights.insertMissing([seed, seed])).toBe(1);
      expect(await storage().flights.insertMissing([])).toBe(0);
      expect(await storage().flights.count()).toBe(1);
    });

    it('findByServiceDate orders by departure then number', async () => {
      await storage().flights.insertMissing([
        flightSeed('JG1003-20261205', {
          flightNumber: '1003',
          departureAt: Date.UTC(2026, 11, 5, 15),
          arrivalAt: Date.UTC(2026, 11, 5, 17),
        }),
        flightSeed('JG1002-20261205', {
          flightNumber: '1002',
          origin: 'FOR',
          destination: 'CWB',
          departureAt: Date.UTC(2026, 11, 5, 9),
          arrivalAt: Date.UTC(2026, 11, 5, 13),
        }),
        flightSeed('JG1001-20261205'),
        flightSeed('JG1001-20261206', { serviceDate: '2026-12-06' }),
        flightSeed('IP1001-20261205', { airlineCode: 'IP' }),
      ]);

      const flights = await storage().flights.findByServiceDate('JG', '2026-12-05');

      expect(flights.map((flight) => flight.id)).toEqual([
        'JG1001-20261205',
        'JG1002-20261205',
        'JG1003-20261205',
      ]);
    });

    it('findByServiceDate filters by origin and destination', async () => {
      await storage().flights.insertMissing([
        flightSeed('JG1001-20261205'),
        flightSeed('JG1002-20261205', { flightNumber: '1002', origin: 'FOR', destination: 'CWB' }),
        flightSeed('JG1003-20261205', { flightNumber: '1003', origin: 'SSA', destination: 'CWB' }),
      ]);
      const ids = async (filter: { origin?: string; destination?: string }) =>
        (await storage().flights.findByServiceDate('JG', '2026-12-05', filter)).map(
          (flight) => flight.id,
        );

      expect(await ids({ origin: 'SSA' })).toEqual(['JG1001-20261205', 'JG1003-20261205']);
      expect(await ids({ destination: 'CWB' })).toEqual(['JG1002-20261205', 'JG1003-20261205']);
      expect(await ids({ origin: 'SSA', destination: 'CWB' })).toEqual(['JG1003-20261205']);
      expect(await ids({ origin: 'BEL' })).toEqual([]);
      expect(await storage().flights.findByServiceDate('JG', '2026-12-07')).toEqual([]);
    });

    it('findByAirline starts at the instant, inclusive', async () => {
      const nine = Date.UTC(2026, 11, 5, 9);
      await storage().flights.insertMissing([
        flightSeed('JG1001-20261206', {
          serviceDate: '2026-12-06',
          departureAt: nine + 86_400_000,
          arrivalAt: nine + 86_400_000 + 7_200_000,
        }),
        flightSeed('JG1000-20261205', {
          flightNumber: '1000',
          departureAt: nine - 1,
          arrivalAt: nine + 7_200_000,
        }),
        flightSeed('JG1001-20261205'),
        flightSeed('JG0999-20261205', { flightNumber: '0999' }),
        flightSeed('IP1001-20261205', { airlineCode: 'IP' }),
      ]);

      const flights = await storage().flights.findByAirline('JG', nine);

      expect(flights.map((flight) => flight.id)).toEqual([
        'JG0999-20261205',
        'JG1001-20261205',
        'JG1001-20261206',
      ]);
      expect(await storage().flights.findByAirline('RC', 0)).toEqual([]);
    });

    it('findServedAirports lists each airport once, sorted', async () => {
      await storage().flights.insertMissing([
        flightSeed('JG1001-20261205'),
        flightSeed('JG1002-20261205', { flightNumber: '1002', origin: 'FOR', destination: 'CWB' }),
        flightSeed('JG1003-20261205', { flightNumber: '1003', origin: 'FOR', destination: 'SSA' }),
        flightSeed('IP1001-20261205', { airlineCode: 'IP', origin: 'BEL', destination: 'FOR' }),
      ]);

      expect(await storage().flights.findServedAirports('JG')).toEqual(['CWB', 'FOR', 'SSA']);
      expect(await storage().flights.findServedAirports('RC')).toEqual([]);
    });
  });

  describe('inventory', () => {
    const FLIGHT = 'JG1001-20261205';

    beforeEach(async () => {
      await seedCatalog(storage());
      await storage().flights.insertMissing([flightSeed(FLIGHT)]);
    });

    it('changeInventory holds, sells and releases', async () => {
      const held = await storage().flights.changeInventory(FLIGHT, { soldDelta: 0, heldDelta: 60 });
      expect(held).toMatchObject({ id: FLIGHT, seatsSold: 0, seatsHeld: 60, seatsAvailable: 40 });

      const sold = await storage().flights.changeInventory(FLIGHT, {
        soldDelta: 50,
        heldDelta: -60,
      });
      expect(sold).toMatchObject({ seatsSold: 50, seatsHeld: 0, seatsAvailable: 50 });
      expect(sold).toMatchObject({ capacity: 100, airlineCode: 'JG', fareCents: 48_900 });

      const refunded = await storage().flights.changeInventory(FLIGHT, {
        soldDelta: -50,
        heldDelta: 0,
      });
      expect(refunded).toMatchObject({ seatsSold: 0, seatsHeld: 0, seatsAvailable: 100 });
      expect(await readSeats(storage(), FLIGHT)).toEqual({ sold: 0, held: 0, available: 100 });
    });

    it('changeInventory may fill the flight exactly', async () => {
      const full = await storage().flights.changeInventory(FLIGHT, {
        soldDelta: 70,
        heldDelta: 30,
      });

      expect(full).toMatchObject({ seatsSold: 70, seatsHeld: 30, seatsAvailable: 0 });
    });

    it.each([
      ['oversell', { soldDelta: 101, heldDelta: 0 }],
      ['overhold', { soldDelta: 0, heldDelta: 101 }],
      ['sold plus held over capacity', { soldDelta: 51, heldDelta: 50 }],
      ['negative sold', { soldDelta: -1, heldDelta: 0 }],
      ['negative held', { soldDelta: 1, heldDelta: -1 }],
    ])('changeInventory rejects %s and stores nothing', async (_case, change) => {
      await storage().flights.changeInventory(FLIGHT, { soldDelta: 0, heldDelta: 0 });

      const changed = storage().flights.changeInventory(FLIGHT, change);

      await expect(changed).rejects.toThrow(InventoryConstraintError);
      await expect(changed).rejects.toMatchObject({ flightId: FLIGHT });
      expect(await readSeats(storage(), FLIGHT)).toEqual({ sold: 0, held: 0, available: 100 });
    });

    it('changeInventory rejects a fractional delta', async () => {
      const changed = storage().flights.changeInventory(FLIGHT, { soldDelta: 0.5, heldDelta: 0 });

      await expect(changed).rejects.toThrow(InventoryConstraintError);
      expect(await readSeats(storage(), FLIGHT)).toEqual({ sold: 0, held: 0, available: 100 });
    });

    it('changeInventory of an unknown flight is rejected', async () => {
      const changed = storage().flights.changeInventory('JG9999-20261205', {
        soldDelta: 1,
        heldDelta: 0,
      });

      await expect(changed).rejects.toThrow(FlightNotFoundError);
      await expect(changed).rejects.toMatchObject({ flightId: 'JG9999-20261205' });
      expect(await storage().flights.count()).toBe(1);
    });

    it('counts follow a model under random changes', async () => {
      // Each run uses a flight of its own, so the runs share the test's storage.
      let run = 0;
      const change = fc.record({
        soldDelta: fc.integer({ min: -6, max: 6 }),
        heldDelta: fc.integer({ min: -6, max: 6 }),
      });
      await fc.assert(
        fc.asyncProperty(
          fc.integer({ min: 1, max: 12 }),
          fc.array(change, { minLength: 1, maxLength: 8 }),
          async (capacity, changes) => {
            run += 1;
            const id = `JG${String(run).padStart(4, '0')}-20261205`;
            await storage().flights.insertMissing([
              flightSeed(id, { flightNumber: String(run).padStart(4, '0'), capacity }),
            ]);
            const model = { sold: 0, held: 0, available: capacity };

            for (const step of changes) {
              const sold = model.sold + step.soldDelta;
              const held = model.held + step.heldDelta;
              const available = capacity - sold - held;
              const valid = sold >= 0 && held >= 0 && available >= 0;

              const changed = storage().flights.changeInventory(id, step);
              if (valid) {
                await expect(changed).resolves.toMatchObject({
                  seatsSold: sold,
                  seatsHeld: held,
                  seatsAvailable: available,
                });
                Object.assign(model, { sold, held, available });
              } else {
                await expect(changed).rejects.toThrow(InventoryConstraintError);
              }
              expect(await readSeats(storage(), id)).toEqual(model);
            }
          },
        ),
        { seed: 20_261_205, numRuns: 40 },
      );
    });
  });

  describe('health probe', () => {
    it('reports ok with the engine name', async () => {
      const health = await storage().health.check();

      expect(health.status).toBe('ok');
      expect(health.engine).toBe(adapter.name);
      expect(health.location).toEqual(expect.any(String));
      expect(health.location).not.toBe('');
      expect(Number.isInteger(health.schemaVersion)).toBe(true);
      expect(health.detail).toBeUndefined();
    });
  });
});

/** A three-letter code for the `index`th generated airport: AAA, AAB, … */
function airportCode(index: number): string {
  const letter = (value: number) => String.fromCharCode(65 + (value % 26));
  return letter(Math.floor(index / 676)) + letter(Math.floor(index / 26)) + letter(index);
}
