import { signedJson } from '../signed-request';
import type {
  FinalState,
  FlightInventory,
  NodeState,
  StoredBooking,
  StoredCoupon,
} from './history';

/**
 * Reads the state of every node through its test hooks (`INTERLINE_TEST_HOOKS=true`): seat counts,
 * transactions in doubt, the bookings it sold and the coupons it issued.
 */

/** How to reach one node's signed HTTP API. */
export interface NodeAddress {
  airline: string;
  httpUrl: string;
}

/** Locators per coupon request; the hook accepts at most 1,000. */
const COUPON_LOCATORS_PER_REQUEST = 500;
const SETTLE_POLL_MS = 500;

/** Seat and coupon counts of `flightId` on the node that operates it. */
export async function readFlightInventory(
  clusterKey: string,
  httpUrl: string,
  flightId: string,
): Promise<FlightInventory> {
  return hook<FlightInventory>(clusterKey, httpUrl, 'GET', `/v1/test-hooks/flights/${flightId}`);
}

/** Ids of the transactions a node has prepared and whose decision it is waiting for. */
export async function readInDoubt(
  clusterKey: string,
  httpUrl: string,
  timeoutMs?: number,
): Promise<string[]> {
  const response = await hook<{ txIds: string[] }>(
    clusterKey,
    httpUrl,
    'GET',
    '/v1/test-hooks/in-doubt',
    undefined,
    timeoutMs,
  );
  return response.txIds;
}

/** Returns every booking the node sold, in any status. */
export async function readBookings(clusterKey: string, httpUrl: string): Promise<StoredBooking[]> {
  const response = await hook<{ bookings: StoredBooking[] }>(
    clusterKey,
    httpUrl,
    'GET',
    '/v1/test-hooks/bookings',
  );
  return response.bookings;
}

/** Returns the latest link-state sequence number the node stores for each airline. */
export async function readMapSummary(
  clusterKey: string,
  httpUrl: string,
): Promise<Record<string, number>> {
  const response = await hook<{ summary: Record<string, number> }>(
    clusterKey,
    httpUrl,
    'GET',
    '/v1/link-state/summary',
  );
  return response.summary;
}

/**
 * Reads the final state of every node. `flightIds` are the flights the history touched; each is
 * read from the node of its airline (the first two characters of the id).
 */
export async function collectFinalState(
  clusterKey: string,
  nodes: readonly NodeAddress[],
  flightIds: Iterable<string>,
): Promise<FinalState> {
  const bookings = await Promise.all(nodes.map((node) => readBookings(clusterKey, node.httpUrl)));
  const locators = [...new Set(bookings.flat().map((booking) => booking.locator))].sort();
  const flights = [...new Set(flightIds)].sort();
  const states: NodeState[] = [];
  for (const [index, node] of nodes.entries()) {
    const coupons: StoredCoupon[] = [];
    for (let start = 0; start < locators.length; start += COUPON_LOCATORS_PER_REQUEST) {
      const response = await hook<{ coupons: StoredCoupon[] }>(
        clusterKey,
        node.httpUrl,
        'POST',
        '/v1/test-hooks/coupons',
        { locators: locators.slice(start, start + COUPON_LOCATORS_PER_REQUEST) },
      );
      coupons.push(...response.coupons);
    }
    const inventories: FlightInventory[] = [];
    for (const flightId of flights.filter((id) => id.startsWith(node.airline))) {
      inventories.push(await readFlightInventory(clusterKey, node.httpUrl, flightId));
    }
    states.push({
      airline: node.airline,
      flights: inventories,
      inDoubt: await readInDoubt(clusterKey, node.httpUrl),
      bookings: bookings[index],
      coupons,
      mapSummary: await readMapSummary(clusterKey, node.httpUrl),
    });
  }
  return { nodes: states };
}

/**
 * Waits until nothing is in flight on any node: no transaction in doubt, no held seat on the
 * given flights, no booking still pending or cancelling, and every node stores the same map.
 * Returns how long it took, or null when
 * `timeoutMs` passed first; a node that does not answer counts as not settled.
 */
export async function waitUntilSettled(
  clusterKey: string,
  nodes: readonly NodeAddress[],
  flightIds: Iterable<string>,
  timeoutMs: number,
): Promise<number | null> {
  const flights = [...new Set(flightIds)];
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    try {
      const states = await Promise.all(
        nodes.map(async (node) => ({
          inDoubt: await readInDoubt(clusterKey, node.httpUrl),
          bookings: await readBookings(clusterKey, node.httpUrl),
          map: JSON.stringify(
            Object.entries(await readMapSummary(clusterKey, node.httpUrl)).sort(),
          ),
          flights: await Promise.all(
            flights
              .filter((id) => id.startsWith(node.airline))
              .map((id) => readFlightInventory(clusterKey, node.httpUrl, id)),
          ),
        })),
      );
      const settled =
        new Set(states.map((state) => state.map)).size === 1 &&
        states.every(
          (state) =>
            state.inDoubt.length === 0 &&
            state.flights.every((flight) => flight.seatsHeld === 0) &&
            state.bookings.every(
              (booking) => booking.status !== 'PENDING' && booking.status !== 'CANCELLING',
            ),
        );
      if (settled) {
        return Date.now() - started;
      }
    } catch {
      // A node still starting or busy: ask again.
    }
    await new Promise((resolve) => setTimeout(resolve, SETTLE_POLL_MS));
  }
  return null;
}

async function hook<T>(
  clusterKey: string,
  httpUrl: string,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
  timeoutMs?: number,
): Promise<T> {
  const answer = await signedJson<T>(clusterKey, httpUrl, method, path, body, timeoutMs);
  if (answer.status !== 200) {
    throw new Error(
      `${method} ${httpUrl}${path} responded HTTP ${answer.status}: ${JSON.stringify(answer.body)}`,
    );
  }
  return answer.body;
}
