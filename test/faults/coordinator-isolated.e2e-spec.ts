import type { RunningNode } from '../../scripts/local-network';
import { PORT_BLOCKS } from '../support/cluster';
import {
  type FaultTestNetwork,
  type FlightsByNode,
  attemptPurchase,
  bookingByKey,
  emailOwnedBy,
  expectOutcomeEverywhere,
  inventories,
  sleep,
  startFaultTestNetwork,
  transactionRecord,
  waitForInDoubt,
  waitForReachability,
  waitUntilSettled,
} from '../support/faults';
import { TestGatewayClient } from '../support/gateway-client';
import {
  inDoubt,
  inventory,
  newIdempotencyKey,
  referenceFlightIds,
  registerAndLogIn,
  tomorrow,
} from '../support/purchase';

const AIRLINES = ['JG', 'IP', 'RC'];
const PASSENGERS = ['Maria Souza', 'João Souza'];
const SEATS = PASSENGERS.length;
/** Long enough for a prepare and its vote to cross a link delayed by `VOTE_DELAY_MS` each way. */
const PREPARE_TIMEOUT_MS = 3_000;
/**
 * Delay on the coordinator's links while the prepares travel. The votes wait this long in the
 * proxies, which is the window in which the test sees the participants prepared and isolates
 * the coordinator before the votes arrive.
 */
const VOTE_DELAY_MS = 1_000;
/** A participant asks for the decision this long after the prepare deadline (protocol default). */
const DECISION_QUERY_GRACE_MS = 1_000;
/** Bound of every wait for a state to appear or to settle. */
const WAIT_MS = 20_000;

describe('coordinator isolated after the prepares (blackhole)', () => {
  const flightIds = referenceFlightIds(tomorrow());
  let setup: FaultTestNetwork;
  let gateway: TestGatewayClient;
  let token: string;

  beforeAll(async () => {
    setup = await startFaultTestNetwork(
      'faults-coordinator',
      PORT_BLOCKS.faultsCoordinatorIsolated,
      {
        INTERLINE_PREPARE_TIMEOUT_MS: String(PREPARE_TIMEOUT_MS),
      },
    );
    for (const node of setup.network.nodes) {
      await waitForReachability(node, AIRLINES, AIRLINES, WAIT_MS);
    }
    gateway = new TestGatewayClient(setup.network.node('JG').spec.tcpPort);
    token = await registerAndLogIn(gateway, emailOwnedBy('JG', AIRLINES, 'isolated.coordinator'));
  }, 60_000);

  afterAll(async () => {
    gateway?.close();
    await setup?.dispose();
  });

  it('participants keep their holds until healed, then abort', async () => {
    const { network } = setup;
    const [jg, ip, rc] = AIRLINES.map((code) => network.node(code));
    const flights: FlightsByNode = [
      [jg, flightIds[0]],
      [ip, flightIds[1]],
      [rc, flightIds[2]],
    ];
    const before = await inventories(flights);

    // The prepares reach IP and RC; their votes are held in the proxies when the coordinator
    // is cut off, and the blackhole drops them.
    network.link('JG', 'IP').set({ mode: 'delay', ms: VOTE_DELAY_MS });
    network.link('JG', 'RC').set({ mode: 'delay', ms: VOTE_DELAY_MS });
    const key = newIdempotencyKey();
    const answer = attemptPurchase(gateway, token, flightIds, PASSENGERS, key);
    // Both polled at once, because the window before the votes land is one link delay.
    const [[txId], rcInDoubt] = await Promise.all([
      waitForInDoubt(ip, WAIT_MS),
      waitForInDoubt(rc, WAIT_MS),
    ]);
    expect(rcInDoubt).toEqual([txId]);
    network.isolate('JG', { mode: 'blackhole' });

    // JG hears no vote, aborts at the deadline, and its retry finds IP and RC unreachable.
    const received = await answer;
    expect(received.kind).toBe('rejected');
    const coordinated = await transactionRecord(jg, txId);
    expect(coordinated.coordinator?.phase).toBe('ABORTED');
    expect(coordinated.coordinator?.votes).toEqual({ JG: 'YES' });

    // Past the participants' decision-query time, IP and RC still hold the seats: each asked
    // the other, both are prepared, and only the coordinator can decide.
    await sleep(DECISION_QUERY_GRACE_MS + 1_000);
    for (const [node, flightId] of [
      [ip, flightIds[1]],
      [rc, flightIds[2]],
    ] as Array<[RunningNode, string]>) {
      expect(await inDoubt(node)).toEqual([txId]);
      expect((await inventory(node, flightId)).seatsHeld).toBe(SEATS);
      expect((await transactionRecord(node, txId)).participant?.phase).toBe('PREPARED');
    }

    network.heal();

    await waitUntilSettled(flights, WAIT_MS);
    const sold = await expectOutcomeEverywhere({
      answer: received,
      seller: jg,
      idempotencyKey: key,
      flights,
      soldBefore: before,
      seats: SEATS,
    });
    expect(sold).toBe(false);
    expect((await bookingByKey(jg, key)).txIds[0]).toBe(txId);

    // The same key repeats the failure and sells nothing more.
    const replayed = await attemptPurchase(gateway, token, flightIds, PASSENGERS, key);
    expect(replayed.kind).toBe('rejected');
    const settled = await waitUntilSettled(flights, WAIT_MS);
    for (const code of AIRLINES) {
      expect(settled[code].seatsSold).toBe(before[code].seatsSold);
    }
  });
});
