import { parseArgs } from 'node:util';

import { PLANTED_BUGS, type PlantedBug } from './node-services';
import { addRun, emptyTotals, formatFailure, formatSummary } from './report';
import { runSimulation } from './simulation';

/** Seeds and purchases per seed when no option is given: sized for CI (see the testing docs). */
const SEEDS_DEFAULT = 300;
const OPERATIONS_DEFAULT = 12;
const TRACE_LINES_DEFAULT = 120;

const USAGE = `Usage: npm run sim -- [--seeds N] [--start S] [--seed X] [--ops M] [--plant BUGS]
                          [--verbose]

Runs the deterministic simulation of several airline nodes under faults and checks every
invariant after each run. Exits with status 1 when a run breaks an invariant.

  --seeds N      runs N seeds, from --start on (default ${SEEDS_DEFAULT})
  --start S      first seed (default 1)
  --seed X       runs seed X alone, with its trace printed even when it passes
  --ops M        client purchases per seed (default ${OPERATIONS_DEFAULT})
  --plant BUGS   plants deliberate bugs, comma-separated, to show that the checks catch them:
                 ${PLANTED_BUGS.join(', ')}
  --verbose      keeps routine link-state messages in the printed trace
  --help         prints this text`;

function main(): number {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        seeds: { type: 'string' },
        start: { type: 'string' },
        seed: { type: 'string' },
        ops: { type: 'string' },
        plant: { type: 'string' },
        verbose: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    }));
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const seeds = wholeNumber('--seeds', values.seeds, SEEDS_DEFAULT, 1);
  const start = wholeNumber('--start', values.start, 1, 0);
  const single = values.seed === undefined ? null : wholeNumber('--seed', values.seed, 0, 0);
  const operations = wholeNumber('--ops', values.ops, OPERATIONS_DEFAULT, 1);
  const plantedBugs = plantedBugList(values.plant);
  if (
    seeds === null ||
    start === null ||
    operations === null ||
    plantedBugs === null ||
    (values.seed !== undefined && single === null)
  ) {
    console.error(USAGE);
    return 2;
  }

  const list =
    single !== null ? [single] : Array.from({ length: seeds }, (_, index) => start + index);
  const totals = emptyTotals();
  const began = performance.now();
  for (const seed of list) {
    const result = runSimulation({
      seed,
      operations,
      plantedBugs,
      verbose: values.verbose,
      // Kept for the entries about the subjects of a violation; the tail printed is shorter.
      traceLines: 5_000,
    });
    addRun(totals, result);
    if (result.violations.length > 0 || single !== null) {
      const traceLines = values.verbose ? 400 : TRACE_LINES_DEFAULT;
      console.log(formatFailure(result, operations, traceLines));
    }
  }
  console.log(formatSummary(totals, performance.now() - began));
  return totals.failedSeeds.length > 0 ? 1 : 0;
}

/** Parses a whole-number option; prints what is wrong and returns null when it is invalid. */
function wholeNumber(
  name: string,
  text: string | undefined,
  fallback: number,
  minimum: number,
): number | null {
  if (text === undefined) {
    return fallback;
  }
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < minimum) {
    console.error(
      `${name} must be a whole number of at least ${minimum}, got ${JSON.stringify(text)}`,
    );
    return null;
  }
  return value;
}

/** Parses `--plant`; prints what is wrong and returns null when a name is not a planted bug. */
function plantedBugList(text: string | undefined): PlantedBug[] | null {
  if (text === undefined) {
    return [];
  }
  const names = text.split(',').map((name) => name.trim());
  const invalid = names.filter((name) => !(PLANTED_BUGS as readonly string[]).includes(name));
  if (invalid.length > 0) {
    console.error(
      `--plant got unknown bug ${invalid.map((name) => JSON.stringify(name)).join(', ')}; expected one or more of ${PLANTED_BUGS.join(', ')}`,
    );
    return null;
  }
  return names as PlantedBug[];
}

process.exitCode = main();
