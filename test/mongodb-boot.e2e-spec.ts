import { PORT_BLOCKS, TestCluster, readLog } from './support/cluster';

/** A port in the MongoDB suites' range where no server listens. */
const UNREACHABLE_MONGODB_PORT = 29_019;

describe('airline node on an unreachable MongoDB', () => {
  const cluster = TestCluster.create('mongodb-boot');

  afterAll(async () => {
    await cluster.dispose();
  });

  it('exits with status 74 naming the redacted URL', async () => {
    const [spec] = cluster.plan(PORT_BLOCKS.mongodbBoot, 1, {
      INTERLINE_PEERS: '',
      INTERLINE_SEED_DEMO: 'false',
      INTERLINE_STORAGE: 'mongodb',
      INTERLINE_MONGODB_URL: `mongodb://app:s3cret@127.0.0.1:${UNREACHABLE_MONGODB_PORT}/interline-jg`,
    });

    const node = cluster.launch(spec);

    expect(await node.exited).toBe(74);
    const log = readLog(node);
    expect(log).toContain('Node not started: the database cannot be opened');
    expect(log).toContain(`mongodb://app:***@127.0.0.1:${UNREACHABLE_MONGODB_PORT}/interline-jg`);
    expect(log).toContain('fix INTERLINE_MONGODB_URL');
    expect(log).not.toContain('s3cret');
    expect(log).not.toContain('Retrying');
  }, 30_000);
});
