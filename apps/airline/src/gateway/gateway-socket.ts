import { CorruptedPacketLengthException } from '@nestjs/microservices/errors/corrupted-packet-length.exception';
import { IncompleteMessageTimeoutException } from '@nestjs/microservices/errors/incomplete-message-timeout.exception';
import { MaxPacketLengthExceededException } from '@nestjs/microservices/errors/max-packet-length-exceeded.exception';
import { JsonSocket } from '@nestjs/microservices/helpers/json-socket';
import type { Socket } from 'node:net';

import { GATEWAY_FRAME_LENGTH_MAX, type GatewayErrorBody } from '@interline/contracts';

import { ERROR_TEXT, fillTemplate } from './gateway-messages';

/** Pattern of the unread buffer while a frame header is still arriving. */
const LENGTH_PREFIX = /^\d{0,10}$/;

/** How long a client may stay silent in the middle of a frame before the gateway drops it. */
export const INCOMPLETE_FRAME_TIMEOUT_MS = 10_000;

/** Called when a connection is closed for a bad frame; used for logs and metrics. */
export type FrameRejectionListener = (
  reason: 'malformed' | 'too_large' | 'incomplete',
  socket: Socket,
) => void;

let onFrameRejected: FrameRejectionListener = () => undefined;

/** Sets the listener called for every connection closed for a bad frame. */
export function setFrameRejectionListener(listener: FrameRejectionListener): void {
  onFrameRejected = listener;
}

/**
 * The gateway's framing: Nest's `<length>#<json>` socket with a small frame limit. A frame whose
 * declared length exceeds the limit is rejected as soon as its header arrives, instead of after
 * buffering it. Before closing a connection for a bad frame, the socket sends one error frame
 * (`id: null`, since no request can be matched) so the client learns why.
 */
export class GatewaySocket extends JsonSocket {
  constructor(socket: Socket) {
    super(socket, {
      // The buffer may hold one whole frame plus its header: up to 10 digits and '#'.
      maxBufferSize: GATEWAY_FRAME_LENGTH_MAX + 11,
      incompleteMessageTimeout: INCOMPLETE_FRAME_TIMEOUT_MS,
    });
  }

  protected override handleData(data: Buffer | string): void {
    this.assertHeaderDigits(data);
    super.handleData(data);
    const state = this as unknown as {
      contentLength: number | null;
      buffer: string;
      isBackpressured: boolean;
    };
    if (state.contentLength !== null && state.contentLength > GATEWAY_FRAME_LENGTH_MAX) {
      throw new FrameTooLargeError(state.contentLength);
    }
    // A header is digits up to '#'; anything else can never become a frame, so fail now
    // rather than when the incomplete-frame timer fires. While back-pressured the buffer may
    // still hold whole unparsed frames, so the check waits.
    if (
      !state.isBackpressured &&
      state.contentLength === null &&
      !LENGTH_PREFIX.test(state.buffer)
    ) {
      throw new CorruptedPacketLengthException(state.buffer.slice(0, 20));
    }
  }

  /**
   * Rejects a frame header that is not all digits before Nest parses it, because its `parseInt`
   * accepts `2abc` as 2. NOTE: only the first header of each received chunk is checked here;
   * later frames in the same chunk go through Nest's parser alone.
   */
  private assertHeaderDigits(data: Buffer | string): void {
    const state = this as unknown as {
      contentLength: number | null;
      buffer: string;
      isBackpressured: boolean;
    };
    if (state.contentLength !== null || state.isBackpressured) {
      return;
    }
    // Headers are ASCII, so latin1 decoding is enough to find and check one.
    const pending = state.buffer + (typeof data === 'string' ? data : data.toString('latin1'));
    const separator = pending.indexOf('#');
    const header = separator === -1 ? pending : pending.slice(0, separator);
    if (!LENGTH_PREFIX.test(header)) {
      throw new CorruptedPacketLengthException(header.slice(0, 20));
    }
  }

  protected override handleDataError(error: Error, options: { destroy?: boolean } = {}): void {
    const reason = classify(error);
    onFrameRejected(reason, this.netSocket);
    if (!this.netSocket.destroyed && this.netSocket.writable) {
      const body: GatewayErrorBody =
        reason === 'too_large'
          ? {
              code: 'FRAME_TOO_LARGE',
              message: bilingual('FRAME_TOO_LARGE', {
                length: frameLength(error),
                max: GATEWAY_FRAME_LENGTH_MAX,
              }),
            }
          : {
              code: 'MALFORMED_FRAME',
              message: bilingual('MALFORMED_FRAME', { detail: shortDetail(error) }),
            };
      const text = JSON.stringify({ id: null, err: body, isDisposed: true });
      this.netSocket.write(`${text.length}#${text}`);
    }
    super.handleDataError(error, options);
  }
}

class FrameTooLargeError extends Error {
  constructor(readonly length: number) {
    super(`frame of ${length} characters exceeds ${GATEWAY_FRAME_LENGTH_MAX}`);
    this.name = 'FrameTooLargeError';
  }
}

function classify(error: Error): 'malformed' | 'too_large' | 'incomplete' {
  if (error instanceof FrameTooLargeError || error instanceof MaxPacketLengthExceededException) {
    return 'too_large';
  }
  if (error instanceof IncompleteMessageTimeoutException) {
    return 'incomplete';
  }
  return 'malformed';
}

/** First line of the parser's message, without the echoed request data, at most 160 characters. */
function shortDetail(error: Error): string {
  return error.message.split('\n')[0].slice(0, 160);
}

function frameLength(error: Error): number | string {
  return error instanceof FrameTooLargeError ? error.length : '?';
}

/** Formats the message in both languages, because the frame is rejected before its language is known. */
function bilingual(
  code: 'MALFORMED_FRAME' | 'FRAME_TOO_LARGE',
  values: Record<string, string | number>,
): string {
  return `${fillTemplate(ERROR_TEXT[code]['pt-BR'], values)} / ${fillTemplate(ERROR_TEXT[code].en, values)}`;
}
