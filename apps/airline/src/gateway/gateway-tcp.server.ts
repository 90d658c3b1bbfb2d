import { Logger } from '@nestjs/common';
import { ServerTCP, type TcpOptions } from '@nestjs/microservices';

import { GATEWAY_PATTERNS, type GatewayErrorBody, toLanguage } from '@interline/contracts';

import { ERROR_TEXT, fillTemplate } from './gateway-messages';
import { GatewaySocket } from './gateway-socket';

type ReadSocket = GatewaySocket & { sendMessage(message: unknown): void };

/** Called for every request that never reaches a handler, for metrics. */
export type UnroutedListener = (outcome: 'UNKNOWN_PATTERN' | 'INVALID_REQUEST') => void;

/**
 * Nest's TCP transport with the gateway's framing (`GatewaySocket`) and coded replies for
 * requests no handler can take. A frame that is not a `{ pattern, data, id }` object, or one with
 * an unknown pattern, gets an error body with a stable code instead of Nest's plain text.
 */
export class GatewayTcpServer extends ServerTCP {
  private readonly gatewayLogger = new Logger('Gateway');

  constructor(
    options: Required<Pick<NonNullable<TcpOptions['options']>, 'host' | 'port'>>,
    private readonly onUnrouted: UnroutedListener = () => undefined,
  ) {
    super({ ...options, socketClass: GatewaySocket });
  }

  override async handleMessage(socket: ReadSocket, rawMessage: unknown): Promise<unknown> {
    const packet = rawMessage as {
      pattern?: unknown;
      data?: { lang?: unknown } | null;
      id?: unknown;
    };
    const isObject =
      typeof rawMessage === 'object' && rawMessage !== null && !Array.isArray(rawMessage);
    const lang = toLanguage(isObject ? packet.data?.lang : undefined);

    if (!isObject || typeof packet.pattern !== 'string' || typeof packet.id !== 'string') {
      this.onUnrouted('INVALID_REQUEST');
      const id = isObject && typeof packet.id === 'string' ? packet.id : null;
      const text =
        lang === 'en'
          ? 'Invalid request: send a JSON object {"pattern": string, "data": object, "id": string}.'
          : 'Pedido inválido: envie um objeto JSON {"pattern": texto, "data": objeto, "id": texto}.';
      return this.reply(socket, id, { code: 'INVALID_REQUEST', message: text });
    }

    if (!this.getHandlerByPattern(packet.pattern)) {
      this.onUnrouted('UNKNOWN_PATTERN');
      this.gatewayLogger.debug({
        msg: 'Unknown gateway pattern',
        pattern: packet.pattern.slice(0, 80),
      });
      const message = fillTemplate(ERROR_TEXT.UNKNOWN_PATTERN[lang], {
        pattern: packet.pattern.slice(0, 80),
        patterns: GATEWAY_PATTERNS.join(', '),
      });
      return this.reply(socket, packet.id, { code: 'UNKNOWN_PATTERN', message });
    }

    return super.handleMessage(socket, rawMessage);
  }

  private reply(socket: ReadSocket, id: string | null, err: GatewayErrorBody): void {
    socket.sendMessage({ id, err, isDisposed: true });
  }
}
