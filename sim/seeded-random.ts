/**
 * Deterministic pseudo-random numbers from a 32-bit seed, by the xorshift32 generator (shifts 13,
 * 17 and 5). Not for cryptography: the simulator only needs every run of one seed to repeat.
 */
export class SeededRandom {
  private state: number;

  constructor(seed: number) {
    // Nearby seeds give correlated xorshift output, so the seed is first scrambled with the
    // MurmurHash3 finalizer. Zero is the one state xorshift never leaves, so it becomes 1.
    let mixed = seed >>> 0;
    mixed ^= mixed >>> 16;
    mixed = Math.imul(mixed, 0x85ebca6b);
    mixed ^= mixed >>> 13;
    mixed = Math.imul(mixed, 0xc2b2ae35);
    mixed ^= mixed >>> 16;
    this.state = mixed >>> 0 || 1;
  }

  /** Returns a number in [0, 1). */
  next(): number {
    let x = this.state;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.state = x >>> 0;
    return this.state / 2 ** 32;
  }

  /** Returns an integer from `min` to `max`, both included. */
  integer(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** Returns true with probability `probability`. */
  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) {
      throw new RangeError('cannot pick from an empty list');
    }
    return items[Math.floor(this.next() * items.length)];
  }

  /** Returns `count` distinct items in random order. */
  sample<T>(items: readonly T[], count: number): T[] {
    const copy = [...items];
    for (let index = copy.length - 1; index > 0; index -= 1) {
      const other = Math.floor(this.next() * (index + 1));
      [copy[index], copy[other]] = [copy[other], copy[index]];
    }
    return copy.slice(0, count);
  }
}
