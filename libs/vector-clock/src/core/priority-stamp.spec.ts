import { ClockFormatError } from './clock-format';
import { compareStamps, isOlder, priorityStamp, type PriorityStamp } from './priority-stamp';
import { VectorClock } from './vector-clock';

describe('priorityStamp', () => {
  it('uses clock sum as time', () => {
    expect(priorityStamp(VectorClock.from({ JG: 12, IP: 3, RC: 7 }), 'IP')).toEqual({
      time: 22,
      airline: 'IP',
    });
  });

  it('stamps empty clock at zero', () => {
    expect(priorityStamp(VectorClock.empty(), 'JG')).toEqual({ time: 0, airline: 'JG' });
  });

  it('rejects invalid airline', () => {
    expect(() => priorityStamp(VectorClock.empty(), 'jg')).toThrow(ClockFormatError);
  });
});

describe('compareStamps', () => {
  const older: PriorityStamp = { time: 4, airline: 'RC' };
  const younger: PriorityStamp = { time: 5, airline: 'AD' };

  it('orders lower time first', () => {
    expect(compareStamps(older, younger)).toBeLessThan(0);
    expect(compareStamps(younger, older)).toBeGreaterThan(0);
  });

  it('breaks ties by airline code', () => {
    expect(compareStamps({ time: 5, airline: 'AD' }, { time: 5, airline: 'JG' })).toBeLessThan(0);
    expect(compareStamps({ time: 5, airline: 'JG' }, { time: 5, airline: 'AD' })).toBeGreaterThan(
      0,
    );
    expect(compareStamps({ time: 5, airline: '9Z' }, { time: 5, airline: 'AD' })).toBeLessThan(0);
  });

  it('returns zero for same stamp', () => {
    expect(compareStamps({ time: 5, airline: 'JG' }, { time: 5, airline: 'JG' })).toBe(0);
  });

  it('sorts stamps', () => {
    const stamps: PriorityStamp[] = [
      { time: 9, airline: 'AD' },
      { time: 2, airline: 'RC' },
      { time: 2, airline: 'G3' },
      { time: 7, airline: 'JG' },
    ];
    expect([...stamps].sort(compareStamps)).toEqual([
      { time: 2, airline: 'G3' },
      { time: 2, airline: 'RC' },
      { time: 7, airline: 'JG' },
      { time: 9, airline: 'AD' },
    ]);
  });
});

describe('isOlder', () => {
  it('is strict', () => {
    expect(isOlder({ time: 1, airline: 'JG' }, { time: 2, airline: 'AD' })).toBe(true);
    expect(isOlder({ time: 2, airline: 'AD' }, { time: 1, airline: 'JG' })).toBe(false);
    expect(isOlder({ time: 2, airline: 'JG' }, { time: 2, airline: 'JG' })).toBe(false);
  });
});
