import { ClientProxyFactory, type ClientTCP, Transport } from '@nestjs/microservices';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { firstValueFrom, timeout } from 'rxjs';

import type { GatewayErrorBody, LogInResponse, PurchaseResponse } from '@interline/contracts';
import { DATABASE_FILE_NAME, SqliteDatabase } from '@interline/persistence';

import {
  type NodeSpec,
  type RunningNode,
  planDemoNetwork,
  startNode,
  stopNode,
  waitForStatus,
} from '../scripts/local-network';
import { percentile } from './statistics';

/**
 * Purchase benchmark on three real node processes on 127.0.0.1. It measures three-leg purchases
 * across the three airlines with 1, 8 and 64 concurrent buyers on many flights, and the reference
 * contention scenario. A local baseline runs the same purchases as single transactions in this
 * process on the same storage. Every run sends a fixed number of purchases and stops by itself.
 */

const HTTP_PORT_BASE = Number(process.env.BENCH_HTTP_PORT ?? 27_811);
const TCP_PORT_BASE = Number(process.env.BENCH_TCP_PORT ?? 27_821);
const CLUSTER_KEY = 'bench-cluster-key-0123456789abcdef0123456789';
const REQUEST_TIMEOUT_MS = 120_000;
/** Purchases per concurrency level; enough for stable percentiles, bounded in time. */
const PURCHASES = new Map([
  [1, 40],
  [8, 160],
  [64, 320],
]);
const CONTENTION_BUYERS_PER_NODE = 100;
const CONTENTION_ACCOUNTS_PER_NODE = 10;

class Gateway {
  private readonly client: ClientTCP;

  constructor(port: number) {
    this.client = ClientProxyFactory.create({
      transport: Transport.TCP,
      options: { host: '127.0.0.1', port },
    }) as ClientTCP;
  }

  send<T>(pattern: string, data: unknown): Promise<T> {
    return firstValueFrom(this.client.send<T>(pattern, data).pipe(timeout(REQUEST_TIMEOUT_MS)));
  }

  close(): void {
    this.client.close();
  }
}

interface Outcome {
  ok: boolean;
  code?: string;
  ms: number;
}

interface Row {
  scenario: string;
  buyers: number;
  purchases: number;
  seconds: number;
  latenciesMs: number[];
}

async function main(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'interline-bench-purchase-'));
  const specs = planDemoNetwork({
    httpPortBase: HTTP_PORT_BASE,
    tcpPortBase: TCP_PORT_BASE,
    dataDir: root,
    clusterKey: CLUSTER_KEY,
  }).map((spec) => ({ ...spec, env: { INTERLINE_SEED_DAYS: '7', INTERLINE_LOG_LEVEL: 'warn' } }));
  let nodes: RunningNode[] = [];
  const gateways: Gateway[] = [];
  try {
    nodes = specs.map((spec) => startNode(spec));
    await Promise.all(nodes.map((node) => waitForStatus(node)));
    await waitForFullMap(nodes[0]);

    const airlineGateways = specs.map((spec) => new Gateway(spec.tcpPort));
    gateways.push(...airlineGateways);
    const seller = airlineGateways[0];
    const itineraries = await threeAirlineItineraries(airlineGateways);
    const rows: Row[] = [];
    let used = 0;
    for (const [buyers, purchases] of PURCHASES) {
      const tokens = await accounts(seller, `low${buyers}`, Math.min(buyers, 8));
      const pool = itineraries.slice(used, used + purchases);
      used += purchases;
      rows.push(
        await run(`distributed, ${buyers} buyer(s)`, buyers, pool, (flightIds, index) =>
          buy(seller, tokens[index % tokens.length], flightIds),
        ),
      );
    }

    const contention = await contentionScenario(specs, gateways);
    for (const node of nodes) {
      await stopNode(node);
    }
    nodes = [];

    const baselineRows = await baseline(specs[0], itineraries.slice(0, used));
    print(rows, baselineRows, contention);
  } finally {
    gateways.forEach((gateway) => gateway.close());
    await Promise.all(nodes.map((node) => stopNode(node)));
    rmSync(root, { recursive: true, force: true });
  }
}

