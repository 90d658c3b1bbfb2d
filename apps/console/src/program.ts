import {
  IDEMPOTENCY_KEY_LENGTH_MAX,
  IDEMPOTENCY_KEY_LENGTH_MIN,
  ITINERARY_LEGS_MAX,
  PASSENGERS_MAX,
  PASSENGERS_MIN,
  PASSWORD_LENGTH_MAX,
  PASSWORD_LENGTH_MIN,
  SEARCH_RESULTS_DEFAULT,
  SEARCH_RESULTS_MAX,
} from '@interline/contracts';
import { Command, CommanderError } from 'commander';

import { buildPurchaseFields, parseLocator, type BuyOptions } from './booking-requests';
import {
  runAirports,
  runBooking,
  runBookings,
  runBuy,
  runCancel,
  runFlights,
  runLogIn,
  runLogOut,
  runRegister,
  runSearch,
} from './commands';
import { UsageError } from './errors';
import type { MessageKey, Translator } from './i18n';
import {
  buildAirportsQuery,
  buildFlightsQuery,
  buildItinerariesQuery,
  buildLogOutFields,
  DEFAULT_PASSENGERS,
  sessionToken,
  type SearchOptions,
} from './requests';
import type { CommandRunner, ConsoleIo } from './run-console';

export const PROGRAM_NAME = 'interline-console';

/** Help section titles that commander prints, mapped to catalogue keys. */
const HELP_TITLES: Readonly<Record<string, MessageKey>> = {
  'Usage:': 'help.usageTitle',
  'Options:': 'help.optionsTitle',
  'Global Options:': 'help.globalOptionsTitle',
  'Commands:': 'help.commandsTitle',
  'Arguments:': 'help.argumentsTitle',
};

