import { Logger } from '@nestjs/common';

import type { CrashPoints } from '@interline/two-phase-commit';

/**
 * Returns the crash hooks of the protocol services: when a configured point is reached, the
 * process logs it and kills itself with SIGKILL, as a power cut would, so crash tests can stop a
 * node exactly between two protocol steps. Undefined when no point is configured, which makes
 * every crash point inert.
 */
export function crashPointsFor(points: readonly string[]): CrashPoints | undefined {
  if (points.length === 0) {
    return undefined;
  }
  const armed = new Set(points);
  const logger = new Logger('CrashPoint');
  return {
    armed: (name) => armed.has(name),
    reach: (name) => {
      if (!armed.has(name)) {
        return;
      }
      logger.warn({ msg: 'Crash point reached; killing the process', point: name });
      process.kill(process.pid, 'SIGKILL');
    },
  };
}
