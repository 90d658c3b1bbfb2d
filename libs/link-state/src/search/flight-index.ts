import type { SearchFlight } from './search-types';

/** Flights that share an origin airport (or an origin and a destination), sorted for lookup. */
export interface DepartureList {
  /** Sorted by `departureAt`, then by `id`. */
  readonly flights: readonly SearchFlight[];
  /** `departureAt` of each entry of `flights`, in the same order. */
  readonly departureTimes: Float64Array;
}

/** The flights into one airport, summarized per origin airport. */
export interface InboundRoutes {
  /** Position in `FlightIndex.airports` of each airport with a flight to this one. */
  readonly origins: Int32Array;
  /** Lowest `fareCents` among the flights from the origin at the same position. */
  readonly minFareCents: Float64Array;
}

const EMPTY_FLIGHTS: readonly SearchFlight[] = Object.freeze([]);

/**
 * Flights grouped by origin airport and sorted by departure time, so that the departures from an
 * airport inside a time window are found by binary search.
 *
 * The index keeps references to the given flight objects. Their `seatsAvailable` and `sellable`
 * fields may change in place between searches. Any other field change needs a new index, because
 * the sort order, the groups and the lowest fare per route depend on them.
 */
export class FlightIndex {
  /** Number of flights in the index. */
  readonly size: number;
  /** Codes of every airport that some flight departs from or arrives at, sorted. */
  readonly airports: readonly string[];

  private readonly departuresByOrigin = new Map<string, DepartureList>();
  private readonly departuresByRoute = new Map<string, Map<string, DepartureList>>();
  private readonly departuresByOriginAndDate = new Map<string, Map<string, SearchFlight[]>>();
  private readonly positionByAirport = new Map<string, number>();
  /** Indexed by the airport's position in `airports`. */
  private readonly inboundRoutesByAirport: InboundRoutes[];

  /**
   * Builds the index. Throws a `RangeError` naming the flight when an id repeats, a time or fare
   * is not a finite number, the arrival is before the departure, or the fare is negative. The
   * search relies on the last two to stop extending paths that can no longer improve.
   */
  constructor(flights: Iterable<SearchFlight>) {
    const sorted = [...flights];
    const ids = new Set<string>();
    for (const flight of sorted) {
      validateFlight(flight);
      if (ids.has(flight.id)) {
        throw new RangeError(`Invalid flight list: flight id ${flight.id} appears twice.`);
      }
      ids.add(flight.id);
    }
    sorted.sort(compareDepartures);

    const byOrigin = new Map<string, SearchFlight[]>();
    const byRoute = new Map<string, Map<string, SearchFlight[]>>();
    const airports = new Set<string>();
    for (const flight of sorted) {
      airports.add(flight.origin);
      airports.add(flight.destination);
      appendTo(byOrigin, flight.origin, flight);
      appendTo(nestedMap(byRoute, flight.origin), flight.destination, flight);
      appendTo(
        nestedMap(this.departuresByOriginAndDate, flight.origin),
        flight.serviceDate,
        flight,
      );
    }
    this.airports = [...airports].sort();
    this.airports.forEach((airport, position) => this.positionByAirport.set(airport, position));

    for (const [origin, list] of byOrigin) {
      this.departuresByOrigin.set(origin, toDepartureList(list));
    }
    for (const [origin, byDestination] of byRoute) {
      const lists = new Map<string, DepartureList>();
      for (const [destination, list] of byDestination) {
        lists.set(destination, toDepartureList(list));
      }
      this.departuresByRoute.set(origin, lists);
    }

    this.inboundRoutesByAirport = this.airports.map((airport) => this.summarizeRoutesTo(airport));
    this.size = sorted.length;
  }

  /**
   * Returns the flights that depart `airport` with `fromMs <= departureAt <= toMs`, sorted by
   * departure time, then id. The array is a new copy.
   */
  departuresFrom(airport: string, fromMs: number, toMs: number): SearchFlight[] {
    const list = this.departureList(airport);
    if (!list) {
      return [];
    }
    const start = firstDepartureAtOrAfter(list.departureTimes, fromMs);
    const end = firstDepartureAfter(list.departureTimes, toMs);
    return list.flights.slice(start, Math.max(start, end));
  }

