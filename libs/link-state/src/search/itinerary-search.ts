import { CompletionBounds } from './completion-bounds';
import {
  type DepartureList,
  firstDepartureAfter,
  firstDepartureAtOrAfter,
  type FlightIndex,
} from './flight-index';
import {
  compareItineraries,
  compareLegIds,
  minConnectionMsAt,
  toItinerary,
} from './itinerary-rules';
import {
  DEFAULT_SEARCH_RULES,
  type Itinerary,
  type SearchFlight,
  type SearchQuery,
  type SearchRules,
} from './search-types';

/**
 * Finds the best itineraries from `query.origin` to `query.destination`.
 *
 * An itinerary is valid when:
 * 1. It has 1 to `query.maxLegs ?? rules.maxLegs` legs. The first leg departs `query.origin` with
 *    `serviceDate === query.date` (and after `query.departAfter` when set), and the last leg
 *    arrives at `query.destination`.
 * 2. Each next leg departs the airport where the previous leg arrived, at least the minimum
 *    connection time after that arrival (`rules.minConnectionMsByAirport[airport]`, else
 *    `rules.minConnectionMs`) and at most `rules.maxLayoverMs` after it. Both bounds are inclusive.
 * 3. No airport appears twice, the origin included, so an itinerary has no cycle.
 * 4. Every leg has `seatsAvailable >= query.passengers`.
 * 5. Unsellable legs are allowed, and the itinerary then has `sellable: false`.
 *
 * Returns the Pareto front over (arrivalAt, fareCents, number of legs), all three minimized: an
 * itinerary is dropped when another is no worse on all three and better on one. Of several
 * itineraries with the same three values, the one whose leg id list comes first in
 * `compareLegIds` order is kept. The result is sorted by `compareItineraries` (arrival, fare,
 * legs, leg ids) and cut to `query.maxResults ?? rules.maxResults` entries.
 *
 * The search is exact: it returns the same list as `paretoFront(enumerateItineraries(...))`. It
 * reads no clock and changes neither the index nor its flights.
 *
 * Throws a `RangeError` when a count in the query or the rules is not an integer in range, or a
 * time in the rules is negative or not finite.
 */
export function searchItineraries(
  index: FlightIndex,
  query: SearchQuery,
  rules: SearchRules = DEFAULT_SEARCH_RULES,
): Itinerary[] {
  const maxLegs = query.maxLegs ?? rules.maxLegs;
  const maxResults = query.maxResults ?? rules.maxResults;
  validateSearch(query, rules, maxLegs, maxResults);

  // An itinerary that returns to its origin revisits an airport, so there is none to find.
  if (query.origin === query.destination || maxResults === 0) {
    return [];
  }

  const front = new LabelSearch(index, query, rules, maxLegs).run();
  return front.slice(0, maxResults);
}

/** A path from the query's origin whose last leg is `flight`, so it arrives at `flight.arrivalAt`. */
interface Label {
  flight: SearchFlight;
  previous: Label | null;
  legs: number;
  fareCents: number;
  /** The origin, then the destination of each leg, in travel order. */
  airports: string[];
  /** Lower bound on the fare of any itinerary that completes this path (see `CompletionBounds`). */
  minTotalFareCents: number;
  /** Set when another label with the same last flight dominates this one, so it is not extended. */
  dominated: boolean;
}

/**
 * State of one search. Round k extends every k-leg path by one leg, so the labels of a round all
 * have the same number of legs and paths reach the destination in order of their leg count.
 *
 * A label is kept per last flight, because the last flight fixes the arrival airport and time and
 * so everything that may follow. Three rules discard a partial path, and none loses an itinerary
 * of the result. The first drops a path that cannot reach the destination in the legs left
 * (`CompletionBounds`). The second drops a path that a complete itinerary already beats
 * (`isBeatenByFront`). The third drops a path that another path with the same last flight
 * dominates (`dominates`).
 */
