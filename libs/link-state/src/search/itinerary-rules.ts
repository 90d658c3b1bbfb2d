import type { Itinerary, SearchFlight, SearchRules } from './search-types';

/** Returns the minimum connection time at `airport`: its override, or the general rule. */
export function minConnectionMsAt(rules: SearchRules, airport: string): number {
  const byAirport = rules.minConnectionMsByAirport;
  const override = Object.hasOwn(byAirport, airport) ? byAirport[airport] : undefined;
  return override ?? rules.minConnectionMs;
}

/**
 * Compares two leg id lists element by element with plain string order (UTF-16 code units, not
 * locale order). When one list is a prefix of the other, the shorter one comes first.
 */
export function compareLegIds(a: readonly string[], b: readonly string[]): number {
  const shared = Math.min(a.length, b.length);
  for (let position = 0; position < shared; position++) {
    if (a[position] !== b[position]) {
      return a[position] < b[position] ? -1 : 1;
    }
  }
  return a.length - b.length;
}

/** Orders itineraries by arrival, then fare, then number of legs, then leg ids. */
export function compareItineraries(a: Itinerary, b: Itinerary): number {
  if (a.arrivalAt !== b.arrivalAt) {
    return a.arrivalAt - b.arrivalAt;
  }
  if (a.fareCents !== b.fareCents) {
    return a.fareCents - b.fareCents;
  }
  if (a.legs.length !== b.legs.length) {
    return a.legs.length - b.legs.length;
  }
  return compareLegIds(
    a.legs.map((leg) => leg.id),
    b.legs.map((leg) => leg.id),
  );
}

/** Builds an itinerary from its legs, which must be non-empty and in travel order. */
export function toItinerary(legs: readonly SearchFlight[]): Itinerary {
  let fareCents = 0;
  let sellable = true;
  for (const leg of legs) {
    fareCents += leg.fareCents;
    sellable = sellable && leg.sellable;
  }
  return {
    legs: [...legs],
    departureAt: legs[0].departureAt,
    arrivalAt: legs[legs.length - 1].arrivalAt,
    fareCents,
    sellable,
  };
}