  /** Returns the flights that depart `airport` on `serviceDate` (YYYY-MM-DD, local), sorted. */
  departuresOn(airport: string, serviceDate: string): readonly SearchFlight[] {
    return this.departuresByOriginAndDate.get(airport)?.get(serviceDate) ?? EMPTY_FLIGHTS;
  }

  /** Returns every departure from `airport`, or undefined when none departs from it. */
  departureList(airport: string): DepartureList | undefined {
    return this.departuresByOrigin.get(airport);
  }

  /** Returns every flight from `origin` to `destination`, or undefined when there is none. */
  routeDepartureList(origin: string, destination: string): DepartureList | undefined {
    return this.departuresByRoute.get(origin)?.get(destination);
  }

  /** Returns the position of `airport` in `airports`, or undefined when no flight uses it. */
  airportPosition(airport: string): number | undefined {
    return this.positionByAirport.get(airport);
  }

  /** Returns the routes into the airport at `position` in `airports`. */
  inboundRoutes(position: number): InboundRoutes {
    return this.inboundRoutesByAirport[position];
  }

  private summarizeRoutesTo(destination: string): InboundRoutes {
    const origins: number[] = [];
    const minFareCents: number[] = [];
    this.airports.forEach((origin, position) => {
      const flights = this.routeDepartureList(origin, destination)?.flights ?? [];
      if (flights.length > 0) {
        origins.push(position);
        minFareCents.push(
          flights.reduce((min, flight) => Math.min(min, flight.fareCents), Infinity),
        );
      }
    });
    return { origins: Int32Array.from(origins), minFareCents: Float64Array.from(minFareCents) };
  }
}

/** Returns the first position in the ascending `times` whose value is at least `ms`. */
export function firstDepartureAtOrAfter(times: Float64Array, ms: number): number {
  let low = 0;
  let high = times.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (times[middle] < ms) {
      low = middle + 1;
    } else {
      high = middle;
    }
  }
  return low;
}

/** Returns the first position in the ascending `times` whose value is greater than `ms`. */
export function firstDepartureAfter(times: Float64Array, ms: number): number {
  let low = 0;
  let high = times.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (times[middle] <= ms) {
      low = middle + 1;
    } else {
      high = middle;
    }
  }
  return low;
}

function validateFlight(flight: SearchFlight): void {
  for (const field of ['departureAt', 'arrivalAt', 'fareCents'] as const) {
    if (!Number.isFinite(flight[field])) {
      throw new RangeError(
        `Invalid flight ${flight.id}: ${field} is ${flight[field]}, not a finite number.`,
      );
    }
  }
  if (flight.arrivalAt < flight.departureAt) {
    throw new RangeError(
      `Invalid flight ${flight.id}: arrivalAt ${flight.arrivalAt} is before departureAt ${flight.departureAt}.`,
    );
  }
  if (flight.fareCents < 0) {
    throw new RangeError(`Invalid flight ${flight.id}: fareCents ${flight.fareCents} is negative.`);
  }
}

function compareDepartures(a: SearchFlight, b: SearchFlight): number {
  if (a.departureAt !== b.departureAt) {
    return a.departureAt - b.departureAt;
  }
  if (a.id === b.id) {
    return 0;
  }
  return a.id < b.id ? -1 : 1;
}

function toDepartureList(flights: SearchFlight[]): DepartureList {
  return { flights, departureTimes: Float64Array.from(flights, (flight) => flight.departureAt) };
}

function appendTo<V>(map: Map<string, V[]>, key: string, value: V): void {
  const list = map.get(key);
  if (list) {
    list.push(value);
  } else {
    map.set(key, [value]);
  }
}

function nestedMap<V>(map: Map<string, Map<string, V>>, key: string): Map<string, V> {
  let inner = map.get(key);
  if (!inner) {
    inner = new Map<string, V>();
    map.set(key, inner);
  }
  return inner;
}
