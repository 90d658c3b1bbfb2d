/**
 * Returns the nearest-rank percentile of ascending `sorted` values: `fraction` 0.99 of 200
 * samples is the second largest.
 */
export function percentile(sorted: readonly number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))];
}
