import type { AccountView } from '@interline/contracts';
import type { AccountRow } from '@interline/persistence';

/**
 * Prefix of the password hash column of a local copy of an account kept by another node. The
 * column reads `remote:<airline>`, which is not an scrypt hash, so `verifyPassword` never
 * matches it and a copy never authenticates anyone.
 */
export const REMOTE_COPY_HASH_PREFIX = 'remote:';

/** Returns true when `account` is a local copy of an account kept by another node. */
export function isRemoteCopy(account: AccountRow): boolean {
  return account.passwordHash.startsWith(REMOTE_COPY_HASH_PREFIX);
}

/**
 * Builds the local copy of an account that `keeper` verified. Sessions reference accounts by id,
 * so a node needs this row before it can open a session for the account.
 */
export function remoteCopyRow(email: string, view: AccountView, keeper: string): AccountRow {
  return {
    id: view.id,
    email,
    displayName: view.name,
    passwordHash: `${REMOTE_COPY_HASH_PREFIX}${keeper}`,
    homeAirline: view.homeAirline,
    createdAt: Date.parse(view.createdAt),
  };
}

export function toAccountView(account: AccountRow): AccountView {
  return {
    id: account.id,
    email: account.email,
    name: account.displayName,
    homeAirline: account.homeAirline,
    createdAt: new Date(account.createdAt).toISOString(),
  };
}
