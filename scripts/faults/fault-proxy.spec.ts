import { type Server, type Socket, connect, createServer } from 'node:net';

import { FaultProxy } from './fault-proxy';

/** Ports of this spec, inside the block reserved for fault-injection tests. */
const TARGET_PORT = 29_690;
const PROXY_PORT = 29_691;
/** Bound of every wait in this spec. */
const WAIT_MS = 5_000;

/** A client connection through the proxy that records what it receives and how it ended. */
interface Client {
  socket: Socket;
  received: () => string;
  ended: Promise<'reset' | 'closed'>;
}

function connectClient(port: number): Promise<Client> {
  return new Promise((resolve, reject) => {
    let data = '';
    const socket = connect({ host: '127.0.0.1', port }, () =>
      resolve({ socket, received: () => data, ended }),
    );
    const ended = new Promise<'reset' | 'closed'>((resolveEnd) => {
      socket.on('error', (error: NodeJS.ErrnoException) => {
        if (error.code === 'ECONNRESET') {
          resolveEnd('reset');
        }
      });
      socket.on('close', () => resolveEnd('closed'));
    });
    socket.on('data', (chunk) => (data += chunk.toString('utf8')));
    socket.once('error', reject);
  });
}

async function waitFor(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + WAIT_MS;
  while (!check()) {
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${WAIT_MS} ms waiting for ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

describe('FaultProxy', () => {
  let target: Server;
  let proxy: FaultProxy;
  /** Everything the target received, over all connections. */
  let receivedByTarget = '';
  const clients: Client[] = [];

  const open = async (): Promise<Client> => {
    const client = await connectClient(PROXY_PORT);
    clients.push(client);
    return client;
  };

  /** Opens a connection and returns how it ended; the reset may even come before `connect`. */
  const openAndWaitForEnd = (): Promise<string | undefined> =>
    open().then(
      (client) => client.ended,
      (error: NodeJS.ErrnoException) => (error.code === 'ECONNRESET' ? 'reset' : error.code),
    );

  beforeEach(async () => {
    receivedByTarget = '';
    // The target echoes every chunk in upper case, so a reply shows both directions work.
    target = createServer((socket) => {
      socket.on('data', (chunk) => {
        receivedByTarget += chunk.toString('utf8');
        socket.write(chunk.toString('utf8').toUpperCase());
      });
      socket.on('error', () => undefined);
    });
    await new Promise<void>((resolve) => target.listen(TARGET_PORT, '127.0.0.1', resolve));
    proxy = await FaultProxy.start({ listenPort: PROXY_PORT, targetPort: TARGET_PORT });
  });

  afterEach(async () => {
    for (const client of clients.splice(0)) {
      client.socket.destroy();
    }
    await proxy.close();
    await new Promise<void>((resolve) => target.close(() => resolve()));
  });

  it('relays both directions in pass mode', async () => {
    const client = await open();
    client.socket.write('hello');
    await waitFor(() => client.received() === 'HELLO', 'the echo');
    expect(proxy.url).toBe(`http://127.0.0.1:${PROXY_PORT}`);
  });

  it('cut resets open connections and new ones', async () => {
    const client = await open();
    client.socket.write('one');
    await waitFor(() => client.received() === 'ONE', 'the first echo');

    proxy.set({ mode: 'cut' });
    expect(await client.ended).toBe('reset');

    expect(await openAndWaitForEnd()).toBe('reset');
  });

  it('blackhole drops bytes but keeps the connection open', async () => {
    const client = await open();
    client.socket.write('before');
    await waitFor(() => client.received() === 'BEFORE', 'the echo before the fault');

    proxy.set({ mode: 'blackhole' });
    client.socket.write('lost');
    const fresh = await open();
    fresh.socket.write('also lost');
    await sleep(300);

    expect(receivedByTarget).toBe('before');
    expect(client.received()).toBe('BEFORE');
    expect(client.socket.destroyed).toBe(false);
    expect(fresh.socket.destroyed).toBe(false);

    // A connection that lost bytes cannot carry its stream on, so healing resets it; a new one
    // passes again.
    proxy.set({ mode: 'pass' });
    expect(await client.ended).toBe('reset');
    const healed = await open();
    healed.socket.write('after');
    await waitFor(() => healed.received() === 'AFTER', 'the echo after healing');
  });

  it('delay holds chunks and keeps their order', async () => {
    const client = await open();
    proxy.set({ mode: 'delay', ms: 600 });
    client.socket.write('a');
    await sleep(50);
    client.socket.write('b');
    await sleep(100);
    expect(receivedByTarget).toBe('');

    await waitFor(() => client.received() === 'AB', 'the delayed echo');
    expect(receivedByTarget).toBe('ab');
  });

  it('a blackhole drops chunks still held by a delay', async () => {
    const client = await open();
    proxy.set({ mode: 'delay', ms: 500 });
    client.socket.write('held');
    proxy.set({ mode: 'blackhole' });
    await sleep(800);
    expect(receivedByTarget).toBe('');

    proxy.set({ mode: 'pass' });
    expect(await client.ended).toBe('reset');
  });

  it('rejects a negative delay', () => {
    expect(() => proxy.set({ mode: 'delay', ms: -1 })).toThrow(RangeError);
  });

  it('resets the client when the target refuses the connection', async () => {
    await new Promise<void>((resolve) => target.close(() => resolve()));
    expect(await openAndWaitForEnd()).toBe('reset');
    // Reopened so that afterEach can close it again.
    target = createServer();
    await new Promise<void>((resolve) => target.listen(TARGET_PORT, '127.0.0.1', resolve));
  });
});
