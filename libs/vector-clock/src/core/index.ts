export {
  CLOCK_COUNTER_MAX,
  CLOCK_ENTRIES_MAX,
  CLOCK_HEADER,
  CLOCK_HEADER_CHARACTERS_MAX,
} from './limits';
export { ClockFormatError, isAirlineCode, isClockCounter } from './clock-format';
export { formatClockHeader, parseClockHeader } from './clock-header';
export { VectorClock, type ClockComparison } from './vector-clock';
export { compareStamps, isOlder, priorityStamp, type PriorityStamp } from './priority-stamp';
