import { PORT_BLOCKS } from '../support/cluster';
import {
  type FaultTestNetwork,
  type FlightsByNode,
  attemptPurchase,
  bookingByKey,
  emailOwnedBy,
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
const PASSENGERS = ['Elisa Prado', 'Fábio Prado'];
const SEATS = PASSENGERS.length;
const PREPARE_TIMEOUT_MS = 1_500;
/**
 * Time for the restarted nodes to rejoin and for every decision to reach every participant.
 * Decisions are resent with a delay that doubles up to 10 s, so this leaves room for one
 * capped resend.
 */
const RECOVERY_WAIT_MS = 25_000;
const WAIT_MS = 20_000;

describe('coordinator and a participant killed together at crash points', () => {
  const flightIds = referenceFlightIds(tomorrow());
  let setup: FaultTestNetwork;
  let gateway: TestGatewayClient;
  let token: string;

  const nodes = () => AIRLINES.map((code) => setup.network.node(code));
  const flightsOf = (): FlightsByNode => nodes().map((node, index) => [node, flightIds[index]]);

  /** Restarts JG and RC with the given crash points and reconnects the passenger to JG. */
  const armCrashPoints = async (coordinatorPoint: string, participantPoint: string) => {
    gateway?.close();
    await setup.network.restart('JG', { env: { INTERLINE_TEST_CRASH_POINTS: coordinatorPoint } });
    await setup.network.restart('RC', { env: { INTERLINE_TEST_CRASH_POINTS: participantPoint } });
    for (const node of setup.network.nodes) {
      await waitForReachability(node, AIRLINES, AIRLINES, WAIT_MS);
    }
    gateway = new TestGatewayClient(setup.network.node('JG').spec.tcpPort);
  };

  /** Starts JG and RC again without crash points and waits until the map is whole. */
  const restartClean = async () => {
    await setup.network.restart('JG');
    await setup.network.restart('RC');
    gateway.close();
    gateway = new TestGatewayClient(setup.network.node('JG').spec.tcpPort);
    for (const node of setup.network.nodes) {
      await waitForReachability(node, AIRLINES, AIRLINES, WAIT_MS);
    }
  };

  beforeAll(async () => {
    setup = await startFaultTestNetwork('faults-double-crash', PORT_BLOCKS.faultsDoubleCrash, {
      INTERLINE_PREPARE_TIMEOUT_MS: String(PREPARE_TIMEOUT_MS),
    });
    for (const node of setup.network.nodes) {
      await waitForReachability(node, AIRLINES, AIRLINES, WAIT_MS);
    }
    gateway = new TestGatewayClient(setup.network.node('JG').spec.tcpPort);
    token = await registerAndLogIn(gateway, emailOwnedBy('JG', AIRLINES, 'double.crash'));
  }, 60_000);

  afterAll(async () => {
    gateway?.close();
    await setup?.dispose();
  });

  it('commit reached one participant: all commit after both restart', async () => {
    await armCrashPoints('coordinator.after-first-decision-acknowledged', 'participant.after-vote');
    const [, ip] = nodes();
    const flights = flightsOf();
    const before = await inventories(flights);

    const key = newIdempotencyKey();
    const answer = attemptPurchase(gateway, token, flightIds, PASSENGERS, key);
    const [jgBeforeRestart, , rcBeforeRestart] = nodes();
    await expectCrashedAt(rcBeforeRestart, 'participant.after-vote');
    await expectCrashedAt(jgBeforeRestart, 'coordinator.after-first-decision-acknowledged');

    // IP is first in airline order, so it got the commit before JG died, while RC's yes vote is
    // on its disk with the seats held.
    const ipFlight = await inventory(ip, flightIds[1]);
    expect(ipFlight.seatsSold).toBe(before.IP.seatsSold + SEATS);
    expect(ipFlight.seatsHeld).toBe(0);
    expect(await inDoubt(ip)).toEqual([]);

    await restartClean();

    await waitUntilSettled(flightsOf(), RECOVERY_WAIT_MS);
    const sold = await expectOutcomeEverywhere({
      answer: await answer,
      seller: setup.network.node('JG'),
      idempotencyKey: key,
      flights: flightsOf(),
      soldBefore: before,
      seats: SEATS,
    });
    expect(sold).toBe(true);
    const [txId] = (await bookingByKey(setup.network.node('JG'), key)).txIds;
    const rcRecord = await transactionRecord(setup.network.node('RC'), txId);
    expect(rcRecord.participant).toEqual({ phase: 'COMMITTED', vote: 'YES' });

    // Whatever the first answer was, the same key now returns the confirmed booking.
    const replayed = await attemptPurchase(gateway, token, flightIds, PASSENGERS, key);
    expect(replayed.kind).toBe('confirmed');
    if (replayed.kind === 'confirmed') {
      expect(replayed.response.booking.status).toBe('CONFIRMED');
    }
  }, 90_000);

  it('vote lost and abort not written: all abort after both restart', async () => {
    await armCrashPoints('coordinator.before-decision', 'participant.after-prepare');
    const [, ip] = nodes();
    const flights = flightsOf();
    const before = await inventories(flights);

    const key = newIdempotencyKey();
    const answer = attemptPurchase(gateway, token, flightIds, PASSENGERS, key);
    const [txId] = await waitForInDoubt(ip, WAIT_MS);
    const [jgBeforeRestart, , rcBeforeRestart] = nodes();
    await expectCrashedAt(rcBeforeRestart, 'participant.after-prepare');
    await expectCrashedAt(jgBeforeRestart, 'coordinator.before-decision');
    expect((await answer).kind).toBe('lost');

    // IP voted yes and can reach neither the coordinator nor RC: its seats stay held.
    expect(await inDoubt(ip)).toEqual([txId]);
    expect((await inventory(ip, flightIds[1])).seatsHeld).toBe(SEATS);

    await restartClean();

    await waitUntilSettled(flightsOf(), RECOVERY_WAIT_MS);
    const sold = await expectOutcomeEverywhere({
      answer: { kind: 'lost', error: 'the coordinator crashed before answering' },
      seller: setup.network.node('JG'),
      idempotencyKey: key,
      flights: flightsOf(),
      soldBefore: before,
      seats: SEATS,
    });
    expect(sold).toBe(false);
    // RC prepared before it crashed, and it recovered to an abort.
    const rcRecord = await transactionRecord(setup.network.node('RC'), txId);
    expect(rcRecord.participant).toEqual({ phase: 'ABORTED', vote: 'YES' });

    const replayed = await attemptPurchase(gateway, token, flightIds, PASSENGERS, key);
    expect(replayed.kind).toBe('rejected');
  }, 90_000);
});
