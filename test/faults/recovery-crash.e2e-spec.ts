import { PORT_BLOCKS } from '../support/cluster';
import {
  type FaultTestNetwork,
  type FlightsByNode,
  attemptPurchase,
  bookingByKey,
  emailOwnedBy,
  eventuallyRecord,
  expectCrashedAt,
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
  inDoubt,
  inventory,
  newIdempotencyKey,
  referenceFlightIds,
  registerAndLogIn,
  tomorrow,
} from '../support/purchase';

const AIRLINES = ['JG', 'IP', 'RC'];
const PASSENGERS = ['Gabriel Souto'];
const SEATS = PASSENGERS.length;
const PREPARE_TIMEOUT_MS = 1_500;
/**
 * Time for the restarted node to rejoin and for every decision to reach every participant.
 * Decisions are resent with a delay that doubles up to 10 s, so this leaves room for one
 * capped resend.
 */
const RECOVERY_WAIT_MS = 25_000;
const WAIT_MS = 20_000;
/**
 * Delay on JG→RC in the participant scenario: more than the 200 ms between RC's vote and its
 * crash, and small enough that the prepare and the vote cross it within the prepare timeout.
 */
const COMMIT_DELAY_MS = 400;

describe('node restarted in the middle of its recovery', () => {
  const flightIds = referenceFlightIds(tomorrow());
  let setup: FaultTestNetwork;
  let gateway: TestGatewayClient;
  let token: string;

  const nodes = () => AIRLINES.map((code) => setup.network.node(code));
  const flightsOf = (): FlightsByNode => nodes().map((node, index) => [node, flightIds[index]]);

  const reconnect = () => {
    gateway?.close();
    gateway = new TestGatewayClient(setup.network.node('JG').spec.tcpPort);
  };

  const waitForFullMaps = async () => {
    for (const node of setup.network.nodes) {
      await waitForReachability(node, AIRLINES, AIRLINES, WAIT_MS);
    }
  };

  beforeAll(async () => {
    setup = await startFaultTestNetwork('faults-recovery-crash', PORT_BLOCKS.faultsRecoveryCrash, {
      INTERLINE_PREPARE_TIMEOUT_MS: String(PREPARE_TIMEOUT_MS),
    });
    await waitForFullMaps();
    reconnect();
    token = await registerAndLogIn(gateway, emailOwnedBy('JG', AIRLINES, 'recovery.crash'));
  }, 60_000);

  afterAll(async () => {
    gateway?.close();
    await setup?.dispose();
  });

  it('coordinator crashing in recovery commits after restart', async () => {
    const { network } = setup;
    await network.restart('JG', {
      env: { INTERLINE_TEST_CRASH_POINTS: 'coordinator.after-decision' },
    });
    reconnect();
    await waitForFullMaps();
    const [, ip, rc] = nodes();
    const before = await inventories(flightsOf());

    const key = newIdempotencyKey();
    const answer = attemptPurchase(gateway, token, flightIds, PASSENGERS, key);
    const [txId] = await waitForInDoubt(ip, WAIT_MS);
    await expectCrashedAt(network.node('JG'), 'coordinator.after-decision');
    expect((await answer).kind).toBe('lost');

    // The commit is on JG's disk only. The recovery at start reloads it and stops the process
    // before resending it.
    const recovering = await network.restart('JG', {
      env: { INTERLINE_TEST_CRASH_POINTS: 'coordinator.during-recovery' },
      waitForStatus: false,
    });
    await expectCrashedAt(recovering, 'coordinator.during-recovery');
    for (const [node, flightId] of [
      [ip, flightIds[1]],
      [rc, flightIds[2]],
    ] as const) {
      expect(await inDoubt(node)).toEqual([txId]);
      expect((await inventory(node, flightId)).seatsHeld).toBe(SEATS);
    }

    await network.restart('JG');
    reconnect();

    await waitUntilSettled(flightsOf(), RECOVERY_WAIT_MS);
    const sold = await expectOutcomeEverywhere({
      answer: { kind: 'lost', error: 'the coordinator crashed before answering' },
      seller: network.node('JG'),
      idempotencyKey: key,
      flights: flightsOf(),
      soldBefore: before,
      seats: SEATS,
    });
    expect(sold).toBe(true);
    await eventuallyRecord(
      network.node('JG'),
      txId,
      (record) => record.coordinator?.completed === true,
      RECOVERY_WAIT_MS,
    );
    await waitForFullMaps();
    const replayed = await attemptPurchase(gateway, token, flightIds, PASSENGERS, key);
    expect(replayed.kind).toBe('confirmed');
  }, 90_000);

  it('participant crashing in recovery commits after restart', async () => {
    const { network } = setup;
    await network.restart('RC', {
      env: { INTERLINE_TEST_CRASH_POINTS: 'participant.after-vote' },
    });
    await waitForFullMaps();
    const [jg, ip] = nodes();
    const before = await inventories(flightsOf());

    // RC dies 200 ms after its yes vote. The delay lets the vote reach JG (the proxy holds it
    // when RC dies) and keeps the commit from reaching RC before it dies.
    network.link('JG', 'RC').set({ mode: 'delay', ms: COMMIT_DELAY_MS });
    const key = newIdempotencyKey();
    const received = await attemptPurchase(gateway, token, flightIds, PASSENGERS, key);
    expect(received.kind).toBe('confirmed');
    await expectCrashedAt(network.node('RC'), 'participant.after-vote');
    network.heal();
    const attempts = (await bookingByKey(jg, key)).txIds;
    const attempt = attempts[attempts.length - 1];
    const coordinated = await transactionRecord(jg, attempt);
    expect(coordinated.coordinator?.phase).toBe('COMMITTED');
    expect(coordinated.coordinator?.acknowledged).not.toContain('RC');
    expect((await transactionRecord(ip, attempt)).participant?.phase).toBe('COMMITTED');

    // RC restarts without knowing the commit. It stops as soon as it learns the decision, from
    // its own query or from the coordinator's resend, before writing it.
    const recovering = await network.restart('RC', {
      env: { INTERLINE_TEST_CRASH_POINTS: 'participant.during-recovery' },
      waitForStatus: false,
    });
    await expectCrashedAt(recovering, 'participant.during-recovery');

    const rc = await network.restart('RC');
    await waitUntilSettled(flightsOf(), RECOVERY_WAIT_MS);
    const sold = await expectOutcomeEverywhere({
      answer: received,
      seller: jg,
      idempotencyKey: key,
      flights: flightsOf(),
      soldBefore: before,
      seats: SEATS,
    });
    expect(sold).toBe(true);
    expect((await transactionRecord(rc, attempt)).participant).toEqual({
      phase: 'COMMITTED',
      vote: 'YES',
    });
  }, 90_000);
});
