import {
  arrivalDayOffset,
  formatCalendarDate,
  formatDuration,
  formatFare,
  formatInstant,
  formatLocalTime,
  formatMinutes,
  localDate,
} from './format';
import { todayInBrasilia } from './requests';
import { MAO_GRU_RED_EYE, SSA_MAO } from './testing/fixtures';

// Intl puts a no-break space between the currency symbol and the amount in pt-BR.
const NBSP = '\u00a0';

describe('formatFare', () => {
  it('formats BRL cents in Portuguese', () => {
    expect(formatFare(123456, 'pt-BR')).toBe(`R$${NBSP}1.234,56`);
  });

  it('formats BRL cents in English', () => {
    expect(formatFare(123456, 'en')).toBe('R$1,234.56');
  });

  it('keeps two decimals for round amounts', () => {
    expect(formatFare(50000, 'pt-BR')).toBe(`R$${NBSP}500,00`);
  });

  it('formats a single cent', () => {
    expect(formatFare(1, 'en')).toBe('R$0.01');
  });
});

describe('formatLocalTime', () => {
  it('shows SSA departure in UTC-3', () => {
    expect(formatLocalTime(SSA_MAO.departureAt, SSA_MAO.originTimeZone, 'pt-BR')).toBe('10:05 BRT');
  });

  it('shows MAO arrival in UTC-4', () => {
    expect(formatLocalTime(SSA_MAO.arrivalAt, SSA_MAO.destinationTimeZone, 'pt-BR')).toBe(
      '12:50 AMT',
    );
  });

  it('uses UTC offsets in English', () => {
    expect(formatLocalTime(SSA_MAO.departureAt, SSA_MAO.originTimeZone, 'en')).toBe('10:05 GMT-3');
    expect(formatLocalTime(SSA_MAO.arrivalAt, SSA_MAO.destinationTimeZone, 'en')).toBe(
      '12:50 GMT-4',
    );
  });

  it('falls back to UTC for an unknown zone', () => {
    expect(formatLocalTime(SSA_MAO.departureAt, 'Mars/Olympus_Mons', 'en')).toBe('13:05 UTC');
  });
});

describe('formatDuration', () => {
  it('formats hours and minutes', () => {
    expect(formatDuration(SSA_MAO.departureAt, SSA_MAO.arrivalAt)).toBe('3h45');
  });

  it('pads minutes to two digits', () => {
    expect(formatDuration('2026-03-12T10:00:00Z', '2026-03-12T11:05:00Z')).toBe('1h05');
  });

  it('formats under an hour', () => {
    expect(formatDuration('2026-03-12T10:00:00Z', '2026-03-12T10:50:00Z')).toBe('0h50');
  });

  it('marks an arrival before departure', () => {
    expect(formatDuration('2026-03-12T10:00:00Z', '2026-03-12T09:00:00Z')).toBe('?');
  });
});

describe('formatMinutes', () => {
  it('formats a layover', () => {
    expect(formatMinutes(350)).toBe('5h50');
  });

  it('formats a day or more', () => {
    expect(formatMinutes(1_505)).toBe('25h05');
  });

  it('marks a negative value', () => {
    expect(formatMinutes(-5)).toBe('?');
  });
});

describe('arrivalDayOffset', () => {
  it('is zero for a same-day flight', () => {
    expect(
      arrivalDayOffset(
        SSA_MAO.departureAt,
        SSA_MAO.originTimeZone,
        SSA_MAO.arrivalAt,
        SSA_MAO.destinationTimeZone,
      ),
    ).toBe(0);
  });

  it('is one for a red-eye', () => {
    const flight = MAO_GRU_RED_EYE;

    expect(
      arrivalDayOffset(
        flight.departureAt,
        flight.originTimeZone,
        flight.arrivalAt,
        flight.destinationTimeZone,
      ),
    ).toBe(1);
  });
});

describe('calendar dates', () => {
  it('reads the local date of an instant', () => {
    expect(localDate(new Date('2026-03-13T02:00:00Z'), 'America/Manaus')).toBe('2026-03-12');
  });

  it('takes today in Brasília time', () => {
    // 01:30 UTC on the 13th is still 22:30 on the 12th in Brasília.
    expect(todayInBrasilia(new Date('2026-03-13T01:30:00Z'))).toBe('2026-03-12');
    expect(todayInBrasilia(new Date('2026-03-13T03:00:00Z'))).toBe('2026-03-13');
  });

  it('writes a date in words', () => {
    expect(formatCalendarDate('2026-03-12', 'pt-BR')).toBe('quinta-feira, 12 de março de 2026');
    expect(formatCalendarDate('2026-03-12', 'en')).toBe('Thursday, 12 March 2026');
  });

  it('formats an instant with its zone', () => {
    expect(formatInstant('2026-03-12T21:00:00Z', 'pt-BR', 'America/Sao_Paulo')).toBe(
      '12/03/2026, 18:00 BRT',
    );
  });

  it('defaults to Brasília time', () => {
    expect(formatInstant('2026-12-05T09:07:00Z', 'pt-BR')).toBe('05/12/2026, 06:07 BRT');
  });

  it('spells the month in English', () => {
    expect(formatInstant('2026-12-05T09:07:00Z', 'en')).toBe('5 Dec 2026, 06:07 BRT');
  });

  it('names the Manaus zone', () => {
    expect(formatInstant('2026-12-05T09:07:00Z', 'en', 'America/Manaus')).toBe(
      '5 Dec 2026, 05:07 AMT',
    );
  });
});
