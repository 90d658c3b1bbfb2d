import { Inject, Injectable } from '@nestjs/common';

import type { AdvertisedFlight, OwnFlightsSource } from '@interline/link-state';
import { FLIGHT_REPOSITORY, type FlightRepository } from '@interline/persistence';

import type { AirlineConfig } from '../config/airline-config';
import { AIRLINE_CONFIG } from '../config/config.module';

/** This airline's stored flights that have not departed yet, as the node advertises them. */
@Injectable()
export class StoredOwnFlightsSource implements OwnFlightsSource {
  constructor(
    @Inject(AIRLINE_CONFIG) private readonly config: AirlineConfig,
    @Inject(FLIGHT_REPOSITORY) private readonly flights: FlightRepository,
  ) {}

  async loadOwnFlights(): Promise<AdvertisedFlight[]> {
    const rows = await this.flights.findByAirline(this.config.airline.code, Date.now());
    return rows.map((row) => ({
      id: row.id,
      airline: row.airlineCode,
      flightNumber: row.flightNumber,
      serviceDate: row.serviceDate,
      origin: row.origin,
      destination: row.destination,
      departureAt: row.departureAt,
      arrivalAt: row.arrivalAt,
      capacity: row.capacity,
      fareCents: row.fareCents,
      seatsAvailable: row.seatsAvailable,
    }));
  }
}
