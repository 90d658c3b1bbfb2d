import type { BookingView, CancelBookingResponse, PurchaseResponse } from '@interline/contracts';

import { GatewayClient } from '../gateway-client';
import { errorCode, letterCode } from '../reference-scenario';
import {
  type HistoryRecorder,
  type OperationKind,
  type OperationOutcome,
  UNKNOWN_OUTCOME_CODES,
} from './history';
import { SeededRandom } from '../../sim/seeded-random';

/**
 * The clients of a fault-injection run: each buys itineraries and cancels some of its bookings,
 * one operation at a time, and records every request and response in the history. A request
 * without a definite outcome is retried with the same idempotency key, sometimes on another node.
 */

/** A passenger account with a session on every node (sessions are valid on their node only). */
export interface ClientAccount {
  accountId: string;
  /** Session token by airline code of the node that issued it. */
  tokens: Record<string, string>;
}

export interface WorkloadOptions {
  /** Gateway port by airline code. */
  gatewayPorts: Record<string, number>;
  /** One account per client. */
  accounts: ClientAccount[];
  /** Itineraries to buy (flight ids in travel order); the first is drawn more often. */
  itineraries: string[][];
  /** How long a client waits for a response before it counts the outcome as unknown. */
  requestTimeoutMs: number;
  /** Retries of an operation whose outcome is unknown, before it is left for `resolve`. */
  retriesMax: number;
  /** Share of operations that cancel one of the client's bookings. */
  cancelShare: number;
  /** Share of purchases that buy the first itinerary, so its flights sell out. */
  firstItineraryShare: number;
  /** Start of every idempotency key, e.g. the run's seed, so keys of different runs differ. */
  keyPrefix: string;
}

/** A purchase request, kept to send it again with the same key. */
interface Purchase {
  idempotencyKey: string;
  itinerary: string[];
  passengers: string[];
}

interface Booked extends Purchase {
  locator: string;
}

const THINK_MS = { min: 20, max: 200 };
const RETRY_PAUSE_MS = { min: 300, max: 1_500 };
const RESOLVE_ATTEMPTS_MAX = 6;
const RESOLVE_PAUSE_MS = 1_000;

export class Workload {
  private stopping = false;
  private running: Promise<void>[] = [];
  /** Purchases still without a definite outcome after their retries. */
  private readonly unresolvedPurchases: Array<{ client: number } & Purchase> = [];
  /** Cancellations still without a definite outcome after their retries. */
  private readonly unresolvedCancellations: Array<{ client: number } & Booked> = [];

  constructor(
    readonly settings: WorkloadOptions,
    readonly recorder: HistoryRecorder,
    private readonly random: SeededRandom,
  ) {}

  /** Starts one loop per account. */
  start(): void {
    this.running = this.settings.accounts.map((_, client) =>
      new Client(client, this, forkRandom(this.random)).run(),
    );
  }

  /** Lets every client finish its current operation, then returns. */
  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.all(this.running);
  }

  get stopped(): boolean {
    return this.stopping;
  }

  /**
   * After the faults are undone: sends every purchase and cancellation without a definite
   * outcome again, with the same key, until one gets a response or the attempts run out.
   */
  async resolve(): Promise<void> {
    // One resolver per client, so the clients' leftovers are resolved in parallel.
    await Promise.all(
      this.settings.accounts.map((_, client) =>
        new Client(client, this, forkRandom(this.random)).resolve(
          this.unresolvedPurchases.filter((entry) => entry.client === client),
          this.unresolvedCancellations.filter((entry) => entry.client === client),
        ),
      ),
    );
  }

  /** Keeps a purchase without a definite outcome for `resolve`. */
  leavePurchase(entry: { client: number } & Purchase): void {
    this.unresolvedPurchases.push(entry);
  }

  /** Keeps a cancellation without a definite outcome for `resolve`. */
  leaveCancellation(entry: { client: number } & Booked): void {
    this.unresolvedCancellations.push(entry);
  }
}

class Client {
  private readonly gateways = new Map<string, GatewayClient>();
  private readonly booked: Booked[] = [];
  private serial = 0;

  constructor(
    private readonly id: number,
    private readonly workload: Workload,
    private readonly random: SeededRandom,
  ) {}

  async run(): Promise<void> {
    try {
      while (!this.workload.stopped) {
        if (this.booked.length > 0 && this.random.chance(this.workload.settings.cancelShare)) {
          await this.cancel();
        } else {
          await this.purchase();
        }
        await sleep(this.random.integer(THINK_MS.min, THINK_MS.max));
      }
    } finally {
      this.close();
    }
  }

  /** Sends unresolved operations again, one at a time, a few times each. */
  async resolve(
    purchases: ReadonlyArray<{ client: number } & Purchase>,
    cancellations: ReadonlyArray<{ client: number } & Booked>,
  ): Promise<void> {
    try {
      for (const purchase of purchases) {
        for (let attempt = 1; attempt <= RESOLVE_ATTEMPTS_MAX; attempt += 1) {
          const outcome = await this.sendPurchase('retry', purchase.client, purchase, this.node());
          if (outcome.type !== 'unknown') {
            break;
          }
          await sleep(RESOLVE_PAUSE_MS);
        }
      }
      for (const booking of cancellations) {
        for (let attempt = 1; attempt <= RESOLVE_ATTEMPTS_MAX; attempt += 1) {
          const outcome = await this.sendCancel(booking.client, booking, this.node());
          if (outcome.type !== 'unknown') {
            break;
          }
          await sleep(RESOLVE_PAUSE_MS);
        }
      }
    } finally {
      this.close();
    }
  }

