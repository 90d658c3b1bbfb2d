import { ClientProxyFactory, type ClientTCP, Transport } from '@nestjs/microservices';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { firstValueFrom } from 'rxjs';

import { signRequest } from '../apps/airline/src/cluster-auth/request-signature';
import { planDemoNetwork, startNode, stopNode, waitForStatus } from '../scripts/local-network';
import { percentile } from './statistics';

/**
 * Gateway and inter-node API benchmark against one real node process on 127.0.0.1.
 * Every scenario sends a fixed number of requests, so the run is bounded; prints Markdown.
 */

const HTTP_PORT = Number(process.env.BENCH_HTTP_PORT ?? 27_911);
const TCP_PORT = Number(process.env.BENCH_TCP_PORT ?? 27_921);
const CLUSTER_KEY = 'bench-cluster-key-0123456789abcdef0123456789';
const CONCURRENCY = 16;
const FLIGHT_REQUESTS = 4_000;
const AIRPORT_REQUESTS = 2_000;
const SIGNED_HTTP_REQUESTS = 2_000;
const REGISTRATIONS = 40;
const LOG_INS = 40;

interface Result {
  scenario: string;
  requests: number;
  concurrency: number;
  seconds: number;
  latenciesMs: number[];
}

async function measure(
  scenario: string,
  requests: number,
  concurrency: number,
  call: (index: number) => Promise<unknown>,
): Promise<Result> {
  const latenciesMs: number[] = [];
  let next = 0;
  const started = process.hrtime.bigint();
  const worker = async () => {
    while (next < requests) {
      const index = next++;
      const begin = process.hrtime.bigint();
      await call(index);
      latenciesMs.push(Number(process.hrtime.bigint() - begin) / 1e6);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return {
    scenario,
    requests,
    concurrency,
    seconds,
    latenciesMs: latenciesMs.sort((a, b) => a - b),
  };
}

function row(result: Result): string {
  const throughput = result.requests / result.seconds;
  const p50 = percentile(result.latenciesMs, 0.5);
  const p99 = percentile(result.latenciesMs, 0.99);
  return `| ${result.scenario} | ${result.requests} | ${result.concurrency} | ${throughput.toFixed(0)} | ${p50.toFixed(2)} | ${p99.toFixed(2)} |`;
}

async function main(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'interline-bench-'));
  const [spec] = planDemoNetwork({
    httpPortBase: HTTP_PORT,
    tcpPortBase: TCP_PORT,
    dataDir: root,
    clusterKey: CLUSTER_KEY,
    count: 1,
  });
  spec.peers = [];
  spec.env = { INTERLINE_LOG_LEVEL: 'warn' };

  const bootStarted = Date.now();
  const node = startNode(spec);
  const clients: ClientTCP[] = [];
  try {
    await waitForStatus(node);
    const bootMs = Date.now() - bootStarted;

    for (let index = 0; index < CONCURRENCY; index += 1) {
      const client = ClientProxyFactory.create({
        transport: Transport.TCP,
        options: { host: '127.0.0.1', port: TCP_PORT },
      }) as ClientTCP;
      await client.connect();
      clients.push(client);
    }
    const send = (index: number, pattern: string, data: unknown) =>
      firstValueFrom(clients[index % clients.length].send(pattern, data));
    const date = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Sao_Paulo' }).format(
      new Date(),
    );

    const results: Result[] = [];
    results.push(
      await measure(
        'gateway flights.list (one day, ~70 flights)',
        FLIGHT_REQUESTS,
        CONCURRENCY,
        (index) => send(index, 'flights.list', { date }),
      ),
    );
    results.push(
      await measure('gateway airports.list (text query)', AIRPORT_REQUESTS, CONCURRENCY, (index) =>
        send(index, 'airports.list', { query: 'sao' }),
      ),
    );
    results.push(
      await measure('gateway accounts.register (scrypt N=2^15)', REGISTRATIONS, 4, (index) =>
        send(index, 'accounts.register', {
          email: `bench${index}@example.com`,
          name: 'Bench',
          password: 'bench-password-1',
        }),
      ),
    );
    results.push(
      await measure('gateway accounts.login (scrypt N=2^15)', LOG_INS, 4, (index) =>
        send(index, 'accounts.login', {
          email: `bench${index % REGISTRATIONS}@example.com`,
          password: 'bench-password-1',
        }),
      ),
    );
    const path = `/v1/flights?date=${date}`;
    results.push(
      await measure('HTTP signed GET /v1/flights', SIGNED_HTTP_REQUESTS, CONCURRENCY, async () => {
        const headers = signRequest(
          CLUSTER_KEY,
          { method: 'GET', pathWithQuery: path, body: '', airline: 'IP' },
          Date.now(),
        );
        const response = await fetch(`http://127.0.0.1:${HTTP_PORT}${path}`, { headers });
        if (response.status !== 200) {
          throw new Error(`signed request failed with ${response.status}`);
        }
        await response.arrayBuffer();
      }),
    );

    const status = (await (await fetch(`http://127.0.0.1:${HTTP_PORT}/status`)).json()) as {
      flightsStored: number;
    };
    console.log(
      `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`,
    );
    console.log(
      `Node start to first /status, including migrations and seeding ${status.flightsStored} flights: ${bootMs} ms\n`,
    );
    console.log('| scenario | requests | concurrency | requests/s | p50 ms | p99 ms |');
    console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
    results.forEach((result) => console.log(row(result)));
  } finally {
    clients.forEach((client) => client.close());
    await stopNode(node);
    rmSync(root, { recursive: true, force: true });
  }
}

void main().catch((error: unknown) => {
  console.error(`Benchmark failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
