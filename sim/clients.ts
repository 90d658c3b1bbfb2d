import type { CancelAnswer, PurchaseAnswer } from './booking-role';
import type { EventQueue } from './event-queue';
import type { ClientIntent } from './scenario';
import type { SeededRandom } from './seeded-random';
import type { NetworkHost, SimulatedNetwork } from './simulated-network';
import type { Trace } from './trace';

/** How long a client waits for an answer before it retries: above the purchase timeout. */
export const CLIENT_TIMEOUT_MS = 45_000;
/** Requests of one operation, the first included. */
const CLIENT_ATTEMPTS_MAX = 4;

/** Failures after which nothing was decided for good, so the client retries with the same key. */
const RETRIED_CODES = new Set([
  'ACCOUNT_DIRECTORY_UNREACHABLE',
  'PURCHASE_OUTCOME_UNKNOWN',
  'AIRLINE_UNREACHABLE',
  'PURCHASE_TIMED_OUT',
  'NO_ANSWER',
]);

/** What one client was told, in order; `NO_ANSWER` marks a request that timed out. */
export interface ClientRecord {
  intent: ClientIntent;
  purchaseAnswers: Array<{ at: number; node: string; answer: PurchaseAnswer }>;
  cancelAnswers: Array<{ at: number; node: string; answer: CancelAnswer }>;
  /** True once the client stopped sending requests. */
  finished: boolean;
  /**
   * True when a cancellation request reached the node twice or got no answer: a copy the client
   * never heard from may have cancelled the booking after a failed answer.
   */
  cancelUncertain: boolean;
}

/**
 * The passengers' side: each client sends its purchase to a node, retries with the same key on
 * the same or another node when it gets no answer or an outcome that may change, and cancels
 * some confirmed bookings on the node that sold them.
 */
export class SimulatedClients {
  readonly records: ClientRecord[];
  private readonly host: NetworkHost = {
    code: 'client',
    running: true,
    accepting: true,
    pausedUntil: 0,
    incarnation: 0,
    receive: () => undefined,
  };

  constructor(
    intents: readonly ClientIntent[],
    private readonly airlines: readonly string[],
    private readonly queue: EventQueue,
    private readonly random: SeededRandom,
    private readonly trace: Trace,
    private readonly network: () => SimulatedNetwork,
  ) {
    this.records = intents.map((intent) => ({
      intent,
      purchaseAnswers: [],
      cancelAnswers: [],
      finished: false,
      cancelUncertain: false,
    }));
    for (const record of this.records) {
      this.queue.schedule(record.intent.submitAt, () =>
        this.purchase(record, record.intent.firstNode, 1),
      );
    }
  }

  /** True when every client stopped sending requests. */
  get allFinished(): boolean {
    return this.records.every((record) => record.finished);
  }

  private purchase(record: ClientRecord, node: string, attempt: number): void {
    const { intent } = record;
    this.note('purchase', intent.idempotencyKey, `attempt ${attempt} to ${node}`);
    this.request(
      node,
      'purchase',
      intent.idempotencyKey,
      {
        accountId: intent.accountId,
        email: intent.email,
        idempotencyKey: intent.idempotencyKey,
        flightIds: intent.flightIds,
        passengers: intent.passengers,
      },
      (body) => {
        const answer = (body ?? { ok: false, code: 'NO_ANSWER' }) as PurchaseAnswer;
        record.purchaseAnswers.push({ at: this.queue.now, node, answer });
        this.note('purchase-answer', intent.idempotencyKey, describePurchase(answer));
        if (answer.ok) {
          this.afterConfirmed(record, answer, attempt);
        } else if (RETRIED_CODES.has(answer.code) && attempt < CLIENT_ATTEMPTS_MAX) {
          this.retry(() => this.purchase(record, this.nextNode(node), attempt + 1));
        } else {
          record.finished = true;
        }
      },
    );
  }

  private afterConfirmed(
    record: ClientRecord,
    answer: Extract<PurchaseAnswer, { ok: true }>,
    attempt: number,
  ): void {
    const { intent } = record;
    if (intent.repeatsAfterAnswer && attempt < CLIENT_ATTEMPTS_MAX && !answer.replayed) {
      // A passenger who presses "buy" again gets the same booking back.
      this.retry(() => this.purchase(record, this.random.pick(this.airlines), CLIENT_ATTEMPTS_MAX));
      return;
    }
    if (intent.cancels && record.cancelAnswers.length === 0) {
      this.retry(() => this.cancel(record, answer.seller, answer.locator, 1));
      return;
    }
    record.finished = true;
  }

  private cancel(record: ClientRecord, seller: string, locator: string, attempt: number): void {
    const { intent } = record;
    this.note('cancel', locator, `attempt ${attempt} to ${seller}`);
    const body = { accountId: intent.accountId, locator };
    const duplicated = this.request(seller, 'cancel', locator, body, (response) => {
      const answer = (response ?? { ok: false, code: 'NO_ANSWER' }) as CancelAnswer;
      record.cancelUncertain ||= !answer.ok && answer.code === 'NO_ANSWER';
      record.cancelAnswers.push({ at: this.queue.now, node: seller, answer });
      this.note('cancel-answer', locator, answer.ok ? 'cancelled' : answer.code);
      if (!answer.ok && RETRIED_CODES.has(answer.code) && attempt < CLIENT_ATTEMPTS_MAX) {
        this.retry(() => this.cancel(record, seller, locator, attempt + 1));
      } else {
        record.finished = true;
      }
    });
    record.cancelUncertain ||= duplicated;
  }

  /**
   * Sends one request; `then` gets the answer body, or null when none came in time. Returns
   * whether the network duplicated it.
   */
  private request(
    node: string,
    kind: string,
    subject: string,
    body: unknown,
    then: (body: unknown) => void,
  ): boolean {
    return this.network().request(
      this.host,
      node,
      { kind, subject, from: 'client', clock: {}, body },
      CLIENT_TIMEOUT_MS,
      (response) => then(response.body),
      () => then(null),
    );
  }

  private retry(action: () => void): void {
    this.queue.schedule(this.queue.now + this.random.integer(200, 3_000), action);
  }

  /** Returns the same node or, as often, another one. */
  private nextNode(node: string): string {
    return this.random.chance(0.5) ? node : this.random.pick(this.airlines);
  }

  private note(kind: string, subject: string, detail: string): void {
    this.trace.record({ at: this.queue.now, node: 'client', kind, subject, detail });
  }
}

function describePurchase(answer: PurchaseAnswer): string {
  return answer.ok
    ? `confirmed ${answer.seller}/${answer.locator}${answer.replayed ? ' replayed' : ''}`
    : answer.code;
}
