import { RECORD_LOCATOR_ALPHABET } from '@interline/contracts';

import { drawRecordLocator } from './record-locator';
import { formatTicketNumber, isValidTicketNumber } from './ticket-number';

describe('ticket numbers', () => {
  it('joins prefix, ten-digit serial and the serial modulo 7 as check digit', () => {
    expect(formatTicketNumber('957', 1)).toBe('95700000000011');
    expect(formatTicketNumber('957', 2_000_000_013)).toBe('95720000000134');
  });

  it('accepts what it formats and rejects a wrong check digit or length', () => {
    for (const serial of [1, 6, 7, 123_456_789, 9_999_999_999]) {
      expect(isValidTicketNumber(formatTicketNumber('123', serial))).toBe(true);
    }
    expect(isValidTicketNumber('95700000000012')).toBe(false);
    expect(isValidTicketNumber('9570000000001')).toBe(false);
    expect(isValidTicketNumber('95700000000000')).toBe(false);
  });

  it('refuses a prefix that is not three digits and serials out of range', () => {
    expect(() => formatTicketNumber('95', 1)).toThrow('three digits');
    expect(() => formatTicketNumber('957', 0)).toThrow('out of range');
    expect(() => formatTicketNumber('957', 10 ** 10)).toThrow('out of range');
  });
});

describe('record locators', () => {
  it('draws six characters from the unambiguous alphabet', () => {
    const picks = [0, 1, 2, 29, 30, 31];
    const locator = drawRecordLocator(() => picks.shift() as number);
    expect(locator).toBe('ABC789');
    for (let index = 0; index < 200; index += 1) {
      const drawn = drawRecordLocator();
      expect(drawn).toMatch(/^[A-HJ-NP-Z2-9]{6}$/);
      expect([...drawn].every((char) => RECORD_LOCATOR_ALPHABET.includes(char))).toBe(true);
    }
  });
});
