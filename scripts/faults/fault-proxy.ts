import { type AddressInfo, type Server, type Socket, connect, createServer } from 'node:net';

/**
 * Fault a proxy applies to the bytes it relays:
 *
 * - `pass`: relays every chunk at once;
 * - `cut`: resets every open connection and every new one, as a refused or broken link does;
 * - `blackhole`: keeps connections open and accepts new ones, but drops every byte silently,
 *   so callers wait until their own timeout, as behind a firewall that drops packets;
 * - `delay`: relays every chunk `ms` milliseconds after it arrived, in order.
 */
export type Fault =
  { mode: 'pass' } | { mode: 'cut' } | { mode: 'blackhole' } | { mode: 'delay'; ms: number };

/** Maximum delay a proxy accepts, so a mistaken value cannot stall a test run for hours. */
export const FAULT_DELAY_MS_MAX = 60_000;

const LOOPBACK = '127.0.0.1';

/** One direction of a relayed connection: bytes read from `source` are written to `target`. */
interface Direction {
  source: Socket;
  target: Socket;
  /** When the previous delayed chunk is due, so later chunks never overtake it. */
  lastDueAt: number;
  /** Delayed chunks not yet written, with their timers. */
  timers: Set<NodeJS.Timeout>;
  /** The source ended; end the target once every pending chunk is written. */
  ended: boolean;
  /** Reading is paused until the target drains its write buffer. */
  draining: boolean;
}

/** A client connection and its upstream connection to the target port. */
interface Relay {
  client: Socket;
  upstream: Socket;
  toTarget: Direction;
  toClient: Direction;
  /** True once a byte was dropped: the stream has a hole and cannot be relayed again. */
  damaged: boolean;
}

/**
 * A TCP proxy on 127.0.0.1 in front of one target port, for fault-injection tests. Every fault set
 * with `set` applies to the connections already open as well as to new ones. It works on raw TCP
 * and does not parse HTTP, so a fault hits whole connections, including the keep-alive
 * connections that carry many requests.
 */
export class FaultProxy {
  private fault: Fault = { mode: 'pass' };
  private readonly relays = new Set<Relay>();

  /** Base URL of the proxy, to use in place of the target's URL. */
  readonly url: string;

  private constructor(
    private readonly server: Server,
    readonly listenPort: number,
    readonly targetPort: number,
  ) {
    this.url = `http://${LOOPBACK}:${listenPort}`;
  }

