import {
  PASSENGERS_MAX,
  PASSENGERS_MIN,
  PASSWORD_LENGTH_MAX,
  PASSWORD_LENGTH_MIN,
  type LogInResponse,
} from '@interline/contracts';

import { ConsoleError, ExitCode, GatewayRejection } from './errors';
import { RequestFailure, type FailureDetails } from './failure-hints';
import type { Gateway } from './gateway';
import type { MessageKey } from './i18n';
import { BookingFlows, type PassengerSession } from './interactive-bookings';
import { InputClosedError, type Prompter } from './prompt';
import { ActionCancelled, FIELD_ATTEMPTS_MAX, PromptForm } from './prompt-form';
import {
  DEFAULT_PASSENGERS,
  parseEmail,
  parseFlightDate,
  parseIataCode,
  parsePassengers,
  todayInBrasilia,
} from './requests';
import {
  renderAccountSummary,
  renderAirports,
  renderFlights,
  renderItineraries,
  renderLoggedIn,
  renderLoggedOut,
  renderRegistered,
  type ViewContext,
} from './views';

const PASSWORD_LIMITS = { min: PASSWORD_LENGTH_MIN, max: PASSWORD_LENGTH_MAX };

export interface InteractiveOptions {
  gateway: Gateway;
  prompter: Prompter;
  view: ViewContext;
  /** Gateway address shown in the menu header. */
  node: string;
  now: () => Date;
  /** Returns a new idempotency key for each confirmed purchase. */
  newIdempotencyKey: () => string;
}

/** Menu entries in display order. The number shown is the index plus one. */
const MENU: readonly { action: MenuAction; label: MessageKey }[] = [
  { action: 'register', label: 'menu.register' },
  { action: 'logIn', label: 'menu.logIn' },
  { action: 'airports', label: 'menu.airports' },
  { action: 'flights', label: 'menu.flights' },
  { action: 'search', label: 'menu.search' },
  { action: 'bookings', label: 'menu.bookings' },
  { action: 'logOut', label: 'menu.logOut' },
  { action: 'quit', label: 'menu.quit' },
];

type MenuAction =
  'register' | 'logIn' | 'airports' | 'flights' | 'search' | 'bookings' | 'logOut' | 'quit';

/** Returns the number that the menu shows for `action`. */
function menuNumber(action: MenuAction): number {
  return MENU.findIndex((entry) => entry.action === action) + 1;
}

/** Validates a required IATA code typed at a prompt. An empty value cancels the action. */
function parseRequiredIataCode(answer: string, field: string): string {
  if (answer === '') {
    throw new ActionCancelled();
  }
  return parseIataCode(answer, field);
}

/** Validates a required email address typed at a prompt. An empty value cancels the action. */
function parseRequiredEmail(answer: string, field: string): string {
  if (answer === '') {
    throw new ActionCancelled();
  }
  return parseEmail(answer, field);
}

/**
 * Returns the rule that `password` breaks, or undefined. These are the rules the gateway
 * enforces on registration, checked here so that the passenger retypes only the password.
 */
export function checkNewPassword(password: string): MessageKey | undefined {
  if (password.length < PASSWORD_LENGTH_MIN || password.length > PASSWORD_LENGTH_MAX) {
    return 'register.passwordLength';
  }
  if (!/[A-Za-z]/.test(password) || !/[0-9]/.test(password)) {
    return 'register.passwordCharacters';
  }
  return undefined;
}

/** Menu loop of one interactive session. The session token is kept only in memory. */
export class InteractiveConsole {
  private session: PassengerSession | undefined;
  private readonly form: PromptForm;
  private readonly bookings: BookingFlows;

  constructor(private readonly options: InteractiveOptions) {
    this.form = new PromptForm(options.prompter, options.view);
    this.bookings = new BookingFlows({
      gateway: options.gateway,
      form: this.form,
      newIdempotencyKey: options.newIdempotencyKey,
      menuNumbers: { logIn: menuNumber('logIn'), bookings: menuNumber('bookings') },
    });
  }

  /** Runs the menu until the passenger quits or the input ends, and returns the exit code. */
  async run(): Promise<ExitCode> {
    const { prompter, view } = this.options;
    try {
      let action: MenuAction;
      do {
        this.showMenu();
        action = await this.askMenuChoice();
        await this.perform(action);
      } while (action !== 'quit');
    } catch (error) {
      if (!(error instanceof InputClosedError)) {
        throw error;
      }
      prompter.write('\n');
      await this.endSession();
    }
    prompter.write(`${view.t('menu.goodbye')}\n`);
    return ExitCode.success;
  }

