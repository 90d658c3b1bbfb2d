import { isCalendarDate, type Language } from '@interline/contracts';

/** Time zone of the default flight date: Brasília time, Brazil's official reference time. */
export const BRASILIA_TIME_ZONE = 'America/Sao_Paulo';

/**
 * Returns the Intl locale for dates and times. English uses en-GB for its 24-hour clock, which
 * is how Brazilian timetables are printed.
 */
export function dateLocale(lang: Language): string {
  return lang === 'en' ? 'en-GB' : 'pt-BR';
}

/** Formats a fare in integer BRL cents, e.g. `R$ 1.234,56` in Portuguese and `R$1,234.56` in English. */
export function formatFare(cents: number, lang: Language): string {
  const formatter = new Intl.NumberFormat(lang, { style: 'currency', currency: 'BRL' });
  return formatter.format(cents / 100);
}

/** Joins items as a list in the language's style, e.g. `A, B e C` in Portuguese. */
export function formatList(items: readonly string[], lang: Language): string {
  return new Intl.ListFormat(lang, { style: 'long', type: 'conjunction' }).format(items);
}

/**
 * Formats the hour and minute of an ISO instant in `timeZone`, followed by the zone abbreviation
 * or UTC offset that the locale uses (`10:05 BRT` in Portuguese, `10:05 GMT-3` in English).
 * An unknown time zone falls back to UTC, which the label then shows.
 */
export function formatLocalTime(instant: string, timeZone: string, lang: Language): string {
  const options: Intl.DateTimeFormatOptions = {
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
  };
  const date = new Date(instant);
  try {
    return new Intl.DateTimeFormat(dateLocale(lang), { ...options, timeZone }).format(date);
  } catch (error) {
    if (!(error instanceof RangeError)) {
      throw error;
    }
    return new Intl.DateTimeFormat(dateLocale(lang), { ...options, timeZone: 'UTC' }).format(date);
  }
}

/** Formats a number of minutes as hours and minutes, e.g. `1h45` or `0h50`, or `?` if negative. */
export function formatMinutes(minutes: number): string {
  if (!Number.isFinite(minutes) || minutes < 0) {
    return '?';
  }
  const whole = Math.round(minutes);
  const hours = Math.floor(whole / 60);
  return `${hours}h${String(whole % 60).padStart(2, '0')}`;
}

/** Formats the time between two ISO instants as hours and minutes, e.g. `1h45` or `0h50`. */
export function formatDuration(startInstant: string, endInstant: string): string {
  return formatMinutes(Math.round((Date.parse(endInstant) - Date.parse(startInstant)) / 60_000));
}

/** Returns the calendar date (YYYY-MM-DD) of an instant in `timeZone`. */
export function localDate(instant: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(instant);
  const part = (type: Intl.DateTimeFormatPartTypes) =>
    parts.find((candidate) => candidate.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/**
 * Returns how many calendar days the arrival date lies after the departure date, each read in
 * its own airport's time zone. A red-eye that lands the next morning returns 1.
 */
export function arrivalDayOffset(
  departureInstant: string,
  departureTimeZone: string,
  arrivalInstant: string,
  arrivalTimeZone: string,
): number {
  try {
    const departureDay = Date.parse(localDate(new Date(departureInstant), departureTimeZone));
    const arrivalDay = Date.parse(localDate(new Date(arrivalInstant), arrivalTimeZone));
    const days = Math.round((arrivalDay - departureDay) / 86_400_000);
    return Number.isFinite(days) ? days : 0;
  } catch (error) {
    if (error instanceof RangeError) {
      return 0;
    }
    throw error;
  }
}

/** Formats a YYYY-MM-DD date in words, e.g. `quinta-feira, 12 de março de 2026`. */
export function formatCalendarDate(date: string, lang: Language): string {
  if (!isCalendarDate(date)) {
    return date;
  }
  return new Intl.DateTimeFormat(dateLocale(lang), {
    timeZone: 'UTC',
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  }).format(new Date(`${date}T12:00:00Z`));
}

/**
 * Formats an ISO instant as date, time and zone abbreviation, in Brasília time unless
 * `timeZone` is given. Portuguese writes `05/12/2026, 06:07 BRT`. English writes
 * `5 Dec 2026, 06:07 BRT`, with the month in letters, because a reader may take a numeric date
 * as month first.
 */
export function formatInstant(
  instant: string,
  lang: Language,
  timeZone: string = BRASILIA_TIME_ZONE,
): string {
  const date = new Date(instant);
  const dayAndMonth: Intl.DateTimeFormatOptions =
    lang === 'en' ? { day: 'numeric', month: 'short' } : { day: '2-digit', month: '2-digit' };
  const dateAndTime = new Intl.DateTimeFormat(dateLocale(lang), {
    timeZone,
    ...dayAndMonth,
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }).format(date);
  return `${dateAndTime} ${zoneAbbreviation(date, timeZone)}`;
}

/**
 * Returns the short name of `timeZone` at `date`. It comes from the pt-BR locale data in both
 * languages, because that data names the Brazilian zones (BRT, AMT) where en-GB writes GMT-3.
 */
function zoneAbbreviation(date: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('pt-BR', { timeZone, timeZoneName: 'short' }).formatToParts(
    date,
  );
  return parts.find((part) => part.type === 'timeZoneName')?.value ?? timeZone;
}
