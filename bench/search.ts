import { cpus } from 'node:os';

import { enumerateItineraries, paretoFront } from '../libs/link-state/src/search/brute-force';
import { FlightIndex } from '../libs/link-state/src/search/flight-index';
import { searchItineraries } from '../libs/link-state/src/search/itinerary-search';
import { generateNetwork, generateQueries } from '../libs/link-state/src/search/search-fixtures';
import {
  DEFAULT_SEARCH_RULES,
  type Itinerary,
  type SearchQuery,
} from '../libs/link-state/src/search/search-types';
import { percentile } from './statistics';

/**
 * Itinerary search benchmark on synthetic networks, in-process, with no I/O but the output.
 * It times `searchItineraries` on a fixed, seeded set of queries and compares it with the
 * brute-force reference on a prefix of the same queries. Prints Markdown.
 */

const AIRPORTS = 100;
const DAYS = 7;
const SEED = 20_261_205;
const QUERIES = 200;
/** Untimed passes over all queries before timing, so that the timed ones run optimized code. */
const WARM_UP_PASSES = 1;
const INDEX_BUILDS = 5;

interface NetworkCase {
  flights: number;
  /** The brute force grows with the flights per airport, so the large network runs fewer. */
  baselineQueries: number;
}

const NETWORKS: readonly NetworkCase[] = [
  { flights: 10_000, baselineQueries: QUERIES },
  { flights: 50_000, baselineQueries: 10 },
];

interface Timing {
  /** In query order. */
  latenciesMs: number[];
  sortedMs: number[];
}

function elapsedMs(started: bigint): number {
  return Number(process.hrtime.bigint() - started) / 1e6;
}

function time(queries: readonly SearchQuery[], run: (query: SearchQuery) => unknown): Timing {
  const latenciesMs: number[] = [];
  for (const query of queries) {
    const started = process.hrtime.bigint();
    run(query);
    latenciesMs.push(elapsedMs(started));
  }
  return { latenciesMs, sortedMs: [...latenciesMs].sort((a, b) => a - b) };
}

function mean(values: readonly number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

function legIds(itineraries: readonly Itinerary[]): string {
  return itineraries.map((itinerary) => itinerary.legs.map((leg) => leg.id).join(' ')).join(', ');
}

function main(): void {
  const cpuList = cpus();
  console.log('# Itinerary search benchmark\n');
  console.log(
    `Machine: ${cpuList.length} × ${cpuList[0]?.model ?? 'unknown CPU'}, Node ${process.version}`,
  );
  console.log('Command: `npm run bench:search` (node dist/bench/search.js)');
  console.log(
    `Networks: ${AIRPORTS} airports over ${DAYS} days from generateNetwork with seed ${SEED}. ` +
      `Queries: ${QUERIES} from generateQueries with the same seed, default rules ` +
      `(max ${DEFAULT_SEARCH_RULES.maxLegs} legs, ${DEFAULT_SEARCH_RULES.maxResults} results), ` +
      `after ${WARM_UP_PASSES} untimed pass over them.`,
  );
  console.log(
    'Percentiles are nearest-rank over the sorted latencies, so p99 of 200 queries is the ' +
      'second slowest, and on fewer than 100 baseline queries it is the slowest. The baseline ' +
      '(paretoFront(enumerateItineraries(...))) runs on the first queries of the same list.\n',
  );

  const rows: string[] = [];
  const notes: string[] = [];
  for (const network of NETWORKS) {
    const flights = generateNetwork({
      airports: AIRPORTS,
      flights: network.flights,
      days: DAYS,
      seed: SEED,
    });
    const queries = generateQueries({ airports: AIRPORTS, days: DAYS, count: QUERIES, seed: SEED });

    // The first build is untimed, so that the timed ones run optimized code too.
    const buildTimesMs: number[] = [];
    let index = new FlightIndex(flights);
    for (let build = 0; build < INDEX_BUILDS; build++) {
      const started = process.hrtime.bigint();
      index = new FlightIndex(flights);
      buildTimesMs.push(elapsedMs(started));
    }
    buildTimesMs.sort((a, b) => a - b);

    for (let pass = 0; pass < WARM_UP_PASSES; pass++) {
      for (const query of queries) {
        searchItineraries(index, query);
      }
    }
    const results: Itinerary[][] = [];
    const search = time(queries, (query) => {
      results.push(searchItineraries(index, query));
    });

    const baselineSet = queries.slice(0, network.baselineQueries);
    const baselineResults: Itinerary[][] = [];
    const baseline = time(baselineSet, (query) => {
      const front = paretoFront(enumerateItineraries(flights, query));
      baselineResults.push(front.slice(0, DEFAULT_SEARCH_RULES.maxResults));
    });
    const mismatches = baselineResults.filter(
      (expected, position) => legIds(expected) !== legIds(results[position]),
    ).length;
    const resultCount = results.reduce((sum, result) => sum + result.length, 0);
    // Both means cover the same queries, so that the ratio compares like with like.
    const searchMeanMs = mean(search.latenciesMs.slice(0, baselineSet.length));
    const speedUp = mean(baseline.latenciesMs) / searchMeanMs;

    rows.push(
      `| ${AIRPORTS} airports, ${DAYS} days | ${network.flights} | ${QUERIES} | ` +
        `${percentile(search.sortedMs, 0.5).toFixed(3)} | ` +
        `${percentile(search.sortedMs, 0.99).toFixed(3)} | ` +
        `${baselineSet.length} | ${percentile(baseline.sortedMs, 0.5).toFixed(1)} | ` +
        `${percentile(baseline.sortedMs, 0.99).toFixed(1)} | ` +
        `${speedUp.toFixed(0)}× | ` +
        `${percentile(buildTimesMs, 0.5).toFixed(1)} |`,
    );
    notes.push(
      `${network.flights} flights: ${(resultCount / QUERIES).toFixed(1)} itineraries per query on ` +
        `average, ${mismatches} of ${baselineSet.length} baseline queries differ from the search.`,
    );
  }

  console.log(
    '| network | flights | queries | p50 ms | p99 ms | baseline queries | baseline p50 ms | ' +
      'baseline p99 ms | speed-up (mean) | index build ms (median of 5) |',
  );
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const row of rows) {
    console.log(row);
  }
  console.log('');
  for (const note of notes) {
    console.log(`- ${note}`);
  }
}

main();
