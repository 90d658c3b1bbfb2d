import { Logger } from '@nestjs/common';

import { generateIdempotencyKey } from './booking-requests';
import { connectTcpGateway } from './gateway';
import { runConsole } from './run-console';

async function main(): Promise<void> {
  // ClientTCP logs socket errors other than ECONNREFUSED through the Nest logger and then
  // rejects the request. The console reports every failed request itself, in the passenger's
  // language, so the Nest log line would only repeat it in English.
  Logger.overrideLogger(false);

  process.exitCode = await runConsole({
    argv: process.argv.slice(2),
    env: process.env,
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    connect: connectTcpGateway,
    now: () => new Date(),
    newIdempotencyKey: generateIdempotencyKey,
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
