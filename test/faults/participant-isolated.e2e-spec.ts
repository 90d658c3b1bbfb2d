import { PORT_BLOCKS } from '../support/cluster';
import {
  type FaultTestNetwork,
  type FlightsByNode,
  attemptPurchase,
  emailOwnedBy,
  eventuallyRecord,
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
const PASSENGERS = ['Ana Lima'];
const SEATS = PASSENGERS.length;
const PREPARE_TIMEOUT_MS = 3_000;
/** Delay on JG→RC while the prepare travels, so the test sees RC prepared before its vote lands. */
const VOTE_DELAY_MS = 1_000;
/** A participant asks for the decision this long after the prepare deadline (protocol default). */
const DECISION_QUERY_GRACE_MS = 1_000;
const WAIT_MS = 20_000;

describe('participant cut off after preparing, before its vote arrives', () => {
  const flightIds = referenceFlightIds(tomorrow());
  let setup: FaultTestNetwork;
  let gateway: TestGatewayClient;
  let token: string;

  const nodes = () => AIRLINES.map((code) => setup.network.node(code));
  const flightsOf = (): FlightsByNode => nodes().map((node, index) => [node, flightIds[index]]);

  /** Starts a purchase on JG and returns once RC holds it prepared and its vote is on the way. */
  const purchaseUntilRcPrepared = async () => {
    const [, , rc] = nodes();
    setup.network.link('JG', 'RC').set({ mode: 'delay', ms: VOTE_DELAY_MS });
    const key = newIdempotencyKey();
    const answer = attemptPurchase(gateway, token, flightIds, PASSENGERS, key);
    const [txId] = await waitForInDoubt(rc, WAIT_MS);
    return { key, answer, txId };
  };

  beforeAll(async () => {
    setup = await startFaultTestNetwork(
      'faults-participant',
      PORT_BLOCKS.faultsParticipantIsolated,
      { INTERLINE_PREPARE_TIMEOUT_MS: String(PREPARE_TIMEOUT_MS) },
    );
    for (const node of setup.network.nodes) {
      await waitForReachability(node, AIRLINES, AIRLINES, WAIT_MS);
    }
    gateway = new TestGatewayClient(setup.network.node('JG').spec.tcpPort);
    token = await registerAndLogIn(gateway, emailOwnedBy('JG', AIRLINES, 'isolated.participant'));
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

  it('fully isolated participant stays in doubt until healed, then aborts', async () => {
    const [jg, ip, rc] = nodes();
    const flights = flightsOf();
    const before = await inventories(flights);

    const { key, answer, txId } = await purchaseUntilRcPrepared();
    // Every link of RC resets, the connection carrying its vote too.
    setup.network.isolate('RC', { mode: 'cut' });

    const received = await answer;
    expect(received.kind).toBe('rejected');
    const coordinated = await transactionRecord(jg, txId);
    expect(coordinated.coordinator?.phase).toBe('ABORTED');
    expect(coordinated.coordinator?.votes.RC).toBeUndefined();
    await eventuallyRecord(ip, txId, (record) => record.participant?.phase === 'ABORTED', WAIT_MS);

    // RC can ask neither the coordinator nor IP, so past its decision-query time it still
    // holds the seats it voted yes for.
    await sleep(PREPARE_TIMEOUT_MS + DECISION_QUERY_GRACE_MS);
    expect(await inDoubt(rc)).toEqual([txId]);
    expect((await inventory(rc, flightIds[2])).seatsHeld).toBe(SEATS);
    const stuck = await transactionRecord(rc, txId);
    expect(stuck.participant).toEqual({ phase: 'PREPARED', vote: 'YES' });

    setup.network.heal();

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
    expect((await transactionRecord(rc, txId)).participant?.phase).toBe('ABORTED');
  });

  it('participant cut off from the coordinator only aborts through a peer', async () => {
    const [jg, ip, rc] = nodes();
    const flights = flightsOf();
    const before = await inventories(flights);

    const { key, answer, txId } = await purchaseUntilRcPrepared();
    // JG and RC cannot reach each other; IP still reaches both.
    setup.network.oneWay('JG', 'RC', { mode: 'cut' });
    setup.network.oneWay('RC', 'JG', { mode: 'cut' });

    const received = await answer;
    expect(received.kind).toBe('rejected');
    await eventuallyRecord(ip, txId, (record) => record.participant?.phase === 'ABORTED', WAIT_MS);

    // Cooperative termination: RC fails to reach JG, asks IP, learns that IP aborted, and
    // releases its seats while the cut is still in place.
    const resolved = await eventuallyRecord(
      rc,
      txId,
      (record) => record.participant?.phase !== 'PREPARED',
      WAIT_MS,
    );
    expect(resolved.participant).toEqual({ phase: 'ABORTED', vote: 'YES' });
    expect(setup.network.link('RC', 'JG').current.mode).toBe('cut');
    expect((await inventory(rc, flightIds[2])).seatsHeld).toBe(0);

    setup.network.heal();

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
  });
});