  private async purchase(): Promise<void> {
    const settings = this.workload.settings;
    this.serial += 1;
    const itinerary = this.random.chance(settings.firstItineraryShare)
      ? settings.itineraries[0]
      : this.random.pick(settings.itineraries);
    const name = `Chaos ${letterCode(this.id)} ${letterCode(this.serial)}`;
    const purchase: Purchase = {
      idempotencyKey: `${settings.keyPrefix}-${this.id}-${String(this.serial).padStart(6, '0')}`,
      itinerary,
      passengers: this.random.chance(0.3) ? [name, `${name} Junior`] : [name],
    };

    let node = this.node();
    let outcome = await this.sendPurchase('purchase', this.id, purchase, node);
    for (let retry = 1; retry <= settings.retriesMax && outcome.type === 'unknown'; retry += 1) {
      if (this.workload.stopped) {
        break;
      }
      await sleep(this.random.integer(RETRY_PAUSE_MS.min, RETRY_PAUSE_MS.max));
      node = this.random.chance(0.5) ? this.node() : node;
      outcome = await this.sendPurchase('retry', this.id, purchase, node);
    }
    if (outcome.type === 'ok') {
      this.booked.push({ ...purchase, locator: outcome.locator });
    } else if (outcome.type === 'unknown') {
      this.workload.leavePurchase({ client: this.id, ...purchase });
    }
  }

  private async cancel(): Promise<void> {
    const settings = this.workload.settings;
    const [booking] = this.booked.splice(this.random.integer(0, this.booked.length - 1), 1);
    let outcome = await this.sendCancel(this.id, booking, this.node());
    for (let retry = 1; retry <= settings.retriesMax && outcome.type === 'unknown'; retry += 1) {
      if (this.workload.stopped) {
        break;
      }
      await sleep(this.random.integer(RETRY_PAUSE_MS.min, RETRY_PAUSE_MS.max));
      outcome = await this.sendCancel(this.id, booking, this.node());
    }
    if (outcome.type === 'fail') {
      // Nothing changed: the booking is still confirmed and may be cancelled later.
      this.booked.push(booking);
    } else if (outcome.type === 'unknown') {
      this.workload.leaveCancellation({ client: this.id, ...booking });
    }
  }

  private async sendPurchase(
    kind: OperationKind,
    client: number,
    purchase: Purchase,
    node: string,
  ): Promise<OperationOutcome> {
    return this.record(kind, client, purchase, node, (token) =>
      this.send<PurchaseResponse>(node, 'bookings.purchase', {
        token,
        idempotencyKey: purchase.idempotencyKey,
        flightIds: purchase.itinerary,
        passengers: purchase.passengers,
      }),
    );
  }

  private async sendCancel(
    client: number,
    booking: Booked,
    node: string,
  ): Promise<OperationOutcome> {
    return this.record('cancel', client, booking, node, (token) =>
      this.send<CancelBookingResponse>(node, 'bookings.cancel', {
        token,
        locator: booking.locator,
      }),
    );
  }

  /** Records the operation in the history, sends it with the client's session, stores the outcome. */
  private async record(
    kind: OperationKind,
    client: number,
    target: Purchase & { locator?: string },
    node: string,
    send: (token: string) => Promise<OperationOutcome>,
  ): Promise<OperationOutcome> {
    const account = this.workload.settings.accounts[client];
    const operation = this.workload.recorder.invoke({
      client,
      node,
      kind,
      accountId: account.accountId,
      idempotencyKey: target.idempotencyKey,
      itinerary: target.itinerary,
      passengers: target.passengers,
      ...(kind === 'cancel' ? { locator: target.locator } : {}),
    });
    const outcome = await send(account.tokens[node]);
    return operation.complete(outcome).outcome;
  }

  /** Sends one request and classifies the outcome; a connection without a response is reopened. */
  private async send<T extends { booking: BookingView }>(
    node: string,
    pattern: string,
    data: unknown,
  ): Promise<OperationOutcome> {
    try {
      const response = await this.gateway(node).send<T>(pattern, data);
      return okOutcome(response.booking);
    } catch (error) {
      const code = errorCode(error);
      if (code === 'NO_ANSWER') {
        this.gateways.get(node)?.close();
        this.gateways.delete(node);
        return { type: 'unknown', reason: error instanceof Error ? error.message : String(error) };
      }
      return UNKNOWN_OUTCOME_CODES.has(code)
        ? { type: 'unknown', reason: code }
        : { type: 'fail', code };
    }
  }

  private gateway(node: string): GatewayClient {
    let gateway = this.gateways.get(node);
    if (!gateway) {
      const settings = this.workload.settings;
      gateway = new GatewayClient(settings.gatewayPorts[node], settings.requestTimeoutMs);
      this.gateways.set(node, gateway);
    }
    return gateway;
  }

  private node(): string {
    return this.random.pick(Object.keys(this.workload.settings.gatewayPorts));
  }

  private close(): void {
    this.gateways.forEach((gateway) => gateway.close());
    this.gateways.clear();
  }
}

function okOutcome(booking: BookingView): OperationOutcome {
  return {
    type: 'ok',
    seller: booking.soldBy.code,
    locator: booking.locator,
    tickets: booking.segments.flatMap((segment) =>
      segment.coupons.map((coupon) => ({ flightId: segment.flightId, ...coupon })),
    ),
  };
}

/** A generator with its own stream, seeded from `random`. */
export function forkRandom(random: SeededRandom): SeededRandom {
  return new SeededRandom(random.integer(0, 2 ** 32 - 1));
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
