import { isCalendarDate } from './calendar-date';

describe('isCalendarDate', () => {
  it.each(['2026-12-24', '2028-02-29', '2026-01-31'])('accepts %s', (date) => {
    expect(isCalendarDate(date)).toBe(true);
  });

  it.each([
    '2026-02-30',
    '2027-02-29',
    '2026-13-01',
    '2026-00-10',
    '26-12-24',
    '2026-12-24T00:00',
    '12/03/2026',
    '2026-3-12',
  ])('rejects %s', (date) => {
    expect(isCalendarDate(date)).toBe(false);
  });
});
