import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';

import type { AirportView, FlightView } from '@interline/contracts';
import {
  AIRLINE_REPOSITORY,
  AIRPORT_REPOSITORY,
  type AirlineRepository,
  type AirportRepository,
  type AirportRow,
  FLIGHT_REPOSITORY,
  type FlightRepository,
  type FlightRow,
} from '@interline/persistence';

import { LinkStateService } from '@interline/link-state';

import type { AirlineConfig } from '../config/airline-config';
import { AIRLINE_CONFIG } from '../config/config.module';
import {
  DEMO_AIRLINES,
  entriesForAirline,
  expandTimetable,
  localDateIn,
} from '../demo-network/timetable';
import { loadBrazilianAirports } from './airport-catalog';

/** Seeding runs again at this interval so the schedule window keeps moving forward. */
const RESEED_INTERVAL_MS = 60 * 60_000;
/** Zone whose calendar date counts as "today" when the seed window starts. */
const NETWORK_TIME_ZONE = 'America/Sao_Paulo';

/**
 * The node's airports and its own airline's flights. At start it loads the Brazilian airports,
 * registers its airline, and (when demo seeding is on) inserts the flights of the next
 * `seedDays` days from the bundled timetable. Seeding only inserts missing flights, so restarts
 * never duplicate flights or reset sold seats.
 */
@Injectable()
export class CatalogService implements OnModuleInit {
  private readonly logger = new Logger('Catalog');
  private airportsByIata = new Map<string, AirportRow>();
  /** Accent-free, lower-case search text of each airport, built once at start. */
  private searchTextByIata = new Map<string, string>();
  /** Airports this airline's stored flights touch; refreshed after each seeding. */
  private servedAirports = new Set<string>();

  constructor(
    @Inject(AIRLINE_CONFIG) private readonly config: AirlineConfig,
    @Inject(AIRPORT_REPOSITORY) private readonly airports: AirportRepository,
    @Inject(AIRLINE_REPOSITORY) private readonly airlines: AirlineRepository,
    @Inject(FLIGHT_REPOSITORY) private readonly flights: FlightRepository,
    private readonly linkState: LinkStateService,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.airports.upsertMany(loadBrazilianAirports());
    this.airportsByIata = new Map(
      (await this.airports.findAll()).map((airport) => [airport.iata, airport]),
    );
    this.searchTextByIata = new Map(
      [...this.airportsByIata.values()].map((airport) => [
        airport.iata,
        foldText([airport.iata, airport.name, airport.city, airport.state ?? ''].join(' ')),
      ]),
    );

    const demo = DEMO_AIRLINES.find((airline) => airline.code === this.config.airline.code);
    await this.airlines.upsert({
      code: this.config.airline.code,
      name: this.config.airline.name,
      hub: demo && this.airportsByIata.has(demo.hub) ? demo.hub : null,
    });

    await this.seedDemoSchedule();
    this.servedAirports = new Set(await this.flights.findServedAirports(this.config.airline.code));
  }

  /** Extends the seed window as days pass and advertises the new flights to the other nodes. */
  @Interval(RESEED_INTERVAL_MS)
  async extendSchedule(): Promise<void> {
    if ((await this.seedDemoSchedule()) > 0) {
      await this.linkState.republishOwnFlights();
    }
  }

  /** Inserts the demo flights of the seed window that are missing; returns how many. */
  async seedDemoSchedule(now: number = Date.now()): Promise<number> {
    if (!this.config.seedDemoNetwork) {
      return 0;
    }
    const entries = entriesForAirline(this.config.airline.code);
    if (entries.length === 0) {
      this.logger.warn({
        msg: 'Demo seeding is on but the demo timetable has no flights for this airline code',
        demoAirlines: DEMO_AIRLINES.map((airline) => airline.code).join(','),
      });
      return 0;
    }

    const firstDate = localDateIn(NETWORK_TIME_ZONE, now);
    const seeds = expandTimetable(entries, this.airportsByIata, firstDate, this.config.seedDays);
    const inserted = await this.flights.insertMissing(seeds);
    if (inserted > 0) {
      this.servedAirports = new Set(
        await this.flights.findServedAirports(this.config.airline.code),
      );
    }
    this.logger.log({
      msg: 'Demo schedule seeded',
      firstDate,
      days: this.config.seedDays,
      inserted,
      inWindow: seeds.length,
    });
    return inserted;
  }

  /** Returns the airport with this IATA code, or undefined when the catalogue has none. */
  airport(iata: string): AirportRow | undefined {
    return this.airportsByIata.get(iata);
  }

  /** This node's airline. */
  airline(): { code: string; name: string } {
    return { code: this.config.airline.code, name: this.config.airline.name };
  }

  async listAirports(filter: { query?: string; servedOnly?: boolean }): Promise<AirportView[]> {
    const query = filter.query ? foldText(filter.query) : '';
    const views: AirportView[] = [];
    for (const airport of this.airportsByIata.values()) {
      const served = this.servedAirports.has(airport.iata);
      if (filter.servedOnly && !served) {
        continue;
      }
      if (query && !this.searchTextByIata.get(airport.iata)?.includes(query)) {
        continue;
      }
      views.push({ ...airport, served });
    }
    return views.sort(
      (a, b) => Number(b.served) - Number(a.served) || a.iata.localeCompare(b.iata),
    );
  }

  async listFlights(
    date: string,
    filter: { origin?: string; destination?: string },
  ): Promise<FlightView[]> {
    const rows = await this.flights.findByServiceDate(this.config.airline.code, date, filter);
    return rows.map((row) =>
      this.toFlightView({
        ...row,
        airline: { code: row.airlineCode, name: this.config.airline.name },
      }),
    );
  }

  /** Describes a flight for passengers, with the time zones of its two airports. */
  toFlightView(
    row: Omit<FlightRow, 'airlineCode' | 'seatsSold' | 'seatsHeld'> & {
      airline: FlightView['airline'];
    },
  ): FlightView {
    return {
      id: row.id,
      airline: row.airline,
      flightNumber: row.flightNumber,
      serviceDate: row.serviceDate,
      origin: row.origin,
      destination: row.destination,
      departureAt: new Date(row.departureAt).toISOString(),
      arrivalAt: new Date(row.arrivalAt).toISOString(),
      originTimeZone: this.airportsByIata.get(row.origin)?.timeZone ?? 'UTC',
      destinationTimeZone: this.airportsByIata.get(row.destination)?.timeZone ?? 'UTC',
      capacity: row.capacity,
      seatsAvailable: row.seatsAvailable,
      fareCents: row.fareCents,
    };
  }
}

/** Lower-cases and strips accents, so "belem" finds "Belém". */
function foldText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase();
}
