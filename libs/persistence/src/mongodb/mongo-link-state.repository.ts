import type {
  AdvertisedFlight,
  Advertisement,
  AdvertisementUpdate,
} from '@interline/link-state/core/types';
import type {
  LinkStateSnapshot,
  NeighborRecord,
} from '@interline/link-state/core/machine-contract';

import { LinkStateSequenceError } from '../errors';
import type { LinkStateRepository } from '../ports/link-state.repository';
import { type MongoStorage, WRITE_CONCERNS } from './mongo-storage';

/**
 * One origin's advertisement as one document, so replacing it (flights included) is a single
 * atomic write. A document is limited to 16 MiB; an advertisement of 20,000 flights, the
 * protocol's bound, takes about 6 MiB.
 */
interface AdvertisementDocument {
  _id: string;
  sequence: number;
  airlineName: string;
  nodeUrl: string;
  neighbors: string[];
  receivedAt: number;
  /**
   * Flights by `flightKey(id)`. An update for a flight id the advertisement lacks leaves an
   * entry with `seatsAvailable` only; entries without an `id` are skipped when loading.
   */
  flights: Record<string, Partial<AdvertisedFlight>>;
}

interface NeighborDocument {
  _id: string;
  airline: string | null;
  source: NeighborRecord['source'];
  addedAt: number;
}

/**
 * Field name of a flight inside `flights`. MongoDB field names must not contain `.` or start
 * with `$`, so those characters (and `%`, the escape) are percent-encoded.
 */
export function flightKey(flightId: string): string {
  return flightId.replace(/%/g, '%25').replace(/\./g, '%2E').replace(/^\$/, '%24');
}

/** The link-state database. Every write is durable and writes of one origin apply in call order. */
export class MongoLinkStateRepository implements LinkStateRepository {
  constructor(private readonly storage: MongoStorage) {}

  private get advertisements() {
    return this.storage.collection<AdvertisementDocument>('Advertisement');
  }

  private get neighbors() {
    return this.storage.collection<NeighborDocument>('Neighbor');
  }

  async loadSnapshot(): Promise<LinkStateSnapshot> {
    const documents = await this.advertisements.find({}).sort({ _id: 1 }).toArray();
    const advertisements = documents.map((document) => ({
      origin: document._id,
      sequence: document.sequence,
      airlineName: document.airlineName,
      nodeUrl: document.nodeUrl,
      neighbors: document.neighbors,
      flights: Object.values(document.flights ?? {})
        .filter((flight): flight is AdvertisedFlight => typeof flight.id === 'string')
        .map(toAdvertisedFlight)
        .sort(compareFlights),
    }));

    const neighbors = await this.neighbors.find({}).sort({ _id: 1 }).toArray();
    return {
      advertisements,
      neighbors: neighbors.map((neighbor) => ({
        url: neighbor._id,
        // FerretDB 1.24 leaves out a null set by `$setOnInsert`.
        airline: neighbor.airline ?? null,
        source: neighbor.source,
      })),
    };
  }

  async saveAdvertisement(advertisement: Advertisement, receivedAt: number): Promise<void> {
    const flights: Record<string, AdvertisedFlight> = {};
    for (const flight of advertisement.flights) {
      flights[flightKey(flight.id)] = toAdvertisedFlight(flight);
    }
    const document = {
      sequence: advertisement.sequence,
      airlineName: advertisement.airlineName,
      nodeUrl: advertisement.nodeUrl,
      neighbors: [...advertisement.neighbors],
      receivedAt,
      flights,
    };
    await this.storage.queue.run(originKey(advertisement.origin), async () => {
      await this.advertisements.replaceOne({ _id: advertisement.origin }, document, {
        upsert: true,
        writeConcern: WRITE_CONCERNS.durable,
      });
    });
  }

  async applyUpdate(update: AdvertisementUpdate, receivedAt: number): Promise<void> {
    const set: Record<string, unknown> = { sequence: update.sequence, receivedAt };
    if (update.neighbors) {
      set.neighbors = [...update.neighbors];
    }
    for (const change of update.seats) {
      set[`flights.${flightKey(change.flightId)}.seatsAvailable`] = change.seatsAvailable;
    }
    await this.storage.queue.run(originKey(update.origin), async () => {
      // Updates of one origin run one at a time in this process, so the sequence read here is
      // still the stored one when the update below applies. The filters name the `_id` alone so
      // that FerretDB looks the document up by index.
      const stored = await this.advertisements.findOne(
        { _id: update.origin },
        { projection: { sequence: 1 } },
      );
      if (!stored || stored.sequence !== update.previousSequence) {
        throw new LinkStateSequenceError(
          update.origin,
          stored?.sequence ?? null,
          update.previousSequence,
        );
      }
      await this.advertisements.updateOne(
        { _id: update.origin },
        { $set: set },
        { writeConcern: WRITE_CONCERNS.durable },
      );
    });
  }

  async saveNeighbor(neighbor: NeighborRecord, addedAt: number): Promise<void> {
    // As in the SQLite adapter, an existing neighbour keeps its source and gains an airline
    // code it lacked. A null airline never erases a known one.
    const update =
      neighbor.airline === null
        ? { $setOnInsert: { airline: null, source: neighbor.source, addedAt } }
        : {
            $set: { airline: neighbor.airline },
            $setOnInsert: { source: neighbor.source, addedAt },
          };
    await this.neighbors.updateOne({ _id: neighbor.url }, update, {
      upsert: true,
      writeConcern: WRITE_CONCERNS.durable,
    });
  }
}

/** Orders flights by departure, then by id, as the SQLite adapter returns them. */
function compareFlights(a: AdvertisedFlight, b: AdvertisedFlight): number {
  if (a.departureAt !== b.departureAt) {
    return a.departureAt - b.departureAt;
  }
  if (a.id === b.id) {
    return 0;
  }
  return a.id < b.id ? -1 : 1;
}

function originKey(origin: string): string {
  return `advertisement:${origin}`;
}

function toAdvertisedFlight(flight: AdvertisedFlight): AdvertisedFlight {
  return {
    id: flight.id,
    airline: flight.airline,
    flightNumber: flight.flightNumber,
    serviceDate: flight.serviceDate,
    origin: flight.origin,
    destination: flight.destination,
    departureAt: flight.departureAt,
    arrivalAt: flight.arrivalAt,
    capacity: flight.capacity,
    fareCents: flight.fareCents,
    seatsAvailable: flight.seatsAvailable,
  };
}
