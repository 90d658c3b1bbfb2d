import {
  type GatewayErrorBody,
  type ListBookingsResponse,
  type PurchaseResponse,
  isGatewayErrorBody,
} from '@interline/contracts';

import type { NodeSpec, RunningNode } from '../scripts/local-network';
import { PORT_BLOCKS, TestCluster, eventually, getJson } from './support/cluster';
import { TestGatewayClient } from './support/gateway-client';
import {
  type FlightInventory,
  expectSettled,
  inDoubt,
  inventory,
  newIdempotencyKey,
  purchase,
  referenceFlightIds,
  registerAndLogIn,
  tomorrow,
} from './support/purchase';

/** Short, so a coordinator that never decides is noticed quickly. Nodes accept 500 ms or more. */
const PREPARE_TIMEOUT_MS = 1_500;
/** Time for a node to reach its crash point and for its process to end. */
const CRASH_WAIT_MS = 10_000;
/**
 * Time for a restarted node to rejoin the link-state map and for every decision to reach every
 * participant. Decisions are resent with a doubling delay capped at 10 s, so this leaves room
 * for one capped resend.
 */
const RECOVERY_WAIT_MS = 20_000;
/** Time for every node to list all three airlines as reachable. */
const MAP_WAIT_MS = 15_000;
/** Jest timeout of one scenario, which covers two node starts and the recovery wait. */
const SCENARIO_TIMEOUT_MS = 50_000;

const AIRLINES = ['JG', 'IP', 'RC'] as const;
const PASSENGERS = ['Maria Souza', 'João Souza'];
const SEATS = PASSENGERS.length;

type CrashPoint =
  'coordinator.before-decision' | 'coordinator.after-decision' | 'participant.after-vote';

/**
 * Result of a purchase request as the passenger's client receives it: a booking, a coded
 * rejection from the selling node, or no response because the connection closed or the client
 * timed out.
 */
type PurchaseAnswer =
  | { kind: 'confirmed'; response: PurchaseResponse }
  | { kind: 'rejected'; error: GatewayErrorBody }
  | { kind: 'lost'; error: unknown };

interface NodeStatus {
  airlines: Array<{ code: string; reachable: boolean }>;
}

/** Returns the node settings with `point` armed, where the node kills itself with SIGKILL. */
function withCrashPoint(spec: NodeSpec, point: CrashPoint): NodeSpec {
  return { ...spec, env: { ...spec.env, INTERLINE_TEST_CRASH_POINTS: point } };
}

/** Sends a purchase and classifies the response instead of throwing. */
async function attemptPurchase(
  gateway: TestGatewayClient,
  token: string,
  flightIds: string[],
  idempotencyKey: string,
): Promise<PurchaseAnswer> {
  try {
    const response = await purchase(gateway, token, flightIds, PASSENGERS, idempotencyKey);
    return { kind: 'confirmed', response };
  } catch (error) {
    return isGatewayErrorBody(error) ? { kind: 'rejected', error } : { kind: 'lost', error };
  }
}

/** Waits for the process of `node` to end and returns its exit code or signal name. */
async function exitOf(node: RunningNode): Promise<number | string> {
  let ended: number | string | undefined;
  void node.exited.then((value) => (ended = value));
  return eventually(
    () => Promise.resolve(ended),
    CRASH_WAIT_MS,
    `${node.spec.code} to reach its crash point and exit`,
  );
}

/** Waits until `node` lists all three airlines as reachable, so their flights are sellable. */
async function waitForFullMap(node: RunningNode): Promise<void> {
  await eventually(
    async () => {
      const { body } = await getJson<NodeStatus>(`${node.httpUrl}/status`);
      const reachable = body.airlines.filter((airline) => airline.reachable);
      return AIRLINES.every((code) => reachable.some((airline) => airline.code === code))
        ? true
        : undefined;
    },
    MAP_WAIT_MS,
    `${node.spec.code} to list ${AIRLINES.join(', ')} as reachable`,
  );
}

