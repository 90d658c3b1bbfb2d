/** Size bounds of a vector clock. A clock or header text beyond them is rejected as invalid. */

/** HTTP header that carries the sender's vector clock on inter-node requests and responses. */
export const CLOCK_HEADER = 'x-interline-clock';

/**
 * Maximum number of airlines with a non-zero counter in one clock.
 *
 * NOTE: link-state accepts up to 256 origins (`DATABASE_ORIGINS_MAX`), so a network of more than
 * 64 airlines whose nodes all send messages would exceed this limit, and merging past it fails.
 */
export const CLOCK_ENTRIES_MAX = 64;

/** Maximum length of the header text, in characters. A full clock needs at most 1,215. */
export const CLOCK_HEADER_CHARACTERS_MAX = 2048;

/**
 * Largest counter value: the largest safe integer divided by `CLOCK_ENTRIES_MAX`, so that the
 * sum of a full clock is still a safe integer and priority stamps compare exactly.
 */
export const CLOCK_COUNTER_MAX = Math.floor(Number.MAX_SAFE_INTEGER / CLOCK_ENTRIES_MAX);
