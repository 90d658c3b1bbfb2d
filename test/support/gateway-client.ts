import { connect } from 'node:net';

import type { GatewayErrorBody } from '@interline/contracts';

import { GatewayClient } from '../../scripts/gateway-client';

/** A `@nestjs/microservices` TCP client, as a passenger application would use it. */
export class TestGatewayClient extends GatewayClient {
  /** Sends a request expected to fail and returns its error body. */
  async error(pattern: string, data: unknown): Promise<GatewayErrorBody> {
    try {
      await this.send(pattern, data);
    } catch (error) {
      return error as GatewayErrorBody;
    }
    throw new Error(`${pattern} succeeded but an error was expected`);
  }
}

/** Writes raw bytes to the gateway and returns what came back before the server closed. */
export function sendRawFrame(
  port: number,
  bytes: string,
  waitMs = 5_000,
): Promise<{ reply: string; closedByServer: boolean }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(bytes));
    let reply = '';
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ reply, closedByServer: false });
    }, waitMs);
    socket.on('data', (chunk) => (reply += chunk.toString('utf8')));
    socket.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ reply, closedByServer: true });
    });
  });
}

/** Parses one `<length>#<json>` frame. */
export function parseFrame<T>(text: string): T {
  const separator = text.indexOf('#');
  return JSON.parse(
    text.slice(separator + 1, separator + 1 + Number(text.slice(0, separator))),
  ) as T;
}