class LabelSearch {
  /** Labels not yet dominated, per last flight. Paths that reached the destination are not here. */
  private readonly labelsByFlight = new Map<SearchFlight, Label[]>();
  /** Complete itineraries that no other complete itinerary found so far outranks. */
  private front: Label[] = [];
  private readonly bounds: CompletionBounds;

  constructor(
    private readonly index: FlightIndex,
    private readonly query: SearchQuery,
    private readonly rules: SearchRules,
    private readonly maxLegs: number,
  ) {
    this.bounds = new CompletionBounds(index, query.destination, maxLegs);
  }

  /** Runs every round and returns the complete Pareto front, sorted. */
  run(): Itinerary[] {
    let frontier: Label[] = [];
    const departAfter = this.query.departAfter ?? Number.NEGATIVE_INFINITY;
    for (const flight of this.index.departuresOn(this.query.origin, this.query.date)) {
      if (flight.departureAt > departAfter) {
        this.addLeg(null, flight, frontier);
      }
    }

    // At most maxLegs - 1 rounds. Since no airport repeats, the frontier is also empty after at
    // most (number of airports - 1) rounds, whatever maxLegs is.
    for (let round = 1; round < this.maxLegs && frontier.length > 0; round++) {
      const next: Label[] = [];
      for (const label of frontier) {
        // The front may have grown since the label was created, so it is checked again.
        const { flight, minTotalFareCents, legs } = label;
        const beaten = this.isBeatenByFront(flight.arrivalAt, minTotalFareCents, legs);
        if (!label.dominated && !beaten) {
          this.extend(label, next);
        }
      }
      frontier = next;
    }

    return this.front.map(labelToItinerary).sort(compareItineraries);
  }

  /** Adds to `next` every valid path made of `label` and one more leg. */
  private extend(label: Label, next: Label[]): void {
    const airport = label.flight.destination;
    const arrivalAt = label.flight.arrivalAt;
    const earliest = arrivalAt + minConnectionMsAt(this.rules, airport);
    const latest = arrivalAt + this.rules.maxLayoverMs;

    // Every path through the next leg arrives no earlier than that leg departs and costs at least
    // label.minTotalFareCents. A path that stays partial ends up with at least label.legs + 2
    // legs, and one that the next leg completes has exactly label.legs + 1. So a complete
    // itinerary with no higher fare and no more legs beats every path through a next leg that
    // departs strictly after it arrives, and each scan stops at the earliest such arrival.
    const lastLeg = label.legs + 1 === this.maxLegs;
    const fareCents = label.minTotalFareCents;
    const partialCutoff = lastLeg
      ? -Infinity
      : this.earliestFrontArrival(fareCents, label.legs + 2);
    const completeCutoff = this.earliestFrontArrival(fareCents, label.legs + 1);

    if (!lastLeg) {
      const departures = this.index.departureList(airport);
      if (departures) {
        const start = firstDepartureAtOrAfter(departures.departureTimes, earliest);
        this.scan(label, departures, start, Math.min(latest, partialCutoff), next);
      }
    }

    // Flights to the destination that depart after partialCutoff may still complete the path, so
    // that route is scanned on to completeCutoff. When the next leg must be the last one, only
    // this route can complete the path, and `addLeg` would reject every other flight anyway.
    const route = this.index.routeDepartureList(airport, this.query.destination);
    if (route) {
      const start = Math.max(
        firstDepartureAtOrAfter(route.departureTimes, earliest),
        firstDepartureAfter(route.departureTimes, partialCutoff),
      );
      this.scan(label, route, start, Math.min(latest, completeCutoff), next);
    }
  }

  /** Offers `label` plus each flight of `departures` from `start` that departs by `latest`. */
  private scan(
    label: Label,
    departures: DepartureList,
    start: number,
    latest: number,
    next: Label[],
  ): void {
    const times = departures.departureTimes;
    for (let position = start; position < times.length && times[position] <= latest; position++) {
      this.addLeg(label, departures.flights[position], next);
    }
  }

