/**
 * Parsing and redaction of MongoDB connection strings (`mongodb://` and `mongodb+srv://`), kept
 * free of driver imports so the configuration parser can use it.
 */

/** A connection string split into the parts the node checks and logs. */
export interface MongodbUrlParts {
  scheme: 'mongodb' | 'mongodb+srv';
  /** `host[:port]` entries, e.g. `127.0.0.1:27017`. */
  hosts: string[];
  database: string;
}

const URL_PATTERN = /^(mongodb(?:\+srv)?):\/\/(?:([^@/?]*)@)?([^/?]+)\/([^?]*)(?:\?.*)?$/;

/** Characters MongoDB forbids in a database name on any platform, plus the empty name. */
const DATABASE_NAME_PATTERN = /^[^/\\. "$*<>:|?]{1,63}$/;

/**
 * Splits a MongoDB connection string; returns undefined when it is not a `mongodb://` or
 * `mongodb+srv://` URL with at least one host and a valid database name in its path.
 */
export function parseMongodbUrl(value: string): MongodbUrlParts | undefined {
  const match = URL_PATTERN.exec(value.trim());
  if (!match) {
    return undefined;
  }
  const [, scheme, , hostList, rawDatabase] = match;
  let database: string;
  try {
    database = decodeURIComponent(rawDatabase);
  } catch {
    return undefined;
  }
  const hosts = hostList.split(',');
  if (hosts.some((host) => host.length === 0) || !DATABASE_NAME_PATTERN.test(database)) {
    return undefined;
  }
  return { scheme: scheme as MongodbUrlParts['scheme'], hosts, database };
}

/**
 * Returns the connection string with its password replaced by `***`, for logs, errors and
 * `/status`. Works on strings that do not parse too, so an invalid value can be shown safely.
 */
export function redactMongodbUrl(value: string): string {
  const trimmed = value.trim();
  const match = /^([A-Za-z0-9+.-]*:\/\/)([^@/?]*)@/.exec(trimmed);
  if (!match) {
    return trimmed;
  }
  const [prefix, scheme, userInfo] = match;
  const separator = userInfo.indexOf(':');
  if (separator === -1) {
    return trimmed;
  }
  return `${scheme}${userInfo.slice(0, separator)}:***@${trimmed.slice(prefix.length)}`;
}
