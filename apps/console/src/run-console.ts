import { CommanderError, type Command } from 'commander';

import {
  createView,
  reportFailure,
  type CommandContext,
  type GatewayCommandContext,
} from './commands';
import { ExitCode, UsageError } from './errors';
import { probeGateway, type Gateway, type GatewayFactory } from './gateway';
import type { Translator } from './i18n';
import { InteractiveConsole } from './interactive';
import { buildProgram, translateCommanderError } from './program';
import { InputClosedError, LineReader, type InputStream, type OutputStream } from './prompt';
import { passwordFromOptions } from './requests';
import {
  previewArguments,
  resolveSettings,
  shouldUseColor,
  type ConsoleSettings,
  type GlobalOptions,
} from './settings';

/** Process environment and streams of one console run, which tests replace with fakes. */
export interface ConsoleIo {
  /** Arguments after the script name, as in `process.argv.slice(2)`. */
  argv: readonly string[];
  env: NodeJS.ProcessEnv;
  stdin: InputStream;
  stdout: OutputStream;
  stderr: OutputStream;
  connect: GatewayFactory;
  now: () => Date;
  /** Returns a new idempotency key for each purchase that has none from `--key`. */
  newIdempotencyKey: () => string;
}

/** Commander errors that only mean help was printed. */
const HELP_CODES = new Set(['commander.helpDisplayed', 'commander.help', 'commander.version']);

/** Runs the console with the given arguments and returns the process exit code. */
export async function runConsole(io: ConsoleIo): Promise<ExitCode> {
  const preview = previewArguments(io.argv, io.env);
  const colorFlag = io.argv.includes('--no-color') ? false : undefined;
  const previewContext: CommandContext = {
    json: preview.json,
    view: createView({
      lang: preview.lang,
      color: !preview.json && shouldUseColor(colorFlag, io.env, io.stdout.isTTY === true),
    }),
    stdout: io.stdout,
    stderr: io.stderr,
  };

  const runner = new CommandRunner(io, previewContext);
  const program = buildProgram(runner, io, previewContext.view.t);
  try {
    await program.parseAsync([...io.argv], { from: 'user' });
  } catch (error) {
    if (!(error instanceof CommanderError)) {
      throw error;
    }
    if (HELP_CODES.has(error.code)) {
      return error.exitCode === 0 ? ExitCode.success : ExitCode.usageError;
    }
    return reportFailure(translateCommanderError(error), previewContext);
  }
  return runner.exitCode;
}

/** Resolves the global options for each action and stores the action's exit code. */
export class CommandRunner {
  exitCode: ExitCode = ExitCode.success;

  /** @param previewContext Output context used until the global options are validated. */
  constructor(
    private readonly io: ConsoleIo,
    private readonly previewContext: CommandContext,
  ) {}

  async run(
    command: Command,
    task: (context: GatewayCommandContext, settings: ConsoleSettings) => Promise<ExitCode>,
  ): Promise<void> {
    let context: CommandContext = this.previewContext;
    try {
      const options = command.optsWithGlobals<GlobalOptions>();
      const settings = resolveSettings(options, this.io.env, this.io.stdout.isTTY === true);
      const settingsContext: GatewayCommandContext = {
        json: settings.json,
        view: createView(settings),
        stdout: this.io.stdout,
        stderr: this.io.stderr,
        nodeTarget: settings.nodeTarget,
      };
      context = settingsContext;
      this.exitCode = await task(settingsContext, settings);
    } catch (error) {
      this.exitCode = reportFailure(error, context);
    }
  }

  runWithGateway(
    command: Command,
    task: (context: GatewayCommandContext, gateway: Gateway) => Promise<ExitCode>,
  ): Promise<void> {
    return this.run(command, async (context, settings) => {
      const gateway = this.io.connect(settings.node, settings.lang);
      try {
        return await task(context, gateway);
      } finally {
        gateway.close();
      }
    });
  }

  /**
   * Returns the password from `--password` or INTERLINE_PASSWORD. Without either, it prompts on
   * the terminal with the echo off, and raises a UsageError when stdin is not a terminal.
   */
  async obtainPassword(flag: string | undefined, t: Translator): Promise<string> {
    const configured = passwordFromOptions(flag, this.io.env);
    if (configured !== undefined) {
      return configured;
    }
    if (this.io.stdin.isTTY !== true) {
      throw new UsageError('usage.passwordMissing');
    }

    // The question goes to stderr so that stdout carries only the command's output.
    const reader = new LineReader(this.io.stdin, this.io.stderr);
    try {
      const answer = await reader.ask(t('prompt.password'), { hidden: true });
      if (answer === '') {
        throw new UsageError('usage.passwordMissing');
      }
      return answer;
    } catch (error) {
      throw error instanceof InputClosedError ? new UsageError('usage.passwordMissing') : error;
    } finally {
      reader.close();
    }
  }

  async runInteractive(command: Command): Promise<void> {
    await this.run(command, async (context, settings) => {
      if (command.args.length > 0) {
        throw new UsageError('usage.unknownCommand', { name: command.args[0] });
      }
      if (settings.json) {
        throw new UsageError('usage.jsonInteractive');
      }
      const gateway = this.io.connect(settings.node, settings.lang);
      try {
        // A failed probe ends the run with the connection error before the menu, so that the
        // passenger does not fill in a form whose request cannot be sent.
        await probeGateway(gateway);
        return await this.runMenu(context, settings, gateway);
      } finally {
        gateway.close();
      }
    });
  }

  private async runMenu(
    context: CommandContext,
    settings: ConsoleSettings,
    gateway: Gateway,
  ): Promise<ExitCode> {
    const prompter = new LineReader(this.io.stdin, this.io.stdout);
    try {
      const session = new InteractiveConsole({
        gateway,
        prompter,
        view: context.view,
        node: settings.nodeTarget.address,
        now: this.io.now,
        newIdempotencyKey: this.io.newIdempotencyKey,
      });
      return await session.run();
    } finally {
      prompter.close();
    }
  }
}
