import { randomInt } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

import { Logger } from '@nestjs/common';
import { Command } from 'commander';

import { positiveNumberOption, wholeNumberOption } from './cli-options';

import { type ChaosReport, runChaos } from './faults/chaos-run';

/**
 * `npm run chaos -- --minutes N [--seed S]`: purchases and cancellations on three real airline
 * nodes while a seeded nemesis kills, pauses and partitions them, then a check of every client
 * response against the final state of every node. Exits with status 1 on any violation.
 */

const HTTP_PORT_BASE = 29_811;
const TCP_PORT_BASE = 29_821;
const PROXY_PORT_BASE = 29_831;
const MINUTES_MAX = 24 * 60;

interface ChaosCommandOptions {
  minutes: number;
  seed: number;
  clients: number;
  json?: string;
  keepData: boolean;
  partitions: boolean;
}

async function main(): Promise<void> {
  const options = new Command('npm run chaos --')
    .description(
      'Buy and cancel bookings on three real airline nodes while a seeded nemesis kills, ' +
        'pauses and partitions them, then check every response against the final state.',
    )
    .option(
      '--minutes <minutes>',
      'length of the load phase; fractions allowed',
      positiveNumberOption(MINUTES_MAX),
      1,
    )
    .option(
      '--seed <seed>',
      'seed of the faults and operations (random when omitted; printed to re-run)',
      wholeNumberOption(0, 2 ** 32 - 1),
    )
    .option(
      '--clients <count>',
      'concurrent clients, one operation in flight each',
      wholeNumberOption(1, 64),
      8,
    )
    .option('--json <file>', 'also write the report, with every operation, as JSON to this file')
    .option('--keep-data', "keep the nodes' logs and databases even when the run passes", false)
    .option('--no-partitions', 'only kill and pause nodes, without partitions or one-way cuts')
    .parse()
    .opts<ChaosCommandOptions>();
  const seed = options.seed ?? randomInt(2 ** 32 - 1);
  // The gateway clients log every connection a kill resets. Those requests are recorded as
  // unknown outcomes in the history, so the log lines only hide the nemesis lines.
  Logger.overrideLogger(['fatal']);

  const abort = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    console.error(`${signal}: ending the run and stopping the nodes`);
    abort.abort();
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  const report = await runChaos({
    durationMs: Math.round(options.minutes * 60_000),
    seed,
    clients: options.clients,
    httpPortBase: HTTP_PORT_BASE,
    tcpPortBase: TCP_PORT_BASE,
    proxyPortBase: PROXY_PORT_BASE,
    partitions: options.partitions,
    keepData: options.keepData,
    log: (line) => console.log(line),
    signal: abort.signal,
  });
  print(report);
  if (options.json) {
    const file = resolve(options.json);
    writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
    console.log(`JSON written to ${file}`);
  }
  // NOTE: exit explicitly. After some runs with kills and blackholed links, Node.js 20 spun at
  // 100% CPU while releasing leftover socket handles at exit, after all work had finished.
  process.exit(passed(report) ? 0 : 1);
}

function passed(report: ChaosReport): boolean {
  return (
    report.violations.length === 0 && report.nemesisErrors.length === 0 && report.settleMs !== null
  );
}

function print(report: ChaosReport): void {
  const { operations, stats } = report;
  const faults = Object.entries(report.faults)
    .map(([kind, count]) => `${kind} ${count}`)
    .join(', ');
  const lines = [
    '',
    `Chaos run, seed ${report.seed} (re-run with --seed ${report.seed}), ` +
      `${report.partitions ? 'kills, pauses and partitions' : 'kills and pauses only'}, ` +
      `${report.clients} clients, ${(report.loadMs / 1_000).toFixed(0)} s of load`,
    '',
    '| operations | attempted | confirmed | rejected | unknown |',
    '| --- | ---: | ---: | ---: | ---: |',
    `| all | ${operations.attempted} | ${operations.confirmed} | ${operations.rejected} | ${operations.unknown} |`,
    ...Object.entries(stats.operations).map(
      ([kind, counts]) =>
        `| ${kind} | ${counts.ok + counts.fail + counts.unknown} | ${counts.ok} | ${counts.fail} | ${counts.unknown} |`,
    ),
    '',
    `Rejections by code: ${JSON.stringify(stats.failureCodes)}`,
    `Purchase keys: ${stats.keys}, sold ${stats.keysSold}; unknown outcomes resolved as sold ` +
      `${stats.unknownKeysResolvedSold}, as not sold ${stats.unknownKeysResolvedNotSold}`,
    `Bookings at the end: ${JSON.stringify(stats.bookings)}; ${stats.seatsSold} seats sold on ${stats.flights} flights`,
    `Faults injected: ${faults}`,
    `In doubt: ${report.inDoubt.transactionsSeen} transactions seen, longest ${report.inDoubt.maxMs} ms`,
    `Unknown outcomes sent again for ${report.resolveMs} ms after the faults ended; ` +
      `settled ${report.settleMs === null ? 'NOT within the limit' : `${report.settleMs} ms after that`}`,
    ...report.restartRetries.map((error) => `Restart retried after: ${error}`),
    ...report.nemesisErrors.map((error) => `Nemesis error: ${error}`),
    '',
    report.violations.length === 0
      ? 'Violations: none'
      : `Violations: ${report.violations.length}\n${report.violations
          .map((violation) => `- ${violation.rule}: ${violation.message}`)
          .join('\n')}`,
  ];
  if (report.dataDir) {
    lines.push(`Node logs and databases kept in ${report.dataDir}`);
  }
  console.log(lines.join('\n'));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
