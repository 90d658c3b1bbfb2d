import { Controller, UseFilters, UseInterceptors, UsePipes } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';

import {
  CancelBookingRequest,
  type CancelBookingResponse,
  GatewayPattern,
  type Language,
  ListBookingsRequest,
  type ListBookingsResponse,
  PurchaseRequest,
  type PurchaseResponse,
  ShowBookingRequest,
  type ShowBookingResponse,
  toLanguage,
} from '@interline/contracts';
import type { AccountRow } from '@interline/persistence';

import { GatewayError } from '../gateway/gateway-error';
import { GatewayExceptionFilter } from '../gateway/gateway-exception.filter';
import { GatewayMetricsInterceptor } from '../gateway/gateway-metrics.interceptor';
import { fillTemplate } from '../gateway/gateway-messages';
import { GatewayValidationPipe } from '../gateway/gateway-validation.pipe';
import { BookingDirectoryService } from './booking-directory.service';
import { type BookingFailure, BookingService, type ItineraryProblem } from './booking.service';
import { PassengerSessions } from './passenger-sessions';

type Text = Readonly<Record<Language, string>>;

const REASON_TEXT: Readonly<Record<string, Text>> = {
  departed: { 'pt-BR': 'já partiu', en: 'it has departed' },
  'not-on-sale': {
    'pt-BR': 'a companhia não o vende agora',
    en: 'the airline is not selling it now',
  },
  'booking-departed': { 'pt-BR': 'um dos voos já partiu', en: 'one of its flights has departed' },
  'not-confirmed': {
    'pt-BR': 'ela não está confirmada ou outra operação está em andamento',
    en: 'it is not confirmed, or another change is in progress',
  },
};

/**
 * Gateway handlers for buying, listing, showing and cancelling bookings. Each resolves the
 * passenger's session, calls one use case and maps its outcome to a response or a coded error in
 * the passenger's language.
 */
@Controller()
@UsePipes(GatewayValidationPipe)
@UseFilters(GatewayExceptionFilter)
@UseInterceptors(GatewayMetricsInterceptor)
export class BookingGatewayController {
  constructor(
    private readonly sessions: PassengerSessions,
    private readonly booking: BookingService,
    private readonly directory: BookingDirectoryService,
  ) {}

  @MessagePattern(GatewayPattern.purchase)
  async purchase(@Payload() request: PurchaseRequest): Promise<PurchaseResponse> {
    const lang = toLanguage(request.lang);
    const passenger = await this.passenger(request.token, lang);
    const outcome = await this.booking.purchase(passenger, {
      idempotencyKey: request.idempotencyKey,
      flightIds: request.flightIds,
      passengers: request.passengers,
    });
    if (outcome.ok === 'elsewhere') {
      const first = await this.directory.replayElsewhere(
        outcome.airline,
        passenger.id,
        request.idempotencyKey,
      );
      if (!first.ok) {
        throw failureError(first, lang, { idempotencyKey: request.idempotencyKey });
      }
      return { booking: first.booking, replayed: true };
    }
    if (!outcome.ok) {
      throw failureError(outcome, lang, { idempotencyKey: request.idempotencyKey });
    }
    return { booking: this.directory.view(outcome.booking), replayed: outcome.replayed };
  }

  @MessagePattern(GatewayPattern.listBookings)
  async listBookings(@Payload() request: ListBookingsRequest): Promise<ListBookingsResponse> {
    const passenger = await this.passenger(request.token, toLanguage(request.lang));
    const { bookings, unreachable } = await this.directory.everywhere(passenger.id);
    return { bookings, unreachableAirlines: unreachable };
  }

  @MessagePattern(GatewayPattern.showBooking)
  async showBooking(@Payload() request: ShowBookingRequest): Promise<ShowBookingResponse> {
    const lang = toLanguage(request.lang);
    const passenger = await this.passenger(request.token, lang);
    const { booking, unreachable } = await this.directory.find(passenger.id, request.locator);
    if (booking) {
      return { booking };
    }
    if (unreachable.length > 0) {
      const airlines = unreachable.map((airline) => airline.code);
      throw GatewayError.of(
        'AIRLINE_UNREACHABLE',
        lang,
        { airlines: airlines.join(', ') },
        { airlines },
      );
    }
    throw GatewayError.of('BOOKING_NOT_FOUND', lang, { locator: request.locator });
  }