/** Waits until the first node's map contains all three airlines, reachable. */
async function waitForFullMap(node: RunningNode): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    const response = await fetch(`${node.httpUrl}/status`);
    const status = (await response.json()) as { airlines: Array<{ reachable: boolean }> };
    if (status.airlines.length === 3 && status.airlines.every((airline) => airline.reachable)) {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error('the map did not hold three reachable airlines within 15 s');
}

interface ListedFlight {
  id: string;
  origin: string;
  destination: string;
  departureAt: string;
  arrivalAt: string;
  flightNumber: string;
}

/** Connection rules of the demo network: 45 min to 12 h between arrival and departure. */
const CONNECTION_MIN_MS = 45 * 60_000;
const CONNECTION_MAX_MS = 12 * 3_600_000;

/**
 * Builds distinct itineraries JG → IP → RC that connect within the connection rules, from each
 * airline's own flight list over the seeded week. The reference flights are left for the
 * contention scenario.
 */
async function threeAirlineItineraries(gateways: Gateway[]): Promise<string[][]> {
  const found: string[][] = [];
  for (let day = 1; day <= 5; day += 1) {
    const date = new Date(Date.now() + day * 86_400_000).toISOString().slice(0, 10);
    const [first, second, third] = await Promise.all(
      gateways.map(async (gateway) => {
        const listed = await gateway.send<{ flights: ListedFlight[] }>('flights.list', { date });
        return listed.flights.filter((flight) => !flight.flightNumber.startsWith('900'));
      }),
    );
    for (const a of first) {
      for (const b of second.filter((flight) => connects(a, flight))) {
        for (const c of third.filter((flight) => connects(b, flight))) {
          if (c.destination !== a.origin) {
            found.push([a.id, b.id, c.id]);
          }
        }
      }
    }
  }
  const total = [...PURCHASES.values()].reduce((sum, count) => sum + count, 0);
  if (found.length === 0) {
    throw new Error('no connecting JG → IP → RC itinerary in the seeded week');
  }
  // Spread the purchases over the itineraries; one seat each keeps every flight far from full.
  const step = Math.max(1, Math.floor(found.length / total));
  return Array.from({ length: total }, (_, index) => found[(index * step) % found.length]);
}

function connects(previous: ListedFlight, next: ListedFlight): boolean {
  const layoverMs = Date.parse(next.departureAt) - Date.parse(previous.arrivalAt);
  return (
    previous.destination === next.origin &&
    layoverMs >= CONNECTION_MIN_MS &&
    layoverMs <= CONNECTION_MAX_MS
  );
}

async function accounts(gateway: Gateway, prefix: string, count: number): Promise<string[]> {
  const tokens: string[] = [];
  for (let index = 0; index < count; index += 1) {
    const email = `${prefix}.${index}@bench.example.com`;
    const password = 'bench-password-42';
    await gateway.send('accounts.register', { email, name: 'Bench Buyer', password });
    tokens.push((await gateway.send<LogInResponse>('accounts.login', { email, password })).token);
  }
  return tokens;
}

let keySerial = 0;

async function buy(gateway: Gateway, token: string, flightIds: string[]): Promise<Outcome> {
  const started = process.hrtime.bigint();
  keySerial += 1;
  try {
    await gateway.send<PurchaseResponse>('bookings.purchase', {
      token,
      idempotencyKey: `bench-${process.pid}-${String(keySerial).padStart(8, '0')}`,
      flightIds,
      passengers: ['Bench Passenger'],
    });
    return { ok: true, ms: elapsedMs(started) };
  } catch (error) {
    return { ok: false, code: (error as GatewayErrorBody).code, ms: elapsedMs(started) };
  }
}

