import { BadRequestException, type Logger } from '@nestjs/common';

/** Problems listed in the message and the log line; the body carries them all. */
const PROBLEMS_SHOWN_MAX = 5;

/**
 * Logs a malformed inter-node message and rejects it with 400, a stable code and the problems
 * found, so the sending node's operator sees what to fix.
 */
export function rejectMalformed(
  logger: Logger,
  label: string,
  code: string,
  problems: readonly string[],
): never {
  const shown = problems.slice(0, PROBLEMS_SHOWN_MAX).join('; ');
  logger.warn({ msg: `Rejected malformed ${label}`, errors: shown });
  throw new BadRequestException({
    statusCode: 400,
    error: 'Bad Request',
    code,
    message: `Invalid ${label}: ${shown}`,
    errors: problems,
  });
}
