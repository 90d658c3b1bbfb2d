import type { Language } from '@interline/contracts';

/**
 * Passenger-facing texts of purchases and bookings, in Brazilian Portuguese and English. The
 * catalogue in i18n.ts includes them. `{name}` marks a parameter, the same in both languages.
 */
export const BOOKING_MESSAGES = {
  'menu.bookings': { 'pt-BR': 'Minhas reservas', en: 'My bookings' },

  'session.logInAgain': {
    'pt-BR': 'Entre de novo para continuar (opção {option}).',
    en: 'Log in again to continue (option {option}).',
  },

  'purchase.logInToBuy': {
    'pt-BR':
      'Para comprar um destes itinerários, entre na sua conta (opção {option}) e busque de novo.',
    en: 'To buy one of these itineraries, log in (option {option}) and search again.',
  },
  'purchase.noneForSale': {
    'pt-BR': 'Nenhum destes itinerários está à venda agora.',
    en: 'None of these itineraries is for sale now.',
  },
  'purchase.pickPrompt': {
    'pt-BR': 'Número do itinerário para comprar (Enter para voltar ao menu): ',
    en: 'Itinerary number to buy (Enter to go back to the menu): ',
  },
  'purchase.pickField': { 'pt-BR': 'itinerário', en: 'itinerary' },
  'purchase.notSellableOne': {
    'pt-BR':
      'O itinerário {number} não está à venda agora: os assentos de cada voo ficam no nó da companhia dele, e o nó da companhia {airlines} não responde. Escolha outro itinerário ou busque de novo mais tarde.',
    en: "Itinerary {number} is not for sale now: each flight's seats are kept on its airline's node, and the node of {airlines} is not answering. Choose another itinerary, or search again later.",
  },
  'purchase.notSellableMany': {
    'pt-BR':
      'O itinerário {number} não está à venda agora: os assentos de cada voo ficam no nó da companhia dele, e os nós das companhias {airlines} não respondem. Escolha outro itinerário ou busque de novo mais tarde.',
    en: "Itinerary {number} is not for sale now: each flight's seats are kept on its airline's node, and the nodes of {airlines} are not answering. Choose another itinerary, or search again later.",
  },
  'purchase.notSellable': {
    'pt-BR':
      'O itinerário {number} não está à venda agora. Escolha outro itinerário ou busque de novo mais tarde.',
    en: 'Itinerary {number} is not for sale now. Choose another itinerary, or search again later.',
  },
  'purchase.passengerPrompt': {
    'pt-BR': 'Nome do passageiro {number} de {count}, como no documento: ',
    en: 'Name of passenger {number} of {count}, as on the travel document: ',
  },
  'purchase.passengerPromptDefault': {
    'pt-BR': 'Nome do passageiro {number} de {count}, como no documento (Enter para {name}): ',
    en: 'Name of passenger {number} of {count}, as on the travel document (Enter for {name}): ',
  },
  'purchase.passengerField': { 'pt-BR': 'passageiro {number}', en: 'passenger {number}' },
  'purchase.reviewHeading': {
    'pt-BR': 'Confira a compra antes de confirmar',
    en: 'Review the purchase before confirming',
  },
  'purchase.passengersHeading': { 'pt-BR': 'Passageiros:', en: 'Passengers:' },
  'purchase.farePerPassenger': {
    'pt-BR': 'Tarifa por passageiro: {fare}',
    en: 'Fare per passenger: {fare}',
  },
  'purchase.passengerCount': {
    'pt-BR': 'Número de passageiros: {count}',
    en: 'Number of passengers: {count}',
  },
  'purchase.total': { 'pt-BR': 'Total: {total}', en: 'Total: {total}' },
  'purchase.confirm': {
    'pt-BR': 'Confirmar a compra? [s/N] ',
    en: 'Confirm the purchase? [y/N] ',
  },
  'purchase.declined': {
    'pt-BR': 'Compra não confirmada. Nada foi vendido.',
    en: 'Purchase not confirmed. Nothing was sold.',
  },
  'purchase.noReply': {
    'pt-BR': 'A resposta da compra não chegou, então não dá para saber se ela foi feita.',
    en: 'The reply to the purchase did not arrive, so it is unknown whether the purchase went through.',
  },
  'purchase.retryPrompt': {
    'pt-BR':
      'Tentar de novo com a mesma chave? Repetir não compra duas vezes: se a primeira tentativa deu certo, o nó devolve a mesma reserva. [S/n] ',
    en: 'Retry with the same key? Retrying cannot buy twice: if the first attempt went through, the node returns the same booking. [Y/n] ',
  },
  'purchase.notRetried': {
    'pt-BR':
      'Compra não repetida. Ela pode ter sido feita: confira em Minhas reservas (opção {option}) antes de comprar de novo.',
    en: 'Purchase not retried. It may have gone through: check My bookings (option {option}) before buying again.',
  },
  'purchase.attemptsExceeded': {
    'pt-BR':
      'A compra ficou sem resposta em {count} tentativas com a mesma chave. Ela pode ter sido feita: confira em Minhas reservas (opção {option}) antes de comprar de novo.',
    en: 'The purchase got no reply in {count} attempts with the same key. It may have gone through: check My bookings (option {option}) before buying again.',
  },
  'purchase.done': { 'pt-BR': 'Compra confirmada.', en: 'Purchase confirmed.' },
  'purchase.replayed': {
    'pt-BR':
      'Esta compra já tinha sido feita com esta chave, e esta é a reserva dela. Nada foi vendido de novo.',
    en: 'This purchase had already been made with this key, and this is its booking. Nothing was sold again.',
  },
  'purchase.key': {
    'pt-BR': 'Chave da compra: {key}',
    en: 'Purchase key: {key}',
  },

  'booking.locator': { 'pt-BR': 'Localizador: {locator}', en: 'Booking reference: {locator}' },
  'booking.status': { 'pt-BR': 'Situação: {status}', en: 'Status: {status}' },
  'booking.soldBy': { 'pt-BR': 'Vendida por: {airline}', en: 'Sold by: {airline}' },
  'booking.passengers': { 'pt-BR': 'Passageiros: {names}', en: 'Passengers: {names}' },
  'booking.statusConfirmed': { 'pt-BR': 'confirmada', en: 'confirmed' },
  'booking.statusCancelling': {
    'pt-BR': 'cancelamento em andamento',
    en: 'cancellation in progress',
  },
  'booking.statusCancelled': { 'pt-BR': 'cancelada', en: 'cancelled' },
  'booking.coupon': {
    'pt-BR': 'bilhete {ticketNumber} · {passenger}',
    en: 'ticket {ticketNumber} · {passenger}',
  },
  'booking.couponVoid': {
    'pt-BR': 'bilhete {ticketNumber} · {passenger} (anulado)',
    en: 'ticket {ticketNumber} · {passenger} (void)',
  },
  'booking.total': { 'pt-BR': 'Total: {total}, {passengers}', en: 'Total: {total}, {passengers}' },
  'booking.dates': {
    'pt-BR': 'Criada em {createdAt}. Atualizada em {updatedAt}.',
    en: 'Created on {createdAt}. Updated on {updatedAt}.',
  },
  'booking.timesNote': {
    'pt-BR': 'Datas e horários dos voos no fuso de cada aeroporto.',
    en: 'Flight dates and times are local to each airport.',
  },

  'bookings.none': { 'pt-BR': 'Nenhuma reserva encontrada.', en: 'No bookings found.' },
  'bookings.column.number': { 'pt-BR': 'Nº', en: 'No.' },
  'bookings.column.locator': { 'pt-BR': 'Localizador', en: 'Reference' },
  'bookings.column.status': { 'pt-BR': 'Situação', en: 'Status' },
  'bookings.column.route': { 'pt-BR': 'Rota', en: 'Route' },
  'bookings.column.departure': { 'pt-BR': 'Primeira partida', en: 'First departure' },
  'bookings.column.passengers': { 'pt-BR': 'Passageiros', en: 'Passengers' },
  'bookings.column.total': { 'pt-BR': 'Total', en: 'Total' },
  'bookings.column.soldBy': { 'pt-BR': 'Vendida por', en: 'Sold by' },
  'bookings.countOne': { 'pt-BR': '{count} reserva', en: '{count} booking' },
  'bookings.countMany': { 'pt-BR': '{count} reservas', en: '{count} bookings' },
  'bookings.unreachableOne': {
    'pt-BR':
      'Sem resposta da companhia {airlines}: reservas vendidas por ela podem faltar nesta lista.',
    en: 'No answer from {airlines}: bookings it sold may be missing from this list.',
  },
  'bookings.unreachableMany': {
    'pt-BR':
      'Sem resposta das companhias {airlines}: reservas vendidas por elas podem faltar nesta lista.',
    en: 'No answer from {airlines}: bookings they sold may be missing from this list.',
  },
  'bookings.pickPrompt': {
    'pt-BR': 'Número ou localizador da reserva para ver os detalhes (Enter para voltar ao menu): ',
    en: 'Booking number or reference to see its details (Enter to go back to the menu): ',
  },
  'bookings.pickInvalid': {
    'pt-BR':
      "Valor inválido para reserva: '{value}'. Digite um número de 1 a {last} ou um localizador de 6 caracteres, como K7QW2M.",
    en: "Invalid value for booking: '{value}'. Enter a number from 1 to {last}, or a 6-character booking reference such as K7QW2M.",
  },
  'bookings.actionPrompt': {
    'pt-BR': 'Digite c para cancelar esta reserva, ou Enter para voltar ao menu: ',
    en: 'Type c to cancel this booking, or press Enter to go back to the menu: ',
  },

  'cancel.previewHeading': {
    'pt-BR':
      'Cancelar a reserva {locator} anula estes bilhetes e devolve os assentos às companhias:',
    en: 'Cancelling booking {locator} voids these tickets and returns the seats to the airlines:',
  },
  'cancel.confirm': {
    'pt-BR': 'Confirmar o cancelamento da reserva {locator}? [s/N] ',
    en: 'Confirm the cancellation of booking {locator}? [y/N] ',
  },
  'cancel.declined': {
    'pt-BR': 'Cancelamento não confirmado. A reserva continua como estava.',
    en: 'Cancellation not confirmed. The booking is unchanged.',
  },
  'cancel.done': {
    'pt-BR': 'Reserva {locator} cancelada. Os bilhetes foram anulados e os assentos, devolvidos.',
    en: 'Booking {locator} cancelled. Its tickets are void and the seats returned.',
  },
  'cancel.alreadyCancelled': {
    'pt-BR': 'A reserva {locator} já estava cancelada antes deste pedido, então nada mudou.',
    en: 'Booking {locator} was already cancelled before this request, so nothing changed.',
  },
  'cancel.inProgress': {
    'pt-BR':
      'O cancelamento da reserva {locator} foi pedido e ainda está sendo combinado com as companhias. Os assentos continuam vendidos até ele terminar. Consulte a reserva de novo em alguns minutos.',
    en: 'The cancellation of booking {locator} was requested and is still being agreed with the airlines. The seats stay sold until it ends. Check the booking again in a few minutes.',
  },
  'cancel.notApplied': {
    'pt-BR':
      'A reserva {locator} continua confirmada: o cancelamento não foi aplicado. Consulte a reserva de novo em alguns minutos.',
    en: 'Booking {locator} is still confirmed: the cancellation was not applied. Check the booking again in a few minutes.',
  },

  'hint.someFlight': { 'pt-BR': 'um dos voos', en: 'one of the flights' },
  'hint.someAirline': { 'pt-BR': 'uma das companhias', en: 'one of the airlines' },
  'hint.sessionInvalid': {
    'pt-BR': 'Se você entrou em outro nó, informe o endereço dele em --node.',
    en: 'If you logged in on another node, pass its address in --node.',
  },
  'hint.sessionInvalidOnNode': {
    'pt-BR':
      'Este pedido foi para o nó {node}. Se você entrou em outro nó, informe o endereço dele em --node.',
    en: 'This request went to node {node}. If you logged in on another node, pass its address in --node.',
  },
  'hint.flightNotFound': {
    'pt-BR': 'Nada foi vendido. Os horários de {flights} podem ter mudado desde a busca.',
    en: 'Nothing was sold. The timetable of {flights} may have changed since the search.',
  },
  'hint.flightNotSellable': {
    'pt-BR': 'Nada foi vendido. Na nova busca, escolha um itinerário sem {flights}.',
    en: 'Nothing was sold. In the new search, pick an itinerary without {flights}.',
  },
  'hint.itineraryInvalidCommand': {
    'pt-BR':
      'Nada foi vendido. O comando search mostra, em cada itinerário à venda, os ids para --flights na ordem certa.',
    en: 'Nothing was sold. The search command shows, under each itinerary for sale, the ids for --flights in the right order.',
  },
  'hint.itineraryInvalidMenu': {
    'pt-BR': 'Nada foi vendido. Faça uma nova busca antes de escolher de novo.',
    en: 'Nothing was sold. Run a new search before you pick again.',
  },
  'hint.soldOut': {
    'pt-BR': 'Na nova busca, escolha um itinerário sem {flights} ou compre para menos passageiros.',
    en: 'In the new search, pick an itinerary without {flights}, or buy for fewer passengers.',
  },
  'hint.airlineUnreachable': {
    'pt-BR': 'Outro itinerário só pode ser vendido agora se não tiver voos de {airlines}.',
    en: 'Another itinerary can be sold now only if it has no flights of {airlines}.',
  },
  'hint.showAirlineUnreachable': {
    'pt-BR':
      'A reserva não foi encontrada nas companhias que responderam. Ela pode ter sido vendida por {airlines}.',
    en: 'The booking was not found at the airlines that answered. It may have been sold by {airlines}.',
  },
  'hint.cancelAirlineUnreachable': {
    'pt-BR':
      'Os bilhetes são cancelados pela companhia que vendeu a reserva. O cancelamento não foi confirmado, e pedir de novo é seguro.',
    en: 'The tickets are cancelled by the airline that sold the booking. The cancellation was not confirmed, and asking again is safe.',
  },
  'hint.cancelTimedOut': {
    'pt-BR':
      'O cancelamento não foi confirmado a tempo por {airlines}, então não dá para saber se ele foi feito. Consulte a reserva em alguns minutos. Pedir o cancelamento de novo é seguro: se a reserva já estiver cancelada, o nó só informa isso.',
    en: 'The cancellation was not confirmed in time by {airlines}, so it is unknown whether it went through. Check the booking in a few minutes. Asking for the cancellation again is safe: if the booking is already cancelled, the node only reports that.',
  },
  'hint.cancelOutcomeUnknown': {
    'pt-BR':
      'Se a reserva já estiver cancelada, um novo pedido só informa isso; nada é cobrado duas vezes.',
    en: 'If the booking is already cancelled, a new request only reports that; nothing is charged twice.',
  },
  'hint.purchaseTimedOut': {
    'pt-BR':
      'Isso acontece quando outras compras ocupam os mesmos assentos ou quando uma companhia demora a responder.',
    en: 'This happens when other purchases hold the same seats, or when an airline is slow to answer.',
  },
  'hint.retryWithNewKey': {
    'pt-BR':
      'A nova tentativa precisa de uma chave nova, porque a mesma chave devolveria esta recusa de novo: rode o comando sem --key.',
    en: 'The new attempt needs a new key, because the same key would return this refusal again: run the command without --key.',
  },
  'hint.idempotencyKeyReusedCommand': {
    'pt-BR': 'Nada foi vendido agora. Rode o comando sem --key: o console gera uma chave nova.',
    en: 'Nothing was sold now. Run the command without --key: the console generates a new key.',
  },
  'hint.idempotencyKeyReusedMenu': {
    'pt-BR':
      'Nada foi vendido agora. Escolha o itinerário de novo: o console gera uma chave nova para cada compra confirmada.',
    en: 'Nothing was sold now. Pick the itinerary again: the console generates a new key for each confirmed purchase.',
  },
  'hint.bookingNotFound': {
    'pt-BR': 'Para ver os localizadores das suas reservas, rode {command}.',
    en: 'To see the references of your bookings, run {command}.',
  },
  'hint.cancelBookingNotFound': {
    'pt-BR': 'Nada foi alterado. Para ver os localizadores das suas reservas, rode {command}.',
    en: 'Nothing was changed. To see the references of your bookings, run {command}.',
  },
  'hint.nothingChanged': {
    'pt-BR': 'Nada foi alterado.',
    en: 'Nothing was changed.',
  },
  'hint.nothingSold': {
    'pt-BR': 'Nada foi vendido.',
    en: 'Nothing was sold.',
  },
  'hint.bookingNotCancellable': {
    'pt-BR': 'Nada foi alterado: a reserva e os bilhetes continuam como estavam.',
    en: 'Nothing was changed: the booking and its tickets are as they were.',
  },
  'hint.accountDirectoryUnreachable': {
    'pt-BR': 'Nenhuma conta foi criada e nenhuma sessão foi aberta.',
    en: 'No account was created and no session was opened.',
  },
  'hint.purchaseNoReply': {
    'pt-BR':
      'A resposta da compra não chegou, então ela pode ter sido feita ou não. Repita o mesmo comando com --key {key}, neste ou em outro nó: a mesma chave nunca compra duas vezes e, se a compra já foi feita, devolve a mesma reserva.',
    en: 'The reply to the purchase did not arrive, so it may or may not have gone through. Run the same command again with --key {key}, on this or another node: the same key never buys twice, and if the purchase went through it returns the same booking.',
  },
  'hint.purchaseNoReplyOnNode': {
    'pt-BR':
      'A resposta da compra não chegou, então ela pode ter sido feita ou não. Repita o mesmo comando com --key {key}, no nó {node} ou em outro: a mesma chave nunca compra duas vezes e, se a compra já foi feita, devolve a mesma reserva.',
    en: 'The reply to the purchase did not arrive, so it may or may not have gone through. Run the same command again with --key {key}, on node {node} or another one: the same key never buys twice, and if the purchase went through it returns the same booking.',
  },
  'hint.cancelNoReply': {
    'pt-BR':
      'A resposta do cancelamento não chegou, então ele pode ter sido feito ou não. Pedir de novo é seguro: se a reserva já estiver cancelada, o nó só informa isso.',
    en: 'The reply to the cancellation did not arrive, so it may or may not have gone through. Asking again is safe: if the booking is already cancelled, the node only reports that.',
  },

  'usage.passengerNameInvalid': {
    'pt-BR':
      "Nome inválido para {option}: '{value}'. Use de {min} a {max} caracteres, começando por uma letra, só com letras, espaços, apóstrofo ('), ponto e hífen.",
    en: "Invalid name for {option}: '{value}'. Use {min} to {max} characters, starting with a letter, with letters, spaces, apostrophes ('), dots and hyphens only.",
  },
  'usage.passengerCount': {
    'pt-BR':
      'Informe de {min} a {max} passageiros com --passenger, um nome por opção. O comando recebeu {count}.',
    en: 'Pass {min} to {max} passengers with --passenger, one name per option. The command got {count}.',
  },
  'usage.flightIdsInvalid': {
    'pt-BR':
      "Valor inválido para --flights: '{value}'. Use de 1 a {max} ids de voo separados por vírgula, sem espaços e na ordem da viagem, como o comando search os mostra.",
    en: "Invalid value for --flights: '{value}'. Expected 1 to {max} flight ids separated by commas, without spaces and in travel order, as the search command shows them.",
  },
  'usage.idempotencyKeyInvalid': {
    'pt-BR':
      "Valor inválido para --key: '{value}'. Use de {min} a {max} caracteres entre letras, dígitos, - e _. Sem --key, o console gera uma chave.",
    en: "Invalid value for --key: '{value}'. Expected {min} to {max} characters from letters, digits, - and _. Without --key, the console generates a key.",
  },
  'usage.locatorInvalid': {
    'pt-BR':
      "Localizador inválido: '{value}'. Use os {length} caracteres do código da reserva, como K7QW2M.",
    en: "Invalid booking reference: '{value}'. Expected the {length} characters of the booking code, such as K7QW2M.",
  },
  'usage.cancelNeedsYes': {
    'pt-BR':
      'Cancelar a reserva {locator} anula todos os bilhetes dela. Para confirmar, repita o comando com --yes: {command}',
    en: 'Cancelling booking {locator} voids all its tickets. To confirm, run the command again with --yes: {command}',
  },
  'usage.argumentMissing': {
    'pt-BR': 'Falta o argumento obrigatório {name}.',
    en: 'Missing required argument {name}.',
  },
  'usage.tooManyArguments': {
    'pt-BR': "Argumentos demais para o comando '{name}': ele aceita {expected}.",
    en: "Too many arguments for the '{name}' command: it takes {expected}.",
  },

  'itineraries.flightIdsForBuy': {
    'pt-BR': 'voos para {command}: {ids}',
    en: 'flights for {command}: {ids}',
  },

  'placeholder.flightIds': { 'pt-BR': 'id,id,...', en: 'id,id,...' },
  'placeholder.key': { 'pt-BR': 'chave', en: 'key' },
  'placeholder.locator': { 'pt-BR': 'localizador', en: 'reference' },

  'help.buy': {
    'pt-BR': 'compra um itinerário: um assento por passageiro em cada voo',
    en: 'buy an itinerary: one seat per passenger on each flight',
  },
  'help.flightIdsOption': {
    'pt-BR':
      'ids dos voos do itinerário, separados por vírgula e na ordem da viagem, como o comando search os mostra',
    en: 'flight ids of the itinerary, separated by commas and in travel order, as the search command shows them',
  },
  'help.passengerOption': {
    'pt-BR':
      'nome de um passageiro, como no documento; repita a opção para cada passageiro, de {min} a {max}',
    en: 'name of one passenger, as on the travel document; repeat the option for each passenger, {min} to {max}',
  },
  'help.keyOption': {
    'pt-BR':
      'chave de idempotência, de {min} a {max} caracteres; repetir a compra com a mesma chave, em qualquer nó, não compra duas vezes (padrão: uma chave nova)',
    en: 'idempotency key, {min} to {max} characters; retrying the purchase with the same key, on any node, cannot buy twice (default: a new key)',
  },
  'help.buyExample': {
    'pt-BR':
      'Exemplo (o token vem do login):\n  export INTERLINE_TOKEN=<token>\n  npm run console -- buy --flights <id>,<id> --passenger "Maria Souza" --passenger "João Souza"\n\nCódigo de saída 3 quer dizer que a resposta não chegou e a compra pode ter sido feita ou não. Repita o comando com a --key que ele exibiu, em qualquer nó: a mesma chave não compra duas vezes.',
    en: 'Example (the token comes from login):\n  export INTERLINE_TOKEN=<token>\n  npm run console -- buy --flights <id>,<id> --passenger "Maria Souza" --passenger "João Souza"\n\nExit code 3 means that no reply arrived and the purchase may or may not have gone through. Run the command again with the --key it printed, on any node: the same key cannot buy twice.',
  },
  'help.bookings': { 'pt-BR': 'lista as suas reservas', en: 'list your bookings' },
  'help.bookingsExample': {
    'pt-BR': 'Exemplo:\n  INTERLINE_TOKEN=<token> npm run console -- bookings',
    en: 'Example:\n  INTERLINE_TOKEN=<token> npm run console -- bookings',
  },
  'help.booking': {
    'pt-BR': 'mostra uma reserva com os bilhetes de cada passageiro',
    en: "show a booking with each passenger's tickets",
  },
  'help.locatorArgument': {
    'pt-BR': 'localizador da reserva, 6 caracteres como K7QW2M',
    en: 'booking reference, 6 characters such as K7QW2M',
  },
  'help.bookingExample': {
    'pt-BR': 'Exemplo:\n  INTERLINE_TOKEN=<token> npm run console -- booking K7QW2M',
    en: 'Example:\n  INTERLINE_TOKEN=<token> npm run console -- booking K7QW2M',
  },
  'help.cancel': {
    'pt-BR': 'cancela uma reserva e anula os bilhetes dela',
    en: 'cancel a booking and void its tickets',
  },
  'help.yesOption': {
    'pt-BR': 'confirma o cancelamento; sem esta opção, o comando não cancela nada',
    en: 'confirm the cancellation; without this option the command cancels nothing',
  },
  'help.cancelExample': {
    'pt-BR': 'Exemplo:\n  INTERLINE_TOKEN=<token> npm run console -- cancel K7QW2M --yes',
    en: 'Example:\n  INTERLINE_TOKEN=<token> npm run console -- cancel K7QW2M --yes',
  },
} as const satisfies Record<string, Record<Language, string>>;
