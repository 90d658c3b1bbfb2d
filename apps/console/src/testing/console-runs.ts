import type { Language } from '@interline/contracts';

import { createView } from '../commands';
import { InteractiveConsole } from '../interactive';
import { runConsole } from '../run-console';
import type { NodeAddress } from '../settings';
import {
  FakeGateway,
  MemoryStream,
  ScriptedPrompter,
  emptyInput,
  type GatewayReplies,
} from './fakes';
import { IDEMPOTENCY_KEY } from './fixtures';

/** The clock of every test run: 12 March 2026, 15:00 UTC, 12:00 in Brasília. */
export const TEST_NOW = new Date('2026-03-12T15:00:00Z');

export interface ConsoleRun {
  exitCode: number;
  stdout: string;
  stderr: string;
  gateway: FakeGateway;
  connections: { address: NodeAddress; lang: Language }[];
}

/**
 * Runs the console in-process with a fake gateway, stdin that is not a terminal and ends at
 * once, the TEST_NOW clock and IDEMPOTENCY_KEY as every generated purchase key.
 */
export async function runConsoleWithFakes(
  argv: string[],
  replies: Partial<GatewayReplies> = {},
  env: NodeJS.ProcessEnv = {},
): Promise<ConsoleRun> {
  const gateway = new FakeGateway(replies);
  const stdout = new MemoryStream();
  const stderr = new MemoryStream();
  const connections: ConsoleRun['connections'] = [];
  const exitCode = await runConsole({
    argv,
    env,
    stdin: emptyInput(),
    stdout,
    stderr,
    connect: (address, lang) => {
      connections.push({ address, lang });
      return gateway;
    },
    now: () => TEST_NOW,
    newIdempotencyKey: () => IDEMPOTENCY_KEY,
  });
  return { exitCode, stdout: stdout.text, stderr: stderr.text, gateway, connections };
}

/**
 * Runs an interactive session with scripted answers, without colour, on the TEST_NOW clock.
 * `newIdempotencyKey` defaults to returning IDEMPOTENCY_KEY every time.
 */
export async function runMenuSession(
  answers: string[],
  replies: Partial<GatewayReplies> = {},
  options: { lang?: Language; newIdempotencyKey?: () => string } = {},
) {
  const gateway = new FakeGateway(replies);
  const prompter = new ScriptedPrompter(answers);
  const console = new InteractiveConsole({
    gateway,
    prompter,
    view: createView({ lang: options.lang ?? 'pt-BR', color: false }),
    node: '127.0.0.1:4321',
    now: () => TEST_NOW,
    newIdempotencyKey: options.newIdempotencyKey ?? (() => IDEMPOTENCY_KEY),
  });
  const exitCode = await console.run();
  return { exitCode, gateway, prompter };
}