/** Builds the commander program, with help text in the language of `t`. */
export function buildProgram(runner: CommandRunner, io: ConsoleIo, t: Translator): Command {
  const program = new Command(PROGRAM_NAME);
  // These settings are copied to each sub-command when it is created, so they come first.
  program
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      // runConsole prints usage errors itself, translated and in the --json format if requested.
      outputError: () => undefined,
    })
    .configureHelp({
      showGlobalOptions: true,
      styleTitle: (title) => (title in HELP_TITLES ? t(HELP_TITLES[title]) : title),
      // Commander's own version appends an English "[options]" to each command name.
      subcommandTerm: (command) =>
        [
          command.name(),
          command.options.length > 0 ? t('help.commandUsage') : '',
          ...command.registeredArguments.map((argument) =>
            argument.required ? `<${argument.name()}>` : `[${argument.name()}]`,
          ),
        ]
          .filter((part) => part !== '')
          .join(' '),
    })
    .helpOption('-h, --help', t('help.helpOption'))
    .helpCommand(`help [${t('placeholder.command')}]`, t('help.helpCommand'));

  program
    .description(t('help.program'))
    .usage(t('help.programUsage'))
    .option(`--node <${t('placeholder.hostPort')}>`, t('help.nodeOption'))
    .option(`--lang <${t('placeholder.language')}>`, t('help.langOption'))
    .option('--json', t('help.jsonOption'))
    .option('--no-color', t('help.noColorOption'))
    .addHelpText('after', `\n${t('help.programFooter')}`);

  program
    .command('register')
    .description(t('help.register'))
    .usage(t('help.commandUsage'))
    .requiredOption(`--email <${t('placeholder.email')}>`, t('help.emailOption'))
    .requiredOption(`--name <${t('placeholder.name')}>`, t('help.nameOption'))
    .option(
      `--password <${t('placeholder.password')}>`,
      t('help.newPasswordOption', { min: PASSWORD_LENGTH_MIN, max: PASSWORD_LENGTH_MAX }),
    )
    .addHelpText('after', `\n${t('help.registerExample')}`)
    .action((options: { email: string; name: string; password?: string }, command: Command) =>
      runner.runWithGateway(command, async (context, gateway) => {
        const password = await runner.obtainPassword(options.password, context.view.t);
        return runRegister(context, gateway, {
          email: options.email,
          name: options.name,
          password,
        });
      }),
    );

  program
    .command('login')
    .description(t('help.login'))
    .usage(t('help.commandUsage'))
    .requiredOption(`--email <${t('placeholder.email')}>`, t('help.emailOption'))
    .option(`--password <${t('placeholder.password')}>`, t('help.passwordOption'))
    .addHelpText('after', `\n${t('help.loginExample')}`)
    .action((options: { email: string; password?: string }, command: Command) =>
      runner.runWithGateway(command, async (context, gateway) => {
        const password = await runner.obtainPassword(options.password, context.view.t);
        return runLogIn(context, gateway, { email: options.email, password });
      }),
    );

  program
    .command('logout')
    .description(t('help.logout'))
    .usage(t('help.commandUsage'))
    .option(`--token <${t('placeholder.token')}>`, t('help.tokenOption'))
    .addHelpText('after', `\n${t('help.logoutExample')}`)
    .action((options: { token?: string }, command: Command) =>
      runner.runWithGateway(command, async (context, gateway) =>
        runLogOut(context, gateway, buildLogOutFields(options.token, io.env)),
      ),
    );

  program
    .command('airports')
    .description(t('help.airports'))
    .usage(t('help.commandUsage'))
    .option(`--query <${t('placeholder.text')}>`, t('help.queryOption'))
    .option('--served', t('help.servedOption'))
    .addHelpText('after', `\n${t('help.airportsExample')}`)
    .action((options: { query?: string; served?: boolean }, command: Command) =>
      runner.runWithGateway(command, async (context, gateway) =>
        runAirports(context, gateway, buildAirportsQuery(options)),
      ),
    );

  program
    .command('flights')
    .description(t('help.flights'))
    .usage(t('help.commandUsage'))
    .option(`--date <${t('placeholder.date')}>`, t('help.dateOption'))
    .option('--from <IATA>', t('help.fromOption'))
    .option('--to <IATA>', t('help.toOption'))
    .addHelpText('after', `\n${t('help.flightsExample')}`)
    .action((options: { date?: string; from?: string; to?: string }, command: Command) =>
      runner.runWithGateway(command, async (context, gateway) => {
        const now = io.now();
        return runFlights(context, gateway, buildFlightsQuery(options, now), now);
      }),
    );

  program
    .command('search')
    .description(t('help.search'))
    .usage(t('help.commandUsage'))
    .requiredOption('--from <IATA>', t('help.fromOption'))
    .requiredOption('--to <IATA>', t('help.toOption'))
    .option(`--date <${t('placeholder.date')}>`, t('help.searchDateOption'))
    .option(
      '--passengers <N>',
      t('help.passengersOption', {
        min: PASSENGERS_MIN,
        max: PASSENGERS_MAX,
        default: DEFAULT_PASSENGERS,
      }),
    )
    // Without these options the node applies ITINERARY_LEGS_MAX legs and SEARCH_RESULTS_DEFAULT
    // results, the defaults of its search rules.
    .option(
      '--max-legs <N>',
      t('help.maxLegsOption', { max: ITINERARY_LEGS_MAX, default: ITINERARY_LEGS_MAX }),
    )
    .option(
      '--max-results <N>',
      t('help.maxResultsOption', { max: SEARCH_RESULTS_MAX, default: SEARCH_RESULTS_DEFAULT }),
    )
    .addHelpText('after', `\n${t('help.searchExample')}`)
    .action((options: SearchOptions, command: Command) =>
      runner.runWithGateway(command, async (context, gateway) =>
        runSearch(context, gateway, buildItinerariesQuery(options, io.now())),
      ),
    );

  addBookingCommands(program, runner, io, t);

  program
    .command('interactive', { isDefault: true })
    .description(t('help.interactive'))
    .usage(t('help.commandUsage'))
    // An unknown first word lands here as the default command, and runInteractive reports it
    // as an unknown command instead of commander's "too many arguments".
    .allowExcessArguments(true)
    .action((_options: unknown, command: Command) => runner.runInteractive(command));

  return program;
}

