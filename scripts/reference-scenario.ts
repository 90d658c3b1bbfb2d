import type { GatewayErrorBody, LogInResponse, PurchaseResponse } from '@interline/contracts';

import { GatewayClient } from './gateway-client';
import type { NodeSpec, RunningNode } from './local-network';
import { percentile } from '../bench/statistics';

/**
 * The reference contention scenario: many buyers, spread over the nodes, buy the promotional
 * chain Salvador → Fortaleza → Curitiba → Belém (JG 9001 → IP 9002 → RC 9003 of the demo
 * timetable) at the same moment. Used by `npm run simulate` and `npm run bench:purchase`.
 */

/** The legs of the reference itinerary in travel order, each operated by one demo airline. */
export const REFERENCE_LEGS = [
  { airline: 'JG', flightNumber: '9001', origin: 'SSA', destination: 'FOR' },
  { airline: 'IP', flightNumber: '9002', origin: 'FOR', destination: 'CWB' },
  { airline: 'RC', flightNumber: '9003', origin: 'CWB', destination: 'BEL' },
] as const;

/**
 * Node settings for a burst on a machine shared with other work: liveness and purchase timeouts
 * generous enough that slowness is not mistaken for an unreachable airline or a failed purchase.
 */
export const BURST_NODE_SETTINGS: Readonly<Record<string, string>> = {
  INTERLINE_HELLO_INTERVAL_MS: '500',
  INTERLINE_DEAD_INTERVAL_MS: '5000',
  INTERLINE_PURCHASE_TIMEOUT_MS: '60000',
};

/** Buyers that share one account and one gateway connection, as in the reference scenario. */
export const BUYERS_PER_ACCOUNT = 10;
const BUYER_PASSWORD = 'reference-buyer-42';
const MAP_WAIT_MS = 15_000;

/** Tomorrow in Brasília time, so the morning reference legs have not departed yet. */
export function tomorrow(): string {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Sao_Paulo' }).format(
    new Date(),
  );
  const date = new Date(`${today}T12:00:00Z`);
  date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString().slice(0, 10);
}

/** Returns the reference itinerary Salvador → Fortaleza → Curitiba → Belém on one date. */
export function referenceFlightIds(date: string): string[] {
  const compact = date.replaceAll('-', '');
  return REFERENCE_LEGS.map((leg) => `${leg.airline}${leg.flightNumber}-${compact}`);
}

/** Waits until `node`'s map contains `airlines` airlines, every one reachable. */
export async function waitForFullMap(node: RunningNode, airlines: number): Promise<void> {
  const deadline = Date.now() + MAP_WAIT_MS;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`${node.httpUrl}/status`, {
        signal: AbortSignal.timeout(2_000),
      });
      const status = (await response.json()) as { airlines: Array<{ reachable: boolean }> };
      if (
        status.airlines.length === airlines &&
        status.airlines.every((airline) => airline.reachable)
      ) {
        return;
      }
    } catch {
      // Busy or restarting: ask again.
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(
    `the map of ${node.spec.code} did not hold ${airlines} reachable airlines within ${MAP_WAIT_MS} ms; see ${node.logFile}`,
  );
}

/** A passenger session: the token and the account id it belongs to. */
export interface BuyerSession {
  token: string;
  accountId: string;
}

/** Registers a passenger on `gateway`'s node and logs in there. */
export async function registerBuyer(gateway: GatewayClient, email: string): Promise<BuyerSession> {
  await gateway.send('accounts.register', {
    email,
    name: 'Reference Buyer',
    password: BUYER_PASSWORD,
  });
  return logInBuyer(gateway, email);
}

/** Logs a passenger registered by `registerBuyer` in on `gateway`'s node. */
export async function logInBuyer(gateway: GatewayClient, email: string): Promise<BuyerSession> {
  const session = await gateway.send<LogInResponse>('accounts.login', {
    email,
    password: BUYER_PASSWORD,
  });
  return { token: session.token, accountId: session.account.id };
}

/** The response to one purchase request and how long it took. */
export type PurchaseAttempt =
  | { ok: true; ms: number; response: PurchaseResponse }
  /** `code` is the gateway error code, or `NO_ANSWER` when the request failed without one. */
  | { ok: false; ms: number; code: string };

