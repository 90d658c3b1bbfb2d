import { ClientProxyFactory, type ClientTCP, Transport } from '@nestjs/microservices';
import { firstValueFrom, timeout } from 'rxjs';

import { LOOPBACK } from './local-network';

/**
 * A `@nestjs/microservices` TCP client of one node's gateway, as a passenger application uses
 * it. `send` resolves with the response or rejects with the gateway's error body, or with an
 * rxjs `TimeoutError` after `timeoutMs`.
 */
export class GatewayClient {
  private readonly client: ClientTCP;

  constructor(
    readonly port: number,
    private readonly timeoutMs = 30_000,
  ) {
    this.client = ClientProxyFactory.create({
      transport: Transport.TCP,
      options: { host: LOOPBACK, port },
    }) as ClientTCP;
  }

  send<T>(pattern: string, data: unknown): Promise<T> {
    return firstValueFrom(this.client.send<T>(pattern, data).pipe(timeout(this.timeoutMs)));
  }

  close(): void {
    this.client.close();
  }
}
