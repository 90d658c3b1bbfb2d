import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsInt,
  Max,
  Min,
  IsEmail,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  Length,
  Matches,
  MaxLength,
} from 'class-validator';

import { LANGUAGES, type Language } from './language';
import {
  DISPLAY_NAME_LENGTH_MAX,
  ITINERARY_LEGS_MAX,
  PASSENGERS_MAX,
  PASSENGERS_MIN,
  SEARCH_RESULTS_MAX,
  QUERY_LENGTH_MAX,
  EMAIL_LENGTH_MAX,
  PASSWORD_LENGTH_MAX,
  PASSWORD_LENGTH_MIN,
} from './limits';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const upperTrim = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.trim().toUpperCase() : value;

/** Fields every gateway request may carry. */
export class GatewayRequest {
  /** Language of error messages in the reply; defaults to Brazilian Portuguese. */
  @IsOptional()
  @IsIn(LANGUAGES, { context: { values: LANGUAGES.join(', ') } })
  lang?: Language;
}

export class RegisterRequest extends GatewayRequest {
  @Transform(trim)
  @IsEmail({ allow_display_name: false, require_tld: true })
  @MaxLength(EMAIL_LENGTH_MAX, { context: { max: EMAIL_LENGTH_MAX } })
  email!: string;

  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(DISPLAY_NAME_LENGTH_MAX, { context: { max: DISPLAY_NAME_LENGTH_MAX } })
  name!: string;

  @IsString()
  @Length(PASSWORD_LENGTH_MIN, PASSWORD_LENGTH_MAX, {
    context: { min: PASSWORD_LENGTH_MIN, max: PASSWORD_LENGTH_MAX },
  })
  @Matches(/[A-Za-z]/, { message: 'letter' })
  @Matches(/[0-9]/, { message: 'digit' })
  password!: string;
}

export class LogInRequest extends GatewayRequest {
  @Transform(trim)
  @IsEmail({ allow_display_name: false, require_tld: true })
  @MaxLength(EMAIL_LENGTH_MAX, { context: { max: EMAIL_LENGTH_MAX } })
  email!: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(PASSWORD_LENGTH_MAX, { context: { max: PASSWORD_LENGTH_MAX } })
  password!: string;
}

export class LogOutRequest extends GatewayRequest {
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{43}$/, { message: 'token' })
  token!: string;
}

export class ListAirportsRequest extends GatewayRequest {
  /** Case-insensitive text matched against IATA code, name, city and state. */
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(QUERY_LENGTH_MAX, { context: { max: QUERY_LENGTH_MAX } })
  query?: string;

  /** When true, only airports this airline flies from or to. */
  @IsOptional()
  @IsBoolean()
  servedOnly?: boolean;
}

export class ListFlightsRequest extends GatewayRequest {
  /** Departure date, local to the origin airport, as YYYY-MM-DD. */
  @IsString()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'date' })
  date!: string;

  @IsOptional()
  @Transform(upperTrim)
  @Matches(/^[A-Z]{3}$/, { message: 'iata' })
  origin?: string;

  @IsOptional()
  @Transform(upperTrim)
  @Matches(/^[A-Z]{3}$/, { message: 'iata' })
  destination?: string;
}

export class SearchItinerariesRequest extends GatewayRequest {
  @Transform(upperTrim)
  @Matches(/^[A-Z]{3}$/, { message: 'iata' })
  origin!: string;

  @Transform(upperTrim)
  @Matches(/^[A-Z]{3}$/, { message: 'iata' })
  destination!: string;

  /** Departure date of the first leg, local to the origin airport, as YYYY-MM-DD. */
  @IsString()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'date' })
  date!: string;

  @IsInt()
  @Min(PASSENGERS_MIN, { context: { min: PASSENGERS_MIN, max: PASSENGERS_MAX } })
  @Max(PASSENGERS_MAX, { context: { min: PASSENGERS_MIN, max: PASSENGERS_MAX } })
  passengers!: number;

  @IsOptional()
  @IsInt()
  @Min(1, { context: { min: 1, max: ITINERARY_LEGS_MAX } })
  @Max(ITINERARY_LEGS_MAX, { context: { min: 1, max: ITINERARY_LEGS_MAX } })
  maxLegs?: number;

  @IsOptional()
  @IsInt()
  @Min(1, { context: { min: 1, max: SEARCH_RESULTS_MAX } })
  @Max(SEARCH_RESULTS_MAX, { context: { min: 1, max: SEARCH_RESULTS_MAX } })
  maxResults?: number;
}
