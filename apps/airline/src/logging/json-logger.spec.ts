import { JsonLogger } from './json-logger';

function capture(level: 'error' | 'warn' | 'info' | 'debug' = 'debug') {
  const lines: Array<Record<string, unknown>> = [];
  const logger = new JsonLogger('JG', level, (line) =>
    lines.push(JSON.parse(line) as Record<string, unknown>),
  );
  return { logger, lines };
}

describe('JsonLogger', () => {
  it('writes the airline on every line', () => {
    const { logger, lines } = capture();
    logger.log('started', 'Main');
    expect(lines[0]).toEqual(
      expect.objectContaining({ level: 'info', airline: 'JG', context: 'Main', msg: 'started' }),
    );
  });

  it('keeps structured fields', () => {
    const { logger, lines } = capture();
    logger.warn({ msg: 'Peer is unreachable', peer: 'IP', txId: 'tx-1' }, 'Peers');
    expect(lines[0]).toEqual(
      expect.objectContaining({
        level: 'warn',
        peer: 'IP',
        txId: 'tx-1',
        msg: 'Peer is unreachable',
      }),
    );
  });

  it('filters below the level', () => {
    const { logger, lines } = capture('warn');
    logger.log('hidden');
    logger.debug('hidden');
    logger.error('shown');
    expect(lines.map((line) => line.msg)).toEqual(['shown']);
  });

  it('attaches a stack to errors', () => {
    const { logger, lines } = capture();
    logger.error('failed', 'Error: boom\n    at x', 'Gateway');
    expect(lines[0]).toEqual(
      expect.objectContaining({ context: 'Gateway', stack: 'Error: boom\n    at x' }),
    );
  });
});
