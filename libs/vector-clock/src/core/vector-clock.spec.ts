import { ClockFormatError } from './clock-format';
import { CLOCK_COUNTER_MAX, CLOCK_ENTRIES_MAX } from './limits';
import { VectorClock } from './vector-clock';

/** Returns `count` distinct airline codes: A0, A1, … A9, B0, … */
function codes(count: number): string[] {
  return Array.from(
    { length: count },
    (_, index) => `${String.fromCharCode(65 + Math.floor(index / 10))}${index % 10}`,
  );
}

function reasonOf(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    if (error instanceof ClockFormatError) {
      return error.reason;
    }
    throw error;
  }
  throw new Error('expected a ClockFormatError');
}

describe('VectorClock.empty', () => {
  it('has no entries', () => {
    const clock = VectorClock.empty();
    expect(clock.entries()).toEqual({});
    expect(clock.sum()).toBe(0);
    expect(clock.get('JG')).toBe(0);
  });
});

describe('VectorClock.from', () => {
  it('keeps non-zero counters', () => {
    const clock = VectorClock.from({ JG: 12, IP: 3, RC: 0 });
    expect(clock.entries()).toEqual({ IP: 3, JG: 12 });
    expect(clock.get('RC')).toBe(0);
  });

  it('accepts the limits', () => {
    const full = Object.fromEntries(codes(CLOCK_ENTRIES_MAX).map((code) => [code, 1]));
    expect(Object.keys(VectorClock.from(full).entries())).toHaveLength(CLOCK_ENTRIES_MAX);
    expect(VectorClock.from({ JG: CLOCK_COUNTER_MAX }).get('JG')).toBe(CLOCK_COUNTER_MAX);
  });

  it.each([
    [{ jg: 1 }, 'airline code "jg" is not two capital letters or digits'],
    [{ JGX: 1 }, 'airline code "JGX" is not two capital letters or digits'],
    [{ JG: -1 }, 'counter of JG is "-1", not an integer from 0 to 140737488355327'],
    [{ JG: 1.5 }, 'counter of JG is "1.5", not an integer from 0 to 140737488355327'],
    [{ JG: Number.NaN }, 'counter of JG is "NaN", not an integer from 0 to 140737488355327'],
    [{ JG: '3' }, 'counter of JG is "3", not an integer from 0 to 140737488355327'],
    [
      { JG: CLOCK_COUNTER_MAX + 1 },
      'counter of JG is "140737488355328", not an integer from 0 to 140737488355327',
    ],
  ])('rejects %j', (entries, reason) => {
    expect(reasonOf(() => VectorClock.from(entries as Record<string, number>))).toBe(reason);
  });

  it('rejects non-object entries', () => {
    expect(reasonOf(() => VectorClock.from(null as never))).toBe(
      'entries must be an object, got "null"',
    );
    expect(reasonOf(() => VectorClock.from([1] as never))).toBe(
      'entries must be an object, got "1"',
    );
  });

  it('rejects too many airlines', () => {
    const tooMany = Object.fromEntries(codes(CLOCK_ENTRIES_MAX + 1).map((code) => [code, 1]));
    expect(reasonOf(() => VectorClock.from(tooMany))).toBe(
      'clock would have 65 airlines, maximum 64',
    );
  });

  it('throws ClockFormatError with prefixed message', () => {
    expect(() => VectorClock.from({ jg: 1 })).toThrow(
      new ClockFormatError('airline code "jg" is not two capital letters or digits'),
    );
    expect(() => VectorClock.from({ jg: 1 })).toThrow(/^Invalid vector clock: airline code/);
  });
});

describe('VectorClock.tick', () => {
  it('raises one counter', () => {
    const clock = VectorClock.from({ JG: 2, IP: 5 });
    const ticked = clock.tick('JG');
    expect(ticked.entries()).toEqual({ IP: 5, JG: 3 });
    expect(clock.entries()).toEqual({ IP: 5, JG: 2 });
  });

  it('adds a missing airline', () => {
    expect(VectorClock.empty().tick('RC').entries()).toEqual({ RC: 1 });
  });

  it('rejects invalid code', () => {
    expect(reasonOf(() => VectorClock.empty().tick('j'))).toBe(
      'airline code "j" is not two capital letters or digits',
    );
  });

  it('rejects counter at maximum', () => {
    const clock = VectorClock.from({ JG: CLOCK_COUNTER_MAX });
    expect(reasonOf(() => clock.tick('JG'))).toBe(
      'counter of JG is at the maximum 140737488355327',
    );
  });

  it('rejects airline beyond entry limit', () => {
    const full = VectorClock.from(
      Object.fromEntries(codes(CLOCK_ENTRIES_MAX).map((code) => [code, 1])),
    );
    expect(reasonOf(() => full.tick('ZZ'))).toBe('clock would have 65 airlines, maximum 64');
    expect(full.tick('A0').get('A0')).toBe(2);
  });
});

