import { Controller, UseFilters, UseInterceptors, UsePipes } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';

import {
  GatewayPattern,
  ListAirportsRequest,
  type ListAirportsResponse,
  ListFlightsRequest,
  type ListFlightsResponse,
  LogInRequest,
  type LogInResponse,
  LogOutRequest,
  type LogOutResponse,
  RegisterRequest,
  type RegisterResponse,
  SearchItinerariesRequest,
  type SearchItinerariesResponse,
  isCalendarDate,
  type Language,
  toLanguage,
} from '@interline/contracts';

import { AccountsService } from '../accounts/accounts.service';
import { CatalogService } from '../catalog/catalog.service';
import { ItinerarySearchService } from '../search/itinerary-search.service';
import { GatewayError } from './gateway-error';
import { GatewayExceptionFilter } from './gateway-exception.filter';
import { FIELD_TEXT } from './gateway-messages';
import { GatewayMetricsInterceptor } from './gateway-metrics.interceptor';
import { GatewayValidationPipe } from './gateway-validation.pipe';

/**
 * Client gateway handlers. Each takes a validated request, calls one use case and maps its
 * business outcome to a response or a coded `GatewayError` in the passenger's language.
 */
@Controller()
@UsePipes(GatewayValidationPipe)
@UseFilters(GatewayExceptionFilter)
@UseInterceptors(GatewayMetricsInterceptor)
export class GatewayController {
  constructor(
    private readonly accounts: AccountsService,
    private readonly catalog: CatalogService,
    private readonly itineraries: ItinerarySearchService,
  ) {}

  @MessagePattern(GatewayPattern.register)
  async register(@Payload() request: RegisterRequest): Promise<RegisterResponse> {
    const lang = toLanguage(request.lang);
    const outcome = await this.accounts.register(request);
    if (!outcome.ok) {
      throw GatewayError.of(outcome.code, lang, { email: request.email.toLowerCase() });
    }
    return { account: outcome.account };
  }

  @MessagePattern(GatewayPattern.logIn)
  async logIn(@Payload() request: LogInRequest): Promise<LogInResponse> {
    const lang = toLanguage(request.lang);
    const outcome = await this.accounts.logIn(request);
    if (outcome.ok) {
      return { token: outcome.token, expiresAt: outcome.expiresAt, account: outcome.account };
    }
    if (outcome.code === 'TOO_MANY_ATTEMPTS') {
      throw GatewayError.of(
        outcome.code,
        lang,
        { seconds: outcome.retryAfterSeconds },
        { retryAfterSeconds: outcome.retryAfterSeconds },
      );
    }
    throw GatewayError.of(outcome.code, lang);
  }

  @MessagePattern(GatewayPattern.logOut)
  async logOut(@Payload() request: LogOutRequest): Promise<LogOutResponse> {
    const outcome = await this.accounts.logOut(request.token);
    if (!outcome.ok) {
      throw GatewayError.of(outcome.code, toLanguage(request.lang));
    }
    return { loggedOut: true };
  }

  @MessagePattern(GatewayPattern.listAirports)
  async listAirports(@Payload() request: ListAirportsRequest): Promise<ListAirportsResponse> {
    return { airports: await this.catalog.listAirports(request) };
  }

  @MessagePattern(GatewayPattern.listFlights)
  async listFlights(@Payload() request: ListFlightsRequest): Promise<ListFlightsResponse> {
    const lang = toLanguage(request.lang);
    if (!isCalendarDate(request.date)) {
      throw invalidDate(request.date, lang);
    }
    for (const iata of [request.origin, request.destination]) {
      if (iata !== undefined && !this.catalog.airport(iata)) {
        throw GatewayError.of('AIRPORT_NOT_FOUND', lang, { iata });
      }
    }
    if (request.origin !== undefined && request.origin === request.destination) {
      throw GatewayError.of('SAME_ORIGIN_AND_DESTINATION', lang, { iata: request.origin });
    }
    const flights = await this.catalog.listFlights(request.date, {
      origin: request.origin,
      destination: request.destination,
    });
    return { airline: this.catalog.airline(), date: request.date, flights };
  }

  @MessagePattern(GatewayPattern.searchItineraries)
  searchItineraries(@Payload() request: SearchItinerariesRequest): SearchItinerariesResponse {
    const lang = toLanguage(request.lang);
    if (!isCalendarDate(request.date)) {
      throw invalidDate(request.date, lang);
    }
    const outcome = this.itineraries.search(request);
    if (outcome.ok) {
      return outcome.response;
    }
    switch (outcome.code) {
      case 'AIRPORT_NOT_FOUND':
      case 'SAME_ORIGIN_AND_DESTINATION':
        throw GatewayError.of(outcome.code, lang, { iata: outcome.iata });
      case 'DATE_OUT_OF_RANGE':
        throw GatewayError.of(outcome.code, lang, {
          date: outcome.date,
          first: outcome.first,
          last: outcome.last,
        });
    }
  }
}

function invalidDate(date: string, lang: Language): GatewayError {
  const violation = {
    field: 'date',
    value: date,
    message: `date: ${FIELD_TEXT.calendarDate[lang]}`,
  };
  return GatewayError.of('INVALID_REQUEST', lang, { count: 1 }, { violations: [violation] });
}
