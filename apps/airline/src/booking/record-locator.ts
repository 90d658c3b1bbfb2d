import { randomInt } from 'node:crypto';

import { RECORD_LOCATOR_ALPHABET, RECORD_LOCATOR_LENGTH } from '@interline/contracts';

/** Draws a record locator; `pick(n)` returns a uniform integer in `[0, n)`. */
export function drawRecordLocator(pick: (bound: number) => number = randomInt): string {
  let locator = '';
  for (let index = 0; index < RECORD_LOCATOR_LENGTH; index += 1) {
    locator += RECORD_LOCATOR_ALPHABET[pick(RECORD_LOCATOR_ALPHABET.length)];
  }
  return locator;
}
