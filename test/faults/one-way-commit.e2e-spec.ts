import { PORT_BLOCKS } from '../support/cluster';
import {
  type FaultTestNetwork,
  type FlightsByNode,
  attemptPurchase,
  emailOwnedBy,
  eventuallyRecord,
  expectOutcomeEverywhere,
  inventories,
  startFaultTestNetwork,
  transactionRecord,
  waitForInDoubt,
  waitForReachability,
  waitUntilSettled,
} from '../support/faults';
import { TestGatewayClient } from '../support/gateway-client';
import {
  inventory,
  newIdempotencyKey,
  referenceFlightIds,
  registerAndLogIn,
  tomorrow,
} from '../support/purchase';

const AIRLINES = ['JG', 'IP', 'RC'];
const PASSENGERS = ['Bruno Dias', 'Carla Dias'];
const SEATS = PASSENGERS.length;
const PREPARE_TIMEOUT_MS = 3_000;
/**
 * Delay on JG→IP, so IP's vote is the last to arrive: RC has voted and the coordinator has not
 * decided yet while the test cuts JG→RC.
 */
const VOTE_DELAY_MS = 800;
const WAIT_MS = 20_000;

describe('one-way partition of the commit (coordinator to participant cut)', () => {
  const flightIds = referenceFlightIds(tomorrow());
  let setup: FaultTestNetwork;
  let gateway: TestGatewayClient;
  let token: string;

  beforeAll(async () => {
    setup = await startFaultTestNetwork('faults-one-way', PORT_BLOCKS.faultsOneWayCommit, {
      INTERLINE_PREPARE_TIMEOUT_MS: String(PREPARE_TIMEOUT_MS),
    });
    for (const node of setup.network.nodes) {
      await waitForReachability(node, AIRLINES, AIRLINES, WAIT_MS);
    }
    gateway = new TestGatewayClient(setup.network.node('JG').spec.tcpPort);
    token = await registerAndLogIn(gateway, emailOwnedBy('JG', AIRLINES, 'one.way'));
  }, 60_000);

  afterAll(async () => {
    gateway?.close();
    await setup?.dispose();
  });

  it('commit learnt by query despite the one-way cut', async () => {
    const { network } = setup;
    const [jg, ip, rc] = AIRLINES.map((code) => network.node(code));
    const flights: FlightsByNode = [
      [jg, flightIds[0]],
      [ip, flightIds[1]],
      [rc, flightIds[2]],
    ];
    const before = await inventories(flights);

    network.link('JG', 'IP').set({ mode: 'delay', ms: VOTE_DELAY_MS });
    const key = newIdempotencyKey();
    const answer = attemptPurchase(gateway, token, flightIds, PASSENGERS, key);
    const [txId] = await waitForInDoubt(rc, WAIT_MS);
    const voted = await eventuallyRecord(
      jg,
      txId,
      (record) => record.coordinator?.votes.RC === 'YES',
      WAIT_MS,
    );
    expect(voted.coordinator?.phase).toBe('PREPARING');

    // Requests from JG to RC now reset; RC still reaches JG.
    network.oneWay('JG', 'RC', { mode: 'cut' });

    const received = await answer;
    expect(received.kind).toBe('confirmed');
    const decided = await transactionRecord(jg, txId);
    expect(decided.coordinator?.phase).toBe('COMMITTED');
    expect(decided.coordinator?.acknowledged).not.toContain('RC');

    // RC asks JG for the decision after the prepare deadline and commits, with the cut in place.
    const committed = await eventuallyRecord(
      rc,
      txId,
      (record) => record.participant?.phase !== 'PREPARED',
      WAIT_MS,
    );
    expect(committed.participant?.phase).toBe('COMMITTED');
    const rcFlight = await inventory(rc, flightIds[2]);
    expect(rcFlight.seatsSold).toBe(before.RC.seatsSold + SEATS);
    expect(rcFlight.couponsOpen).toBe(rcFlight.seatsSold);
    const unacknowledged = await transactionRecord(jg, txId);
    expect(unacknowledged.coordinator?.completed).toBe(false);
    expect(unacknowledged.coordinator?.acknowledged).not.toContain('RC');

    network.heal();

    // The coordinator's resend now reaches RC, which acknowledges its commit again.
    const completed = await eventuallyRecord(
      jg,
      txId,
      (record) => record.coordinator?.completed === true,
      WAIT_MS,
    );
    expect(completed.coordinator?.acknowledged).toEqual(['IP', 'JG', 'RC']);
    await waitUntilSettled(flights, WAIT_MS);
    const sold = await expectOutcomeEverywhere({
      answer: received,
      seller: jg,
      idempotencyKey: key,
      flights,
      soldBefore: before,
      seats: SEATS,
    });
    expect(sold).toBe(true);
  });
});
