import { UsageError } from './errors';
import { buildItinerariesQuery, parseCount, parseEmail } from './requests';

const NOW = new Date('2026-03-12T15:00:00Z');

describe('parseCount', () => {
  it.each([
    ['1', 1],
    [' 4 ', 4],
    ['04', 4],
  ])('accepts %j', (value, expected) => {
    expect(parseCount(value, '--max-legs', 1, 4)).toBe(expected);
  });

  it.each(['0', '5', '-1', '+2', '2.0', '1e0', 'dois', '', ' '])('rejects %j', (value) => {
    expect(() => parseCount(value, '--max-legs', 1, 4)).toThrow(UsageError);
  });

  it('names option, value and range', () => {
    const failure = (() => {
      try {
        parseCount('7', '--max-legs', 1, 4);
      } catch (error) {
        return error;
      }
    })();

    expect(failure).toBeInstanceOf(UsageError);
    expect((failure as UsageError).key).toBe('usage.countInvalid');
    expect((failure as UsageError).params).toEqual({
      option: '--max-legs',
      value: '7',
      min: 1,
      max: 4,
    });
  });
});

describe('parseEmail', () => {
  it.each([
    ['maria@exemplo.com.br', 'maria@exemplo.com.br'],
    [' bruno@example.com ', 'bruno@example.com'],
  ])('accepts %j', (value, expected) => {
    expect(parseEmail(value, 'e-mail')).toBe(expected);
  });

  it.each(['bruno@exemplo', 'bruno', 'bruno@', '@exemplo.com', 'Bruno <bruno@example.com>', ''])(
    'rejects %j',
    (value) => {
      expect(() => parseEmail(value, 'e-mail')).toThrow(UsageError);
    },
  );
});

describe('buildItinerariesQuery', () => {
  it('fills date and passengers', () => {
    expect(buildItinerariesQuery({ from: 'ssa', to: 'bel' }, NOW)).toEqual({
      origin: 'SSA',
      destination: 'BEL',
      date: '2026-03-12',
      passengers: 1,
    });
  });

  it('takes today in Brasília late at night', () => {
    // 02:30 UTC on 13 March is still 23:30 on 12 March in Brasília.
    const query = buildItinerariesQuery({ from: 'SSA', to: 'BEL' }, new Date('2026-03-13T02:30Z'));

    expect(query.date).toBe('2026-03-12');
  });

  it('keeps every given option', () => {
    const query = buildItinerariesQuery(
      {
        from: 'SSA',
        to: 'BEL',
        date: '2026-12-04',
        passengers: '9',
        maxLegs: '4',
        maxResults: '1',
      },
      NOW,
    );

    expect(query).toEqual({
      origin: 'SSA',
      destination: 'BEL',
      date: '2026-12-04',
      passengers: 9,
      maxLegs: 4,
      maxResults: 1,
    });
  });

  it('leaves out unset limits', () => {
    const query = buildItinerariesQuery({ from: 'SSA', to: 'BEL' }, NOW);

    expect(query).not.toHaveProperty('maxLegs');
    expect(query).not.toHaveProperty('maxResults');
  });
});
