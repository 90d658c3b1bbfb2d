import { ClockFormatError } from './clock-format';
import { formatClockHeader, parseClockHeader } from './clock-header';
import { CLOCK_ENTRIES_MAX, CLOCK_HEADER_CHARACTERS_MAX } from './limits';

function reasonOf(text: string): string {
  try {
    parseClockHeader(text);
  } catch (error) {
    if (error instanceof ClockFormatError) {
      return error.reason;
    }
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(text)} to be rejected`);
}

describe('parseClockHeader', () => {
  it('parses entries in text order', () => {
    expect([...parseClockHeader('JG=12,IP=3,RC=7')]).toEqual([
      ['JG', 12],
      ['IP', 3],
      ['RC', 7],
    ]);
  });

  it('parses empty text', () => {
    expect(parseClockHeader('').size).toBe(0);
  });

  it('keeps zero counters', () => {
    expect([...parseClockHeader('JG=0,G3=007')]).toEqual([
      ['JG', 0],
      ['G3', 7],
    ]);
  });

  it('accepts maximum entries and length', () => {
    const entries = Array.from({ length: CLOCK_ENTRIES_MAX }, (_, index) => {
      const code = `${String.fromCharCode(65 + Math.floor(index / 10))}${index % 10}`;
      return `${code}=140737488355327`;
    });
    expect(parseClockHeader(entries.join(',')).size).toBe(CLOCK_ENTRIES_MAX);

    const padded = `JG=${'0'.repeat(CLOCK_HEADER_CHARACTERS_MAX - 4)}1`;
    expect(padded).toHaveLength(CLOCK_HEADER_CHARACTERS_MAX);
    expect(parseClockHeader(padded).get('JG')).toBe(1);
  });

  it.each([
    ['JG=1,', 'entry 2 is empty (a doubled, leading or trailing comma)'],
    [',JG=1', 'entry 1 is empty (a doubled, leading or trailing comma)'],
    ['JG=1,,IP=2', 'entry 2 is empty (a doubled, leading or trailing comma)'],
    ['JG=1;IP=2', 'entry 1 "JG=1;IP=2" is not CODE=counter'],
    ['JG:1', 'entry 1 "JG:1" is not CODE=counter'],
    ['JG', 'entry 1 "JG" is not CODE=counter'],
    ['JG==1', 'entry 1 "JG==1" is not CODE=counter'],
    ['JG=1, IP=2', 'entry 2 " IP=2": airline code " IP" is not two capital letters or digits'],
    ['jg=1', 'entry 1 "jg=1": airline code "jg" is not two capital letters or digits'],
    ['JGX=1', 'entry 1 "JGX=1": airline code "JGX" is not two capital letters or digits'],
    ['=1', 'entry 1 "=1": airline code "" is not two capital letters or digits'],
    ['JG=', 'entry 1 "JG=": counter "" is not a non-negative decimal integer'],
    ['JG=-1', 'entry 1 "JG=-1": counter "-1" is not a non-negative decimal integer'],
    ['JG=1.5', 'entry 1 "JG=1.5": counter "1.5" is not a non-negative decimal integer'],
    ['JG=1e3', 'entry 1 "JG=1e3": counter "1e3" is not a non-negative decimal integer'],
    ['JG=0x10', 'entry 1 "JG=0x10": counter "0x10" is not a non-negative decimal integer'],
    ['JG=+1', 'entry 1 "JG=+1": counter "+1" is not a non-negative decimal integer'],
    ['JG=1 ', 'entry 1 "JG=1 ": counter "1 " is not a non-negative decimal integer'],
    [
      'JG=140737488355328',
      'entry 1 "JG=140737488355328": counter "140737488355328" is above the maximum 140737488355327',
    ],
    [
      'JG=9007199254740993',
      'entry 1 "JG=9007199254740993": counter "9007199254740993" is above the maximum 140737488355327',
    ],
    ['JG=1,IP=2,JG=3', 'entry 3 "JG=3": airline code JG already appears in entry 1'],
    ['JG=1,JG=1', 'entry 2 "JG=1": airline code JG already appears in entry 1'],
  ])('rejects %j', (text, reason) => {
    expect(reasonOf(text)).toBe(reason);
  });

  it('rejects too many entries', () => {
    const text = Array.from({ length: CLOCK_ENTRIES_MAX + 1 }, () => 'JG=1').join(',');
    expect(reasonOf(text)).toBe('text has 65 entries, maximum 64');
  });

  it('rejects too long text', () => {
    const text = `JG=${'0'.repeat(CLOCK_HEADER_CHARACTERS_MAX)}`;
    expect(reasonOf(text)).toBe('text has 2051 characters, maximum 2048');
  });

  it('shortens long parts in reasons', () => {
    const code = 'X'.repeat(100);
    expect(reasonOf(`${code}=1`)).toBe(
      `entry 1 "${'X'.repeat(40)}…": airline code "${'X'.repeat(40)}…" is not two capital letters or digits`,
    );
  });
});

describe('formatClockHeader', () => {
  it('joins pairs with commas', () => {
    expect(
      formatClockHeader([
        ['IP', 3],
        ['JG', 12],
      ]),
    ).toBe('IP=3,JG=12');
  });

  it('formats no pairs as empty text', () => {
    expect(formatClockHeader([])).toBe('');
  });
});
