import { HttpException } from '@nestjs/common';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { SqliteDatabase } from '@interline/persistence';
import {
  SqliteAccountRepository,
  SqliteLoginThrottleRepository,
  SqliteSessionRepository,
} from '@interline/persistence/sqlite/sqlite-account.repository';

import {
  type PeerFailureKind,
  type PeerRequest,
  PeerRequestError,
} from '../../cluster-auth/signed-http-client';
import type { AirlineConfig } from '../../config/airline-config';
import { AccountDirectory, type AirlineMap, type PeerClient } from '../account-directory';
import { AccountsController } from '../accounts.controller';
import { AccountsService } from '../accounts.service';
import type { CreateAccountDto, VerifyCredentialsDto } from '../accounts.dto';

/** About 1 ms per hash instead of the production cost's 100 ms or more. */
export const CHEAP_SCRYPT = { N: 2 ** 10, r: 8, p: 1 };

/** One in-process airline node: its own SQLite file, accounts service and controller. */
export interface AccountNode {
  code: string;
  database: SqliteDatabase;
  accounts: SqliteAccountRepository;
  sessions: SqliteSessionRepository;
  throttle: SqliteLoginThrottleRepository;
  directory: AccountDirectory;
  service: AccountsService;
  controller: AccountsController;
}

/** One request a node sent to a peer, as recorded by the fake network. */
export interface SentRequest {
  from: string;
  to: string;
  path: string;
  body: unknown;
}

/**
 * Airline nodes wired together by a fake signed HTTP client that calls the peer's controller
 * directly. Tests change the shared link-state map, make peers fail with a given failure kind,
 * or replace a peer's answer, and read every request sent.
 */
export class AccountNetwork {
  /** Airlines every node's link-state map lists; a node always counts itself as well. */
  mapAirlines: string[];
  /** Airlines the maps list as unreachable; the fallback search skips them. */
  readonly unreachableInMap = new Set<string>();
  /** Airlines whose node fails every request with this kind, as if stopped or cut off. */
  readonly failures = new Map<string, PeerFailureKind>();
  /** Airlines whose node answers every request with this body instead of its own. */
  readonly answerOverrides = new Map<string, unknown>();
  readonly requests: SentRequest[] = [];

  private readonly nodes = new Map<string, AccountNode>();
  private readonly root = mkdtempSync(join(tmpdir(), 'interline-account-network-'));

  constructor(airlines: readonly string[]) {
    this.mapAirlines = [...airlines];
    for (const code of airlines) {
      this.nodes.set(code, this.createNode(code));
    }
  }

  node(code: string): AccountNode {
    const node = this.nodes.get(code);
    if (!node) {
      throw new Error(`no node ${code} in this network`);
    }
    return node;
  }

  dispose(): void {
    for (const node of this.nodes.values()) {
      node.database.close();
    }
    rmSync(this.root, { recursive: true, force: true });
  }

  private createNode(code: string): AccountNode {
    const database = SqliteDatabase.open(join(this.root, `${code.toLowerCase()}.sqlite`));
    const accounts = new SqliteAccountRepository(database);
    const sessions = new SqliteSessionRepository(database);
    const throttle = new SqliteLoginThrottleRepository(database);
    const config = { airline: { code, name: `Airline ${code}` }, sessionTtlMinutes: 60 };
    const directory = new AccountDirectory(
      config as AirlineConfig,
      this.mapFor(),
      this.clientFor(code),
    );
    const service = new AccountsService(
      config as AirlineConfig,
      accounts,
      sessions,
      throttle,
      directory,
      CHEAP_SCRYPT,
    );
    const controller = new AccountsController(service);
    return { code, database, accounts, sessions, throttle, directory, service, controller };
  }

  private mapFor(): AirlineMap {
    return {
      airlines: () =>
        this.mapAirlines.map((code) => ({
          code,
          name: `Airline ${code}`,
          reachable: !this.unreachableInMap.has(code),
          sequence: 1,
          storedAt: null,
        })),
      nodeUrl: (airline) => (this.mapAirlines.includes(airline) ? urlOf(airline) : null),
      isReachable: (airline) =>
        this.mapAirlines.includes(airline) && !this.unreachableInMap.has(airline),
    };
  }

  private clientFor(from: string): PeerClient {
    return {
      request: async <T>(request: PeerRequest): Promise<T> => {
        const to = [...this.nodes.keys()].find((code) => urlOf(code) === request.peer);
        if (!to) {
          throw new PeerRequestError(request.peer, 'unreachable', 'ENOTFOUND');
        }
        // Round-trip through JSON, as the wire does.
        const body = JSON.parse(JSON.stringify(request.body ?? null)) as unknown;
        this.requests.push({ from, to, path: request.path, body });

        const failure = this.failures.get(to);
        if (failure) {
          throw new PeerRequestError(request.peer, failure, `simulated ${failure}`);
        }
        const answer = this.answerOverrides.has(to)
          ? this.answerOverrides.get(to)
          : await this.deliver(this.node(to), from, request, body);
        return JSON.parse(JSON.stringify(answer)) as T;
      },
    };
  }

  private async deliver(
    node: AccountNode,
    from: string,
    request: PeerRequest,
    body: unknown,
  ): Promise<unknown> {
    try {
      if (request.method === 'POST' && request.path === '/v1/accounts') {
        return await node.controller.create(body as CreateAccountDto, from);
      }
      if (request.method === 'POST' && request.path === '/v1/accounts/verify') {
        return await node.controller.verify(body as VerifyCredentialsDto, from);
      }
    } catch (error) {
      if (error instanceof HttpException) {
        throw new PeerRequestError(
          request.peer,
          'http_error',
          `HTTP ${error.getStatus()}: ${JSON.stringify(error.getResponse())}`,
          error.getStatus(),
        );
      }
      throw error;
    }
    throw new Error(`unexpected request ${request.method} ${request.path} from ${from}`);
  }
}

function urlOf(code: string): string {
  return `http://${code.toLowerCase()}.node.test:4311`;
}
