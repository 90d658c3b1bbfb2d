import { Inject, Injectable } from '@nestjs/common';

import {
  ACCOUNT_REPOSITORY,
  type AccountRepository,
  type AccountRow,
  SESSION_REPOSITORY,
  type SessionRepository,
} from '@interline/persistence';

import { hashSessionToken } from '../accounts/accounts.service';

/** Finds the passenger behind a session token issued by this node. */
@Injectable()
export class PassengerSessions {
  constructor(
    @Inject(SESSION_REPOSITORY) private readonly sessions: SessionRepository,
    @Inject(ACCOUNT_REPOSITORY) private readonly accounts: AccountRepository,
  ) {}

  /** The account of a live session, or null when the token is unknown or expired. */
  async passenger(token: string, now = Date.now()): Promise<AccountRow | null> {
    const session = await this.sessions.findByTokenHash(hashSessionToken(token));
    if (!session || session.expiresAt <= now) {
      return null;
    }
    return this.accounts.findById(session.accountId);
  }
}
