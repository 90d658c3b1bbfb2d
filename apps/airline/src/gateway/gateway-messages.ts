import type { GatewayErrorCode, Language } from '@interline/contracts';

type Text = Readonly<Record<Language, string>>;

/** Passenger-facing text of each gateway error code; `{name}` placeholders are filled in. */
export const ERROR_TEXT: Readonly<Record<GatewayErrorCode, Text>> = {
  INVALID_REQUEST: {
    'pt-BR': 'Pedido inválido: {count} campo(s) com problema. Corrija e tente de novo.',
    en: 'Invalid request: {count} field(s) with problems. Fix them and try again.',
  },
  UNKNOWN_PATTERN: {
    'pt-BR': 'Operação desconhecida: "{pattern}". Operações disponíveis: {patterns}.',
    en: 'Unknown operation: "{pattern}". Available operations: {patterns}.',
  },
  MALFORMED_FRAME: {
    'pt-BR':
      'Mensagem malformada: {detail}. A conexão será fechada; reconecte e envie <tamanho>#<json>.',
    en: 'Malformed message: {detail}. The connection will be closed; reconnect and send <length>#<json>.',
  },
  FRAME_TOO_LARGE: {
    'pt-BR':
      'Mensagem grande demais ({length} caracteres; o máximo é {max}). A conexão será fechada.',
    en: 'Message too large ({length} characters; the maximum is {max}). The connection will be closed.',
  },
  EMAIL_TAKEN: {
    'pt-BR': 'Já existe uma conta com o e-mail {email}. Entre com ela ou use outro e-mail.',
    en: 'An account with email {email} already exists. Log in with it or use another email.',
  },
  INVALID_CREDENTIALS: {
    'pt-BR': 'E-mail ou senha incorretos. Confira os dados e tente de novo.',
    en: 'Wrong email or password. Check them and try again.',
  },
  TOO_MANY_ATTEMPTS: {
    'pt-BR': 'Muitas tentativas de entrada com este e-mail. Aguarde {seconds} s e tente de novo.',
    en: 'Too many log-in attempts for this email. Wait {seconds} s and try again.',
  },
  SESSION_INVALID: {
    'pt-BR':
      'Sessão inválida ou expirada neste nó. Uma sessão vale só no nó em que você entrou: entre de novo neste nó.',
    en: 'Session invalid or expired on this node. A session works only on the node where you logged in: log in again on this node.',
  },
  AIRPORT_NOT_FOUND: {
    'pt-BR':
      'Aeroporto {iata} não encontrado. Use o código IATA de um aeroporto brasileiro; a lista de aeroportos mostra os códigos (busque pela cidade).',
    en: 'Airport {iata} not found. Use the IATA code of a Brazilian airport; the airport list shows the codes (search it by city).',
  },
  DATE_OUT_OF_RANGE: {
    'pt-BR':
      'Data {date} fora do período de busca: escolha uma data de {first} a {last} (horário local da origem).',
    en: 'Date {date} is outside the search window: choose a date from {first} to {last} (local time at the origin).',
  },
  SAME_ORIGIN_AND_DESTINATION: {
    'pt-BR':
      'Origem e destino são o mesmo aeroporto ({iata}). Escolha aeroportos diferentes para a origem e o destino.',
    en: 'Origin and destination are the same airport ({iata}). Choose two different airports.',
  },
  FLIGHT_NOT_FOUND: {
    'pt-BR':
      'Nenhuma companhia da rede publica o voo {flightId}. Confira o código ou faça uma nova busca e escolha um itinerário da lista.',
    en: 'No airline in the network publishes flight {flightId}. Check the code, or search again and pick an itinerary from the results.',
  },
  FLIGHT_NOT_SELLABLE: {
    'pt-BR': 'O voo {flightId} não está mais à venda ({reason}). Faça uma nova busca.',
    en: 'Flight {flightId} is no longer on sale ({reason}). Search again.',
  },
  ITINERARY_INVALID: {
    'pt-BR': 'Itinerário inválido: {detail}. Escolha um itinerário da busca, sem alterá-lo.',
    en: 'Invalid itinerary: {detail}. Pick an itinerary from the search results as it is.',
  },
  SOLD_OUT: {
    'pt-BR':
      'Esgotado: não há mais assentos em {flights}. Nada foi cobrado nem reservado; faça uma nova busca.',
    en: 'Sold out: no seats left on {flights}. Nothing was charged or held; search again.',
  },
  AIRLINE_UNREACHABLE: {
    'pt-BR':
      'A companhia {airlines} não respondeu, então nada foi vendido. Tente de novo em alguns minutos ou escolha outro itinerário.',
    en: 'Airline {airlines} did not answer, so nothing was sold. Try again in a few minutes or choose another itinerary.',
  },
  PURCHASE_TIMED_OUT: {
    'pt-BR':
      'As companhias não confirmaram a tempo ({airlines}), então a compra foi desfeita e nada foi vendido. Tente de novo com a mesma busca.',
    en: 'The airlines did not confirm in time ({airlines}), so the purchase was undone and nothing was sold. Try again with the same search.',
  },
  PURCHASE_OUTCOME_UNKNOWN: {
    'pt-BR':
      'Esta compra foi iniciada na companhia {airlines}, que não respondeu agora, então o resultado ainda não é conhecido. Tente de novo com a mesma chave em alguns minutos: ela nunca compra duas vezes. Não use uma chave nova.',
    en: 'This purchase was started on airline {airlines}, which did not answer now, so its outcome is not known yet. Try again with the same key in a few minutes: it never buys twice. Do not use a new key.',
  },
  CANCELLATION_OUTCOME_UNKNOWN: {
    'pt-BR':
      'A companhia {airlines}, que vendeu esta reserva, recebeu o pedido de cancelamento, mas a resposta dela não chegou, então não se sabe se a reserva foi cancelada. Consulte a reserva em alguns minutos. Pedir o cancelamento de novo é seguro.',
    en: 'Airline {airlines}, which sold this booking, received the cancellation request, but its answer did not arrive, so it is not known whether the booking was cancelled. Check the booking in a few minutes. Asking for the cancellation again is safe.',
  },
  IDEMPOTENCY_KEY_REUSED: {
    'pt-BR':
      'A chave de compra {idempotencyKey} já foi usada para outra compra. Gere uma chave nova para cada compra.',
    en: 'Purchase key {idempotencyKey} was already used for a different purchase. Generate a new key for each purchase.',
  },
  BOOKING_NOT_FOUND: {
    'pt-BR':
      'Reserva {locator} não encontrada entre as suas. Confira o código na lista de reservas.',
    en: 'Booking {locator} was not found among yours. Check the code in your list of bookings.',
  },
  BOOKING_NOT_CANCELLABLE: {
    'pt-BR': 'A reserva {locator} não pode ser cancelada: {reason}.',
    en: 'Booking {locator} cannot be cancelled: {reason}.',
  },
  ACCOUNT_DIRECTORY_UNREACHABLE: {
    'pt-BR':
      'A conta deste e-mail é mantida pela companhia {airline}, que não responde agora. Tente de novo em alguns minutos.',
    en: 'The account for this email is kept by airline {airline}, which is not answering now. Try again in a few minutes.',
  },
  STORAGE_UNAVAILABLE: {
    'pt-BR':
      'O banco de dados da companhia está indisponível no momento. Tente de novo em instantes.',
    en: "The airline's database is unavailable right now. Try again shortly.",
  },
  INTERNAL_ERROR: {
    'pt-BR':
      'Erro interno no nó da companhia. Tente de novo; se persistir, avise a companhia (ref. {ref}).',
    en: "Internal error on the airline's node. Try again; if it persists, tell the airline (ref. {ref}).",
  },
};