describe('crash recovery of a purchase across three airlines', () => {
  const cluster = TestCluster.create('crashes');
  const flightIds = referenceFlightIds(tomorrow());
  const [jgFlight, ipFlight, rcFlight] = flightIds;
  const [jgSpec, ipSpec, rcSpec] = cluster.plan(PORT_BLOCKS.crashes, 3, {
    INTERLINE_PREPARE_TIMEOUT_MS: String(PREPARE_TIMEOUT_MS),
  });
  let jg: RunningNode;
  let ip: RunningNode;
  let rc: RunningNode;
  let ipGateway: TestGatewayClient;
  /** One passenger per scenario, so each bookings list contains only that scenario's purchase. */
  const tokens = { abort: '', commit: '', participant: '' };
  /** Idempotency keys of the purchases cut off by a coordinator crash, for the retry scenario. */
  const keys = { abort: '', commit: '' };

  const inventories = async (): Promise<Record<string, FlightInventory>> => ({
    JG: await inventory(jg, jgFlight),
    IP: await inventory(ip, ipFlight),
    RC: await inventory(rc, rcFlight),
  });

  /** Passes when no node has a held seat or a prepared transaction, and returns the inventories. */
  const settledEverywhere = async (): Promise<Record<string, FlightInventory>> => {
    const settled = {
      JG: await expectSettled(jg, jgFlight),
      IP: await expectSettled(ip, ipFlight),
      RC: await expectSettled(rc, rcFlight),
    };
    for (const node of [jg, ip, rc]) {
      expect(await inDoubt(node)).toEqual([]);
    }
    return settled;
  };

  const waitUntilSettled = (condition: string): Promise<Record<string, FlightInventory>> =>
    eventually(settledEverywhere, RECOVERY_WAIT_MS, condition);

  const waitForFullMaps = async (): Promise<void> => {
    await Promise.all([jg, ip, rc].map((node) => waitForFullMap(node)));
  };

  /** Starts `spec` again on the same data directory and waits for its `/status`. */
  const restart = async (spec: NodeSpec): Promise<RunningNode> => {
    const [node] = await cluster.start([spec]);
    return node;
  };

  /** Connects the passenger client to the current IP process, since the old process exited. */
  const reconnectToIp = (): void => {
    ipGateway.close();
    ipGateway = new TestGatewayClient(ip.spec.tcpPort);
  };

  const listBookings = (token: string): Promise<ListBookingsResponse> =>
    ipGateway.send<ListBookingsResponse>('bookings.list', { token });

  beforeAll(async () => {
    [jg, ip, rc] = await cluster.start([
      jgSpec,
      withCrashPoint(ipSpec, 'coordinator.before-decision'),
      rcSpec,
    ]);
    ipGateway = new TestGatewayClient(ip.spec.tcpPort);
    await waitForFullMaps();
    tokens.abort = await registerAndLogIn(ipGateway, 'ana.abort@example.com', 'Ana Lima');
    tokens.commit = await registerAndLogIn(ipGateway, 'bruno.commit@example.com', 'Bruno Dias');
    tokens.participant = await registerAndLogIn(
      ipGateway,
      'carla.participant@example.com',
      'Carla Reis',
    );
  }, SCENARIO_TIMEOUT_MS);

  afterAll(async () => {
    ipGateway?.close();
    await cluster.dispose();
  });

  it(
    'coordinator killed after the prepares and before deciding: every hold is released after restart',
    async () => {
      const before = await inventories();
      keys.abort = newIdempotencyKey();

      const answer = attemptPurchase(ipGateway, tokens.abort, flightIds, keys.abort);
      expect(await exitOf(ip)).toBe('SIGKILL');
      expect(await answer).toMatchObject({ kind: 'lost' });

      // Both remote participants voted yes, so they keep the seats held until they learn a
      // decision, well past the prepare timeout.
      await new Promise((resolve) => setTimeout(resolve, 2 * PREPARE_TIMEOUT_MS));
      for (const [node, flightId] of [
        [jg, jgFlight],
        [rc, rcFlight],
      ] as const) {
        const flight = await inventory(node, flightId);
        expect(flight.seatsHeld).toBe(SEATS);
        expect(flight.seatsSold).toBe(before[node.spec.code].seatsSold);
        expect(await inDoubt(node)).toHaveLength(1);
      }

      ip = await restart(ipSpec);
      reconnectToIp();

      const after = await waitUntilSettled('every hold to be released after IP restarts');
      for (const code of AIRLINES) {
        expect(after[code].seatsSold).toBe(before[code].seatsSold);
      }
      await waitForFullMaps();
      const listing = await listBookings(tokens.abort);
      expect(listing.unreachableAirlines).toEqual([]);
      expect(listing.bookings).toEqual([]);
    },
    SCENARIO_TIMEOUT_MS,
  );

  it(
    'coordinator killed after deciding commit: every participant commits after its restart',
    async () => {
      await cluster.stop(ip);
      ip = await restart(withCrashPoint(ipSpec, 'coordinator.after-decision'));
      reconnectToIp();
      await waitForFullMaps();
      const before = await inventories();
      keys.commit = newIdempotencyKey();

      const answer = attemptPurchase(ipGateway, tokens.commit, flightIds, keys.commit);
      expect(await exitOf(ip)).toBe('SIGKILL');
      expect(await answer).toMatchObject({ kind: 'lost' });

      // The crash came before any decision was sent, so the remote participants still wait.
      for (const [node, flightId] of [
        [jg, jgFlight],
        [rc, rcFlight],
      ] as const) {
        expect((await inventory(node, flightId)).seatsHeld).toBe(SEATS);
        expect(await inDoubt(node)).toHaveLength(1);
      }

      ip = await restart(ipSpec);
      reconnectToIp();

      const after = await eventually(
        async () => {
          const settled = await settledEverywhere();
          return AIRLINES.every(
            (code) => settled[code].seatsSold === before[code].seatsSold + SEATS,
          )
            ? settled
            : undefined;
        },
        RECOVERY_WAIT_MS,
        'every airline to sell the seats after IP restarts',
      );
      for (const code of AIRLINES) {
        expect(after[code].seatsSold).toBe(before[code].seatsSold + SEATS);
        expect(after[code].couponsOpen).toBe(after[code].seatsSold);
      }

      // The session token was issued before both restarts. Sessions are stored, so it still works.
      await waitForFullMaps();
      const listing = await listBookings(tokens.commit);
      expect(listing.unreachableAirlines).toEqual([]);
      expect(listing.bookings).toHaveLength(1);
      const [booking] = listing.bookings;
      expect(booking.status).toBe('CONFIRMED');
      expect(booking.soldBy.code).toBe('IP');
      expect(booking.passengers).toEqual(PASSENGERS);
      expect(booking.segments.map((segment) => segment.flightId)).toEqual(flightIds);
      for (const segment of booking.segments) {
        expect(segment.coupons).toHaveLength(SEATS);
      }
    },
    SCENARIO_TIMEOUT_MS,
  );

  it(
    'participant killed after voting yes learns the decision after restart',
    async () => {
      await cluster.stop(rc);
      rc = await restart(withCrashPoint(rcSpec, 'participant.after-vote'));
      await waitForFullMaps();
      const before = await inventories();

      const answer = attemptPurchase(ipGateway, tokens.participant, flightIds, newIdempotencyKey());
      expect(await exitOf(rc)).toBe('SIGKILL');
      const received = await answer;

      rc = await restart(rcSpec);

      const after = await waitUntilSettled('every airline to apply one decision after RC restarts');
      const soldNow = AIRLINES.map((code) => after[code].seatsSold - before[code].seatsSold);
      const committed = soldNow[0] === SEATS;
      expect(soldNow).toEqual(AIRLINES.map(() => (committed ? SEATS : 0)));

      await waitForFullMaps();
      const listing = await listBookings(tokens.participant);
      expect(listing.unreachableAirlines).toEqual([]);
      expect(listing.bookings.map((booking) => booking.status)).toEqual(
        committed ? ['CONFIRMED'] : [],
      );

      // A booking or a coded rejection is definite and must match what the airlines did. A lost
      // response only has to leave the airlines in agreement, which the checks above cover.
      if (received.kind === 'confirmed') {
        expect(committed).toBe(true);
        expect(received.response.booking.status).toBe('CONFIRMED');
        expect(listing.bookings[0]?.locator).toBe(received.response.booking.locator);
      } else if (received.kind === 'rejected') {
        expect(committed).toBe(false);
      }
    },
    SCENARIO_TIMEOUT_MS,
  );

  it(
    'a repeated idempotency key after a coordinator crash returns the settled outcome, never a second sale',
    async () => {
      const before = await settledEverywhere();

      const committed = await purchase(
        ipGateway,
        tokens.commit,
        flightIds,
        PASSENGERS,
        keys.commit,
      );
      const aborted = await ipGateway.error('bookings.purchase', {
        token: tokens.abort,
        idempotencyKey: keys.abort,
        flightIds,
        passengers: PASSENGERS,
      });

      expect(committed.replayed).toBe(true);
      expect(committed.booking.status).toBe('CONFIRMED');
      const listed = await listBookings(tokens.commit);
      expect(listed.bookings.map((booking) => booking.locator)).toEqual([
        committed.booking.locator,
      ]);
      // The aborted purchase settled as failed, so its replay returns that failure again.
      expect(aborted.code).toBe('PURCHASE_TIMED_OUT');
      expect((await listBookings(tokens.abort)).bookings).toEqual([]);
      const after = await settledEverywhere();
      for (const code of AIRLINES) {
        expect(after[code].seatsSold).toBe(before[code].seatsSold);
      }
    },
    SCENARIO_TIMEOUT_MS,
  );
});
