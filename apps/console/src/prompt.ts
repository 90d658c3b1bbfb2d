import { createInterface, type Interface } from 'node:readline/promises';
import { Writable } from 'node:stream';

/** Raised by `ask` when the input ends (EOF, Ctrl+D, or Ctrl+C in a terminal). */
export class InputClosedError extends Error {
  constructor() {
    super('input closed');
    this.name = 'InputClosedError';
  }
}

/** Line-based prompts for interactive mode. Tests replace it with a scripted fake. */
export interface Prompter {
  write(text: string): void;
  /** Prints `question` and returns the next input line. `hidden` turns off the echo. */
  ask(question: string, options?: { hidden?: boolean }): Promise<string>;
  close(): void;
}

export type InputStream = NodeJS.ReadableStream & { isTTY?: boolean };
export type OutputStream = NodeJS.WritableStream & { isTTY?: boolean; columns?: number };

/** Forwards readline's output to a target stream, except while muted. */
class MutableOutput extends Writable {
  muted = false;

  constructor(private readonly target: OutputStream) {
    super({ decodeStrings: false });
  }

  /** Terminal width, which readline reads to wrap long lines. */
  get columns(): number | undefined {
    return this.target.columns;
  }

  override _write(chunk: unknown, _encoding: BufferEncoding, callback: () => void): void {
    if (!this.muted) {
      this.target.write(chunk as string);
    }
    callback();
  }
}

/**
 * Prompter on node:readline. Lines come from the interface's async iterator, which buffers
 * them, because `rl.question()` drops lines that arrive while no question is pending, as happens
 * when answers are piped in.
 *
 * A hidden answer is typed while readline's echo is muted. That works only in terminal mode,
 * when both input and output are terminals. With piped input nothing is echoed anyway.
 * NOTE: when stdin is a terminal but stdout is redirected, the terminal itself echoes
 * the password, because readline then runs without terminal mode.
 */
export class LineReader implements Prompter {
  private readonly echo: MutableOutput;
  private readonly readline: Interface;
  private readonly lines: AsyncIterator<string>;
  private readonly terminal: boolean;

  constructor(
    input: InputStream,
    private readonly output: OutputStream,
  ) {
    this.terminal = input.isTTY === true && output.isTTY === true;
    this.echo = new MutableOutput(output);
    this.readline = createInterface({
      input,
      output: this.echo,
      terminal: this.terminal,
      // No history, so that the up arrow cannot bring back a password typed earlier.
      historySize: 0,
    });
    // Ctrl+C closes the input like Ctrl+D, so the session ends through the same path.
    this.readline.on('SIGINT', () => this.readline.close());
    this.lines = this.readline[Symbol.asyncIterator]();
  }

  write(text: string): void {
    this.output.write(text);
  }

  async ask(question: string, options: { hidden?: boolean } = {}): Promise<string> {
    this.readline.setPrompt(question);
    this.readline.prompt();
    const hide = options.hidden === true && this.terminal;
    this.echo.muted = hide;
    let next: IteratorResult<string>;
    try {
      next = await this.lines.next();
    } finally {
      if (hide) {
        this.echo.muted = false;
        this.output.write('\n');
      }
    }
    if (next.done) {
      throw new InputClosedError();
    }
    if (!this.terminal) {
      // Piped answers are not echoed, so end the prompt line here to keep the transcript readable.
      this.output.write('\n');
    }
    return next.value;
  }

  close(): void {
    this.readline.close();
  }
}
