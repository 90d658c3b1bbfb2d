import { ITINERARY_LEGS_MAX, SEARCH_RESULTS_DEFAULT } from '@interline/contracts/limits';

import type { AdvertisedFlight } from '../core/types';

/** An advertised flight leg, plus whether its seats can be sold now. */
export interface SearchFlight extends AdvertisedFlight {
  /** False when the operating airline is unreachable, so its seats cannot be sold now. */
  sellable: boolean;
}

/** One itinerary search request. */
export interface SearchQuery {
  /** IATA code of the airport where the first leg departs. */
  origin: string;
  /** IATA code of the airport where the last leg arrives. */
  destination: string;
  /** `serviceDate` of the first leg (YYYY-MM-DD, local to the origin airport). */
  date: string;
  /** Every leg must have at least this many seats available. */
  passengers: number;
  /** Overrides `SearchRules.maxLegs`. */
  maxLegs?: number;
  /** Overrides `SearchRules.maxResults`. */
  maxResults?: number;
  /** When set, the first leg must depart strictly after this instant (epoch ms), e.g. now. */
  departAfter?: number;
}

/** Connection rules and result limits of a search. Times are in milliseconds. */
export interface SearchRules {
  /** Minimum time between an arrival and the next departure, unless the airport overrides it. */
  minConnectionMs: number;
  /** Minimum connection time per airport code, replacing `minConnectionMs` at that airport. */
  minConnectionMsByAirport: Readonly<Record<string, number>>;
  /** Maximum time between an arrival and the next departure. */
  maxLayoverMs: number;
  maxLegs: number;
  maxResults: number;
}

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;

/** 45-minute connections at every airport, layovers up to 12 hours, 4 legs, 20 results. */
export const DEFAULT_SEARCH_RULES: Readonly<SearchRules> = Object.freeze({
  minConnectionMs: 45 * MINUTE_MS,
  minConnectionMsByAirport: Object.freeze({}),
  maxLayoverMs: 12 * HOUR_MS,
  maxLegs: ITINERARY_LEGS_MAX,
  maxResults: SEARCH_RESULTS_DEFAULT,
});

/** A sequence of connecting legs from the query's origin to its destination. */
export interface Itinerary {
  legs: SearchFlight[];
  /** Departure of the first leg, epoch milliseconds. */
  departureAt: number;
  /** Arrival of the last leg, epoch milliseconds. */
  arrivalAt: number;
  /** Fare per passenger in integer BRL cents: the sum of the legs' fares. */
  fareCents: number;
  /** True when every leg is sellable. */
  sellable: boolean;
}
