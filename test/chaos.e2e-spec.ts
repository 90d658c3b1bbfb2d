import { type ChaosReport, runChaos } from '../scripts/faults/chaos-run';

/**
 * A fixed seed, so a failure can be re-run with `npm run chaos -- --seed 24 --minutes 0.75`. Its
 * first four faults are a kill, a one-way cut, a pause and a partition.
 */
const SEED = 24;
const LOAD_MS = 45_000;
/** Ports of this suite; `npm run chaos` uses 29811 and up, so both can run at once. */
const PORTS = { http: 29_911, tcp: 29_921, proxy: 29_931 };

describe('chaos: purchases and cancellations under kills, pauses and partitions', () => {
  let report: ChaosReport;

  beforeAll(async () => {
    report = await runChaos({
      durationMs: LOAD_MS,
      seed: SEED,
      clients: 8,
      httpPortBase: PORTS.http,
      tcpPortBase: PORTS.tcp,
      proxyPortBase: PORTS.proxy,
      partitions: true,
      keepData: false,
      log: () => undefined,
    });
    process.stdout.write(
      `chaos seed ${SEED}: ${JSON.stringify(report.operations)}, faults ${JSON.stringify(report.faults)}, ` +
        `longest in doubt ${report.inDoubt.maxMs} ms\n`,
    );
  }, 180_000);

  it('breaks no invariant', () => {
    expect(report.violations).toEqual([]);
  });

  it('undoes every fault and settles', () => {
    expect(report.nemesisErrors).toEqual([]);
    expect(report.settleMs).not.toBeNull();
    expect(report.faultEvents.every((event) => event.endedAt !== null)).toBe(true);
  });

  it('injects process and network faults', () => {
    const kinds = new Set(report.faultEvents.map((event) => event.kind));

    expect(report.faultEvents.length).toBeGreaterThanOrEqual(4);
    expect(kinds.has('kill')).toBe(true);
    expect(kinds.has('pause')).toBe(true);
    expect(kinds.has('partition') || kinds.has('one-way')).toBe(true);
  });

  it('sells, refuses and cancels under the faults', () => {
    expect(report.stats.operations.purchase.ok).toBeGreaterThan(50);
    expect(report.stats.operations.cancel.ok).toBeGreaterThan(10);
    expect(report.stats.failureCodes.SOLD_OUT).toBeGreaterThan(0);
    expect(report.stats.bookings.CANCELLED).toBeGreaterThan(0);
  });
});
