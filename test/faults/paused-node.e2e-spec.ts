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
const PASSENGERS = ['Davi Rocha'];
const SEATS = PASSENGERS.length;
const PREPARE_TIMEOUT_MS = 3_000;
/** Delay on the coordinator's links, so the votes are still on their way when JG is paused. */
const VOTE_DELAY_MS = 800;
/** A participant asks for the decision this long after the prepare deadline (protocol default). */
const DECISION_QUERY_GRACE_MS = 1_000;
/**
 * How long a node stays stopped: past the prepare deadline, the dead interval (1 s), the
 * participants' first decision queries and the 2 s timeout of those queries.
 */
const PAUSE_MS = PREPARE_TIMEOUT_MS + DECISION_QUERY_GRACE_MS + 2_500;
const WAIT_MS = 20_000;

describe('node stopped with SIGSTOP past every timeout, then resumed', () => {
  const flightIds = referenceFlightIds(tomorrow());
  let setup: FaultTestNetwork;
  let gateway: TestGatewayClient;
  let token: string;

  const nodes = () => AIRLINES.map((code) => setup.network.node(code));
  const flightsOf = (): FlightsByNode => nodes().map((node, index) => [node, flightIds[index]]);

  beforeAll(async () => {
    setup = await startFaultTestNetwork('faults-paused', PORT_BLOCKS.faultsPaused, {
      INTERLINE_PREPARE_TIMEOUT_MS: String(PREPARE_TIMEOUT_MS),
    });
    for (const node of setup.network.nodes) {
      await waitForReachability(node, AIRLINES, AIRLINES, WAIT_MS);
    }
    gateway = new TestGatewayClient(setup.network.node('JG').spec.tcpPort);
    token = await registerAndLogIn(gateway, emailOwnedBy('JG', AIRLINES, 'paused'));
  }, 60_000);

  afterAll(async () => {
    gateway?.close();
    await setup?.dispose();
  });

  afterEach(async () => {
    setup.network.heal();
    for (const node of setup.network.nodes) {
      await waitForReachability(node, AIRLINES, AIRLINES, WAIT_MS);
    }
  });

  it('paused participant never votes yes on a prepare past its deadline', async () => {
    const { network } = setup;
    const [jg, , rc] = nodes();
    const flights = flightsOf();
    const before = await inventories(flights);

    // The prepare reaches RC's socket while RC is stopped and is read only after its deadline.
    network.pause('RC');
    const key = newIdempotencyKey();
    const received = await attemptPurchase(gateway, token, flightIds, PASSENGERS, key);
    expect(received.kind).toBe('rejected');
    const booking = await bookingByKey(jg, key);
    expect(booking.status).toBe('FAILED');
    const [firstAttempt] = booking.txIds;
    expect((await transactionRecord(jg, firstAttempt)).coordinator?.votes.RC).toBeUndefined();

    await sleep(PAUSE_MS - PREPARE_TIMEOUT_MS);
    network.resume('RC');

    await waitForReachability(jg, AIRLINES, AIRLINES, WAIT_MS);
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
    // Whatever RC read after resuming (the stale prepare, the abort, or both), it never held
    // seats for an attempt its coordinator had already given up.
    for (const txId of booking.txIds) {
      const record = await transactionRecord(rc, txId);
      expect({ txId, vote: record.participant?.vote }).not.toEqual({ txId, vote: 'YES' });
    }
  });

  it('paused coordinator with votes in flight: every node applies one decision', async () => {
    const { network } = setup;
    const [jg, ip, rc] = nodes();
    const flights = flightsOf();
    const before = await inventories(flights);

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
    network.pause('JG');

    // The votes wait in JG's socket buffers. IP and RC cannot learn a decision from the stopped
    // coordinator or from each other, so they keep the seats.
    await sleep(PAUSE_MS);
    for (const [node, flightId] of [
      [ip, flightIds[1]],
      [rc, flightIds[2]],
    ] as const) {
      expect(await inDoubt(node)).toEqual([txId]);
      expect((await inventory(node, flightId)).seatsHeld).toBe(SEATS);
    }

    network.heal();
    network.resume('JG');

    // On waking, JG finds its prepare deadline passed and the votes in its buffers; either
    // decision is correct as long as every node applies the same one and the passenger's answer
    // agrees with it.
    const received = await answer;
    expect(received.kind).not.toBe('lost');
    await waitUntilSettled(flights, WAIT_MS);
    await expectOutcomeEverywhere({
      answer: received,
      seller: jg,
      idempotencyKey: key,
      flights,
      soldBefore: before,
      seats: SEATS,
    });
  });
});
