/**
 * Priority stamps are ordered by the vector clock library: lower time first, ties by airline
 * code. Re-exported under the name the protocol uses.
 */
export { compareStamps as comparePriority } from '@interline/vector-clock/core';
