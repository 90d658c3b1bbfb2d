import type { FlightIndex } from './flight-index';

/**
 * Lower bounds on the fare of the rest of an itinerary, from any airport to one destination.
 *
 * They come from the route graph, where an edge links two airports when some flight does and
 * weighs the lowest fare of those flights. The graph ignores times, seats and repeated airports,
 * so every real sequence of at most r legs from an airport to the destination costs at least
 * `minFareCents(airport, r)`.
 */
export class CompletionBounds {
  /** Entry r, per airport position: lowest fare of a route path with at most r legs. */
  private readonly faresByMaxLegs: Float64Array[];

  constructor(
    private readonly index: FlightIndex,
    destination: string,
    maxLegs: number,
  ) {
    const airportCount = index.airports.length;
    let fares = new Float64Array(airportCount).fill(Infinity);
    this.faresByMaxLegs = [fares];
    const target = index.airportPosition(destination);
    if (target === undefined) {
      return;
    }
    fares[target] = 0;

    // Bellman-Ford by layers: layer r tries one more leg in front of the paths whose fare fell in
    // layer r - 1, because only those can lower a fare now. It stops after maxLegs layers or when
    // no fare falls. With non-negative fares that happens within (number of airports) layers,
    // because a cheapest path never needs to repeat an airport.
    let changed = [target];
    for (let legs = 1; legs <= maxLegs && changed.length > 0; legs++) {
      const previous = fares;
      fares = previous.slice();
      const nextChanged: number[] = [];
      for (const airport of changed) {
        const routes = index.inboundRoutes(airport);
        for (let route = 0; route < routes.origins.length; route++) {
          const origin = routes.origins[route];
          const fare = routes.minFareCents[route] + previous[airport];
          if (fare < fares[origin]) {
            // A fare still equal to the previous layer's has not fallen yet in this layer.
            if (fares[origin] === previous[origin]) {
              nextChanged.push(origin);
            }
            fares[origin] = fare;
          }
        }
      }
      this.faresByMaxLegs.push(fares);
      changed = nextChanged;
    }
  }

  /**
   * Returns the lowest fare of any sequence of at most `legsLeft` legs from `airport` to the
   * destination, 0 at the destination itself, or Infinity when there is no such sequence.
   */
  minFareCents(airport: string, legsLeft: number): number {
    const position = this.index.airportPosition(airport);
    if (position === undefined || legsLeft < 0) {
      return Infinity;
    }
    // The constructor computed every layer up to maxLegs, unless it stopped early because no fare
    // fell, and then every later layer would equal the last one.
    const layer = Math.min(legsLeft, this.faresByMaxLegs.length - 1);
    return this.faresByMaxLegs[layer][position];
  }
}