/** Passenger-facing text of one field problem, keyed by class-validator constraint name. */
export const FIELD_TEXT: Readonly<Record<string, Text>> = {
  isEmail: {
    'pt-BR': 'deve ser um e-mail válido, como nome@exemplo.com.br',
    en: 'must be a valid email, such as name@example.com',
  },
  isNotEmpty: { 'pt-BR': 'não pode ficar vazio', en: 'must not be empty' },
  isString: { 'pt-BR': 'deve ser um texto', en: 'must be text' },
  isBoolean: { 'pt-BR': 'deve ser true ou false', en: 'must be true or false' },
  isIn: { 'pt-BR': 'deve ser um destes valores: {values}', en: 'must be one of: {values}' },
  maxLength: {
    'pt-BR': 'deve ter no máximo {max} caracteres',
    en: 'must have at most {max} characters',
  },
  min: {
    'pt-BR': 'deve ser um número de {min} a {max}',
    en: 'must be a number from {min} to {max}',
  },
  max: {
    'pt-BR': 'deve ser um número de {min} a {max}',
    en: 'must be a number from {min} to {max}',
  },
  isInt: { 'pt-BR': 'deve ser um número inteiro', en: 'must be a whole number' },
  isLength: {
    'pt-BR': 'deve ter entre {min} e {max} caracteres',
    en: 'must have between {min} and {max} characters',
  },
  letter: { 'pt-BR': 'deve ter pelo menos uma letra', en: 'must contain at least one letter' },
  digit: { 'pt-BR': 'deve ter pelo menos um número', en: 'must contain at least one digit' },
  token: {
    'pt-BR': 'não é um token de sessão válido; entre de novo para obter outro',
    en: 'is not a valid session token; log in again to get one',
  },
  date: {
    'pt-BR': 'deve ser uma data no formato AAAA-MM-DD, como 2026-12-24',
    en: 'must be a date as YYYY-MM-DD, such as 2026-12-24',
  },
  calendarDate: { 'pt-BR': 'não é uma data do calendário', en: 'is not a calendar date' },
  iata: {
    'pt-BR': 'deve ser um código IATA de 3 letras, como GRU',
    en: 'must be a 3-letter IATA code, such as GRU',
  },
  idempotencyKey: {
    'pt-BR': 'deve ter só letras, dígitos, "-" e "_"; gere uma chave aleatória por compra',
    en: 'must contain only letters, digits, "-" and "_"; generate one random key per purchase',
  },
  passengerName: {
    'pt-BR': 'deve ser um nome como no documento, só com letras, espaços, apóstrofo, ponto e hífen',
    en: 'must be a name as on the document: letters, spaces, apostrophe, dot and hyphen only',
  },
  locator: {
    'pt-BR': 'deve ser um código de reserva de 6 caracteres, como K7QW2M',
    en: 'must be a 6-character booking code, such as K7QW2M',
  },
  isArray: { 'pt-BR': 'deve ser uma lista', en: 'must be a list' },
  arrayMinSize: {
    'pt-BR': 'deve ter de {min} a {max} itens',
    en: 'must have from {min} to {max} items',
  },
  arrayMaxSize: {
    'pt-BR': 'deve ter de {min} a {max} itens',
    en: 'must have from {min} to {max} items',
  },
  whitelistValidation: {
    'pt-BR': 'não é um campo aceito nesta operação; remova-o',
    en: 'is not a field of this operation; remove it',
  },
  notObject: {
    'pt-BR': 'o corpo do pedido deve ser um objeto JSON',
    en: 'the request data must be a JSON object',
  },
  unknown: { 'pt-BR': 'tem um valor inválido', en: 'has an invalid value' },
};

/** Replaces `{name}` placeholders in `template` with `values`. */
export function fillTemplate(
  template: string,
  values: Readonly<Record<string, string | number>>,
): string {
  return template.replace(/\{(\w+)\}/g, (match, name: string) =>
    name in values ? String(values[name]) : match,
  );
}
