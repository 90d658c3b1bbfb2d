import type { LoggerService } from '@nestjs/common';

import type { LogLevel } from '../config/airline-config';

/** Extra structured fields of a log line, such as `txId`, `peer` or `pattern`. */
export type LogFields = Record<string, unknown>;

const SEVERITY: Record<LogLevel, number> = { error: 0, warn: 1, info: 2, debug: 3 };

/**
 * Writes one JSON object per line to stdout (stderr for errors) with the airline code on every
 * line. Messages may be a string or an object whose `msg` field is the text and whose other
 * fields are kept as structured data.
 */
export class JsonLogger implements LoggerService {
  constructor(
    private readonly airline: string,
    private readonly level: LogLevel,
    private readonly write: (line: string, level: LogLevel) => void = defaultWrite,
  ) {}

  log(message: unknown, context?: string): void {
    this.emit('info', message, context);
  }

  error(message: unknown, stackOrContext?: string, context?: string): void {
    const stack = context === undefined ? undefined : stackOrContext;
    this.emit('error', message, context ?? stackOrContext, stack);
  }

  warn(message: unknown, context?: string): void {
    this.emit('warn', message, context);
  }

  debug(message: unknown, context?: string): void {
    this.emit('debug', message, context);
  }

  verbose(message: unknown, context?: string): void {
    this.emit('debug', message, context);
  }

  private emit(level: LogLevel, message: unknown, context?: string, stack?: string): void {
    if (SEVERITY[level] > SEVERITY[this.level]) {
      return;
    }
    const fields: LogFields =
      typeof message === 'object' && message !== null && !(message instanceof Error)
        ? { ...(message as LogFields) }
        : { msg: message instanceof Error ? message.message : String(message) };
    const line = {
      time: new Date().toISOString(),
      level,
      airline: this.airline,
      ...(context ? { context } : {}),
      ...fields,
      ...(stack ? { stack } : {}),
    };
    this.write(JSON.stringify(line), level);
  }
}

function defaultWrite(line: string, level: LogLevel): void {
  (level === 'error' ? process.stderr : process.stdout).write(`${line}\n`);
}