/** Runs `purchases` with `buyers` workers; throws if any purchase fails, since seats abound. */
async function run(
  scenario: string,
  buyers: number,
  purchases: string[][],
  purchase: (flightIds: string[], index: number) => Promise<Outcome>,
): Promise<Row> {
  const latenciesMs: number[] = [];
  let next = 0;
  const started = process.hrtime.bigint();
  const worker = async (): Promise<void> => {
    while (next < purchases.length) {
      const index = next++;
      const outcome = await purchase(purchases[index], index);
      if (!outcome.ok) {
        throw new Error(`${scenario}: purchase ${index} failed with ${outcome.code}`);
      }
      latenciesMs.push(outcome.ms);
    }
  };
  await Promise.all(Array.from({ length: buyers }, worker));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return {
    scenario,
    buyers,
    purchases: purchases.length,
    seconds,
    latenciesMs: latenciesMs.sort((a, b) => a - b),
  };
}

interface ContentionResult {
  sold: number;
  soldOut: number;
  other: Record<string, number>;
  falseSoldOuts: number;
  seconds: number;
  p99Ms: number;
}

/** 300 buyers, 100 on each node, buy the reference itinerary of tomorrow at the same moment. */
async function contentionScenario(
  specs: NodeSpec[],
  gateways: Gateway[],
): Promise<ContentionResult> {
  const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
  const compact = tomorrow.replaceAll('-', '');
  const flightIds = [`JG9001-${compact}`, `IP9002-${compact}`, `RC9003-${compact}`];
  const buyers: Array<{ gateway: Gateway; token: string }> = [];
  for (const spec of specs) {
    for (let index = 0; index < CONTENTION_ACCOUNTS_PER_NODE; index += 1) {
      const gateway = new Gateway(spec.tcpPort);
      gateways.push(gateway);
      const [token] = await accounts(gateway, `rush${index}.${spec.code.toLowerCase()}`, 1);
      buyers.push({ gateway, token });
    }
  }

  const started = process.hrtime.bigint();
  const outcomes = await Promise.all(
    buyers.flatMap((buyer) =>
      Array.from({ length: CONTENTION_BUYERS_PER_NODE / CONTENTION_ACCOUNTS_PER_NODE }, () =>
        buy(buyer.gateway, buyer.token, flightIds),
      ),
    ),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;

  const other: Record<string, number> = {};
  for (const outcome of outcomes.filter((entry) => !entry.ok && entry.code !== 'SOLD_OUT')) {
    other[outcome.code ?? 'NO_ANSWER'] = (other[outcome.code ?? 'NO_ANSWER'] ?? 0) + 1;
  }
  const soldOut = outcomes.filter((outcome) => outcome.code === 'SOLD_OUT').length;
  // A sold-out answer is false when, at the end, every leg still has a free seat. Each leg is
  // read from its own airline's node.
  const legs = [
    ['SSA', 'FOR'],
    ['FOR', 'CWB'],
    ['CWB', 'BEL'],
  ];
  const seatsLeft = await Promise.all(
    legs.map(async ([origin, destination], leg) => {
      const gateway = buyers[leg * CONTENTION_ACCOUNTS_PER_NODE].gateway;
      const listed = await gateway.send<{ flights: Array<{ id: string; seatsAvailable: number }> }>(
        'flights.list',
        { date: tomorrow, origin, destination },
      );
      return listed.flights.find((flight) => flight.id === flightIds[leg])?.seatsAvailable ?? 0;
    }),
  );
  const latencies = outcomes.map((outcome) => outcome.ms).sort((a, b) => a - b);
  return {
    sold: outcomes.filter((outcome) => outcome.ok).length,
    soldOut,
    other,
    falseSoldOuts: Math.min(...seatsLeft) > 0 ? soldOut : 0,
    seconds,
    p99Ms: percentile(latencies, 0.99),
  };
}

/**
 * The same three-leg purchases as single local transactions on a copy of the first node's
 * database, with every airline's flights in it: one durable (group-committed) transaction takes
 * a seat on each leg, issues the coupons and stores the booking.
 */
async function baseline(spec: NodeSpec, itineraries: string[][]): Promise<Row[]> {
  const directory = mkdtempSync(join(tmpdir(), 'interline-bench-baseline-'));
  const file = join(directory, DATABASE_FILE_NAME);
  copyFileSync(join(spec.dataDir, DATABASE_FILE_NAME), file);
  const database = SqliteDatabase.open(file);
  try {
    database.connection.exec(`
      INSERT OR IGNORE INTO airlines (code, name) SELECT origin, airline_name FROM link_state_advertisements;
      INSERT OR IGNORE INTO flights (id, airline_code, flight_number, service_date, origin, destination,
                                     departure_at, arrival_at, capacity, fare_cents, seats_available)
        SELECT id, origin, flight_number, service_date, from_airport, to_airport,
               departure_at, arrival_at, capacity, fare_cents, capacity FROM link_state_flights;
      UPDATE flights SET seats_sold = 0, seats_held = 0, seats_available = capacity;
      DELETE FROM coupons;`);
    const takeSeat = database.connection.prepare(
      `UPDATE flights SET seats_sold = seats_sold + 1, seats_available = seats_available - 1
       WHERE id = ? AND seats_available >= 1`,
    );
    const issue = database.connection.prepare(
      `INSERT INTO coupons (ticket_number, flight_id, locator, passenger, tx_id, status, issued_at)
       VALUES (?, ?, ?, 'Bench Passenger', ?, 'OPEN', ?)`,
    );
    const store = database.connection.prepare(
      `INSERT INTO bookings (locator, account_id, account_email, idempotency_key, request_digest,
                             status, passengers, segments, total_fare_cents, stamp, clock, tx_ids,
                             created_at, updated_at)
       VALUES (?, 'bench', 'bench@example.com', ?, '', 'CONFIRMED', '["Bench Passenger"]', ?, 0,
               '{}', '{}', '[]', ?, ?)`,
    );
    let serial = 0;
    const purchase = async (flightIds: string[]): Promise<Outcome> => {
      const started = process.hrtime.bigint();
      serial += 1;
      const locator = `L${String(serial).padStart(5, '0')}`;
      await database.writeGrouped(() => {
        const now = Date.now();
        flightIds.forEach((id, leg) => {
          if (takeSeat.run(id).changes !== 1) {
            throw new Error(`baseline: no seat left on ${id}`);
          }
          issue.run(`${serial}-${leg}`, id, locator, locator, now);
        });
        store.run(locator, locator, JSON.stringify(flightIds), now, now);
      }, 'durable');
      return { ok: true, ms: elapsedMs(started) };
    };

    const rows: Row[] = [];
    let used = 0;
    for (const [buyers, purchases] of PURCHASES) {
      const pool = itineraries.slice(used, used + purchases);
      used += purchases;
      rows.push(await run(`local baseline, ${buyers} buyer(s)`, buyers, pool, purchase));
    }
    return rows;
  } finally {
    database.close();
    rmSync(directory, { recursive: true, force: true });
  }
}

function print(rows: Row[], baselineRows: Row[], contention: ContentionResult): void {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  console.log(
    `Machine: ${cpus().length} × ${cpu}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node.js ${process.version}\n`,
  );
  console.log(
    '| scenario | buyers | purchases | purchases/s | p50 ms | p99 ms | distributed ÷ local |',
  );
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
  rows.forEach((row, index) => {
    const local = baselineRows[index];
    const ratio = row.purchases / row.seconds / (local.purchases / local.seconds);
    for (const [entry, shown] of [
      [row, `${(ratio * 100).toFixed(0)}%`],
      [local, ''],
    ] as const) {
      console.log(
        `| ${entry.scenario} | ${entry.buyers} | ${entry.purchases} | ${(entry.purchases / entry.seconds).toFixed(0)} | ` +
          `${percentile(entry.latenciesMs, 0.5).toFixed(1)} | ${percentile(entry.latenciesMs, 0.99).toFixed(1)} | ${shown} |`,
      );
    }
  });
  console.log(
    '\n| contention scenario | sold | sold out | other answers | false sold-outs | total s | p99 ms |',
  );
  console.log('| --- | ---: | ---: | --- | ---: | ---: | ---: |');
  console.log(
    `| 300 buyers, 100 seats | ${contention.sold} | ${contention.soldOut} | ${JSON.stringify(contention.other)} | ` +
      `${contention.falseSoldOuts} | ${contention.seconds.toFixed(2)} | ${contention.p99Ms.toFixed(0)} |`,
  );
}

function elapsedMs(started: bigint): number {
  return Number(process.hrtime.bigint() - started) / 1e6;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
