import type { Advertisement } from '@interline/link-state/core/types';

import { LinkStateSequenceError } from '../errors';
import { adapters } from './adapters';
import { ipAdvertisement } from './testing/records';
import { useStorage } from './testing/storage-harness';

/** The flights of an advertisement as a snapshot returns them: by departure, then id. */
function byDeparture(advertisement: Advertisement): Advertisement {
  const flights = [...advertisement.flights].sort(
    (a, b) => a.departureAt - b.departureAt || a.id.localeCompare(b.id),
  );
  return { ...advertisement, flights };
}

describe.each(adapters)('link-state contract on $name', (adapter) => {
  const storage = useStorage(adapter);
  const linkState = () => storage().linkState;

  async function storedAdvertisement(origin: string): Promise<Advertisement | undefined> {
    const { advertisements } = await linkState().loadSnapshot();
    return advertisements.find((advertisement) => advertisement.origin === origin);
  }

  it('snapshot is empty on new storage', async () => {
    expect(await linkState().loadSnapshot()).toEqual({ advertisements: [], neighbors: [] });
  });

  describe('advertisements', () => {
    it('advertisement round-trips with flights by departure', async () => {
      await linkState().saveAdvertisement(ipAdvertisement(), 1);

      const snapshot = await linkState().loadSnapshot();

      expect(snapshot.advertisements).toEqual([byDeparture(ipAdvertisement())]);
      expect(snapshot.advertisements[0].flights.map((flight) => flight.id)).toEqual([
        'IP9002-20261205',
        'IP9004-20261205',
      ]);
    });

    it('advertisements are listed by origin', async () => {
      const rc = ipAdvertisement({
        origin: 'RC',
        sequence: 1,
        airlineName: 'Araucária Linhas Aéreas',
        neighbors: [],
        flights: [],
      });
      const jg = ipAdvertisement({ origin: 'JG', sequence: 9, neighbors: ['IP'], flights: [] });

      await linkState().saveAdvertisement(rc, 1);
      await linkState().saveAdvertisement(ipAdvertisement(), 2);
      await linkState().saveAdvertisement(jg, 3);

      const { advertisements } = await linkState().loadSnapshot();
      expect(advertisements.map((advertisement) => advertisement.origin)).toEqual([
        'IP',
        'JG',
        'RC',
      ]);
      expect(advertisements[1]).toEqual(jg);
      expect(advertisements[2]).toEqual(rc);
    });

    it('saving again replaces the flights', async () => {
      await linkState().saveAdvertisement(ipAdvertisement(), 1);
      const [, second] = ipAdvertisement().flights;

      await linkState().saveAdvertisement(
        ipAdvertisement({
          sequence: 5,
          neighbors: [],
          flights: [{ ...second, seatsAvailable: 3 }],
        }),
        2,
      );

      expect(await storedAdvertisement('IP')).toEqual(
        ipAdvertisement({
          sequence: 5,
          neighbors: [],
          flights: [{ ...second, seatsAvailable: 3 }],
        }),
      );
    });

    it('replacing one origin keeps the others', async () => {
      const jg = ipAdvertisement({
        origin: 'JG',
        flights: [{ ...ipAdvertisement().flights[0], id: 'JG9001-20261205', airline: 'JG' }],
      });
      await linkState().saveAdvertisement(jg, 1);
      await linkState().saveAdvertisement(ipAdvertisement(), 1);

      await linkState().saveAdvertisement(ipAdvertisement({ sequence: 5, flights: [] }), 2);

      expect(await storedAdvertisement('JG')).toEqual(jg);
      expect((await storedAdvertisement('IP'))?.flights).toEqual([]);
    });
  });

  describe('updates', () => {
    beforeEach(async () => {
      await linkState().saveAdvertisement(ipAdvertisement(), 1);
    });

    it('update applies seats and neighbours in sequence', async () => {
      await linkState().applyUpdate(
        {
          origin: 'IP',
          sequence: 5,
          previousSequence: 4,
          seats: [{ flightId: 'IP9002-20261205', seatsAvailable: 140 }],
          neighbors: ['JG'],
        },
        2,
      );

      const stored = await storedAdvertisement('IP');
      expect(stored?.sequence).toBe(5);
      expect(stored?.neighbors).toEqual(['JG']);
      expect(stored?.flights.map((flight) => [flight.id, flight.seatsAvailable])).toEqual([
        ['IP9002-20261205', 140],
        ['IP9004-20261205', 37],
      ]);
    });

    it('consecutive updates apply one after another', async () => {
      for (const [sequence, seats] of [
        [5, 100],
        [6, 0],
        [7, 12],
      ]) {
        await linkState().applyUpdate(
          {
            origin: 'IP',
            sequence,
            previousSequence: sequence - 1,
            seats: [{ flightId: 'IP9004-20261205', seatsAvailable: seats }],
          },
          sequence,
        );
      }

      const stored = await storedAdvertisement('IP');
      expect(stored?.sequence).toBe(7);
      expect(stored?.flights[1]).toEqual({ ...ipAdvertisement().flights[0], seatsAvailable: 12 });
    });

    it('update without neighbours keeps them', async () => {
      await linkState().applyUpdate(
        { origin: 'IP', sequence: 5, previousSequence: 4, seats: [] },
        2,
      );

      const stored = await storedAdvertisement('IP');
      expect(stored?.neighbors).toEqual(['JG', 'RC']);
      expect(stored?.sequence).toBe(5);
    });

    it('update with an empty neighbour list clears them', async () => {
      await linkState().applyUpdate(
        { origin: 'IP', sequence: 5, previousSequence: 4, seats: [], neighbors: [] },
        2,
      );

      expect((await storedAdvertisement('IP'))?.neighbors).toEqual([]);
    });

    it('seat change of an unadvertised flight is ignored', async () => {
      await linkState().applyUpdate(
        {
          origin: 'IP',
          sequence: 5,
          previousSequence: 4,
          seats: [
            { flightId: 'IP7777-20261205', seatsAvailable: 1 },
            { flightId: 'IP9004-20261205', seatsAvailable: 2 },
          ],
        },
        2,
      );

      const stored = await storedAdvertisement('IP');
      expect(stored?.flights.map((flight) => flight.id)).toEqual([
        'IP9002-20261205',
        'IP9004-20261205',
      ]);
      expect(stored?.flights[1].seatsAvailable).toBe(2);
    });

    it.each([
      ['a gap', 7, 6],
      ['a repeated sequence', 4, 3],
      ['an older sequence', 3, 2],
    ])('update after %s is rejected and changes nothing', async (_case, sequence, previous) => {
      const applied = linkState().applyUpdate(
        {
          origin: 'IP',
          sequence,
          previousSequence: previous,
          seats: [{ flightId: 'IP9002-20261205', seatsAvailable: 1 }],
          neighbors: [],
        },
        2,
      );

      await expect(applied).rejects.toThrow(LinkStateSequenceError);
      await expect(applied).rejects.toMatchObject({
        origin: 'IP',
        storedSequence: 4,
        previousSequence: previous,
      });
      expect(await storedAdvertisement('IP')).toEqual(byDeparture(ipAdvertisement()));
    });

    it('update for an unknown origin is rejected', async () => {
      const applied = linkState().applyUpdate(
        { origin: 'RC', sequence: 2, previousSequence: 1, seats: [] },
        1,
      );

      await expect(applied).rejects.toThrow(LinkStateSequenceError);
      await expect(applied).rejects.toMatchObject({ origin: 'RC', storedSequence: null });
      expect((await linkState().loadSnapshot()).advertisements).toEqual([
        byDeparture(ipAdvertisement()),
      ]);
    });
  });

  describe('neighbours', () => {
    it('neighbours are listed by URL', async () => {
      await linkState().saveNeighbor(
        { url: 'http://127.0.0.1:4313', airline: 'RC', source: 'learned' },
        1,
      );
      await linkState().saveNeighbor(
        { url: 'http://127.0.0.1:4312', airline: null, source: 'seed' },
        2,
      );

      expect((await linkState().loadSnapshot()).neighbors).toEqual([
        { url: 'http://127.0.0.1:4312', airline: null, source: 'seed' },
        { url: 'http://127.0.0.1:4313', airline: 'RC', source: 'learned' },
      ]);
    });

    it('a neighbour keeps its first source and learns its airline', async () => {
      await linkState().saveNeighbor(
        { url: 'http://127.0.0.1:4313', airline: null, source: 'seed' },
        1,
      );

      await linkState().saveNeighbor(
        { url: 'http://127.0.0.1:4313', airline: 'RC', source: 'learned' },
        2,
      );

      expect((await linkState().loadSnapshot()).neighbors).toEqual([
        { url: 'http://127.0.0.1:4313', airline: 'RC', source: 'seed' },
      ]);
    });

    it('a null airline keeps the learned one', async () => {
      await linkState().saveNeighbor(
        { url: 'http://127.0.0.1:4313', airline: 'RC', source: 'seed' },
        1,
      );

      await linkState().saveNeighbor(
        { url: 'http://127.0.0.1:4313', airline: null, source: 'seed' },
        2,
      );

      expect((await linkState().loadSnapshot()).neighbors).toEqual([
        { url: 'http://127.0.0.1:4313', airline: 'RC', source: 'seed' },
      ]);
    });
  });
});