describe('VectorClock.merge', () => {
  it('takes element-wise maximum', () => {
    const a = VectorClock.from({ JG: 4, IP: 1 });
    const b = VectorClock.from({ JG: 2, IP: 3, RC: 7 });
    expect(a.merge(b).entries()).toEqual({ IP: 3, JG: 4, RC: 7 });
    expect(a.entries()).toEqual({ IP: 1, JG: 4 });
    expect(b.entries()).toEqual({ IP: 3, JG: 2, RC: 7 });
  });

  it('keeps clock when other empty', () => {
    const a = VectorClock.from({ JG: 4 });
    expect(a.merge(VectorClock.empty()).entries()).toEqual({ JG: 4 });
    expect(VectorClock.empty().merge(a).entries()).toEqual({ JG: 4 });
  });

  it('rejects union beyond entry limit', () => {
    const all = codes(CLOCK_ENTRIES_MAX + 1);
    const a = VectorClock.from(Object.fromEntries(all.slice(0, 40).map((code) => [code, 1])));
    const b = VectorClock.from(Object.fromEntries(all.slice(40).map((code) => [code, 1])));
    expect(reasonOf(() => a.merge(b))).toBe('clock would have 65 airlines, maximum 64');
  });
});

describe('VectorClock.compare', () => {
  const base = VectorClock.from({ JG: 2, IP: 1 });

  it.each([
    [{ JG: 2, IP: 1 }, 'equal'],
    [{ JG: 3, IP: 1 }, 'before'],
    [{ JG: 2, IP: 1, RC: 1 }, 'before'],
    [{ JG: 2 }, 'after'],
    [{ JG: 1, IP: 1 }, 'after'],
    [{ JG: 3, IP: 0 }, 'concurrent'],
    [{ RC: 1 }, 'concurrent'],
  ])('base against %j is %s', (other, expected) => {
    expect(base.compare(VectorClock.from(other))).toBe(expected);
  });

  it('empty clocks are equal', () => {
    expect(VectorClock.empty().compare(VectorClock.from({ JG: 0 }))).toBe('equal');
  });

  it('empty is before any event', () => {
    expect(VectorClock.empty().compare(base)).toBe('before');
    expect(base.compare(VectorClock.empty())).toBe('after');
  });
});

describe('VectorClock.sum', () => {
  it('adds every counter', () => {
    expect(VectorClock.from({ JG: 12, IP: 3, RC: 7 }).sum()).toBe(22);
  });

  it('stays safe at the limits', () => {
    const full = VectorClock.from(
      Object.fromEntries(codes(CLOCK_ENTRIES_MAX).map((code) => [code, CLOCK_COUNTER_MAX])),
    );
    expect(Number.isSafeInteger(full.sum())).toBe(true);
    expect(full.sum()).toBe(CLOCK_COUNTER_MAX * CLOCK_ENTRIES_MAX);
  });
});

describe('VectorClock.entries', () => {
  it('returns frozen copy', () => {
    const clock = VectorClock.from({ JG: 1 });
    const entries = clock.entries();
    expect(Object.isFrozen(entries)).toBe(true);
    expect(() => {
      (entries as Record<string, number>).JG = 5;
    }).toThrow(TypeError);
    expect(clock.get('JG')).toBe(1);
  });

  it('inserts keys in code order', () => {
    expect(Object.keys(VectorClock.from({ RC: 1, G3: 1, IP: 1, AD: 1 }).entries())).toEqual([
      'AD',
      'G3',
      'IP',
      'RC',
    ]);
  });
});

describe('VectorClock.toHeader', () => {
  it('sorts entries by code', () => {
    expect(VectorClock.from({ RC: 7, JG: 12, IP: 3 }).toHeader()).toBe('IP=3,JG=12,RC=7');
  });

  it('puts digit codes by code unit', () => {
    expect(VectorClock.from({ JG: 1, '12': 2, '0A': 3, G3: 4 }).toHeader()).toBe(
      '0A=3,12=2,G3=4,JG=1',
    );
  });

  it('omits zero counters', () => {
    expect(VectorClock.from({ JG: 1, IP: 0 }).toHeader()).toBe('JG=1');
  });

  it('formats empty clock as empty text', () => {
    expect(VectorClock.empty().toHeader()).toBe('');
    expect(String(VectorClock.empty())).toBe('');
  });
});

describe('VectorClock.fromHeader', () => {
  it('parses unsorted text', () => {
    const clock = VectorClock.fromHeader('RC=7,JG=12,IP=3,AD=0');
    expect(clock.entries()).toEqual({ IP: 3, JG: 12, RC: 7 });
    expect(clock.toHeader()).toBe('IP=3,JG=12,RC=7');
  });

  it('parses empty text', () => {
    expect(VectorClock.fromHeader('')).toBe(VectorClock.empty());
  });

  it('rejects with ClockFormatError', () => {
    expect(() => VectorClock.fromHeader('JG=1,')).toThrow(ClockFormatError);
  });
});
