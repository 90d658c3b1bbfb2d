import type { AirlineRepository, AirportRepository } from '../ports/repositories';
import type { AirlineRow, AirportRow } from '../ports/records';
import { inBatches, type MongoStorage, WRITE_CONCERNS } from './mongo-storage';

interface AirportDocument extends Omit<AirportRow, 'iata'> {
  _id: string;
}

interface AirlineDocument extends Omit<AirlineRow, 'code'> {
  _id: string;
}

const toAirport = ({ _id, ...fields }: AirportDocument): AirportRow => ({
  iata: _id,
  name: fields.name,
  city: fields.city,
  state: fields.state,
  timeZone: fields.timeZone,
  latitude: fields.latitude,
  longitude: fields.longitude,
});

/** Airports keyed by IATA code. Writes are relaxed: the catalogue is rebuilt at every start. */
export class MongoAirportRepository implements AirportRepository {
  constructor(private readonly storage: MongoStorage) {}

  private get airports() {
    return this.storage.collection<AirportDocument>('Airport');
  }

  async upsertMany(airports: readonly AirportRow[]): Promise<void> {
    if (airports.length === 0) {
      return;
    }
    for (const batch of inBatches(airports)) {
      await this.airports.bulkWrite(
        batch.map(({ iata, ...fields }) => ({
          replaceOne: { filter: { _id: iata }, replacement: fields, upsert: true },
        })),
        { ordered: false, writeConcern: WRITE_CONCERNS.relaxed },
      );
    }
  }

  async findAll(): Promise<AirportRow[]> {
    const documents = await this.airports.find({}).sort({ _id: 1 }).toArray();
    return documents.map(toAirport);
  }

  async findByIata(iata: string): Promise<AirportRow | null> {
    const document = await this.airports.findOne({ _id: iata });
    return document ? toAirport(document) : null;
  }
}

/** Airlines keyed by code. */
export class MongoAirlineRepository implements AirlineRepository {
  constructor(private readonly storage: MongoStorage) {}

  private get airlines() {
    return this.storage.collection<AirlineDocument>('Airline');
  }

  async upsert(airline: AirlineRow): Promise<void> {
    await this.airlines.replaceOne(
      { _id: airline.code },
      { name: airline.name, hub: airline.hub },
      { upsert: true, writeConcern: WRITE_CONCERNS.relaxed },
    );
  }

  async findByCode(code: string): Promise<AirlineRow | null> {
    const document = await this.airlines.findOne({ _id: code });
    return document ? { code: document._id, name: document.name, hub: document.hub } : null;
  }

  async findAll(): Promise<AirlineRow[]> {
    const documents = await this.airlines.find({}).sort({ _id: 1 }).toArray();
    return documents.map((document) => ({
      code: document._id,
      name: document.name,
      hub: document.hub,
    }));
  }
}
