import { accountOwner } from '../account-owner';

const CANDIDATES_MAX = 10_000;

/**
 * Returns the first `<label><n>@example.com` for which `accept` holds, where `owners` lists the
 * owner of the email in each airline list of `maps`. The label is lower-cased, because owners are
 * computed on normalised emails. Throws after trying 10,000 names.
 */
export function findEmail(
  label: string,
  maps: readonly (readonly string[])[],
  accept: (owners: string[]) => boolean,
): string {
  for (let index = 0; index < CANDIDATES_MAX; index += 1) {
    const email = `${label.toLowerCase()}${index}@example.com`;
    if (accept(maps.map((airlines) => accountOwner(email, airlines)))) {
      return email;
    }
  }
  throw new Error(`no email ${label}<n>@example.com fits the condition in ${CANDIDATES_MAX} tries`);
}

/** Returns an email that `owner` owns among `airlines`. */
export function emailOwnedBy(owner: string, airlines: readonly string[], label: string): string {
  return findEmail(label, [airlines], ([found]) => found === owner);
}