  private showMenu(): void {
    const { prompter, view, node } = this.options;
    const sessionLine = this.session
      ? view.t('menu.sessionActive', { account: renderAccountSummary(this.session.account, view) })
      : view.style.dim(view.t('menu.sessionNone'));
    const lines = ['', view.style.bold(view.t('menu.title', { node })), sessionLine, ''];
    MENU.forEach((entry, index) => lines.push(`  ${index + 1}) ${view.t(entry.label)}`));
    prompter.write(`${lines.join('\n')}\n`);
  }

  private async askMenuChoice(): Promise<MenuAction> {
    const { prompter, view } = this.options;
    for (;;) {
      const answer = (await prompter.ask(view.t('menu.prompt', { last: MENU.length }))).trim();
      const index = Number(answer) - 1;
      if (/^\d+$/.test(answer) && index >= 0 && index < MENU.length) {
        return MENU[index].action;
      }
      prompter.write(`${view.t('menu.invalidChoice', { last: MENU.length })}\n`);
    }
  }

  /** Runs one menu action. Errors are shown, and the menu comes back afterwards. */
  private async perform(action: MenuAction): Promise<void> {
    try {
      switch (action) {
        case 'register':
          return await this.register();
        case 'logIn':
          return await this.logIn();
        case 'airports':
          return await this.listAirports();
        case 'flights':
          return await this.listFlights();
        case 'search':
          return await this.searchItineraries();
        case 'bookings':
          return await this.manageBookings();
        case 'logOut':
          return await this.logOut();
        case 'quit':
          return await this.endSession();
      }
    } catch (error) {
      if (error instanceof InputClosedError) {
        throw error;
      }
      if (error instanceof ActionCancelled) {
        const { prompter, view } = this.options;
        prompter.write(`${error.reason ?? view.t('prompt.cancelled')}\n`);
        return;
      }
      this.showFailure(error);
    }
  }

  /**
   * Shows a failed action's error. A session that the node reports as invalid is forgotten, so
   * that the menu no longer shows it and the passenger logs in again.
   */
  private showFailure(error: unknown): void {
    let details: FailureDetails = {};
    let failure = error;
    if (error instanceof RequestFailure) {
      details = error.details;
      failure = error.error;
    }
    this.form.showError(failure, details);
    if (
      failure instanceof GatewayRejection &&
      failure.body.code === 'SESSION_INVALID' &&
      this.session !== undefined
    ) {
      this.session = undefined;
      this.form.writeLine(
        this.options.view.t('session.logInAgain', { option: menuNumber('logIn') }),
      );
    }
  }

  private askEmail(): Promise<string> {
    const { t } = this.options.view;
    return this.form.askParsed(t('prompt.email'), (answer) =>
      parseRequiredEmail(answer, t('prompt.emailField')),
    );
  }

  private async askNewPassword(): Promise<string> {
    const { prompter, view } = this.options;
    for (let attempt = 1; attempt <= FIELD_ATTEMPTS_MAX; attempt++) {
      const password = await this.form.askRequired(
        view.t('prompt.newPassword', PASSWORD_LIMITS),
        true,
      );
      const broken = checkNewPassword(password);
      if (broken !== undefined) {
        prompter.write(`${view.t(broken, PASSWORD_LIMITS)}\n`);
        continue;
      }
      const confirmation = await this.form.askRequired(view.t('prompt.confirmPassword'), true);
      if (confirmation === password) {
        return password;
      }
      prompter.write(`${view.t('register.passwordMismatch')}\n`);
    }
    throw new ActionCancelled(
      view.t('register.passwordAttemptsExceeded', {
        count: FIELD_ATTEMPTS_MAX,
        ...PASSWORD_LIMITS,
      }),
    );
  }

  private async register(): Promise<void> {
    const { gateway, prompter, view } = this.options;
    prompter.write(`${view.style.dim(view.t('prompt.blankCancels'))}\n`);
    const name = await this.form.askRequired(view.t('prompt.name'));
    const email = await this.askEmail();
    const password = await this.askNewPassword();

    const response = await gateway.register({ email, name, password });
    prompter.write(`${renderRegistered(response, view)}\n`);
    const logInNow = await this.form.askYesNo(view.t('register.logInNow'), true);
    if (logInNow) {
      this.startSession(await gateway.logIn({ email, password }));
    }
  }

