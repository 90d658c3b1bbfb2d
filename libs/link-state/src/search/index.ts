export { type DepartureList, FlightIndex } from './flight-index';
export { compareItineraries, compareLegIds } from './itinerary-rules';
export { searchItineraries } from './itinerary-search';
export {
  DEFAULT_SEARCH_RULES,
  type Itinerary,
  type SearchFlight,
  type SearchQuery,
  type SearchRules,
} from './search-types';
