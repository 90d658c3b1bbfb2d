import Database from 'better-sqlite3';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { PORT_BLOCKS, TEST_CLUSTER_KEY, TestCluster, getJson, readLog } from './support/cluster';
import { signedGetHeaders } from './support/signing';

const DATABASE_FILE = 'interline.sqlite';

interface FlightsBody {
  flights: Array<{ id: string; capacity: number; seatsAvailable: number }>;
}

describe('airline node boot and storage', () => {
  const cluster = TestCluster.create('storage');

  afterAll(async () => {
    await cluster.dispose();
  });

  it('restart keeps sold seats and flight count', async () => {
    const [spec] = cluster.plan(PORT_BLOCKS.storage, 1, { INTERLINE_PEERS: '' });
    const [first] = await cluster.start([spec]);
    const before = await getJson<{ flightsStored: number }>(`${first.httpUrl}/status`);
    expect(before.body.flightsStored).toBeGreaterThan(0);
    await cluster.stop(first);

    // Sell seats behind the node's back, as a committed purchase would, then restart it.
    const database = new Database(join(spec.dataDir, DATABASE_FILE));
    const flight = database
      .prepare('SELECT id, service_date AS date FROM flights ORDER BY departure_at LIMIT 1')
      .get() as { id: string; date: string };
    database
      .prepare('UPDATE flights SET seats_sold = 7, seats_available = capacity - 7 WHERE id = ?')
      .run(flight.id);
    database.close();

    const [second] = await cluster.start([spec]);
    const after = await getJson<{ flightsStored: number }>(`${second.httpUrl}/status`);
    expect(after.body.flightsStored).toBe(before.body.flightsStored);

    const path = `/v1/flights?date=${flight.date}`;
    const { body } = await getJson<FlightsBody>(`${second.httpUrl}${path}`, {
      headers: signedGetHeaders(TEST_CLUSTER_KEY, path),
    });
    const reseeded = body.flights.find((candidate) => candidate.id === flight.id);
    expect(reseeded?.seatsAvailable).toBe((reseeded?.capacity ?? 0) - 7);
    await cluster.stop(second);
  });

  it('corrupt database stops the node without listening', async () => {
    const [, spec] = cluster.plan(PORT_BLOCKS.storage, 2, { INTERLINE_PEERS: '' });
    const [started] = await cluster.start([spec]);
    await cluster.stop(started);
    const file = join(spec.dataDir, DATABASE_FILE);
    writeFileSync(file, Buffer.alloc(8192, 0x41));

    const node = cluster.launch(spec);
    expect(await node.exited).toBe(74);
    const log = readLog(node);
    expect(log).toContain('the database cannot be opened');
    expect(log).toContain('not a SQLite database');
    await expect(fetch(`${node.httpUrl}/status`)).rejects.toThrow();

    // The damaged file is left for the operator, never replaced.
    const { readFileSync } = await import('node:fs');
    expect(readFileSync(file).subarray(0, 4).toString()).toBe('AAAA');
  });

  it('invalid configuration names each bad variable', async () => {
    const [, , spec] = cluster.plan(PORT_BLOCKS.storage, 3, {
      INTERLINE_HTTP_PORT: '99999',
      INTERLINE_CLUSTER_KEY: 'short',
      INTERLINE_LOG_LEVEL: 'loud',
    });
    const node = cluster.launch(spec);
    expect(await node.exited).toBe(78);
    const log = readLog(node);
    expect(log).toContain('INTERLINE_HTTP_PORT has invalid value "99999"');
    expect(log).toContain('INTERLINE_CLUSTER_KEY has invalid value (secret of 5 characters)');
    expect(log).toContain('INTERLINE_LOG_LEVEL has invalid value "loud"');
    expect(log).not.toContain('short');
    await expect(fetch(`http://127.0.0.1:${spec.tcpPort}`)).rejects.toThrow();
  });
});
