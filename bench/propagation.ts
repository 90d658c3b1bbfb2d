import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';

import { signRequest } from '../apps/airline/src/cluster-auth/request-signature';
import {
  DEMO_NODES,
  LOOPBACK,
  type NodeSpec,
  type RunningNode,
  startNode,
  stopNode,
  waitForStatus,
} from '../scripts/local-network';
import { percentile } from './statistics';

/**
 * Measures how long a seat change on one airline takes to be stored by every other node, on
 * real node processes over loopback. Each sample holds one seat through the test hook on the
 * first node, then reads every node's `/status` for when it stored the change (all processes
 * share this machine's clock). Topology: a ring where each node also peers with the node two
 * steps ahead, so with 10 nodes most pairs are not direct neighbours and floods take several hops.
 */

const CLUSTER_KEY = 'bench-propagation-key-0123456789abcdef0123';
const HTTP_PORT_BASE = Number(process.env.BENCH_HTTP_PORT ?? 27_611);
const TCP_PORT_BASE = Number(process.env.BENCH_TCP_PORT ?? 27_711);
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 60);
const SAMPLE_TIMEOUT_MS = 5_000;
const PAUSE_BETWEEN_SAMPLES_MS = 120;

interface Status {
  airlines: Array<{ code: string; sequence: number; reachable: boolean; storedAt: string | null }>;
}

function planRing(count: number, root: string): NodeSpec[] {
  const codes = [
    ...DEMO_NODES.map((node) => node.code),
    'B1',
    'B2',
    'B3',
    'B4',
    'B5',
    'B6',
    'B7',
  ].slice(0, count);
  const url = (index: number) => `http://${LOOPBACK}:${HTTP_PORT_BASE + (index % count)}`;
  return codes.map((code, index) => ({
    code,
    name: `Bench ${code}`,
    httpPort: HTTP_PORT_BASE + index,
    tcpPort: TCP_PORT_BASE + index,
    dataDir: join(root, code.toLowerCase()),
    peers:
      count <= 3
        ? codes.map((_, other) => url(other)).filter((_, other) => other !== index)
        : [url(index + 1), url(index + 2)],
    clusterKey: CLUSTER_KEY,
    env: {
      INTERLINE_LOG_LEVEL: 'warn',
      INTERLINE_SEED_DAYS: '2',
      INTERLINE_TEST_HOOKS: 'true',
      INTERLINE_SEED_DEMO: index === 0 ? 'true' : 'false',
    },
  }));
}

async function status(node: RunningNode): Promise<Status> {
  const response = await fetch(`${node.httpUrl}/status`);
  return (await response.json()) as Status;
}

async function hold(node: RunningNode, flightId: string, seats: number): Promise<void> {
  const path = '/v1/test-hooks/holds';
  const body = JSON.stringify({ flightId, seats });
  const headers = {
    'content-type': 'application/json',
    ...signRequest(
      CLUSTER_KEY,
      { method: 'POST', pathWithQuery: path, body, airline: 'B9' },
      Date.now(),
    ),
  };
  const response = await fetch(`${node.httpUrl}${path}`, { method: 'POST', headers, body });
  if (response.status !== 201) {
    throw new Error(
      `hold on ${flightId} failed with HTTP ${response.status}: ${await response.text()}`,
    );
  }
}

async function waitUntil<T>(
  check: () => Promise<T | undefined>,
  timeoutMs: number,
  condition: string,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await check();
    if (value !== undefined) {
      return value;
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${condition}`);
}

async function measure(count: number): Promise<string> {
  const root = mkdtempSync(join(tmpdir(), `interline-propagation-${count}-`));
  const nodes = planRing(count, root).map((spec) => startNode(spec));
  try {
    await Promise.all(nodes.map((node) => waitForStatus(node)));
    const origin = nodes[0].spec.code;
    await waitUntil(
      async () => {
        const views = await Promise.all(nodes.map(status));
        return views.every(
          (view) =>
            view.airlines.length === count && view.airlines.every((airline) => airline.reachable),
        )
          ? true
          : undefined;
      },
      30_000,
      `all ${count} nodes to converge`,
    );

    const date = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Sao_Paulo' }).format(
      new Date(Date.now() + 86_400_000),
    );
    const flightId = `${origin}1001-${date.replaceAll('-', '')}`;
    const latencies: number[] = [];
    for (let sample = 0; sample < SAMPLES; sample += 1) {
      const before = (await status(nodes[0])).airlines.find(
        (airline) => airline.code === origin,
      )!.sequence;
      const started = Date.now();
      await hold(nodes[0], flightId, sample % 2 === 0 ? 1 : -1);
      const storedTimes = await waitUntil(
        async () => {
          const views = await Promise.all(nodes.slice(1).map(status));
          const entries = views.map((view) =>
            view.airlines.find((airline) => airline.code === origin),
          );
          return entries.every(
            (entry) => entry && entry.sequence > before && entry.storedAt !== null,
          )
            ? entries.map((entry) => Date.parse(entry!.storedAt!))
            : undefined;
        },
        SAMPLE_TIMEOUT_MS,
        `sample ${sample} to reach every node`,
      );
      latencies.push(Math.max(...storedTimes) - started);
      await new Promise((resolve) => setTimeout(resolve, PAUSE_BETWEEN_SAMPLES_MS));
    }
    latencies.sort((a, b) => a - b);
    return `| ${count} | ${count <= 3 ? 'full mesh' : 'ring + chords (degree 4)'} | ${SAMPLES} | ${percentile(latencies, 0.5)} | ${percentile(latencies, 0.99)} | ${latencies.at(-1)} |`;
  } finally {
    await Promise.all(nodes.map((node) => stopNode(node)));
    rmSync(root, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const rows = [await measure(3), await measure(10)];
  console.log(
    `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}`,
  );
  console.log(
    'Command: npm run bench:propagation (batch interval 50 ms, hello 1 s, durable writes on every node)\n',
  );
  console.log('| nodes | topology | samples | p50 ms | p99 ms | max ms |');
  console.log('| ---: | --- | ---: | ---: | ---: | ---: |');
  rows.forEach((row) => console.log(row));
}

void main().catch((error: unknown) => {
  console.error(`Benchmark failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
