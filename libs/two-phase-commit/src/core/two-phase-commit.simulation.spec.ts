import { TEST_LIMITS } from '../testing/fixtures';
import {
  type SimulationOptions,
  type SimulationResult,
  formatSimulationFailure,
  runSimulation,
  simulationOptionsFor,
} from '../testing/two-phase-commit-simulation';

/** Seeds run by default. TWO_PHASE_COMMIT_SEED=<seed> runs that one seed instead. */
const SEED_COUNT = 1_000;
const seedOverride = process.env.TWO_PHASE_COMMIT_SEED;
const SEEDS =
  seedOverride !== undefined
    ? [Number(seedOverride)]
    : Array.from({ length: SEED_COUNT }, (_, index) => index + 1);

/** Fails with the seed, the problems and the end of the trace. */
function expectSettled(result: SimulationResult): void {
  if (result.problems.length > 0) {
    throw new Error(formatSimulationFailure(result));
  }
  expect(result.problems).toEqual([]);
}

const RELIABLE: Omit<SimulationOptions, 'seed'> = {
  otherAirlines: 2,
  transactions: 1,
  lossRate: 0,
  duplicateRate: 0,
  delayMaxMs: 5,
  crashesMax: 0,
  limits: TEST_LIMITS,
};

describe('two-phase commit simulation', () => {
  let failure: string | null = null;
  let totals = emptyTotals();

  beforeAll(() => {
    // Runs stop at the first failing seed, so that a broken core fails fast with its seed.
    for (const seed of SEEDS) {
      const result = runSimulation(simulationOptionsFor(seed));
      if (result.problems.length > 0) {
        failure = formatSimulationFailure(result);
        break;
      }
      totals = addStats(totals, result);
    }
  });

  it('every schedule ends with one outcome on every node', () => {
    if (failure !== null) {
      throw new Error(failure);
    }
    expect(failure).toBeNull();
  });

  it('seeds reach every outcome and fault', () => {
    // A simulator that never reaches these cases would pass without checking them.
    if (seedOverride === undefined && failure === null) {
      expect(totals.commits).toBeGreaterThan(0);
      expect(totals.aborts).toBeGreaterThan(0);
      expect(totals.waits).toBeGreaterThan(0);
      expect(totals.crashes).toBeGreaterThan(0);
      expect(totals.lostMessages).toBeGreaterThan(0);
      expect(totals.duplicatedMessages).toBeGreaterThan(0);
      expect(totals.decisionQueries).toBeGreaterThan(0);
      expect(totals.peerQueries).toBeGreaterThan(0);
      expect(totals.refusals.SOLD_OUT).toBeGreaterThan(0);
      expect(totals.refusals.BUSY).toBeGreaterThan(0);
      expect(totals.refusals.ABORTED).toBeGreaterThan(0);
    }
  });

  it('same seed repeats the run', () => {
    const options = simulationOptionsFor(SEEDS[0]);

    const first = runSimulation(options);
    const second = runSimulation(options);

    expect(second.trace).toEqual(first.trace);
    expect(second.traceLength).toBe(first.traceLength);
    expect(second.stats).toEqual(first.stats);
    expect(second.flights).toEqual(first.flights);
  });

  it('reliable network commits a lone purchase when seats suffice', () => {
    for (let seed = 1; seed <= 50; seed += 1) {
      const result = runSimulation({ ...RELIABLE, seed });
      expectSettled(result);
      const [transaction] = result.transactions;
      const fits = transaction.payload.legs.every((leg) => {
        const flight = result.flights.find((candidate) => candidate.flightId === leg.flightId);
        return flight !== undefined && flight.capacity - flight.initialSold >= leg.seats;
      });

      expect(transaction.announced).toEqual([fits ? 'COMMIT' : 'ABORT']);
      const sold = result.flights.reduce(
        (sum, flight) => sum + flight.sold - flight.initialSold,
        0,
      );
      const legSeats = transaction.payload.legs.reduce((sum, leg) => sum + leg.seats, 0);
      expect(sold).toBe(fits ? legSeats : 0);
    }
  });
});

type Totals = ReturnType<typeof emptyTotals>;

function emptyTotals() {
  return {
    commits: 0,
    aborts: 0,
    waits: 0,
    crashes: 0,
    lostMessages: 0,
    duplicatedMessages: 0,
    decisionQueries: 0,
    peerQueries: 0,
    refusals: {} as Record<string, number>,
  };
}

/** Adds what one run went through, to show that the seeds cover the hard cases. */
function addStats(totals: Totals, result: SimulationResult): Totals {
  const sum = { ...totals, refusals: { ...totals.refusals } };
  for (const transaction of result.transactions) {
    sum.commits += transaction.announced.filter((decision) => decision === 'COMMIT').length;
    sum.aborts += transaction.announced.filter((decision) => decision === 'ABORT').length;
  }
  sum.waits += result.stats.waits;
  sum.crashes += result.stats.crashes;
  sum.lostMessages += result.stats.lostMessages;
  sum.duplicatedMessages += result.stats.duplicatedMessages;
  sum.decisionQueries += result.stats.decisionQueries;
  sum.peerQueries += result.stats.peerQueries;
  for (const [reason, count] of Object.entries(result.stats.refusals)) {
    sum.refusals[reason] = (sum.refusals[reason] ?? 0) + count;
  }
  return sum;
}
