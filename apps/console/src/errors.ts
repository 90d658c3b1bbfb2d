import type { FieldViolation, GatewayErrorBody } from '@interline/contracts';

import type { MessageKey, MessageParams, Translator } from './i18n';

/** Process exit codes of the console. */
export const ExitCode = {
  success: 0,
  /** The gateway rejected the request, or replied with something the console cannot read. */
  gatewayError: 1,
  usageError: 2,
  /** The node refused the connection, closed it, or did not reply in time. */
  nodeUnreachable: 3,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/**
 * Error shape printed under `"error"` with `--json`, and rendered as text otherwise. Gateway
 * errors keep their gateway code. Errors raised by the console itself use INVALID_USAGE,
 * NODE_UNREACHABLE, CONNECTION_CLOSED, REQUEST_TIMED_OUT, UNEXPECTED_REPLY or CONSOLE_ERROR.
 */
export interface ErrorDocument {
  code: string;
  message: string;
  violations?: FieldViolation[];
  retryAfterSeconds?: number;
  /** Gateway address, set on connection errors. */
  node?: string;
  /** Idempotency key to retry a purchase with, set when the purchase got no reply. */
  idempotencyKey?: string;
}

/** Base class of the failures that the console reports to the passenger. */
export abstract class ConsoleError extends Error {
  abstract readonly exitCode: ExitCode;

  /** Builds the error document with the message in the translator's language. */
  abstract toDocument(t: Translator): ErrorDocument;
}

/** Invalid command-line arguments or environment values. */
export class UsageError extends ConsoleError {
  readonly exitCode = ExitCode.usageError;

  constructor(
    readonly key: MessageKey,
    readonly params: MessageParams = {},
  ) {
    super(`usage error ${key}: ${JSON.stringify(params)}`);
    this.name = 'UsageError';
  }

  toDocument(t: Translator): ErrorDocument {
    return { code: 'INVALID_USAGE', message: t(this.key, this.params) };
  }
}

/** A business error body returned by the gateway, with the message already localized. */
export class GatewayRejection extends ConsoleError {
  readonly exitCode = ExitCode.gatewayError;

  constructor(readonly body: GatewayErrorBody) {
    super(`${body.code}: ${body.message}`);
    this.name = 'GatewayRejection';
  }

  toDocument(): ErrorDocument {
    return { ...this.body };
  }
}

/** The TCP connection to the node could not be opened, for example because it was refused. */
export class NodeUnreachableError extends ConsoleError {
  readonly exitCode = ExitCode.nodeUnreachable;

  /** @param reason Node.js error code such as ECONNREFUSED, or the socket error message. */
  constructor(
    readonly node: string,
    readonly reason: string,
  ) {
    super(`node ${node} unreachable: ${reason}`);
    this.name = 'NodeUnreachableError';
  }

  toDocument(t: Translator): ErrorDocument {
    return {
      code: 'NODE_UNREACHABLE',
      message: t('error.nodeUnreachable', { node: this.node, reason: this.reason }),
      node: this.node,
    };
  }
}

/**
 * The address accepted the TCP connection but closed or reset it before a reply arrived. That
 * is what another service, such as the node's HTTP port, does with a gateway request. A node
 * that stops while it handles the request looks the same.
 */
export class ConnectionClosedError extends ConsoleError {
  readonly exitCode = ExitCode.nodeUnreachable;

  /** @param reason Node.js error code such as ECONNRESET, or ClientTCP's "Connection closed". */
  constructor(
    readonly node: string,
    readonly reason: string,
  ) {
    super(`node ${node} closed the connection without a reply: ${reason}`);
    this.name = 'ConnectionClosedError';
  }

  toDocument(t: Translator): ErrorDocument {
    return {
      code: 'CONNECTION_CLOSED',
      message: t('error.connectionClosed', { node: this.node }),
      node: this.node,
    };
  }
}

/** The node did not reply within the request timeout. */
export class RequestTimeoutError extends ConsoleError {
  readonly exitCode = ExitCode.nodeUnreachable;

  constructor(
    readonly node: string,
    readonly seconds: number,
  ) {
    super(`node ${node} did not reply within ${seconds} s`);
    this.name = 'RequestTimeoutError';
  }

  toDocument(t: Translator): ErrorDocument {
    return {
      code: 'REQUEST_TIMED_OUT',
      message: t('error.requestTimedOut', { node: this.node, seconds: this.seconds }),
      node: this.node,
    };
  }
}

/** The node replied with an error that is not a gateway error body. */
export class UnexpectedReplyError extends ConsoleError {
  readonly exitCode = ExitCode.gatewayError;

  constructor(
    readonly node: string,
    readonly detail: string,
  ) {
    super(`unexpected reply from node ${node}: ${detail}`);
    this.name = 'UnexpectedReplyError';
  }

  toDocument(t: Translator): ErrorDocument {
    return {
      code: 'UNEXPECTED_REPLY',
      message: t('error.unexpectedReply', { node: this.node, detail: this.detail }),
      node: this.node,
    };
  }
}

/**
 * Wraps an error that the console did not expect, which is a console bug. The document carries
 * the original message, and the caller prints the stack trace to stderr.
 */
export class InternalConsoleError extends ConsoleError {
  readonly exitCode = ExitCode.gatewayError;

  constructor(readonly original: unknown) {
    super(original instanceof Error ? original.message : String(original));
    this.name = 'InternalConsoleError';
  }

  toDocument(t: Translator): ErrorDocument {
    return { code: 'CONSOLE_ERROR', message: t('error.internal', { detail: this.message }) };
  }
}

/** Returns `error` itself when it is a ConsoleError, otherwise wraps it as a console bug. */
export function asConsoleError(error: unknown): ConsoleError {
  return error instanceof ConsoleError ? error : new InternalConsoleError(error);
}
