import { compareItineraries, minConnectionMsAt, toItinerary } from './itinerary-rules';
import {
  DEFAULT_SEARCH_RULES,
  type Itinerary,
  type SearchFlight,
  type SearchQuery,
  type SearchRules,
} from './search-types';

/**
 * Reference implementation of the search for tests and benchmarks: slow, with no pruning, so that
 * `paretoFront(enumerateItineraries(...))` is easy to check by reading.
 */

/**
 * Returns every valid itinerary, in no particular order, by depth-first enumeration of all paths
 * that follow the validity rules of `searchItineraries`. The count grows exponentially with the
 * number of legs, so use it on small networks or few queries.
 */
export function enumerateItineraries(
  flights: readonly SearchFlight[],
  query: SearchQuery,
  rules: SearchRules = DEFAULT_SEARCH_RULES,
): Itinerary[] {
  const maxLegs = query.maxLegs ?? rules.maxLegs;
  const departuresByOrigin = new Map<string, SearchFlight[]>();
  for (const flight of flights) {
    const departures = departuresByOrigin.get(flight.origin);
    if (departures) {
      departures.push(flight);
    } else {
      departuresByOrigin.set(flight.origin, [flight]);
    }
  }

  const itineraries: Itinerary[] = [];
  const path: SearchFlight[] = [];
  const visited: string[] = [query.origin];

  // Depth is at most maxLegs, and every step adds an airport not yet visited.
  const visit = (
    candidates: readonly SearchFlight[],
    accepts: (flight: SearchFlight) => boolean,
  ) => {
    for (const flight of candidates) {
      if (
        !accepts(flight) ||
        flight.seatsAvailable < query.passengers ||
        visited.includes(flight.destination)
      ) {
        continue;
      }
      path.push(flight);
      visited.push(flight.destination);
      if (flight.destination === query.destination) {
        itineraries.push(toItinerary(path));
      }
      if (path.length < maxLegs) {
        const arrivalAt = flight.arrivalAt;
        const minConnectionMs = minConnectionMsAt(rules, flight.destination);
        visit(departuresByOrigin.get(flight.destination) ?? [], (next) => {
          const connectionMs = next.departureAt - arrivalAt;
          return connectionMs >= minConnectionMs && connectionMs <= rules.maxLayoverMs;
        });
      }
      path.pop();
      visited.pop();
    }
  };

  const departAfter = query.departAfter ?? Number.NEGATIVE_INFINITY;
  visit(
    departuresByOrigin.get(query.origin) ?? [],
    (first) => first.serviceDate === query.date && first.departureAt > departAfter,
  );
  return itineraries;
}

/**
 * Returns the Pareto front of `itineraries` over (arrivalAt, fareCents, number of legs), with the
 * tie-breaking and order of `searchItineraries`, and no cut to a maximum count.
 *
 * After sorting by `compareItineraries`, every itinerary that dominates another, or has the same
 * three values and earlier leg ids, comes before it. So an itinerary is kept when it differs from
 * the one before it in some value, and no earlier itinerary has a fare and a leg count that are
 * both no greater. That earlier itinerary would arrive no later, so it would dominate.
 */
export function paretoFront(itineraries: readonly Itinerary[]): Itinerary[] {
  const sorted = [...itineraries].sort(compareItineraries);
  const front: Itinerary[] = [];
  // Lowest fare seen so far per number of legs.
  const minFareByLegs = new Map<number, number>();
  let previous: Itinerary | undefined;

  for (const itinerary of sorted) {
    const sameValues =
      previous !== undefined &&
      previous.arrivalAt === itinerary.arrivalAt &&
      previous.fareCents === itinerary.fareCents &&
      previous.legs.length === itinerary.legs.length;
    previous = itinerary;
    if (sameValues) {
      continue;
    }

    let dominated = false;
    for (const [legs, fareCents] of minFareByLegs) {
      if (legs <= itinerary.legs.length && fareCents <= itinerary.fareCents) {
        dominated = true;
      }
    }
    if (!dominated) {
      front.push(itinerary);
    }

    const legs = itinerary.legs.length;
    minFareByLegs.set(legs, Math.min(minFareByLegs.get(legs) ?? Infinity, itinerary.fareCents));
  }
  return front;
}