  /**
   * Returns the earliest arrival among the complete itineraries found so far with a fare of at
   * most `fareCents` and at most `legs` legs, or Infinity when there is none.
   */
  private earliestFrontArrival(fareCents: number, legs: number): number {
    let earliest = Infinity;
    for (const complete of this.front) {
      if (complete.fareCents <= fareCents && complete.legs <= legs) {
        earliest = Math.min(earliest, complete.flight.arrivalAt);
      }
    }
    return earliest;
  }

  /**
   * Appends `flight` to the path `previous` (none for a first leg) when rules 3 and 4 allow it and
   * no pruning rule discards the result. Complete paths go to the front, partial ones to `next`.
   * The caller has checked the airport and timing of the connection (rules 1 and 2).
   */
  private addLeg(previous: Label | null, flight: SearchFlight, next: Label[]): void {
    if (flight.seatsAvailable < this.query.passengers) {
      return;
    }
    const airports = previous ? previous.airports : [this.query.origin];
    if (airports.includes(flight.destination)) {
      return;
    }

    const legs = (previous?.legs ?? 0) + 1;
    const fareCents = (previous?.fareCents ?? 0) + flight.fareCents;
    // Infinity when the destination cannot be reached in the legs left, which drops the path.
    const minFareLeft = this.bounds.minFareCents(flight.destination, this.maxLegs - legs);
    if (minFareLeft === Infinity) {
      return;
    }
    const minTotalFareCents = fareCents + minFareLeft;
    const complete = flight.destination === this.query.destination;
    // Most candidates fail this check, so it runs before the label is allocated.
    if (!complete && this.isBeatenByFront(flight.arrivalAt, minTotalFareCents, legs)) {
      return;
    }

    const label: Label = {
      flight,
      previous,
      legs,
      fareCents,
      airports: [...airports, flight.destination],
      minTotalFareCents,
      dominated: false,
    };
    if (complete) {
      this.addToFront(label);
    } else if (this.addToFlightLabels(label)) {
      next.push(label);
    }
  }

  /**
   * Returns true when a complete itinerary already found is strictly better than every itinerary
   * that completes a partial path with `legs` legs that arrives at `arrivalAt`, given a lower
   * bound `minTotalFareCents` on the fare of its completions.
   *
   * Exact because a completion arrives no earlier than the path does (connection times are not
   * negative and no flight arrives before it departs, which `FlightIndex` checks), costs at least
   * `minTotalFareCents` and has at least `legs + 1` legs. So a complete itinerary that is no
   * worse on those three bounds, and better on one, is better on that one than every completion.
   * Since rounds complete paths in order of leg count, the front never has more legs than a
   * partial path, so in practice the leg count is the better one.
   */
  private isBeatenByFront(arrivalAt: number, minTotalFareCents: number, legs: number): boolean {
    const minLegs = legs + 1;
    for (const complete of this.front) {
      const completeArrivalAt = complete.flight.arrivalAt;
      const noWorse =
        completeArrivalAt <= arrivalAt &&
        complete.fareCents <= minTotalFareCents &&
        complete.legs <= minLegs;
      const better =
        completeArrivalAt < arrivalAt ||
        complete.fareCents < minTotalFareCents ||
        complete.legs < minLegs;
      if (noWorse && better) {
        return true;
      }
    }
    return false;
  }

  /** Adds a complete itinerary to the front unless one there outranks it, then drops those it outranks. */
  private addToFront(label: Label): void {
    if (this.front.some((kept) => outranks(kept, label))) {
      return;
    }
    this.front = this.front.filter((kept) => !outranks(label, kept));
    this.front.push(label);
  }

  /**
   * Stores a partial path among the labels of its last flight. Returns false, storing nothing,
   * when a stored label dominates it. Otherwise it marks the stored labels that it dominates.
   */
  private addToFlightLabels(label: Label): boolean {
    const labels = this.labelsByFlight.get(label.flight);
    if (!labels) {
      this.labelsByFlight.set(label.flight, [label]);
      return true;
    }
    if (labels.some((stored) => dominates(stored, label))) {
      return false;
    }

    // Only a label of the current round can be dominated here, because dominating needs no more
    // legs. Such a label has not been extended yet, so marking it skips its whole subtree.
    let keptCount = 0;
    for (const stored of labels) {
      if (dominates(label, stored)) {
        stored.dominated = true;
      } else {
        labels[keptCount++] = stored;
      }
    }
    labels.length = keptCount;
    labels.push(label);
    return true;
  }
}

