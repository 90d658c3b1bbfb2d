import { asConsoleError, UsageError } from './errors';
import { renderFailure, type FailureDetails } from './failure-hints';
import type { Prompter } from './prompt';
import type { ViewContext } from './views';

/** Maximum number of times a field is asked before an invalid answer cancels the action. */
export const FIELD_ATTEMPTS_MAX = 3;

/**
 * Raised to abandon the current action and go back to the menu, when the passenger leaves a
 * required field empty or gives too many invalid answers.
 */
export class ActionCancelled extends Error {
  /** @param reason Message shown in place of the plain "cancelled" line. */
  constructor(readonly reason?: string) {
    super(reason ?? 'action cancelled');
    this.name = 'ActionCancelled';
  }
}

/** Reads a yes/no answer in either language. An empty or unknown answer returns `fallback`. */
export function parseYesNo(answer: string, fallback: boolean): boolean {
  const normalized = answer.trim().toLowerCase();
  if (['s', 'sim', 'y', 'yes'].includes(normalized)) {
    return true;
  }
  if (['n', 'não', 'nao', 'no'].includes(normalized)) {
    return false;
  }
  return fallback;
}

/** Field prompts and error output of interactive mode, shared by the menu actions. */
export class PromptForm {
  constructor(
    readonly prompter: Prompter,
    readonly view: ViewContext,
  ) {}

  /** Writes `text` followed by a line break. */
  writeLine(text: string): void {
    this.prompter.write(`${text}\n`);
  }

  /** Shows an error with the console's hint for it. `details` lets the hint name flights or keys. */
  showError(error: unknown, details: FailureDetails = {}): void {
    const failure = asConsoleError(error);
    this.writeLine(renderFailure(failure, this.view, { ...details, mode: 'menu' }));
  }

  /** Asks a yes/no question. An empty or unknown answer returns `fallback`. */
  async askYesNo(question: string, fallback: boolean): Promise<boolean> {
    return parseYesNo(await this.prompter.ask(question), fallback);
  }

  /** Asks for a field that must not be empty. An empty answer cancels the action. */
  async askRequired(question: string, hidden = false): Promise<string> {
    const answer = await this.prompter.ask(question, { hidden });
    const value = hidden ? answer : answer.trim();
    if (value === '') {
      throw new ActionCancelled();
    }
    return value;
  }

  /**
   * Asks for a field until `parse` accepts the answer. `parse` throws a UsageError, whose
   * message is shown without the INVALID_USAGE code of scripted commands, to reject an answer.
   * After FIELD_ATTEMPTS_MAX rejected answers the action is cancelled.
   */
  async askParsed<T>(question: string, parse: (answer: string) => T): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const answer = await this.prompter.ask(question);
      try {
        return parse(answer.trim());
      } catch (error) {
        if (!(error instanceof UsageError)) {
          throw error;
        }
        this.writeLine(this.view.style.error(error.toDocument(this.view.t).message));
        if (attempt >= FIELD_ATTEMPTS_MAX) {
          const { t } = this.view;
          throw new ActionCancelled(t('prompt.attemptsExceeded', { count: FIELD_ATTEMPTS_MAX }));
        }
      }
    }
  }
}
