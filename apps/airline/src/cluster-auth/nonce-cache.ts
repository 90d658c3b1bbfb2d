/**
 * Remembers the nonces of accepted requests for the replay window, so a captured request cannot
 * be sent again while its timestamp is still fresh. Bounded: when full after pruning expired
 * entries, it rejects new nonces rather than forgetting live ones.
 */
export class NonceCache {
  private readonly expiries = new Map<string, number>();

  constructor(
    private readonly windowMs: number,
    private readonly entriesMax: number,
  ) {}

  /** Records `nonce`; returns whether it was new, already seen inside the window, or not stored because the cache is full. */
  remember(nonce: string, now: number): 'new' | 'replayed' | 'full' {
    const expiry = this.expiries.get(nonce);
    if (expiry !== undefined && expiry > now) {
      return 'replayed';
    }
    if (this.expiries.size >= this.entriesMax) {
      this.pruneExpired(now);
      if (this.expiries.size >= this.entriesMax) {
        return 'full';
      }
    }
    // Twice the window: a timestamp may be up to one window in the future as well as the past.
    this.expiries.set(nonce, now + 2 * this.windowMs);
    return 'new';
  }

  get size(): number {
    return this.expiries.size;
  }

  private pruneExpired(now: number): void {
    for (const [nonce, expiry] of this.expiries) {
      if (expiry <= now) {
        this.expiries.delete(nonce);
      }
    }
  }
}