  /**
   * Starts listening on `127.0.0.1:listenPort` (0 picks a free port); rejects when the port is
   * taken.
   */
  static async start(options: { listenPort: number; targetPort: number }): Promise<FaultProxy> {
    const server = createServer({ allowHalfOpen: true });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.listenPort, LOOPBACK, () => {
        server.off('error', reject);
        resolve();
      });
    });
    const listenPort = (server.address() as AddressInfo).port;
    const proxy = new FaultProxy(server, listenPort, options.targetPort);
    // No connection event can fire before this line: events wait for the next turn of the loop.
    server.on('connection', (client) => proxy.accept(client));
    return proxy;
  }

  /** The fault now applied. */
  get current(): Fault {
    return this.fault;
  }

  /** Applies `fault` to new connections and to the open ones. */
  set(fault: Fault): void {
    if (
      fault.mode === 'delay' &&
      !(Number.isInteger(fault.ms) && fault.ms >= 0 && fault.ms <= FAULT_DELAY_MS_MAX)
    ) {
      throw new RangeError(
        `delay of ${String(fault.ms)} ms is invalid; expected a whole number of milliseconds from 0 to ${FAULT_DELAY_MS_MAX}`,
      );
    }
    this.fault = fault;
    for (const relay of [...this.relays]) {
      if (fault.mode === 'cut') {
        this.reset(relay);
      } else if (relay.damaged && fault.mode !== 'blackhole') {
        // TCP would retransmit what was dropped; this proxy cannot, so a connection that lost
        // bytes is reset instead of carrying a stream with a hole in it.
        this.reset(relay);
      }
    }
  }

  /** Stops listening and resets every open connection. */
  async close(): Promise<void> {
    for (const relay of [...this.relays]) {
      this.reset(relay);
    }
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: Socket): void {
    if (this.fault.mode === 'cut') {
      client.on('error', () => undefined);
      client.resetAndDestroy();
      return;
    }
    const upstream = connect({ host: LOOPBACK, port: this.targetPort, allowHalfOpen: true });
    const relay: Relay = {
      client,
      upstream,
      toTarget: {
        source: client,
        target: upstream,
        lastDueAt: 0,
        timers: new Set(),
        ended: false,
        draining: false,
      },
      toClient: {
        source: upstream,
        target: client,
        lastDueAt: 0,
        timers: new Set(),
        ended: false,
        draining: false,
      },
      damaged: false,
    };
    this.relays.add(relay);

    // An error on either side (the target refused the connection, was killed, or the client
    // gave up) ends both: the other side sees a reset, as it would across a broken link.
    for (const socket of [client, upstream]) {
      socket.on('error', () => this.reset(relay));
      socket.on('close', () => {
        if (client.destroyed && upstream.destroyed) {
          this.forget(relay);
        } else if (upstream.connecting) {
          // The client gave up before the target accepted: stop connecting, or the attempt
          // would keep the process alive for as long as the kernel retries it.
          this.reset(relay);
        }
      });
    }
    for (const direction of [relay.toTarget, relay.toClient]) {
      direction.source.on('data', (chunk: Buffer) => this.relay(relay, direction, chunk));
      direction.source.on('end', () => {
        if (this.fault.mode === 'blackhole') {
          // The end of the stream is dropped like its bytes.
          relay.damaged = true;
          return;
        }
        direction.ended = true;
        this.endWhenFlushed(direction);
      });
    }
  }

  private relay(relay: Relay, direction: Direction, chunk: Buffer): void {
    const fault = this.fault;
    if (fault.mode === 'blackhole') {
      relay.damaged = true;
      return;
    }
    if (fault.mode !== 'delay' && direction.timers.size === 0) {
      this.write(relay, direction, chunk);
      return;
    }
    const delayMs = fault.mode === 'delay' ? fault.ms : 0;
    const dueAt = Math.max(Date.now() + delayMs, direction.lastDueAt);
    direction.lastDueAt = dueAt;
    const timer = setTimeout(() => {
      direction.timers.delete(timer);
      // The fault may have changed while the chunk waited: a blackhole set since drops it.
      if (this.fault.mode === 'blackhole') {
        relay.damaged = true;
      } else {
        this.write(relay, direction, chunk);
      }
      this.endWhenFlushed(direction);
    }, dueAt - Date.now());
    direction.timers.add(timer);
  }

  private write(relay: Relay, direction: Direction, chunk: Buffer): void {
    if (direction.target.destroyed) {
      return;
    }
    if (!direction.target.write(chunk) && !direction.draining) {
      // Back-pressure: stop reading until the slow side has taken what it was given.
      direction.draining = true;
      direction.source.pause();
      direction.target.once('drain', () => {
        direction.draining = false;
        if (this.relays.has(relay)) {
          direction.source.resume();
        }
      });
    }
  }

  private endWhenFlushed(direction: Direction): void {
    if (direction.ended && direction.timers.size === 0 && !direction.target.destroyed) {
      direction.target.end();
    }
  }

  /** Ends both connections of `relay` with a TCP reset. */
  private reset(relay: Relay): void {
    if (!this.forget(relay)) {
      return;
    }
    for (const socket of [relay.client, relay.upstream]) {
      if (socket.connecting) {
        // A reset waits for the connection to be established, which may never happen.
        socket.destroy();
      } else if (!socket.destroyed) {
        socket.resetAndDestroy();
      }
    }
  }

  /** Drops `relay` and its pending chunks; returns false when it was already dropped. */
  private forget(relay: Relay): boolean {
    if (!this.relays.delete(relay)) {
      return false;
    }
    for (const direction of [relay.toTarget, relay.toClient]) {
      for (const timer of direction.timers) {
        clearTimeout(timer);
      }
      direction.timers.clear();
    }
    return true;
  }
}
