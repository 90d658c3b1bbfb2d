import { styleText } from 'node:util';

type TextFormat = Parameters<typeof styleText>[0];

/** Colour of each demo airline's name. Any other airline is shown in magenta. */
const AIRLINE_COLORS: Readonly<Record<string, TextFormat>> = {
  JG: 'cyan',
  IP: 'yellow',
  RC: 'green',
};
const OTHER_AIRLINE_COLOR: TextFormat = 'magenta';

/** Applies ANSI styles to text, or returns the text unchanged when colour is off. */
export class Styler {
  constructor(readonly enabled: boolean) {}

  airline(code: string, text: string): string {
    return this.apply(AIRLINE_COLORS[code] ?? OTHER_AIRLINE_COLOR, text);
  }

  bold(text: string): string {
    return this.apply('bold', text);
  }

  dim(text: string): string {
    return this.apply('dim', text);
  }

  error(text: string): string {
    return this.apply(['bold', 'red'], text);
  }

  success(text: string): string {
    return this.apply('green', text);
  }

  private apply(format: TextFormat, text: string): string {
    // The caller already decided whether colour is wanted, so styleText must not check
    // process.stdout again: Node 20.20 strips styles when stdout is not a terminal.
    return this.enabled ? styleText(format, text, { validateStream: false }) : text;
  }
}
