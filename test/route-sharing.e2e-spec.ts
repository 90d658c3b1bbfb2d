import type { SearchItinerariesResponse } from '@interline/contracts';

import type { NodeSpec, RunningNode } from '../scripts/local-network';
import { PORT_BLOCKS, TEST_CLUSTER_KEY, TestCluster, eventually, getJson } from './support/cluster';
import { TestGatewayClient } from './support/gateway-client';
import { signedJson } from './support/signing';

interface Status {
  peers: Array<{ url: string; airline: string | null; state: string }>;
  airlines: Array<{ code: string; sequence: number; reachable: boolean }>;
}

const DEAD_INTERVAL_MS = 1_000;

/** Tomorrow in Brasília time, so the morning reference legs have not departed yet. */
function tomorrow(): string {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Sao_Paulo' }).format(
    new Date(),
  );
  const date = new Date(`${today}T12:00:00Z`);
  date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString().slice(0, 10);
}

async function status(node: RunningNode): Promise<Status> {
  return (await getJson<Status>(`${node.httpUrl}/status`)).body;
}

async function airlineState(
  node: RunningNode,
  code: string,
): Promise<Status['airlines'][number] | undefined> {
  return (await status(node)).airlines.find((airline) => airline.code === code);
}

function referenceItinerary(response: SearchItinerariesResponse) {
  return response.itineraries.find(
    (itinerary) =>
      itinerary.legs.map((leg) => `${leg.airline.code}${leg.flightNumber}`).join(' ') ===
      'JG9001 IP9002 RC9003',
  );
}

