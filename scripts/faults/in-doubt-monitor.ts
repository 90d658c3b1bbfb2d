import { type NodeAddress, readInDoubt } from './final-state';

const POLL_MS = 250;
const POLL_TIMEOUT_MS = 2_000;

/**
 * Polls every node's in-doubt list while a run goes on, to measure how long a prepared
 * transaction waited for its decision. A duration is measured from the first poll that saw the
 * transaction to the last one, so it is a lower bound, short by up to one poll interval
 * (250 ms) plus any time the node did not respond.
 */
export class InDoubtMonitor {
  /** First and last time each transaction was seen in doubt, by `<airline>/<txId>`. */
  private readonly seen = new Map<string, { first: number; last: number }>();
  private timer: NodeJS.Timeout | null = null;
  /** Polls still waiting for a response, by airline: a paused node has at most one. */
  private readonly polling = new Map<string, Promise<void>>();

  constructor(
    private readonly clusterKey: string,
    private readonly nodes: readonly NodeAddress[],
  ) {}

  start(): void {
    this.timer ??= setInterval(() => {
      for (const node of this.nodes) {
        if (!this.polling.has(node.airline)) {
          const poll = this.poll(node).finally(() => this.polling.delete(node.airline));
          this.polling.set(node.airline, poll);
        }
      }
    }, POLL_MS);
  }

  async stop(): Promise<void> {
    if (this.timer) {
      clearInterval(this.timer);
      this.timer = null;
    }
    await Promise.all(this.polling.values());
  }

  /** Transactions seen in doubt at least once. */
  get count(): number {
    return this.seen.size;
  }

  /** The maximum time one transaction was seen in doubt, in milliseconds. */
  get maxMs(): number {
    let max = 0;
    for (const { first, last } of this.seen.values()) {
      max = Math.max(max, last - first);
    }
    return max;
  }

  private async poll(node: NodeAddress): Promise<void> {
    let txIds: string[];
    try {
      txIds = await readInDoubt(this.clusterKey, node.httpUrl, POLL_TIMEOUT_MS);
    } catch {
      // Paused, killed or restarting: its transactions stay as last seen.
      return;
    }
    const now = Date.now();
    for (const txId of txIds) {
      const key = `${node.airline}/${txId}`;
      const entry = this.seen.get(key);
      if (entry) {
        entry.last = now;
      } else {
        this.seen.set(key, { first: now, last: now });
      }
    }
  }
}