/** Collects the values of an option that may be repeated, such as `--passenger`. */
function collectValues(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** Adds `buy`, `bookings`, `booking` and `cancel`, which need the session token of a login. */
function addBookingCommands(
  program: Command,
  runner: CommandRunner,
  io: ConsoleIo,
  t: Translator,
): void {
  const tokenOption = `--token <${t('placeholder.token')}>`;
  const locatorArgument = `<${t('placeholder.locator')}>`;

  program
    .command('buy')
    .description(t('help.buy'))
    .usage(t('help.commandUsage'))
    .requiredOption(`--flights <${t('placeholder.flightIds')}>`, t('help.flightIdsOption'))
    .option(
      `--passenger <${t('placeholder.name')}>`,
      t('help.passengerOption', { min: PASSENGERS_MIN, max: PASSENGERS_MAX }),
      collectValues,
    )
    .option(
      `--key <${t('placeholder.key')}>`,
      t('help.keyOption', { min: IDEMPOTENCY_KEY_LENGTH_MIN, max: IDEMPOTENCY_KEY_LENGTH_MAX }),
    )
    .option(tokenOption, t('help.tokenOption'))
    .addHelpText('after', `\n${t('help.buyExample')}`)
    .action((options: BuyOptions & { token?: string }, command: Command) =>
      runner.runWithGateway(command, async (context, gateway) => {
        const token = sessionToken(options.token, io.env);
        const request = buildPurchaseFields(options, token, io.newIdempotencyKey);
        return runBuy(context, gateway, request);
      }),
    );

  program
    .command('bookings')
    .description(t('help.bookings'))
    .usage(t('help.commandUsage'))
    .option(tokenOption, t('help.tokenOption'))
    .addHelpText('after', `\n${t('help.bookingsExample')}`)
    .action((options: { token?: string }, command: Command) =>
      runner.runWithGateway(command, async (context, gateway) =>
        runBookings(context, gateway, { token: sessionToken(options.token, io.env) }),
      ),
    );

  program
    .command('booking')
    .description(t('help.booking'))
    .usage(`${t('help.commandUsage')} ${locatorArgument}`)
    .argument(locatorArgument, t('help.locatorArgument'))
    .option(tokenOption, t('help.tokenOption'))
    .addHelpText('after', `\n${t('help.bookingExample')}`)
    .action((locator: string, options: { token?: string }, command: Command) =>
      runner.runWithGateway(command, async (context, gateway) => {
        const fields = {
          locator: parseLocator(locator),
          token: sessionToken(options.token, io.env),
        };
        return runBooking(context, gateway, fields);
      }),
    );

  program
    .command('cancel')
    .description(t('help.cancel'))
    .usage(`${t('help.commandUsage')} ${locatorArgument}`)
    .argument(locatorArgument, t('help.locatorArgument'))
    .option('--yes', t('help.yesOption'))
    .option(tokenOption, t('help.tokenOption'))
    .addHelpText('after', `\n${t('help.cancelExample')}`)
    .action((locator: string, options: { yes?: boolean; token?: string }, command: Command) =>
      runner.runWithGateway(command, async (context, gateway) => {
        const validLocator = parseLocator(locator);
        // Cancelling voids every ticket of the booking, so a script must request it with --yes.
        if (options.yes !== true) {
          const confirmed = `cancel ${validLocator} --yes${context.nodeTarget.option}`;
          throw new UsageError('usage.cancelNeedsYes', {
            locator: validLocator,
            command: confirmed,
          });
        }
        const fields = { locator: validLocator, token: sessionToken(options.token, io.env) };
        return runCancel(context, gateway, fields);
      }),
    );
}

/**
 * Turns a commander parse error into a UsageError with a translated message. Commander
 * quotes the offending option or command in its English message, and the quoted text becomes a
 * parameter of the translation.
 */
export function translateCommanderError(error: CommanderError): UsageError {
  const quoted = /'([^']*)'/.exec(error.message)?.[1] ?? '';
  const suggestion = /\(Did you mean (.+?)\?\)/.exec(error.message)?.[1];
  switch (error.code) {
    case 'commander.unknownOption':
      return suggestion === undefined
        ? new UsageError('usage.unknownOption', { option: quoted })
        : new UsageError('usage.unknownOptionSuggestion', { option: quoted, suggestion });
    case 'commander.unknownCommand':
      return suggestion === undefined
        ? new UsageError('usage.unknownCommand', { name: quoted })
        : new UsageError('usage.unknownCommandSuggestion', { name: quoted, suggestion });
    case 'commander.missingMandatoryOptionValue':
      return new UsageError('usage.optionRequired', { option: quoted });
    case 'commander.optionMissingArgument':
      return new UsageError('usage.optionValueMissing', { option: quoted });
    case 'commander.missingArgument':
      return new UsageError('usage.argumentMissing', { name: quoted });
    case 'commander.excessArguments': {
      const expected = Number(/Expected (\d+) argument/.exec(error.message)?.[1] ?? 0);
      const name = quoted || PROGRAM_NAME;
      return expected > 0
        ? new UsageError('usage.tooManyArguments', { name, expected })
        : new UsageError('usage.excessArguments', { name });
    }
    default:
      return new UsageError('usage.other', { detail: error.message.replace(/^error: /, '') });
  }
}
