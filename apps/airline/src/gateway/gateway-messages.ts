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
    'pt-BR': 'Sessão inválida ou expirada. Entre de novo.',
    en: 'Session invalid or expired. Log in again.',
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