/** Sends one purchase and returns its answer; it never rejects. */
export async function attemptPurchase(
  gateway: GatewayClient,
  request: { token: string; idempotencyKey: string; flightIds: string[]; passengers: string[] },
): Promise<PurchaseAttempt> {
  const started = process.hrtime.bigint();
  try {
    const response = await gateway.send<PurchaseResponse>('bookings.purchase', request);
    return { ok: true, ms: elapsedMs(started), response };
  } catch (error) {
    return { ok: false, ms: elapsedMs(started), code: errorCode(error) };
  }
}

/**
 * Returns the gateway error code of a failed request, or `NO_ANSWER` when no error body came
 * back: a timeout, a refused or lost connection (those reject with an `Error`, while the gateway
 * rejects with a plain error body).
 */
export function errorCode(error: unknown): string {
  if (error instanceof Error || typeof error !== 'object' || error === null) {
    return 'NO_ANSWER';
  }
  const code = (error as Partial<GatewayErrorBody>).code;
  return typeof code === 'string' ? code : 'NO_ANSWER';
}

/** Milliseconds since `started`, a `process.hrtime.bigint()` reading. */
export function elapsedMs(started: bigint): number {
  return Number(process.hrtime.bigint() - started) / 1e6;
}

export interface ReferenceScenarioOptions {
  /** The nodes of JG, IP and RC, in the order of the reference legs. */
  legNodes: readonly NodeSpec[];
  /** The nodes the buyers connect to; the buyers are spread evenly over them. */
  sellers: readonly NodeSpec[];
  buyers: number;
  /** Service date of the reference legs, YYYY-MM-DD. */
  date: string;
  /** How long each buyer waits for its answer. */
  requestTimeoutMs: number;
}

export interface ReferenceScenarioResult {
  buyers: number;
  sold: number;
  soldOut: number;
  /** Answers other than a sale or `SOLD_OUT`, by code; `NO_ANSWER` counts timeouts. */
  errors: Record<string, number>;
  /** Buyers told `SOLD_OUT` although every leg still had a free seat at the end. */
  falseSoldOuts: number;
  /** Free seats per leg at the end, as each leg's airline lists them. */
  seatsLeft: number[];
  latencyMsP50: number;
  latencyMsP99: number;
  seconds: number;
}

/**
 * Runs the scenario: registers one account per `BUYERS_PER_ACCOUNT` buyers on each selling node,
 * then sends every purchase at once (one passenger each) and reads the seats left on each leg.
 * Every gateway connection it opens is closed before it returns.
 */
export async function runReferenceScenario(
  options: ReferenceScenarioOptions,
): Promise<ReferenceScenarioResult> {
  const flightIds = referenceFlightIds(options.date);
  const gateways: GatewayClient[] = [];
  const open = (port: number) => {
    const gateway = new GatewayClient(port, options.requestTimeoutMs);
    gateways.push(gateway);
    return gateway;
  };
  try {
    const buyers: Array<{ gateway: GatewayClient; token: string }> = [];
    const perSeller = spreadEvenly(options.buyers, options.sellers.length);
    for (const [sellerIndex, seller] of options.sellers.entries()) {
      const accounts = Math.ceil(perSeller[sellerIndex] / BUYERS_PER_ACCOUNT);
      for (let index = 0; index < accounts; index += 1) {
        const gateway = open(seller.tcpPort);
        const email = `rush${index}.${seller.code.toLowerCase()}@reference.example.com`;
        const { token } = await registerBuyer(gateway, email);
        const count = Math.min(
          BUYERS_PER_ACCOUNT,
          perSeller[sellerIndex] - index * BUYERS_PER_ACCOUNT,
        );
        for (let buyer = 0; buyer < count; buyer += 1) {
          buyers.push({ gateway, token });
        }
      }
    }

    const started = process.hrtime.bigint();
    const attempts = await Promise.all(
      buyers.map((buyer, index) =>
        attemptPurchase(buyer.gateway, {
          token: buyer.token,
          idempotencyKey: `reference-${process.pid}-${String(index).padStart(6, '0')}`,
          flightIds,
          passengers: [`Reference Passenger ${letterCode(index)}`],
        }),
      ),
    );
    const seconds = elapsedMs(started) / 1_000;

    const seatsLeft = await Promise.all(
      REFERENCE_LEGS.map(async (leg, index) => {
        const listed = await open(options.legNodes[index].tcpPort).send<{
          flights: Array<{ id: string; seatsAvailable: number }>;
        }>('flights.list', {
          date: options.date,
          origin: leg.origin,
          destination: leg.destination,
        });
        return listed.flights.find((flight) => flight.id === flightIds[index])?.seatsAvailable ?? 0;
      }),
    );
    return summarize(attempts, seatsLeft, seconds);
  } finally {
    gateways.forEach((gateway) => gateway.close());
  }
}

