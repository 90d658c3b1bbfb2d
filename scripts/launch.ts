import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';

import { Command, InvalidArgumentError } from 'commander';

import {
  HTTP_PORT_BASE_DEFAULT,
  type RunningNode,
  TCP_PORT_BASE_DEFAULT,
  assertPortFree,
  planDemoNetwork,
  repositoryRoot,
  startNode,
  stopNode,
  waitForStatus,
} from './local-network';

interface LaunchOptions {
  console: boolean;
  httpPort: number;
  tcpPort: number;
  dataDir: string;
  lang?: string;
}

const ROOT = repositoryRoot();

function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port < 1 || port > 65_533) {
    throw new InvalidArgumentError(`${value} is not a port from 1 to 65533`);
  }
  return port;
}

/** Starts the three demo nodes, waits until each responds, then opens the console or waits. */
async function main(): Promise<void> {
  const program = new Command('npm start')
    .description('Start a local Interline network of three demo airlines on 127.0.0.1.')
    .option('--no-console', 'start the nodes only and wait for Ctrl-C')
    .option(
      '--http-port <port>',
      'first inter-node HTTP port; the nodes use three consecutive ports',
      parsePort,
      Number(process.env.INTERLINE_HTTP_PORT_BASE ?? HTTP_PORT_BASE_DEFAULT),
    )
    .option(
      '--tcp-port <port>',
      'first client gateway TCP port; the nodes use three consecutive ports',
      parsePort,
      Number(process.env.INTERLINE_TCP_PORT_BASE ?? TCP_PORT_BASE_DEFAULT),
    )
    .option(
      '--data-dir <dir>',
      'directory holding one data directory per node',
      process.env.INTERLINE_NETWORK_DATA_DIR ?? './data',
    )
    .option('--lang <lang>', 'console language: pt-BR or en')
    .parse();
  const options = program.opts<LaunchOptions>();

  const clusterKey = process.env.INTERLINE_CLUSTER_KEY ?? randomBytes(32).toString('base64url');
  const specs = planDemoNetwork({
    httpPortBase: options.httpPort,
    tcpPortBase: options.tcpPort,
    dataDir: resolve(options.dataDir),
    clusterKey,
  });
  for (const spec of specs) {
    await assertPortFree(spec.httpPort, `${spec.code} HTTP`);
    await assertPortFree(spec.tcpPort, `${spec.code} gateway`);
  }

  const nodes: RunningNode[] = specs.map((spec) => startNode(spec));
  let stopping: Promise<void> | undefined;
  /** Nodes that ended before the launcher stopped them, with how they ended. */
  const crashed = new Map<string, number | string>();
  const stopAll = () => {
    stopping ??= (async () => {
      console.log('\nStopping the nodes...');
      const codes = await Promise.all(nodes.map((node) => stopNode(node)));
      nodes.forEach((node, index) => {
        const early = crashed.get(node.spec.code);
        console.log(
          early === undefined
            ? `  ${node.spec.code} stopped (${codes[index]})`
            : `  ${node.spec.code} had already ended (${early}) before the launcher stopped the network`,
        );
      });
    })();
    return stopping;
  };
  /** Exit status of the launcher: 1 when a node ended on its own, so scripts notice it. */
  const exitStatus = () => (crashed.size > 0 ? 1 : 0);

  process.on('SIGINT', () => void stopAll().then(() => process.exit(exitStatus())));
  process.on('SIGTERM', () => void stopAll().then(() => process.exit(exitStatus())));

  try {
    await Promise.all(nodes.map((node) => waitForStatus(node)));
  } catch (error) {
    console.error(`Could not start the network: ${(error as Error).message}`);
    await stopAll();
    process.exit(1);
  }

  console.log('Interline local network is up:');
  for (const node of nodes) {
    console.log(
      `  ${node.spec.code} ${node.spec.name.padEnd(26)} gateway 127.0.0.1:${node.spec.tcpPort}  HTTP ${node.httpUrl} (Swagger ${node.httpUrl}/docs)  log ${node.logFile}`,
    );
  }

  for (const node of nodes) {
    void node.exited.then((code) => {
      if (!stopping) {
        crashed.set(node.spec.code, code);
        console.error(
          `Node ${node.spec.code} exited unexpectedly with ${code}; see ${node.logFile}`,
        );
      }
    });
  }

  if (!options.console) {
    console.log('Press Ctrl-C to stop.');
    return;
  }

  const consoleArgs = [
    join(ROOT, 'dist', 'apps', 'console', 'src', 'main.js'),
    '--node',
    `127.0.0.1:${specs[0].tcpPort}`,
  ];
  if (options.lang) {
    consoleArgs.push('--lang', options.lang);
  }
  const passengerConsole = spawn(process.execPath, consoleArgs, { stdio: 'inherit' });
  passengerConsole.once('exit', () => void stopAll().then(() => process.exit(exitStatus())));
}

void main().catch((error: unknown) => {
  console.error(
    `Could not start the network: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exit(1);
});
