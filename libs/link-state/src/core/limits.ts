/**
 * Size bounds that the link-state core adds to those in types.ts. Receivers reject larger
 * messages as invalid.
 */

/** Maximum number of origins in one database, one database message and one hello summary. */
export const DATABASE_ORIGINS_MAX = 256;
export const AIRLINE_NAME_LENGTH_MAX = 100;
export const NODE_URL_LENGTH_MAX = 2048;
/**
 * Maximum number of problems listed for one invalid message. When more are found, the last
 * entry gives their count.
 */
export const VALIDATION_ERRORS_MAX = 50;