function summarize(
  attempts: readonly PurchaseAttempt[],
  seatsLeft: number[],
  seconds: number,
): ReferenceScenarioResult {
  const errors: Record<string, number> = {};
  let soldOut = 0;
  for (const attempt of attempts) {
    if (attempt.ok) {
      continue;
    }
    if (attempt.code === 'SOLD_OUT') {
      soldOut += 1;
    } else {
      errors[attempt.code] = (errors[attempt.code] ?? 0) + 1;
    }
  }
  // Every buyer wants one seat on every leg, so a sold-out answer is false exactly when every
  // leg still has a free seat at the end.
  const everyLegFree = seatsLeft.every((seats) => seats > 0);
  const latencies = attempts.map((attempt) => attempt.ms).sort((a, b) => a - b);
  return {
    buyers: attempts.length,
    sold: attempts.filter((attempt) => attempt.ok).length,
    soldOut,
    errors,
    falseSoldOuts: everyLegFree ? soldOut : 0,
    seatsLeft,
    latencyMsP50: percentile(latencies, 0.5),
    latencyMsP99: percentile(latencies, 0.99),
    seconds,
  };
}

/**
 * Returns what breaks the expected outcome with `seats` free seats on the first leg: exactly
 * min(seats, buyers) sold, every other buyer told `SOLD_OUT`, no other answer and no false
 * sold-out. An empty list means the expectation holds.
 */
export function referenceExpectationFailures(
  result: ReferenceScenarioResult,
  seats: number,
): string[] {
  const expectedSold = Math.min(seats, result.buyers);
  const failures: string[] = [];
  if (result.sold !== expectedSold) {
    failures.push(`sold ${result.sold}, expected exactly ${expectedSold}`);
  }
  if (result.soldOut !== result.buyers - expectedSold) {
    failures.push(`sold out ${result.soldOut}, expected ${result.buyers - expectedSold}`);
  }
  const errorCount = Object.values(result.errors).reduce((sum, count) => sum + count, 0);
  if (errorCount > 0) {
    failures.push(`${errorCount} other answers, expected none: ${JSON.stringify(result.errors)}`);
  }
  if (result.falseSoldOuts > 0) {
    failures.push(`${result.falseSoldOuts} false sold-outs, expected none`);
  }
  return failures;
}

/** Formats the result as a Markdown table with one row. */
export function formatReferenceTable(result: ReferenceScenarioResult, seats: number): string {
  const errors = Object.keys(result.errors).length === 0 ? 'none' : JSON.stringify(result.errors);
  return [
    '| buyers | seats | sold | sold out | errors | false sold-outs | p50 ms | p99 ms | total s |',
    '| ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: |',
    `| ${result.buyers} | ${seats} | ${result.sold} | ${result.soldOut} | ${errors} | ` +
      `${result.falseSoldOuts} | ${result.latencyMsP50.toFixed(0)} | ${result.latencyMsP99.toFixed(0)} | ` +
      `${result.seconds.toFixed(2)} |`,
  ].join('\n');
}

/** Splits `total` into `parts` counts that differ by at most one, larger first. */
export function spreadEvenly(total: number, parts: number): number[] {
  return Array.from(
    { length: parts },
    (_, index) => Math.floor(total / parts) + (index < total % parts ? 1 : 0),
  );
}

/**
 * Spells a non-negative integer in capital letters (0 is A, 25 is Z, 26 is BA), because passenger
 * names may hold only letters, spaces, dots, hyphens and apostrophes.
 */
export function letterCode(value: number): string {
  let rest = Math.floor(value);
  let code = '';
  do {
    code = String.fromCharCode(65 + (rest % 26)) + code;
    rest = Math.floor(rest / 26);
  } while (rest > 0);
  return code;
}