  @MessagePattern(GatewayPattern.cancelBooking)
  async cancelBooking(@Payload() request: CancelBookingRequest): Promise<CancelBookingResponse> {
    const lang = toLanguage(request.lang);
    const passenger = await this.passenger(request.token, lang);
    const outcome = await this.directory.cancel(passenger.id, request.locator);
    if (!outcome.ok) {
      throw failureError(outcome, lang, { locator: request.locator });
    }
    return { booking: outcome.booking, alreadyCancelled: outcome.alreadyCancelled };
  }

  private async passenger(token: string, lang: Language): Promise<AccountRow> {
    const passenger = await this.sessions.passenger(token);
    if (!passenger) {
      throw GatewayError.of('SESSION_INVALID', lang);
    }
    return passenger;
  }
}

/** Describes what is wrong with an itinerary in the passenger's language. */
function describeProblem(problem: ItineraryProblem, lang: Language): string {
  const values: Record<string, string | number> = { ...problem };
  return fillTemplate(ITINERARY_PROBLEM_TEXT[problem.kind][lang], values);
}

const ITINERARY_PROBLEM_TEXT: Readonly<Record<ItineraryProblem['kind'], Text>> = {
  'repeated-flight': {
    'pt-BR': 'o mesmo voo aparece duas vezes',
    en: 'the same flight appears twice',
  },
  disconnected: {
    'pt-BR':
      'o trecho {leg} parte de {origin}, mas o trecho anterior chega em {previousDestination}',
    en: 'leg {leg} leaves {origin}, but the leg before it lands at {previousDestination}',
  },
  'out-of-order': {
    'pt-BR':
      'o trecho {leg} parte antes de o trecho anterior chegar; ponha os voos na ordem da viagem',
    en: 'leg {leg} leaves before the leg before it lands; list the flights in travel order',
  },
  'connection-time': {
    'pt-BR':
      'a conexão em {airport} é de {minutes} min; ela deve ficar entre {minimum} e {maximum} min',
    en: 'the connection at {airport} is {minutes} min; it must be from {minimum} to {maximum} min',
  },
};

/** The coded gateway error for a purchase or cancellation that did not happen. */
export function failureError(
  failure: BookingFailure,
  lang: Language,
  request: { idempotencyKey?: string; locator?: string },
): GatewayError {
  switch (failure.code) {
    case 'FLIGHT_NOT_FOUND':
      return GatewayError.of(
        failure.code,
        lang,
        { flightId: failure.flightIds.join(', ') },
        { flightIds: failure.flightIds },
      );
    case 'FLIGHT_NOT_SELLABLE':
      return GatewayError.of(
        failure.code,
        lang,
        { flightId: failure.flightIds.join(', '), reason: REASON_TEXT[failure.reason][lang] },
        { flightIds: failure.flightIds },
      );
    case 'ITINERARY_INVALID':
      return GatewayError.of(failure.code, lang, {
        detail: describeProblem(failure.problem, lang),
      });
    case 'SOLD_OUT':
      return GatewayError.of(
        failure.code,
        lang,
        { flights: failure.flightIds.join(', ') },
        { flightIds: failure.flightIds },
      );
    case 'AIRLINE_UNREACHABLE':
    case 'PURCHASE_TIMED_OUT':
    case 'PURCHASE_OUTCOME_UNKNOWN':
    case 'CANCELLATION_OUTCOME_UNKNOWN':
      return GatewayError.of(
        failure.code,
        lang,
        { airlines: failure.airlines.length > 0 ? failure.airlines.join(', ') : '—' },
        { airlines: failure.airlines },
      );
    case 'IDEMPOTENCY_KEY_REUSED':
      return GatewayError.of(failure.code, lang, { idempotencyKey: request.idempotencyKey ?? '' });
    case 'BOOKING_NOT_FOUND':
      return GatewayError.of(failure.code, lang, { locator: request.locator ?? '' });
    case 'ACCOUNT_DIRECTORY_UNREACHABLE':
      return GatewayError.of(
        failure.code,
        lang,
        { airline: failure.airline },
        {
          airlines: [failure.airline],
        },
      );
    case 'BOOKING_NOT_CANCELLABLE':
      return GatewayError.of(failure.code, lang, {
        locator: request.locator ?? '',
        reason:
          REASON_TEXT[failure.reason === 'departed' ? 'booking-departed' : 'not-confirmed'][lang],
      });
  }
}
