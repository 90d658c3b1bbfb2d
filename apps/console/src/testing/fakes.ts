import { Readable, Writable } from 'node:stream';

import type { Gateway } from '../gateway';
import { InputClosedError, type Prompter } from '../prompt';

type GatewayMethod = Exclude<keyof Gateway, 'close'>;

/** Scripted replies of the gateway methods. A reply may throw to simulate a failure. */
export type GatewayReplies = {
  [Method in GatewayMethod]: (
    payload: Parameters<Gateway[Method]>[0],
  ) => Awaited<ReturnType<Gateway[Method]>> | ReturnType<Gateway[Method]>;
};

/** Gateway double that records each request and returns the scripted reply. */
export class FakeGateway implements Gateway {
  readonly calls: { method: GatewayMethod; payload: unknown }[] = [];
  closed = false;

  constructor(private readonly replies: Partial<GatewayReplies> = {}) {}

  register = (payload: Parameters<Gateway['register']>[0]) => this.reply('register', payload);
  logIn = (payload: Parameters<Gateway['logIn']>[0]) => this.reply('logIn', payload);
  logOut = (payload: Parameters<Gateway['logOut']>[0]) => this.reply('logOut', payload);
  listAirports = (payload: Parameters<Gateway['listAirports']>[0]) =>
    this.reply('listAirports', payload);
  listFlights = (payload: Parameters<Gateway['listFlights']>[0]) =>
    this.reply('listFlights', payload);
  searchItineraries = (payload: Parameters<Gateway['searchItineraries']>[0]) =>
    this.reply('searchItineraries', payload);
  purchase = (payload: Parameters<Gateway['purchase']>[0]) => this.reply('purchase', payload);
  listBookings = (payload: Parameters<Gateway['listBookings']>[0]) =>
    this.reply('listBookings', payload);
  showBooking = (payload: Parameters<Gateway['showBooking']>[0]) =>
    this.reply('showBooking', payload);
  cancelBooking = (payload: Parameters<Gateway['cancelBooking']>[0]) =>
    this.reply('cancelBooking', payload);

  close(): void {
    this.closed = true;
  }

  private async reply<Method extends GatewayMethod>(
    method: Method,
    payload: Parameters<Gateway[Method]>[0],
  ): Promise<Awaited<ReturnType<Gateway[Method]>>> {
    this.calls.push({ method, payload });
    const handler = this.replies[method] as
      ((payload: unknown) => Awaited<ReturnType<Gateway[Method]>>) | undefined;
    if (handler === undefined) {
      throw new Error(`FakeGateway has no reply scripted for ${method}.`);
    }
    return handler(payload);
  }
}

/** Writable stream that keeps everything written to it in `text`. */
export class MemoryStream extends Writable {
  text = '';

  constructor(readonly isTTY = false) {
    super();
  }

  override _write(chunk: Buffer | string, _encoding: BufferEncoding, callback: () => void): void {
    this.text += chunk.toString();
    callback();
  }
}

/** Creates a stdin stream that is not a terminal and ends at once. */
export function emptyInput(): Readable {
  return Readable.from([]);
}

/** Prompter that returns scripted answers in order and then reports the end of input. */
export class ScriptedPrompter implements Prompter {
  output = '';
  readonly questions: { question: string; hidden: boolean }[] = [];
  closed = false;

  constructor(private readonly answers: string[]) {}

  write(text: string): void {
    this.output += text;
  }

  async ask(question: string, options: { hidden?: boolean } = {}): Promise<string> {
    this.questions.push({ question, hidden: options.hidden === true });
    this.output += question;
    const answer = this.answers.shift();
    if (answer === undefined) {
      throw new InputClosedError();
    }
    this.output += `${options.hidden === true ? '' : answer}\n`;
    return answer;
  }

  close(): void {
    this.closed = true;
  }
}
