import { createHash } from 'node:crypto';

/**
 * Returns the rendezvous (highest-random-weight) score of `airline` for `email`: the hex SHA-256
 * of `email + '\n' + airline`. Every node must compute the same value, so changing this
 * definition moves most accounts to another owner.
 */
export function ownershipScore(email: string, airline: string): string {
  return createHash('sha256').update(`${email}\n${airline}`).digest('hex');
}

/**
 * Ranks `airlines` for `email`, highest score first, without duplicates. The first airline is the
 * owner. When an airline joins, it takes only the emails it ranks first for, so the previous
 * owner of such an email is the second airline of the new ranking.
 *
 * `email` must already be normalised (trimmed and lower-cased), or nodes disagree on the owner.
 */
export function rankAccountOwners(email: string, airlines: Iterable<string>): string[] {
  // Hex digests of equal length compare like the 256-bit numbers they spell.
  const scored = [...new Set(airlines)].map((airline) => ({
    airline,
    score: ownershipScore(email, airline),
  }));
  scored.sort((left, right) => {
    if (left.score !== right.score) {
      return left.score > right.score ? -1 : 1;
    }
    return left.airline < right.airline ? -1 : 1;
  });
  return scored.map((entry) => entry.airline);
}

/**
 * Returns the airline whose node keeps the account of `email`: the highest-ranked of `airlines`.
 * Throws when `airlines` is empty, because a node always counts itself.
 */
export function accountOwner(email: string, airlines: Iterable<string>): string {
  const [owner] = rankAccountOwners(email, airlines);
  if (owner === undefined) {
    throw new Error('accountOwner needs at least one airline');
  }
  return owner;
}
