import type { RunningNode } from '../../scripts/local-network';
import { PORT_BLOCKS, TEST_CLUSTER_KEY, eventually } from '../support/cluster';
import {
  type FaultTestNetwork,
  sleep,
  startFaultTestNetwork,
  waitForReachability,
} from '../support/faults';
import { expectSettled, inventory, referenceFlightIds, tomorrow } from '../support/purchase';
import { signedJson } from '../support/signing';

const AIRLINES = ['JG', 'IP', 'RC'];
const WAIT_MS = 20_000;
/**
 * How long the test waits, after a change has spread inside its group, before it checks that the
 * other group has not seen it: several hello intervals (200 ms), so a link the partition missed
 * would have carried it.
 */
const SPREAD_MS = 1_500;
/** Seats held during the partition on each side. */
const IP_SEATS_HELD = 3;
const JG_SEATS_HELD = 2;

type Summary = Record<string, number>;

interface AdvertisedFlight {
  id: string;
  seatsAvailable: number;
}

async function summaryOf(node: RunningNode): Promise<Summary> {
  const response = await signedJson<{ summary: Summary }>(
    TEST_CLUSTER_KEY,
    node.httpUrl,
    'GET',
    '/v1/link-state/summary',
  );
  return response.body.summary;
}

/** The flights of `origin` as `node`'s link-state map holds them, by id. */
async function advertisedFlights(
  node: RunningNode,
  origin: string,
): Promise<Map<string, AdvertisedFlight>> {
  const response = await signedJson<{ advertisements: Array<{ flights: AdvertisedFlight[] }> }>(
    TEST_CLUSTER_KEY,
    node.httpUrl,
    'GET',
    `/v1/link-state/database?origins=${origin}`,
  );
  return new Map(
    (response.body.advertisements[0]?.flights ?? []).map((flight) => [flight.id, flight]),
  );
}

async function holdSeats(node: RunningNode, flightId: string, seats: number): Promise<void> {
  const response = await signedJson(
    TEST_CLUSTER_KEY,
    node.httpUrl,
    'POST',
    '/v1/test-hooks/holds',
    {
      flightId,
      seats,
    },
  );
  expect(response.status).toBe(201);
}

/** Waits until `node`'s map shows `flightId` of `origin` with `seatsAvailable`. */
function waitForSeats(
  node: RunningNode,
  origin: string,
  flightId: string,
  seatsAvailable: number,
): Promise<true> {
  return eventually(
    async () =>
      (await advertisedFlights(node, origin)).get(flightId)?.seatsAvailable === seatsAvailable
        ? true
        : undefined,
    WAIT_MS,
    `${node.spec.code} to see ${seatsAvailable} seats on ${flightId}`,
  );
}

/** Returns the date `days` after today in Brasília time, as YYYYMMDD. */
function compactDateIn(days: number): string {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Sao_Paulo' }).format(
    new Date(),
  );
  const date = new Date(`${today}T12:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10).replaceAll('-', '');
}

describe('partition that splits link-state flooding, then heals', () => {
  const [jgFlight, ipFlight] = referenceFlightIds(tomorrow());
  /** A flight RC starts selling during the partition: one day past the three days seeded. */
  const newRcFlight = `RC9003-${compactDateIn(3)}`;
  let setup: FaultTestNetwork;

  beforeAll(async () => {
    setup = await startFaultTestNetwork('faults-flood', PORT_BLOCKS.faultsFloodPartition);
    for (const node of setup.network.nodes) {
      await waitForReachability(node, AIRLINES, AIRLINES, WAIT_MS);
    }
  }, 60_000);

  afterAll(async () => {
    await setup?.dispose();
  });

  it('split maps diverge, then converge after healing', async () => {
    const { network } = setup;
    const [jg, ip] = [network.node('JG'), network.node('IP')];
    const ipSeatsBefore = (await inventory(ip, ipFlight)).seatsAvailable;
    const jgSeatsBefore = (await inventory(jg, jgFlight)).seatsAvailable;

    network.partition([['JG'], ['IP', 'RC']], { mode: 'blackhole' });
    await waitForReachability(jg, AIRLINES, ['JG'], WAIT_MS);
    await waitForReachability(ip, AIRLINES, ['IP', 'RC'], WAIT_MS);
    await waitForReachability(network.node('RC'), AIRLINES, ['IP', 'RC'], WAIT_MS);

    // On the IP and RC side: a seat change on IP's flight, and a new day of flights on RC,
    // which restarts with one more seeded day and advertises them.
    await holdSeats(ip, ipFlight, IP_SEATS_HELD);
    await waitForSeats(network.node('RC'), 'IP', ipFlight, ipSeatsBefore - IP_SEATS_HELD);
    const rc = await network.restart('RC', { env: { INTERLINE_SEED_DAYS: '4' } });
    expect((await inventory(rc, newRcFlight)).seatsAvailable).toBeGreaterThan(0);
    await eventually(
      async () => ((await advertisedFlights(ip, 'RC')).has(newRcFlight) ? true : undefined),
      WAIT_MS,
      `IP to learn RC's new flight ${newRcFlight}`,
    );
    // On the JG side: a seat change on JG's flight.
    await holdSeats(jg, jgFlight, JG_SEATS_HELD);

    await sleep(SPREAD_MS);
    const jgViewOfIp = await advertisedFlights(jg, 'IP');
    expect(jgViewOfIp.get(ipFlight)?.seatsAvailable).toBe(ipSeatsBefore);
    expect((await advertisedFlights(jg, 'RC')).has(newRcFlight)).toBe(false);
    for (const node of [ip, rc]) {
      expect((await advertisedFlights(node, 'JG')).get(jgFlight)?.seatsAvailable).toBe(
        jgSeatsBefore,
      );
    }
    const jgSummary = await summaryOf(jg);
    const ipSummary = await summaryOf(ip);
    expect(jgSummary.IP).toBeLessThan(ipSummary.IP);
    expect(jgSummary.RC).toBeLessThan(ipSummary.RC);
    expect(ipSummary.JG).toBeLessThan(jgSummary.JG);

    network.heal();

    for (const node of network.nodes) {
      await waitForReachability(node, AIRLINES, AIRLINES, WAIT_MS);
    }
    // Every node holds the same sequence of every origin once hellos have repaired the maps.
    const converged = await eventually(
      async () => {
        const summaries = await Promise.all(network.nodes.map((node) => summaryOf(node)));
        const first = JSON.stringify(summaries[0]);
        return summaries.every((summary) => JSON.stringify(summary) === first)
          ? summaries[0]
          : undefined;
      },
      WAIT_MS,
      'every node to hold the same link-state sequences',
    );
    expect(Object.keys(converged).sort()).toEqual([...AIRLINES].sort());
    await waitForSeats(jg, 'IP', ipFlight, ipSeatsBefore - IP_SEATS_HELD);
    expect((await advertisedFlights(jg, 'RC')).has(newRcFlight)).toBe(true);
    for (const node of [ip, rc]) {
      await waitForSeats(node, 'JG', jgFlight, jgSeatsBefore - JG_SEATS_HELD);
    }

    // Releasing the test holds returns both flights to their seat counts, on every map.
    await holdSeats(ip, ipFlight, -IP_SEATS_HELD);
    await holdSeats(jg, jgFlight, -JG_SEATS_HELD);
    for (const node of network.nodes) {
      await waitForSeats(node, 'IP', ipFlight, ipSeatsBefore);
      await waitForSeats(node, 'JG', jgFlight, jgSeatsBefore);
    }
    await expectSettled(ip, ipFlight);
    await expectSettled(jg, jgFlight);
  });
});
