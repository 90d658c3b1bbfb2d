import type { ClockEntries } from '../ports/transactions.repository';

/** Element-wise maximum of vector clocks; `{}` for none. Keys come out sorted. */
export function mergeClocks(clocks: Iterable<ClockEntries | null | undefined>): ClockEntries {
  const merged: ClockEntries = {};
  for (const clock of clocks) {
    for (const [airline, counter] of Object.entries(clock ?? {})) {
      if (typeof counter === 'number' && counter > (merged[airline] ?? -Infinity)) {
        merged[airline] = counter;
      }
    }
  }
  return Object.fromEntries(Object.entries(merged).sort(([a], [b]) => (a < b ? -1 : 1)));
}
