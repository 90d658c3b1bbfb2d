import type { FaultCounts, SimulationResult } from './simulation';
import { type TraceEntry, formatTraceEntry } from './trace';

/** Totals over many runs, for the summary. */
export interface RunTotals {
  seeds: number;
  failedSeeds: number[];
  operations: number;
  confirmed: number;
  rejected: number;
  unknown: number;
  cancelled: number;
  committed: number;
  aborted: number;
  waits: number;
  sameKeyWaits: number;
  refusalsStored: number;
  events: number;
  simulatedMs: number;
  faults: FaultCounts;
}

export function emptyTotals(): RunTotals {
  return {
    seeds: 0,
    failedSeeds: [],
    operations: 0,
    confirmed: 0,
    rejected: 0,
    unknown: 0,
    cancelled: 0,
    committed: 0,
    aborted: 0,
    waits: 0,
    sameKeyWaits: 0,
    refusalsStored: 0,
    events: 0,
    simulatedMs: 0,
    faults: {
      crashes: 0,
      powerLosses: 0,
      restarts: 0,
      lostWrites: 0,
      pauses: 0,
      symmetricPartitions: 0,
      oneWayPartitions: 0,
      lostMessages: 0,
      duplicatedMessages: 0,
      reorderedMessages: 0,
      timedOutRequests: 0,
    },
  };
}

/** Adds one run to the totals. */
export function addRun(totals: RunTotals, result: SimulationResult): void {
  totals.seeds += 1;
  if (result.violations.length > 0) {
    totals.failedSeeds.push(result.seed);
  }
  totals.operations += result.operations;
  totals.confirmed += result.confirmed;
  totals.rejected += result.rejected;
  totals.unknown += result.unknown;
  totals.cancelled += result.cancelled;
  totals.committed += result.transactions.committed;
  totals.aborted += result.transactions.aborted;
  totals.waits += result.waits;
  totals.sameKeyWaits += result.sameKeyWaits;
  totals.refusalsStored += result.refusalsStored;
  totals.events += result.events;
  totals.simulatedMs += result.simulatedMs;
  for (const key of Object.keys(totals.faults) as Array<keyof FaultCounts>) {
    totals.faults[key] += result.faults[key];
  }
}

/** Formats the summary printed at the end of `npm run sim`. */
export function formatSummary(totals: RunTotals, elapsedMs: number): string {
  const faults = totals.faults;
  return [
    `seeds run: ${totals.seeds}, failed: ${totals.failedSeeds.length}${totals.failedSeeds.length > 0 ? ` (${totals.failedSeeds.slice(0, 20).join(', ')})` : ''}`,
    `simulated operations: ${totals.operations} purchases; last answers: ${totals.confirmed} confirmed, ${totals.rejected} rejected, ${totals.unknown} unknown or unanswered; ${totals.cancelled} cancelled`,
    `transactions: ${totals.committed} committed, ${totals.aborted} aborted; ${totals.waits} prepares waited for seats`,
    `bookings: ${totals.sameKeyWaits} purchase requests waited for an earlier one with their key, ${totals.refusalsStored} refusals from a node's map stored under their key`,
    `faults injected: ${faults.crashes} crashes (${faults.powerLosses} power losses, ${faults.lostWrites} writes lost), ${faults.restarts} restarts, ${faults.pauses} pauses, ${faults.symmetricPartitions} symmetric and ${faults.oneWayPartitions} one-way partitions`,
    `messages: ${faults.lostMessages} lost, ${faults.duplicatedMessages} duplicated, ${faults.reorderedMessages} reordered, ${faults.timedOutRequests} requests timed out`,
    `simulated time: ${(totals.simulatedMs / 1000).toFixed(0)} s in ${totals.events} events; wall time ${(elapsedMs / 1000).toFixed(1)} s`,
  ].join('\n');
}

/** Formats a run, failed or passed: its seed, the command that repeats it, the violations and the trace tail. */
export function formatFailure(
  result: SimulationResult,
  operations: number,
  traceLines: number,
): string {
  const tail = result.traceTail.slice(-traceLines);
  const related = relatedEntries(result);
  const verdict =
    result.violations.length > 0 ? `FAILED: ${result.violations.length} violations` : 'passed';
  return [
    `seed ${result.seed} ${verdict}`,
    `repeat with: npm run sim -- --seed ${result.seed} --ops ${operations}${result.plantedBugs.length > 0 ? ` --plant ${result.plantedBugs.join(',')}` : ''} --verbose`,
    `scenario: airlines ${result.scenario.airlines.join(',')}, ${result.scenario.topology}, loss ${result.scenario.network.lossRate}, duplication ${result.scenario.network.duplicateRate}, delay up to ${result.scenario.network.delayMaxMs} ms, faults ${JSON.stringify(result.scenario.faults)}`,
    'violations:',
    ...result.violations.slice(0, 30).map((violation) => `  ${violation}`),
    ...(related.length > 0
      ? [
          `entries about the transactions, keys and locators named above (at most ${RELATED_ENTRIES_MAX}):`,
          ...related.map((entry) => `  ${formatTraceEntry(entry)}`),
        ]
      : []),
    `trace hash ${result.traceHash}; last ${tail.length} of ${result.traceLength} entries (time, node, kind, txId or key, detail):`,
    ...tail.map((entry) => `  ${formatTraceEntry(entry)}`),
  ].join('\n');
}

/** Entries about the subjects named in violations that the failure report prints at most. */
const RELATED_ENTRIES_MAX = 80;

/** Returns the kept trace entries about a transaction, key or locator a violation names. */
function relatedEntries(result: SimulationResult): TraceEntry[] {
  const subjects = new Set<string>();
  for (const text of result.violations) {
    for (const match of text.matchAll(
      /[A-Z0-9]{2}\.([A-Z0-9]{6})\.[pc]\d+|key-\d+|\b[A-Z0-9]{6}\b/g,
    )) {
      subjects.add(match[0]);
      if (match[1]) {
        subjects.add(match[1]);
      }
    }
  }
  // A sale or refusal names its key in the detail, so the key's locator and transactions come along.
  for (const entry of result.traceTail) {
    const names = entry.kind === 'sale-started' || entry.kind === 'sale-refused';
    if (names && subjects.has(entry.detail.split(' ')[0])) {
      subjects.add(entry.subject);
    }
  }
  return result.traceTail
    .filter(
      (entry) => subjects.has(entry.subject) || subjects.has(entry.subject.split('.')[1] ?? ''),
    )
    .slice(-RELATED_ENTRIES_MAX);
}
