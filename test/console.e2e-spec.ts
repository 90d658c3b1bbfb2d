import { execFile } from 'node:child_process';
import { join } from 'node:path';

import type { RunningNode } from '../scripts/local-network';
import { repositoryRoot } from '../scripts/local-network';
import { PORT_BLOCKS, TestCluster } from './support/cluster';

const CONSOLE = join(repositoryRoot(), 'dist', 'apps', 'console', 'src', 'main.js');
const PASSWORD = 'console-e2e-2026';

interface ConsoleRun {
  code: number;
  stdout: string;
  stderr: string;
}

function runConsole(args: string[], env: Record<string, string> = {}): Promise<ConsoleRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [CONSOLE, ...args],
      { env: { PATH: process.env.PATH ?? '', LANG: 'C', ...env }, timeout: 20_000 },
      (error, stdout, stderr) => {
        let code = 0;
        if (error) {
          code = typeof error.code === 'number' ? error.code : -1;
        }
        resolve({ code, stdout, stderr });
      },
    );
  });
}

describe('console scriptable mode against a node', () => {
  const cluster = TestCluster.create('console');
  let node: RunningNode;
  let nodeAddress: string;

  beforeAll(async () => {
    [node] = await cluster.start(cluster.plan(PORT_BLOCKS.console, 1, { INTERLINE_PEERS: '' }));
    nodeAddress = `127.0.0.1:${node.spec.tcpPort}`;
  });

  afterAll(async () => {
    await cluster.dispose();
  });

  it('register, log in, log out with JSON output', async () => {
    const register = await runConsole(
      [
        '--node',
        nodeAddress,
        '--json',
        'register',
        '--email',
        'rafa@example.com',
        '--name',
        'Rafael Costa',
      ],
      {
        INTERLINE_PASSWORD: PASSWORD,
      },
    );
    expect(register.code).toBe(0);
    expect(JSON.parse(register.stdout).account.email).toBe('rafa@example.com');

    const login = await runConsole(
      ['--node', nodeAddress, '--json', 'login', '--email', 'rafa@example.com'],
      { INTERLINE_PASSWORD: PASSWORD },
    );
    expect(login.code).toBe(0);
    const { token } = JSON.parse(login.stdout) as { token: string };
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const logout = await runConsole(['--node', nodeAddress, '--json', 'logout'], {
      INTERLINE_TOKEN: token,
    });
    expect(logout.code).toBe(0);
    expect(JSON.parse(logout.stdout)).toEqual({ loggedOut: true });

    const again = await runConsole(['--node', nodeAddress, '--json', 'logout'], {
      INTERLINE_TOKEN: token,
    });
    expect(again.code).toBe(1);
    expect(JSON.parse(again.stdout).error.code).toBe('SESSION_INVALID');
  });

  it('business error in English with --lang', async () => {
    await runConsole(
      ['--node', nodeAddress, 'register', '--email', 'dup@example.com', '--name', 'Dup'],
      { INTERLINE_PASSWORD: PASSWORD },
    );
    const duplicate = await runConsole(
      [
        '--node',
        nodeAddress,
        '--lang',
        'en',
        'register',
        '--email',
        'dup@example.com',
        '--name',
        'Dup',
      ],
      {
        INTERLINE_PASSWORD: PASSWORD,
      },
    );
    expect(duplicate.code).toBe(1);
    expect(duplicate.stderr).toContain('An account with email dup@example.com already exists');
  });

  it('flights table shows the reference leg', async () => {
    const run = await runConsole([
      '--node',
      nodeAddress,
      '--no-color',
      'flights',
      '--from',
      'SSA',
      '--to',
      'FOR',
    ]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('JG 9001');
    expect(run.stdout).toContain('Jangada Linhas Aéreas');
    expect(run.stdout).toMatch(/R\$\s?485,00/);
  });

  it('airports JSON lists served airports', async () => {
    const run = await runConsole(['--node', nodeAddress, '--json', 'airports', '--served']);
    expect(run.code).toBe(0);
    const { airports } = JSON.parse(run.stdout) as {
      airports: Array<{ iata: string; served: boolean }>;
    };
    expect(airports.map((airport) => airport.iata)).toEqual(expect.arrayContaining(['SSA', 'FOR']));
    expect(airports.every((airport) => airport.served)).toBe(true);
  });

  it('unreachable node exits 3 with a clear error', async () => {
    const run = await runConsole(['--node', '127.0.0.1:27499', '--json', 'airports']);
    expect(run.code).toBe(3);
    const { error } = JSON.parse(run.stdout) as { error: { code: string; message: string } };
    expect(error.code).toBe('NODE_UNREACHABLE');
    expect(error.message).toContain('127.0.0.1:27499');
  });

  it('bad --node value is a usage error', async () => {
    const run = await runConsole(['--node', 'nowhere', 'airports']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('nowhere');
  });
});