/**
 * Returns true when label `a` dominates label `b`, so `b` need not be extended. Both end with the
 * same flight, so they arrive at the same airport at the same time.
 *
 * Exact because any sequence of legs that completes `b` also completes `a`. The connections
 * depend only on the shared last flight. The legs avoid every airport of `b`, and so every
 * airport of `a`, which is a subset. And `a` has no more legs, so the maxLegs limit still holds.
 * The completed `a` arrives at the same time, costs no more and has no more legs. When the fare
 * and the number of legs are equal, `a` must also come first in leg id order. That order then
 * holds for the completed itineraries too, because they share the suffix and their prefixes have
 * the same length. Dominance is transitive, so a label dominated by a label that is later
 * dominated itself is still dominated.
 */
function dominates(a: Label, b: Label): boolean {
  if (a.fareCents > b.fareCents || a.legs > b.legs || !isSubset(a.airports, b.airports)) {
    return false;
  }
  if (a.fareCents < b.fareCents || a.legs < b.legs) {
    return true;
  }
  return compareLegIds(legIdsOf(a), legIdsOf(b)) < 0;
}

/** Returns true when the complete itinerary `a` is on the front in place of `b`. */
function outranks(a: Label, b: Label): boolean {
  const aArrivalAt = a.flight.arrivalAt;
  const bArrivalAt = b.flight.arrivalAt;
  if (aArrivalAt > bArrivalAt || a.fareCents > b.fareCents || a.legs > b.legs) {
    return false;
  }
  if (aArrivalAt < bArrivalAt || a.fareCents < b.fareCents || a.legs < b.legs) {
    return true;
  }
  return compareLegIds(legIdsOf(a), legIdsOf(b)) < 0;
}

function isSubset(small: readonly string[], large: readonly string[]): boolean {
  return small.every((airport) => large.includes(airport));
}

function legsOf(label: Label): SearchFlight[] {
  const legs: SearchFlight[] = [];
  for (let current: Label | null = label; current; current = current.previous) {
    legs.push(current.flight);
  }
  return legs.reverse();
}

function legIdsOf(label: Label): string[] {
  return legsOf(label).map((leg) => leg.id);
}

function labelToItinerary(label: Label): Itinerary {
  return toItinerary(legsOf(label));
}

function validateSearch(
  query: SearchQuery,
  rules: SearchRules,
  maxLegs: number,
  maxResults: number,
): void {
  requireInteger('query.passengers', query.passengers, 1);
  requireInteger(query.maxLegs === undefined ? 'rules.maxLegs' : 'query.maxLegs', maxLegs, 1);
  const maxResultsName = query.maxResults === undefined ? 'rules.maxResults' : 'query.maxResults';
  requireInteger(maxResultsName, maxResults, 0);

  // Connection times that are not negative keep arrivals non-decreasing along a path, which
  // `isBeatenByFront` relies on.
  requireDuration('rules.minConnectionMs', rules.minConnectionMs);
  requireDuration('rules.maxLayoverMs', rules.maxLayoverMs);
  for (const [airport, value] of Object.entries(rules.minConnectionMsByAirport)) {
    requireDuration(`rules.minConnectionMsByAirport.${airport}`, value);
  }
}

function requireInteger(name: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min) {
    throw new RangeError(`Invalid search: ${name} is ${value}, expected an integer >= ${min}.`);
  }
}

function requireDuration(name: string, value: number): void {
  if (!Number.isFinite(value) || value < 0) {
    throw new RangeError(
      `Invalid search: ${name} is ${value}, expected a finite number of milliseconds >= 0.`,
    );
  }
}
