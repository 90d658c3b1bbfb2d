import type { RunningNode } from '../scripts/local-network';
import {
  PORT_BLOCKS,
  TEST_CLUSTER_KEY,
  TestCluster,
  eventually,
  getJson,
  readLog,
} from './support/cluster';
import { signedGetHeaders } from './support/signing';

interface Status {
  airline: { code: string; name: string };
  storage: { status: string; schemaVersion: number };
  flightsStored: number;
  peers: Array<{ url: string; airline: string | null; state: string }>;
}

describe('three-node local network', () => {
  const cluster = TestCluster.create('launch');
  let nodes: RunningNode[];

  beforeAll(async () => {
    nodes = await cluster.start(cluster.plan(PORT_BLOCKS.launch));
  });

  afterAll(async () => {
    await cluster.dispose();
  });

  it('every node reports its airline and healthy storage', async () => {
    for (const node of nodes) {
      const { status, body } = await getJson<Status>(`${node.httpUrl}/status`);
      expect(status).toBe(200);
      expect(body.airline.code).toBe(node.spec.code);
      expect(body.storage.status).toBe('ok');
      expect(body.storage.schemaVersion).toBeGreaterThanOrEqual(1);
      expect(body.flightsStored).toBeGreaterThan(0);
    }
  });

  it('every node sees both peers reachable', async () => {
    for (const node of nodes) {
      const peers = await eventually(
        async () => {
          const { body } = await getJson<Status>(`${node.httpUrl}/status`);
          return body.peers.every((peer) => peer.state === 'reachable') ? body.peers : undefined;
        },
        10_000,
        `${node.spec.code} to reach its peers`,
      );
      const expected = nodes
        .filter((other) => other !== node)
        .map((other) => other.spec.code)
        .sort();
      expect(peers.map((peer) => peer.airline).sort()).toEqual(expected);
    }
  });

  it('root endpoint names the gateway', async () => {
    const { body } = await getJson<{ airline: { code: string }; gateway: { port: number } }>(
      `${nodes[0].httpUrl}/`,
    );
    expect(body.airline.code).toBe('JG');
    expect(body.gateway.port).toBe(PORT_BLOCKS.launch.tcp);
  });

  it('docs-json lists every endpoint', async () => {
    const { status, body } = await getJson<{
      paths: Record<string, unknown>;
      components: { schemas: Record<string, unknown> };
    }>(`${nodes[0].httpUrl}/docs-json`);
    expect(status).toBe(200);
    for (const path of ['/', '/status', '/metrics', '/v1/identity', '/v1/flights']) {
      expect(Object.keys(body.paths)).toContain(path);
    }
    expect(Object.keys(body.components.schemas)).toEqual(
      expect.arrayContaining(['NodeStatusDto', 'FlightsResponseDto']),
    );
  });

  it('docs serves the Swagger UI page', async () => {
    const response = await fetch(`${nodes[0].httpUrl}/docs`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('swagger-ui');
  });

  it('metrics are in Prometheus text format', async () => {
    await fetch(`${nodes[0].httpUrl}/status`);
    const response = await fetch(`${nodes[0].httpUrl}/metrics`);
    const text = await response.text();
    expect(response.headers.get('content-type')).toContain('text/plain');
    expect(text).toMatch(
      /^interline_http_requests_total\{method="GET",route="\/status",status_code="200"\} \d+$/m,
    );
    expect(text).toContain('interline_http_request_duration_seconds_bucket');
    expect(text).toMatch(/^interline_link_state_airline_reachable\{airline="IP"\} 1$/m);
    expect(text).toMatch(/^interline_link_state_events_total\{event="floodsSent"\} [1-9]\d*$/m);
  });

  describe('inter-node signature', () => {
    const path = () => `/v1/flights?date=${new Date().toISOString().slice(0, 10)}`;

    it('unsigned request gets 401 and a log line', async () => {
      const { status, body } = await getJson<{ code: string; message: string }>(
        `${nodes[1].httpUrl}${path()}`,
      );
      expect(status).toBe(401);
      expect(body.code).toBe('CLUSTER_AUTH_FAILED');
      expect(body.message).toContain('missing_headers');
      await eventually(
        async () => (readLog(nodes[1]).includes('"reason":"missing_headers"') ? true : undefined),
        3_000,
        'the rejection log line',
      );
    });

    it('signature with another key gets 401', async () => {
      const headers = signedGetHeaders('some-other-cluster-key-0123456789abcdef', path());
      const { status, body } = await getJson<{ message: string }>(`${nodes[1].httpUrl}${path()}`, {
        headers,
      });
      expect(status).toBe(401);
      expect(body.message).toContain('bad_signature');
    });

    it('signature over another path gets 401', async () => {
      const headers = signedGetHeaders(TEST_CLUSTER_KEY, '/v1/flights?date=2030-01-01');
      const { status } = await getJson(`${nodes[1].httpUrl}${path()}`, { headers });
      expect(status).toBe(401);
    });

    it('stale timestamp gets 401', async () => {
      const headers = signedGetHeaders(TEST_CLUSTER_KEY, path(), Date.now() - 60_000);
      const { status, body } = await getJson<{ message: string }>(`${nodes[1].httpUrl}${path()}`, {
        headers,
      });
      expect(status).toBe(401);
      expect(body.message).toContain('stale_timestamp');
    });

    it('valid signature is accepted once', async () => {
      const headers = signedGetHeaders(TEST_CLUSTER_KEY, path());
      const first = await getJson<{ airline: { code: string }; flights: unknown[] }>(
        `${nodes[1].httpUrl}${path()}`,
        { headers },
      );
      expect(first.status).toBe(200);
      expect(first.body.airline.code).toBe('IP');
      expect(first.body.flights.length).toBeGreaterThan(0);

      const replay = await getJson<{ message: string }>(`${nodes[1].httpUrl}${path()}`, {
        headers,
      });
      expect(replay.status).toBe(401);
      expect(replay.body.message).toContain('replayed_nonce');
    });

    it('rejections are counted in metrics', async () => {
      const text = await (await fetch(`${nodes[1].httpUrl}/metrics`)).text();
      expect(text).toMatch(
        /^interline_cluster_auth_rejections_total\{reason="bad_signature"\} [1-9]\d*$/m,
      );
      expect(text).toMatch(
        /^interline_http_requests_total\{method="GET",route="\/v1\/flights",status_code="401"\} [1-9]\d*$/m,
      );
    });
  });
});
