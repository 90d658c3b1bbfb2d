import { Injectable } from '@nestjs/common';

import type { LinkStateTransport } from '@interline/link-state';
import type { DatabaseMessage, FloodMessage, HelloMessage } from '@interline/link-state/core/types';

import { SignedHttpClient } from '../cluster-auth/signed-http-client';

/** Time allowed for a hello or flood; a pull of a whole database gets longer. */
const MESSAGE_TIMEOUT_MS = 2_000;
const PULL_TIMEOUT_MS = 10_000;

/** Sends link-state messages to peers over the signed inter-node HTTP API. */
@Injectable()
export class HttpLinkStateTransport implements LinkStateTransport {
  constructor(private readonly client: SignedHttpClient) {}

  hello(url: string, hello: HelloMessage): Promise<HelloMessage> {
    return this.client.request<HelloMessage>({
      peer: url,
      method: 'POST',
      path: '/v1/link-state/hello',
      body: hello,
      timeoutMs: MESSAGE_TIMEOUT_MS,
    });
  }

  async flood(url: string, flood: FloodMessage): Promise<void> {
    await this.client.request<unknown>({
      peer: url,
      method: 'POST',
      path: '/v1/link-state/flood',
      body: flood,
      timeoutMs: MESSAGE_TIMEOUT_MS,
    });
  }

  pull(url: string, origins: string[]): Promise<DatabaseMessage> {
    const query = origins.length > 0 ? `?origins=${origins.map(encodeURIComponent).join(',')}` : '';
    return this.client.request<DatabaseMessage>({
      peer: url,
      method: 'GET',
      path: `/v1/link-state/database${query}`,
      timeoutMs: PULL_TIMEOUT_MS,
    });
  }
}