describe('route sharing across three nodes', () => {
  const cluster = TestCluster.create('routes');
  let jg: RunningNode;
  let ip: RunningNode;
  let rc: RunningNode;
  let rcSpec: NodeSpec;
  let ipGateway: TestGatewayClient;
  const date = tomorrow();

  const search = () =>
    ipGateway.send<SearchItinerariesResponse>('itineraries.search', {
      origin: 'SSA',
      destination: 'BEL',
      date,
      passengers: 2,
    });

  beforeAll(async () => {
    const [jgSpec, ipSpec, plannedRc] = cluster.plan(PORT_BLOCKS.routes);
    // JG and IP know each other; RC joins later knowing only JG, so IP learns RC through JG.
    jgSpec.peers = [`http://127.0.0.1:${ipSpec.httpPort}`];
    ipSpec.peers = [`http://127.0.0.1:${jgSpec.httpPort}`];
    rcSpec = { ...plannedRc, peers: [`http://127.0.0.1:${jgSpec.httpPort}`] };
    [jg, ip] = await cluster.start([jgSpec, ipSpec]);
    ipGateway = new TestGatewayClient(ipSpec.tcpPort);
  });

  afterAll(async () => {
    ipGateway.close();
    await cluster.dispose();
  });

  it('late node with one seed converges', async () => {
    [rc] = await cluster.start([rcSpec]);
    for (const node of [jg, ip, rc]) {
      const airlines = await eventually(
        async () => {
          const { airlines } = await status(node);
          return airlines.length === 3 && airlines.every((airline) => airline.reachable)
            ? airlines
            : undefined;
        },
        10_000,
        `${node.spec.code} to hold all three airlines reachable`,
      );
      expect(airlines.map((airline) => airline.code).sort()).toEqual(['IP', 'JG', 'RC']);
    }
    const sequences = await eventually(
      async () => {
        const views = await Promise.all(
          [jg, ip, rc].map(async (node) =>
            JSON.stringify(
              (await status(node)).airlines.map((airline) => [airline.code, airline.sequence]),
            ),
          ),
        );
        return new Set(views).size === 1 ? views[0] : undefined;
      },
      10_000,
      'identical sequence numbers on every node',
    );
    expect(sequences).toContain('RC');
    const jgPeers = (await status(jg)).peers;
    expect(jgPeers.find((peer) => peer.airline === 'RC')?.state).toBe('reachable');
  });

  it('search finds the reference itinerary', async () => {
    const response = await search();
    const reference = referenceItinerary(response);
    expect(reference).toBeDefined();
    expect(reference?.sellable).toBe(true);
    expect(reference?.legs.map((leg) => leg.origin)).toEqual(['SSA', 'FOR', 'CWB']);
    expect(reference?.legs.at(-1)?.destination).toBe('BEL');
    expect(reference?.totalFareCents).toBe((reference?.fareCentsPerPassenger ?? 0) * 2);
    expect(response.timetableEndsOn).not.toBeNull();
    expect(response.timetableEndsOn! >= date).toBe(true);
    expect(reference?.layoverMinutes.every((minutes) => minutes >= 45)).toBe(true);
    expect(
      response.itineraries.every(
        (itinerary, index, all) => index === 0 || all[index - 1].arrivalAt <= itinerary.arrivalAt,
      ),
    ).toBe(true);
  });

  it('search rejects bad queries clearly', async () => {
    const unknown = await ipGateway.error('itineraries.search', {
      origin: 'XXX',
      destination: 'BEL',
      date,
      passengers: 1,
      lang: 'en',
    });
    expect(unknown.code).toBe('AIRPORT_NOT_FOUND');
    expect(unknown.message).toContain('XXX');
    const same = await ipGateway.error('itineraries.search', {
      origin: 'BEL',
      destination: 'BEL',
      date,
      passengers: 1,
    });
    expect(same.code).toBe('SAME_ORIGIN_AND_DESTINATION');
    const past = await ipGateway.error('itineraries.search', {
      origin: 'SSA',
      destination: 'BEL',
      date: '2020-01-01',
      passengers: 1,
    });
    expect(past.code).toBe('DATE_OUT_OF_RANGE');
    const crowd = await ipGateway.error('itineraries.search', {
      origin: 'SSA',
      destination: 'BEL',
      date,
      passengers: 10,
    });
    expect(crowd.code).toBe('INVALID_REQUEST');
    expect(crowd.violations?.[0].field).toBe('passengers');
  });

  it('seat change reaches every node', async () => {
    const flightId = `JG9001-${date.replaceAll('-', '')}`;
    const hold = await signedJson<{ seatsAvailable: number }>(
      TEST_CLUSTER_KEY,
      jg.httpUrl,
      'POST',
      '/v1/test-hooks/holds',
      { flightId, seats: 3 },
    );
    expect(hold.status).toBe(201);
    expect(hold.body.seatsAvailable).toBe(97);
    for (const node of [ip, rc]) {
      await eventually(
        async () => {
          const { body } = await signedJson<{
            advertisements: Array<{ flights: Array<{ id: string; seatsAvailable: number }> }>;
          }>(TEST_CLUSTER_KEY, node.httpUrl, 'GET', '/v1/link-state/database?origins=JG');
          const flight = body.advertisements[0]?.flights.find(
            (candidate) => candidate.id === flightId,
          );
          return flight?.seatsAvailable === 97 ? true : undefined;
        },
        5_000,
        `${node.spec.code} to see 97 seats on ${flightId}`,
      );
    }
    const reference = referenceItinerary(await search());
    expect(reference?.legs[0].seatsAvailable).toBe(97);
  });

  it('malformed flood is rejected and not stored', async () => {
    const before = (await status(ip)).airlines;
    const bad = await signedJson<{ code: string; message: string }>(
      TEST_CLUSTER_KEY,
      ip.httpUrl,
      'POST',
      '/v1/link-state/flood',
      {
        from: 'RC',
        advertisements: [
          {
            origin: 'RC',
            sequence: 999_999,
            airlineName: 'RC',
            nodeUrl: 'not a url',
            neighbors: [],
            flights: [{ id: 'x' }],
          },
        ],
        updates: [],
      },
    );
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('INVALID_LINK_STATE_MESSAGE');
    const unsigned = await fetch(`${ip.httpUrl}/v1/link-state/flood`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(unsigned.status).toBe(401);
    expect((await status(ip)).airlines.find((airline) => airline.code === 'RC')?.sequence).toBe(
      before.find((airline) => airline.code === 'RC')?.sequence,
    );
  });

  it('killed airline becomes unreachable', async () => {
    const killedAt = Date.now();
    rc.process.kill('SIGKILL');
    await rc.exited;
    for (const node of [jg, ip]) {
      await eventually(
        async () => ((await airlineState(node, 'RC'))?.reachable === false ? true : undefined),
        DEAD_INTERVAL_MS * 6,
        `${node.spec.code} to mark RC unreachable`,
      );
    }
    expect(Date.now() - killedAt).toBeLessThan(DEAD_INTERVAL_MS * 6);
    const reference = referenceItinerary(await search());
    expect(reference?.sellable).toBe(false);
    expect(reference?.legs.map((leg) => leg.sellable)).toEqual([true, true, false]);
  });

  it('restarted airline is sellable again', async () => {
    const before = (await airlineState(ip, 'RC'))?.sequence ?? 0;
    [rc] = await cluster.start([rcSpec]);
    // Reachability may return a moment before RC's new advertisement arrives, because RC's old
    // one still lists JG; so wait for both.
    for (const node of [jg, ip]) {
      const state = await eventually(
        async () => {
          const rcState = await airlineState(node, 'RC');
          return rcState?.reachable && rcState.sequence > before ? rcState : undefined;
        },
        10_000,
        `${node.spec.code} to mark RC reachable with a newer advertisement`,
      );
      expect(state.sequence).toBeGreaterThan(before);
    }
    const reference = await eventually(
      async () => {
        const candidate = referenceItinerary(await search());
        return candidate?.sellable ? candidate : undefined;
      },
      5_000,
      'the reference itinerary to be sellable',
    );
    expect(reference.legs.every((leg) => leg.sellable)).toBe(true);
  });
});
