import { Inject, Injectable } from '@nestjs/common';

import {
  type AirlineView,
  type ItineraryView,
  SEARCH_DAYS_AHEAD_MAX,
  SEARCH_RESULTS_DEFAULT,
  type SearchItinerariesResponse,
} from '@interline/contracts';
import { LinkStateService } from '@interline/link-state';
import type { Itinerary, SearchFlight, SearchQuery } from '@interline/link-state/search';

import { CatalogService } from '../catalog/catalog.service';
import type { AirlineConfig } from '../config/airline-config';
import { AIRLINE_CONFIG } from '../config/config.module';
import { addDays, localDateIn } from '../demo-network/timetable';

/** A passenger's search, before the node's limits and rules are applied. */
export type ItineraryQuery = SearchQuery;

/** Reason a search was rejected before it ran. */
export type SearchRejection =
  | { code: 'AIRPORT_NOT_FOUND'; iata: string }
  | { code: 'SAME_ORIGIN_AND_DESTINATION'; iata: string }
  | { code: 'DATE_OUT_OF_RANGE'; date: string; first: string; last: string };

export type SearchOutcome =
  { ok: true; response: SearchItinerariesResponse } | ({ ok: false } & SearchRejection);

const MINUTE_MS = 60_000;

/**
 * Itinerary search for passengers: checks the query against the airport catalogue and the
 * calendar, then runs the search on this node's link-state map only, with no network call.
 */
@Injectable()
export class ItinerarySearchService {
  constructor(
    @Inject(AIRLINE_CONFIG) private readonly config: AirlineConfig,
    private readonly catalog: CatalogService,
    private readonly linkState: LinkStateService,
  ) {}

  search(query: ItineraryQuery, now: number = Date.now()): SearchOutcome {
    for (const iata of [query.origin, query.destination]) {
      if (!this.catalog.airport(iata)) {
        return { ok: false, code: 'AIRPORT_NOT_FOUND', iata };
      }
    }
    if (query.origin === query.destination) {
      return { ok: false, code: 'SAME_ORIGIN_AND_DESTINATION', iata: query.origin };
    }

    // The date is local to the origin airport, so "today" is too.
    const first = localDateIn(this.catalog.airport(query.origin)!.timeZone, now);
    const last = addDays(first, SEARCH_DAYS_AHEAD_MAX);
    if (query.date < first || query.date > last) {
      return { ok: false, code: 'DATE_OUT_OF_RANGE', date: query.date, first, last };
    }

    const itineraries = this.linkState.searchItineraries(
      {
        origin: query.origin,
        destination: query.destination,
        date: query.date,
        passengers: query.passengers,
        maxLegs: query.maxLegs,
        maxResults: query.maxResults ?? SEARCH_RESULTS_DEFAULT,
        // Flights that already left are not offered.
        departAfter: now,
      },
      this.config.search,
    );
    return {
      ok: true,
      response: {
        origin: query.origin,
        destination: query.destination,
        date: query.date,
        passengers: query.passengers,
        itineraries: itineraries.map((itinerary) => this.toView(itinerary, query.passengers)),
        timetableEndsOn: this.linkState.lastServiceDate(),
        airlines: this.airlines(),
      },
    };
  }

  private airlines(): Array<AirlineView & { reachable: boolean }> {
    return this.linkState
      .airlines()
      .map((airline) => ({ code: airline.code, name: airline.name, reachable: airline.reachable }));
  }

  private toView(itinerary: Itinerary, passengers: number): ItineraryView {
    const names = new Map(this.linkState.airlines().map((airline) => [airline.code, airline.name]));
    const legs = itinerary.legs.map((leg) => this.toLegView(leg, names));
    const layoverMinutes = itinerary.legs
      .slice(1)
      .map((leg, index) =>
        Math.round((leg.departureAt - itinerary.legs[index].arrivalAt) / MINUTE_MS),
      );
    return {
      legs,
      departureAt: new Date(itinerary.departureAt).toISOString(),
      arrivalAt: new Date(itinerary.arrivalAt).toISOString(),
      fareCentsPerPassenger: itinerary.fareCents,
      totalFareCents: itinerary.fareCents * passengers,
      layoverMinutes,
      sellable: itinerary.sellable,
    };
  }

  private toLegView(leg: SearchFlight, names: Map<string, string>): ItineraryView['legs'][number] {
    const airline = { code: leg.airline, name: names.get(leg.airline) ?? leg.airline };
    return { ...this.catalog.toFlightView({ ...leg, airline }), sellable: leg.sellable };
  }
}
