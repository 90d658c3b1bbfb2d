import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { DATABASE_FILE_NAME, SqliteDatabase } from '@interline/persistence';

import {
  type NodeSpec,
  type RunningNode,
  planDemoNetwork,
  startNode,
  stopNode,
  waitForStatus,
} from '../scripts/local-network';
import { GatewayClient } from '../scripts/gateway-client';
import {
  type PurchaseAttempt,
  type ReferenceScenarioResult,
  attemptPurchase,
  elapsedMs,
  registerBuyer,
  runReferenceScenario,
  tomorrow,
  waitForFullMap,
} from '../scripts/reference-scenario';
import {
  type LocalPurchases,
  assertNodeStorage,
  flightCapacities,
  openMongodbBaseline,
  parseStorageOption,
  startBenchStorage,
} from './purchase-storage';
import { percentile } from './statistics';

/**
 * Purchase benchmark on three real node processes on 127.0.0.1. It measures three-leg purchases
 * across the three airlines with 1, 8 and 64 concurrent buyers on many flights, and the reference
 * contention scenario. A local baseline runs the same purchases as single transactions in this
 * process on the same storage. Every run sends a fixed number of purchases and stops by itself.
 * `--storage mongodb` runs the nodes and the baseline on one MongoDB server in place of a SQLite
 * file per node: a FerretDB it starts, or `MONGO_URL` (see `purchase-storage.ts`).
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
const CONTENTION_BUYERS = 300;

/** A purchase's answer and time, from the network or from the local baseline. */
type TimedPurchase = Pick<PurchaseAttempt, 'ok' | 'ms'> & { code?: string };

interface Row {
  scenario: string;
  buyers: number;
  purchases: number;
  seconds: number;
  latenciesMs: number[];
}

async function main(): Promise<void> {
  const storage = await startBenchStorage(parseStorageOption(process.argv));
  const root = mkdtempSync(join(tmpdir(), 'interline-bench-purchase-'));
  const specs = planDemoNetwork({
    httpPortBase: HTTP_PORT_BASE,
    tcpPortBase: TCP_PORT_BASE,
    dataDir: root,
    clusterKey: CLUSTER_KEY,
  }).map((spec) => ({
    ...spec,
    env: {
      INTERLINE_SEED_DAYS: '7',
      INTERLINE_LOG_LEVEL: 'warn',
      ...storage.nodeEnvironment(spec),
    },
  }));
  let nodes: RunningNode[] = [];
  const gateways: GatewayClient[] = [];
  try {
    nodes = specs.map((spec) => startNode(spec));
    await Promise.all(nodes.map((node) => waitForStatus(node)));
    await Promise.all(
      nodes.map((node) => assertNodeStorage(node.httpUrl, node.spec.code, storage.kind)),
    );
    await Promise.all(nodes.map((node) => waitForFullMap(node, specs.length)));

    const airlineGateways = specs.map(
      (spec) => new GatewayClient(spec.tcpPort, REQUEST_TIMEOUT_MS),
    );
    gateways.push(...airlineGateways);
    const seller = airlineGateways[0];
    const itineraries = await threeAirlineItineraries(airlineGateways);
    const rows: Row[] = [];
    let used = 0;
    for (const [buyers, purchases] of PURCHASES) {
      const tokens: string[] = [];
      for (let index = 0; index < Math.min(buyers, 8); index += 1) {
        const email = `low${buyers}.${index}@bench.example.com`;
        tokens.push((await registerBuyer(seller, email)).token);
      }
      const pool = itineraries.slice(used, used + purchases);
      used += purchases;
      rows.push(
        await run(`distributed, ${buyers} buyer(s)`, buyers, pool, (flightIds, index) =>
          attemptPurchase(seller, {
            token: tokens[index % tokens.length],
            idempotencyKey: `bench-${process.pid}-${String(index).padStart(8, '0')}-${buyers}`,
            flightIds,
            passengers: ['Bench Passenger'],
          }),
        ),
      );
    }

    // The MongoDB baseline builds its flights from the capacities the nodes list.
    const capacities =
      storage.mongodbUrl === null
        ? null
        : await flightCapacities(airlineGateways, itineraries.slice(0, used));

    const contention = await runReferenceScenario({
      legNodes: specs,
      sellers: specs,
      buyers: CONTENTION_BUYERS,
      date: tomorrow(),
      requestTimeoutMs: REQUEST_TIMEOUT_MS,
    });
    for (const node of nodes) {
      await stopNode(node);
    }
    nodes = [];

    const baselineRows =
      storage.mongodbUrl === null || capacities === null
        ? await baseline(specs[0], itineraries.slice(0, used))
        : await localRows(
            await openMongodbBaseline(storage.mongodbUrl, capacities),
            itineraries.slice(0, used),
          );
    console.log(`Storage: ${storage.label}`);
    print(rows, baselineRows, contention);
  } catch (error) {
    printNodeLogTails(specs);
    throw error;
  } finally {
    gateways.forEach((gateway) => gateway.close());
    await Promise.all(nodes.map((node) => stopNode(node)));
    rmSync(root, { recursive: true, force: true });
    await storage.stop();
  }
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
async function threeAirlineItineraries(gateways: GatewayClient[]): Promise<string[][]> {
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

/** Runs `purchases` with `buyers` workers; throws if any purchase fails, since seats abound. */
async function run(
  scenario: string,
  buyers: number,
  purchases: string[][],
  purchase: (flightIds: string[], index: number) => Promise<TimedPurchase>,
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
    const purchase = async (flightIds: string[]): Promise<TimedPurchase> => {
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

/** Prints the end of every node's log to stderr, because the data directory is deleted next. */
function printNodeLogTails(specs: NodeSpec[], lines = 30): void {
  for (const spec of specs) {
    const file = join(spec.dataDir, 'node.log');
    if (!existsSync(file)) {
      continue;
    }
    const tail = readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
    console.error(`--- last ${lines} lines of ${file} (node ${spec.code}) ---\n${tail}`);
  }
}

/** Runs the baseline purchases of every concurrency level through `local`, then closes it. */
async function localRows(local: LocalPurchases, itineraries: string[][]): Promise<Row[]> {
  const purchase = async (flightIds: string[]): Promise<TimedPurchase> => {
    const started = process.hrtime.bigint();
    await local.purchase(flightIds);
    return { ok: true, ms: elapsedMs(started) };
  };
  try {
    const rows: Row[] = [];
    let used = 0;
    for (const [buyers, purchases] of PURCHASES) {
      const pool = itineraries.slice(used, used + purchases);
      used += purchases;
      rows.push(await run(`local baseline, ${buyers} buyer(s)`, buyers, pool, purchase));
    }
    return rows;
  } finally {
    await local.close();
  }
}

function print(rows: Row[], baselineRows: Row[], contention: ReferenceScenarioResult): void {
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
    `| ${contention.buyers} buyers, 100 seats | ${contention.sold} | ${contention.soldOut} | ${JSON.stringify(contention.errors)} | ` +
      `${contention.falseSoldOuts} | ${contention.seconds.toFixed(2)} | ${contention.latencyMsP99.toFixed(0)} |`,
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
