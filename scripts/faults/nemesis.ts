import type { Fault } from './fault-proxy';
import type { ProxiedNetwork } from './proxied-network';
import type { SeededRandom } from '../../sim/seeded-random';

/**
 * The nemesis of a fault-injection run: from a seed, it injects one fault at a time into the
 * network, keeps it for a while, undoes it, and waits before the next one.
 */

export type FaultKind = 'kill' | 'pause' | 'partition' | 'one-way';

/** The network operations the nemesis uses: a `ProxiedNetwork` or a stand-in of it. */
export type FaultableNetwork = Pick<
  ProxiedNetwork,
  'airlines' | 'kill' | 'restart' | 'pause' | 'resume' | 'partition' | 'oneWay' | 'heal'
>;

/** One injected fault and when it was undone. */
export interface FaultEvent {
  kind: FaultKind;
  /** The airlines it hit: the killed or paused node, the minority side, or `from`, `to`. */
  targets: string[];
  /** Behaviour of the cut links of a partition or one-way cut: refused, or silently dropped. */
  linkFault?: 'cut' | 'blackhole';
  /** Epoch milliseconds. */
  startedAt: number;
  endedAt: number | null;
}

export interface NemesisOptions {
  /** The faults to draw from. */
  kinds: readonly FaultKind[];
  /** Quiet time between two faults, drawn uniformly, in milliseconds. */
  gapMs: { min: number; max: number };
  /** How long a fault stays, drawn uniformly, in milliseconds. */
  durationMs: { min: number; max: number };
}

const RESTART_ATTEMPTS = 3;
const RESTART_PAUSE_MS = 2_000;

export const NEMESIS_DEFAULTS: NemesisOptions = {
  kinds: ['kill', 'pause', 'partition', 'one-way'],
  gapMs: { min: 1_500, max: 5_000 },
  durationMs: { min: 1_000, max: 6_000 },
};

/** Runs faults until `stop` is called, then undoes the current one. */
export class Nemesis {
  readonly events: FaultEvent[] = [];
  /** Faults that could not be injected or undone, e.g. a node that did not start again. */
  readonly errors: string[] = [];
  /** Restarts that failed and then succeeded on a later attempt, with the first error. */
  readonly restartRetries: string[] = [];
  private stopping = false;
  private wake: (() => void) | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly network: FaultableNetwork,
    private readonly random: SeededRandom,
    private readonly log: (line: string) => void,
    private readonly options: NemesisOptions = NEMESIS_DEFAULTS,
  ) {}

  start(): void {
    this.running ??= this.loop().catch((error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      this.errors.push(message);
      this.log(`nemesis: stopped after an error: ${message}`);
    });
  }

  /** Stops drawing faults, undoes the current one and waits until that is done. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    await this.running;
  }

  private async loop(): Promise<void> {
    while (!this.stopping) {
      await this.sleep(this.draw(this.options.gapMs));
      if (this.stopping) {
        return;
      }
      const kind = this.random.pick(this.options.kinds);
      const duration = this.draw(this.options.durationMs);
      const event: FaultEvent = {
        kind,
        targets: this.drawTargets(kind),
        startedAt: Date.now(),
        endedAt: null,
      };
      if (kind === 'partition' || kind === 'one-way') {
        event.linkFault = this.random.pick(['cut', 'blackhole'] as const);
      }
      this.events.push(event);
      this.log(
        `nemesis: ${kind} ${event.targets.join(' ')}${event.linkFault ? ` (${event.linkFault})` : ''} for ${duration} ms`,
      );
      const undo = await this.inject(event);
      await this.sleep(duration);
      await undo();
      event.endedAt = Date.now();
      this.log(`nemesis: ${kind} ${event.targets.join(' ')} undone`);
    }
  }

  private drawTargets(kind: FaultKind): string[] {
    const airlines = this.network.airlines;
    if (kind === 'one-way') {
      const from = this.random.pick(airlines);
      return [from, this.random.pick(airlines.filter((code) => code !== from))];
    }
    return [this.random.pick(airlines)];
  }

  /** Injects the fault and returns how to undo it. */
  private async inject(event: FaultEvent): Promise<() => Promise<void>> {
    const network = this.network;
    const [target, other] = event.targets;
    const linkFault: Fault = { mode: event.linkFault ?? 'cut' };
    switch (event.kind) {
      case 'kill':
        await network.kill(target);
        return () => this.restart(target);
      case 'pause':
        network.pause(target);
        return async () => network.resume(target);
      case 'partition': {
        const rest = network.airlines.filter((code) => code !== target);
        network.partition([[target], rest], linkFault);
        return async () => network.heal();
      }
      case 'one-way':
        network.oneWay(target, other, linkFault);
        return async () => network.heal();
    }
  }

  /**
   * Starts a killed node again, up to `RESTART_ATTEMPTS` times. A start can fail for a reason
   * outside the node, such as a build rewriting `dist/` at that moment. Only the last failure is
   * an error.
   */
  private async restart(code: string): Promise<void> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        await this.network.restart(code);
        return;
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        if (attempt === RESTART_ATTEMPTS) {
          throw error;
        }
        this.restartRetries.push(message);
        this.log(`nemesis: restart of ${code} failed (${message}); trying again`);
        await new Promise((resolve) => setTimeout(resolve, RESTART_PAUSE_MS));
      }
    }
  }

  private draw(range: { min: number; max: number }): number {
    return this.random.integer(range.min, range.max);
  }

  /** Sleeps `ms`, or less when `stop` is called. */
  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.wake = null;
        resolve();
      }, ms);
      this.wake = () => {
        clearTimeout(timer);
        this.wake = null;
        resolve();
      };
    });
  }
}