  private async logIn(): Promise<void> {
    const { gateway, prompter, view } = this.options;
    prompter.write(`${view.style.dim(view.t('prompt.blankCancels'))}\n`);
    const email = await this.askEmail();
    const password = await this.form.askRequired(view.t('prompt.password'), true);
    this.startSession(await gateway.logIn({ email, password }));
  }

  /** Keeps the new token in memory. A session held before stays valid on the node until it expires. */
  private startSession(response: LogInResponse): void {
    this.session = { token: response.token, account: response.account };
    this.options.prompter.write(`${renderLoggedIn(response, this.options.view)}\n`);
  }

  private async listAirports(): Promise<void> {
    const { gateway, prompter, view } = this.options;
    const text = (await prompter.ask(view.t('prompt.airportQuery'))).trim();
    const servedOnly = await this.form.askYesNo(view.t('prompt.servedOnly'), false);
    const response = await gateway.listAirports({
      ...(text === '' ? {} : { query: text }),
      ...(servedOnly ? { servedOnly: true } : {}),
    });
    prompter.write(`${renderAirports(response, view)}\n`);
  }

  private async listFlights(): Promise<void> {
    const { gateway, prompter, view, now } = this.options;
    const today = todayInBrasilia(now());
    const date = await this.form.askParsed(view.t('prompt.date', { today }), (answer) =>
      answer === '' ? today : parseFlightDate(answer, view.t('prompt.dateField')),
    );
    const origin = await this.form.askParsed(view.t('prompt.origin'), (answer) =>
      answer === '' ? undefined : parseIataCode(answer, view.t('prompt.originField')),
    );
    const destination = await this.form.askParsed(view.t('prompt.destination'), (answer) =>
      answer === '' ? undefined : parseIataCode(answer, view.t('prompt.destinationField')),
    );

    const response = await gateway.listFlights({
      date,
      ...(origin === undefined ? {} : { origin }),
      ...(destination === undefined ? {} : { destination }),
    });
    prompter.write(`${renderFlights(response, view, now())}\n`);
  }

  /** Asks for origin and destination, which are required, then date and passengers. */
  private async searchItineraries(): Promise<void> {
    const { gateway, prompter, view, now } = this.options;
    prompter.write(`${view.style.dim(view.t('prompt.blankCancels'))}\n`);
    const origin = await this.form.askParsed(view.t('prompt.searchOrigin'), (answer) =>
      parseRequiredIataCode(answer, view.t('prompt.originField')),
    );
    const destination = await this.form.askParsed(view.t('prompt.searchDestination'), (answer) =>
      parseRequiredIataCode(answer, view.t('prompt.destinationField')),
    );
    const today = todayInBrasilia(now());
    const date = await this.form.askParsed(view.t('prompt.date', { today }), (answer) =>
      answer === '' ? today : parseFlightDate(answer, view.t('prompt.dateField')),
    );
    const passengers = await this.form.askParsed(
      view.t('prompt.passengers', {
        min: PASSENGERS_MIN,
        max: PASSENGERS_MAX,
        default: DEFAULT_PASSENGERS,
      }),
      (answer) =>
        answer === ''
          ? DEFAULT_PASSENGERS
          : parsePassengers(answer, view.t('prompt.passengersField')),
    );

    const response = await gateway.searchItineraries({ origin, destination, date, passengers });
    prompter.write(`${renderItineraries(response, view)}\n`);
    await this.bookings.offerPurchase(response, this.session);
  }

  private async manageBookings(): Promise<void> {
    if (this.session === undefined) {
      this.options.prompter.write(`${this.options.view.t('logout.noSession')}\n`);
      return;
    }
    await this.bookings.manageBookings(this.session);
  }

  private async logOut(): Promise<void> {
    if (this.session === undefined) {
      this.options.prompter.write(`${this.options.view.t('logout.noSession')}\n`);
      return;
    }
    await this.endSession();
  }

  /**
   * Logs the current session out on the node, if there is one. The token is forgotten when the
   * node reports it as already invalid. After a connection error it is kept, so that the
   * passenger can choose "log out" again, unless the session is ending anyway.
   */
  private async endSession(): Promise<void> {
    const { gateway, prompter, view } = this.options;
    if (this.session === undefined) {
      return;
    }
    try {
      await gateway.logOut({ token: this.session.token });
      this.session = undefined;
      prompter.write(`${renderLoggedOut(view)}\n`);
    } catch (error) {
      if (error instanceof GatewayRejection && error.body.code === 'SESSION_INVALID') {
        this.session = undefined;
      }
      if (error instanceof ConsoleError) {
        this.form.showError(error);
        return;
      }
      throw error;
    }
  }
}
