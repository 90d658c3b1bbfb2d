import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { Command } from 'commander';

import {
  DEMO_NODES,
  type RunningNode,
  assertPortFree,
  planDemoNetwork,
  startNode,
  stopNode,
  waitForStatus,
} from './local-network';
import {
  BURST_NODE_SETTINGS,
  type ReferenceScenarioResult,
  formatReferenceTable,
  referenceExpectationFailures,
  referenceFlightIds,
  runReferenceScenario,
  tomorrow,
  waitForFullMap,
} from './reference-scenario';
import { wholeNumberOption } from './cli-options';
import { signedJson } from './signed-request';

/**
 * `npm run simulate`: the reference contention scenario end to end on real node processes. It
 * starts the three demo airlines on 127.0.0.1, lets the buyers buy Salvador → Belém at once,
 * prints the outcome, and exits with status 1 when it differs from the expected one.
 */

const HTTP_PORT_BASE = 29_711;
const TCP_PORT_BASE = 29_721;
const CLUSTER_KEY = 'simulate-cluster-key-0123456789abcdef0123456789';
/** Seats of JG 9001, the first reference leg, in the demo timetable. */
const FIRST_LEG_CAPACITY = 100;
const BUYERS_MAX = 2_000;
const REQUEST_TIMEOUT_MS = 120_000;

/** Test hooks hold seats back when `--seats` is below the first leg's capacity. */
const NODE_SETTINGS = {
  ...BURST_NODE_SETTINGS,
  INTERLINE_TEST_HOOKS: 'true',
  INTERLINE_SEED_DAYS: '3',
  INTERLINE_LOG_LEVEL: 'warn',
};

interface SimulateOptions {
  buyers: number;
  seats: number;
  nodes: number;
  json?: string;
}

async function main(): Promise<void> {
  const options = new Command('npm run simulate --')
    .description(
      'Run the reference contention scenario on three real airline nodes: buyers buy ' +
        'Salvador → Fortaleza → Curitiba → Belém (JG 9001, IP 9002, RC 9003) at the same moment.',
    )
    .option('--buyers <count>', 'buyers, one seat each', wholeNumberOption(1, BUYERS_MAX), 300)
    .option(
      '--seats <count>',
      `seats on sale on the first leg; the rest of its ${FIRST_LEG_CAPACITY} are held back first`,
      wholeNumberOption(1, FIRST_LEG_CAPACITY),
      FIRST_LEG_CAPACITY,
    )
    .option(
      '--nodes <count>',
      'nodes the buyers are spread over (all three airlines always run, one per leg)',
      wholeNumberOption(1, DEMO_NODES.length),
      DEMO_NODES.length,
    )
    .option('--json <file>', 'also write the result as JSON to this file')
    .parse()
    .opts<SimulateOptions>();

  const root = mkdtempSync(join(tmpdir(), 'interline-simulate-'));
  const specs = planDemoNetwork({
    httpPortBase: HTTP_PORT_BASE,
    tcpPortBase: TCP_PORT_BASE,
    dataDir: root,
    clusterKey: CLUSTER_KEY,
  }).map((spec) => ({ ...spec, env: NODE_SETTINGS }));
  for (const spec of specs) {
    await assertPortFree(spec.httpPort, `${spec.code} HTTP`);
    await assertPortFree(spec.tcpPort, `${spec.code} gateway`);
  }

  const nodes: RunningNode[] = specs.map((spec) => startNode(spec));
  const stopAll = () => Promise.all(nodes.map((node) => stopNode(node)));
  const onSignal = (signal: NodeJS.Signals) => {
    console.error(`${signal}: stopping the nodes`);
    void stopAll().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  let failures: string[] = ['the scenario did not finish'];
  try {
    await Promise.all(nodes.map((node) => waitForStatus(node)));
    await Promise.all(nodes.map((node) => waitForFullMap(node, specs.length)));
    const date = tomorrow();
    await holdBackSeats(nodes[0], referenceFlightIds(date)[0], FIRST_LEG_CAPACITY - options.seats);

    const result = await runReferenceScenario({
      legNodes: specs,
      sellers: specs.slice(0, options.nodes),
      buyers: options.buyers,
      date,
      requestTimeoutMs: REQUEST_TIMEOUT_MS,
    });
    failures = referenceExpectationFailures(result, options.seats);
    report(result, options, failures);
  } finally {
    await stopAll();
    if (failures.length === 0) {
      rmSync(root, { recursive: true, force: true });
    } else {
      console.error(`Node logs and databases kept in ${root}`);
    }
  }
  process.exitCode = failures.length === 0 ? 0 : 1;
}

/** Holds `seats` seats of the flight through the test hook, so fewer are on sale. */
async function holdBackSeats(node: RunningNode, flightId: string, seats: number): Promise<void> {
  if (seats === 0) {
    return;
  }
  const answer = await signedJson(CLUSTER_KEY, node.httpUrl, 'POST', '/v1/test-hooks/holds', {
    flightId,
    seats,
  });
  if (answer.status !== 201) {
    throw new Error(
      `holding back ${seats} seats of ${flightId} failed with HTTP ${answer.status}: ${JSON.stringify(answer.body)}`,
    );
  }
}

function report(
  result: ReferenceScenarioResult,
  options: SimulateOptions,
  failures: readonly string[],
): void {
  console.log(
    `Reference scenario: ${options.buyers} buyers on ${options.nodes} node(s), ` +
      `${options.seats} seats on the first leg\n`,
  );
  console.log(formatReferenceTable(result, options.seats));
  console.log(
    failures.length === 0
      ? '\nExpectation met: every seat sold once, every other buyer told SOLD_OUT.'
      : `\nExpectation NOT met:\n${failures.map((failure) => `- ${failure}`).join('\n')}`,
  );
  if (options.json) {
    const file = resolve(options.json);
    writeFileSync(
      file,
      `${JSON.stringify({ options: { ...options, json: undefined }, result, failures }, null, 2)}\n`,
    );
    console.log(`JSON written to ${file}`);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
