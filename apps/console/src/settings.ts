import { LANGUAGES, type Language, languageFromLocale } from '@interline/contracts';

import { UsageError } from './errors';

/** Gateway address used when neither `--node` nor `INTERLINE_NODE` is set. */
export const DEFAULT_NODE = '127.0.0.1:4321';

export interface NodeAddress {
  host: string;
  port: number;
}

/** Global options as commander parses them, before validation. */
export interface GlobalOptions {
  node?: string;
  lang?: string;
  json?: boolean;
  /** False when `--no-color` is given. */
  color?: boolean;
}

/** Validated global options of one console run. */
export interface ConsoleSettings {
  node: NodeAddress;
  /** The node as printed in messages and in the follow-up commands that the console prints. */
  nodeTarget: NodeTarget;
  lang: Language;
  json: boolean;
  color: boolean;
}

/**
 * The node of a console run, as the printed messages name it. A session token is valid only on
 * the node that issued it, so every follow-up command that the console prints carries `option`.
 */
export interface NodeTarget {
  /** Gateway address as `host:port`. */
  address: string;
  /**
   * ` --node <address>` with its leading space, or an empty string when a command without
   * `--node` reaches the same node: the node is DEFAULT_NODE and INTERLINE_NODE is not set.
   */
  option: string;
}

const HOST_NAME_PATTERN = /^[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?$/;
const PORT_PATTERN = /^\d{1,5}$/;

/**
 * Parses a gateway address of the form `host:port`, or `[ipv6]:port`.
 * Throws a UsageError that names `source` and the rejected value.
 */
export function parseNodeAddress(text: string, source = '--node'): NodeAddress {
  const invalid = new UsageError('usage.nodeInvalid', { source, value: text });
  const bracketed = /^\[([0-9A-Fa-f:.]+)\]:(.*)$/.exec(text);
  const separator = text.lastIndexOf(':');
  let host: string;
  let portText: string;
  if (bracketed) {
    host = bracketed[1];
    portText = bracketed[2];
  } else if (separator > 0) {
    host = text.slice(0, separator);
    portText = text.slice(separator + 1);
    if (!HOST_NAME_PATTERN.test(host)) {
      throw invalid;
    }
  } else {
    throw invalid;
  }

  const port = Number(portText);
  if (!PORT_PATTERN.test(portText) || port < 1 || port > 65535) {
    throw invalid;
  }
  return { host, port };
}

/** Formats an address back to `host:port`, with brackets around an IPv6 host. */
export function formatNodeAddress(address: NodeAddress): string {
  const host = address.host.includes(':') ? `[${address.host}]` : address.host;
  return `${host}:${address.port}`;
}

/**
 * Describes `node` for printed messages. The `--node` option is left out only when a later
 * command without it would reach the same node. INTERLINE_NODE may be set for one command
 * only, so a node taken from it still gets the option.
 */
export function describeNode(node: NodeAddress, env: NodeJS.ProcessEnv): NodeTarget {
  const address = formatNodeAddress(node);
  const nodeVariableSet = env.INTERLINE_NODE !== undefined && env.INTERLINE_NODE !== '';
  const option = address === DEFAULT_NODE && !nodeVariableSet ? '' : ` --node ${address}`;
  return { address, option };
}

/**
 * Returns the locale that decides the language, in POSIX order of precedence:
 * the first non-empty one of LC_ALL, LC_MESSAGES and LANG.
 */
export function localeFromEnv(env: NodeJS.ProcessEnv): string | undefined {
  return [env.LC_ALL, env.LC_MESSAGES, env.LANG].find(
    (value) => value !== undefined && value !== '',
  );
}

/** Returns the language named by `--lang`, compared without case, or undefined if it is unknown. */
function matchLanguage(value: string): Language | undefined {
  return LANGUAGES.find((language) => language.toLowerCase() === value.toLowerCase());
}

/**
 * Chooses the console language. A `--lang` flag beats the environment. Without it, an English
 * locale (`en_US.UTF-8`) selects English, and anything else, `C` or no locale included, selects
 * Brazilian Portuguese.
 */
export function chooseLanguage(flag: string | undefined, env: NodeJS.ProcessEnv): Language {
  if (flag === undefined) {
    return languageFromLocale(localeFromEnv(env));
  }
  const language = matchLanguage(flag);
  if (language === undefined) {
    throw new UsageError('usage.langInvalid', { value: flag, expected: LANGUAGES.join(', ') });
  }
  return language;
}

/**
 * Decides whether to print ANSI colours: not with `--no-color`, not when NO_COLOR is set to a
 * non-empty value (the no-color.org convention), and not when stdout is not a terminal.
 */
export function shouldUseColor(
  colorFlag: boolean | undefined,
  env: NodeJS.ProcessEnv,
  stdoutIsTerminal: boolean,
): boolean {
  const noColorSet = env.NO_COLOR !== undefined && env.NO_COLOR !== '';
  return colorFlag !== false && !noColorSet && stdoutIsTerminal;
}

/** Validates the global options, filling in defaults from the environment. */
export function resolveSettings(
  options: GlobalOptions,
  env: NodeJS.ProcessEnv,
  stdoutIsTerminal: boolean,
): ConsoleSettings {
  const lang = chooseLanguage(options.lang, env);
  let node: NodeAddress;
  if (options.node !== undefined) {
    node = parseNodeAddress(options.node, '--node');
  } else if (env.INTERLINE_NODE !== undefined && env.INTERLINE_NODE !== '') {
    node = parseNodeAddress(env.INTERLINE_NODE, 'INTERLINE_NODE');
  } else {
    node = parseNodeAddress(DEFAULT_NODE);
  }
  const json = options.json === true;
  const color = !json && shouldUseColor(options.color, env, stdoutIsTerminal);
  return { node, nodeTarget: describeNode(node, env), lang, json, color };
}

/** The language and output mode read from the raw arguments, before commander parses them. */
export interface ArgumentPreview {
  lang: Language;
  json: boolean;
}

/**
 * Reads `--lang` and `--json` from the raw arguments so that help text and commander's own
 * usage errors can be written in the right language and format before parsing has finished.
 * An invalid `--lang` value falls back to the environment here, and `resolveSettings` reports it.
 */
export function previewArguments(argv: readonly string[], env: NodeJS.ProcessEnv): ArgumentPreview {
  const endOfOptions = argv.indexOf('--');
  const options = endOfOptions === -1 ? argv : argv.slice(0, endOfOptions);
  let langFlag: string | undefined;
  options.forEach((argument, index) => {
    if (argument === '--lang' && index + 1 < options.length) {
      langFlag = options[index + 1];
    } else if (argument.startsWith('--lang=')) {
      langFlag = argument.slice('--lang='.length);
    }
  });

  const flagLanguage = langFlag === undefined ? undefined : matchLanguage(langFlag);
  return {
    lang: flagLanguage ?? languageFromLocale(localeFromEnv(env)),
    json: options.includes('--json'),
  };
}
