import type { Language } from '@interline/contracts';

import { BOOKING_MESSAGES } from './i18n-bookings';

/**
 * Every passenger-facing text of the console, in Brazilian Portuguese and English.
 * `{name}` marks a parameter that `translate` fills in. Both languages use the same parameters.
 */
const CATALOGUE = {
  'account.summary': {
    'pt-BR': '{name} <{email}>, conta da {airline}',
    en: '{name} <{email}>, {airline} account',
  },

  'register.done': { 'pt-BR': 'Conta criada.', en: 'Account created.' },
  'register.accountId': { 'pt-BR': 'Identificador da conta: {id}', en: 'Account ID: {id}' },
  'register.logInNow': {
    'pt-BR': 'Entrar agora com esta conta? [S/n] ',
    en: 'Log in with this account now? [Y/n] ',
  },
  'register.passwordLength': {
    'pt-BR': 'A senha deve ter de {min} a {max} caracteres.',
    en: 'The password must be {min} to {max} characters long.',
  },
  'register.passwordCharacters': {
    'pt-BR': 'A senha deve ter pelo menos uma letra e um dígito.',
    en: 'The password must contain at least one letter and one digit.',
  },
  'register.passwordMismatch': {
    'pt-BR': 'As senhas não conferem. Digite de novo.',
    en: 'The passwords do not match. Type them again.',
  },
  'register.passwordAttemptsExceeded': {
    'pt-BR':
      'Operação cancelada depois de {count} senhas recusadas. A senha deve ter de {min} a {max} caracteres, com pelo menos uma letra e um dígito, e a confirmação deve ser igual a ela.',
    en: 'Cancelled after {count} rejected passwords. The password must be {min} to {max} characters long, contain at least one letter and one digit, and match its confirmation.',
  },

  'login.done': {
    'pt-BR': 'Olá, {name}! Sessão iniciada.',
    en: 'Hello, {name}. You are logged in.',
  },
  'login.expires': {
    'pt-BR': 'A sessão vale até {expiresAt}.',
    en: 'The session is valid until {expiresAt}.',
  },
  'login.tokenLabel': { 'pt-BR': 'Token de sessão:', en: 'Session token:' },
  'login.tokenHowTo': {
    'pt-BR': 'Para usar o token nos próximos comandos, guarde-o na variável INTERLINE_TOKEN:',
    en: 'To use the token in later commands, store it in the INTERLINE_TOKEN variable:',
  },
  'login.nodeOnly': {
    'pt-BR':
      'A sessão só vale no nó {node}, então os comandos que usam o token precisam de --node {node}.',
    en: 'The session works only on node {node}, so the commands that use the token need --node {node}.',
  },

  'logout.done': { 'pt-BR': 'Sessão encerrada.', en: 'Logged out.' },
  'logout.noSession': {
    'pt-BR': 'Nenhuma sessão ativa. Entre primeiro (opção 2).',
    en: 'No active session. Log in first (option 2).',
  },

  'airports.column.iata': { 'pt-BR': 'IATA', en: 'IATA' },
  'airports.column.name': { 'pt-BR': 'Aeroporto', en: 'Airport' },
  'airports.column.city': { 'pt-BR': 'Cidade', en: 'City' },
  'airports.column.state': { 'pt-BR': 'UF', en: 'State' },
  'airports.column.timeZone': { 'pt-BR': 'Fuso horário', en: 'Time zone' },
  'airports.column.served': { 'pt-BR': 'Atendido', en: 'Served' },
  'airports.servedYes': { 'pt-BR': 'sim', en: 'yes' },
  'airports.servedNo': { 'pt-BR': 'não', en: 'no' },
  'airports.none': { 'pt-BR': 'Nenhum aeroporto encontrado.', en: 'No airports found.' },
  'airports.countOne': { 'pt-BR': '{count} aeroporto', en: '{count} airport' },
  'airports.countMany': { 'pt-BR': '{count} aeroportos', en: '{count} airports' },

  'flights.heading': { 'pt-BR': 'Voos da {airline} em {date}', en: '{airline} flights on {date}' },
  'flights.none': {
    'pt-BR': 'Nenhum voo encontrado para esta data e trecho.',
    en: 'No flights found for this date and route.',
  },
  'flights.soldOut': { 'pt-BR': 'esgotado', en: 'sold out' },
  'flights.departed': { 'pt-BR': 'partiu', en: 'departed' },
  'flights.timesNote': {
    'pt-BR': 'Horários no fuso de cada aeroporto. +1 indica chegada no dia seguinte.',
    en: 'Times are local to each airport. +1 means arrival on the next day.',
  },
  'flights.column.flight': { 'pt-BR': 'Voo', en: 'Flight' },
  'flights.column.airline': { 'pt-BR': 'Companhia', en: 'Airline' },
  'flights.column.origin': { 'pt-BR': 'De', en: 'From' },
  'flights.column.departure': { 'pt-BR': 'Partida', en: 'Departs' },
  'flights.column.destination': { 'pt-BR': 'Para', en: 'To' },
  'flights.column.arrival': { 'pt-BR': 'Chegada', en: 'Arrives' },
  'flights.column.duration': { 'pt-BR': 'Duração', en: 'Duration' },
  'flights.column.seats': { 'pt-BR': 'Assentos', en: 'Seats' },
  'flights.column.fare': { 'pt-BR': 'Tarifa', en: 'Fare' },

  'itineraries.headingOne': {
    'pt-BR': '{count} itinerário de {origin} para {destination} em {date}, {passengers}',
    en: '{count} itinerary from {origin} to {destination} on {date}, {passengers}',
  },
  'itineraries.headingMany': {
    'pt-BR': '{count} itinerários de {origin} para {destination} em {date}, {passengers}',
    en: '{count} itineraries from {origin} to {destination} on {date}, {passengers}',
  },
  'itineraries.none': {
    'pt-BR': 'Nenhum itinerário de {origin} para {destination} em {date}, {passengers}.',
    en: 'No itineraries from {origin} to {destination} on {date}, {passengers}.',
  },
  'itineraries.tryAnotherDate': {
    'pt-BR': 'Tente outra data.',
    en: 'Try another date.',
  },
  'itineraries.beyondTimetable': {
    'pt-BR': 'Os horários publicados vão até {date}. Escolha uma data até lá.',
    en: 'Published timetables run until {date}. Choose a date up to then.',
  },
  'itineraries.tryMoreLegs': {
    'pt-BR':
      'A busca aceitou no máximo {maxLegs} trechos. Tente outra data ou um valor maior em --max-legs (até {max}).',
    en: 'The search allowed at most {maxLegs} legs. Try another date or a higher --max-legs (up to {max}).',
  },
  'itineraries.tryMoreLegsOne': {
    'pt-BR':
      'A busca aceitou só voos diretos. Tente outra data ou um valor maior em --max-legs (até {max}).',
    en: 'The search allowed nonstop flights only. Try another date or a higher --max-legs (up to {max}).',
  },
  'itineraries.passengersOne': { 'pt-BR': '{count} passageiro', en: '{count} passenger' },
  'itineraries.passengersMany': { 'pt-BR': '{count} passageiros', en: '{count} passengers' },
  'itineraries.nonstop': { 'pt-BR': 'direto', en: 'nonstop' },
  'itineraries.stopsOne': { 'pt-BR': '{count} conexão', en: '{count} stop' },
  'itineraries.stopsMany': { 'pt-BR': '{count} conexões', en: '{count} stops' },
  'itineraries.farePerPassenger': {
    'pt-BR': '{perPassenger} por passageiro',
    en: '{perPassenger} per passenger',
  },
  'itineraries.fareWithTotal': {
    'pt-BR': '{perPassenger} por passageiro, {total} no total',
    en: '{perPassenger} per passenger, {total} in total',
  },
  'itineraries.notForSale': { 'pt-BR': 'não vendável agora', en: 'not for sale now' },
  'itineraries.legUnavailable': { 'pt-BR': 'indisponível', en: 'unavailable' },
  'itineraries.layover': {
    'pt-BR': 'conexão em {airport}: {duration}',
    en: 'layover in {airport}: {duration}',
  },
  'itineraries.unreachableAirline': {
    'pt-BR':
      'Companhia inacessível agora: {airlines}. Os voos dela aparecem, mas não estão à venda.',
    en: 'Airline unreachable now: {airlines}. Its flights are listed but not for sale.',
  },
  'itineraries.unreachableAirlines': {
    'pt-BR':
      'Companhias inacessíveis agora: {airlines}. Os voos delas aparecem, mas não estão à venda.',
    en: 'Airlines unreachable now: {airlines}. Their flights are listed but not for sale.',
  },

  'menu.title': { 'pt-BR': 'Interline · nó {node}', en: 'Interline · node {node}' },
  'menu.sessionActive': { 'pt-BR': 'Sessão: {account}', en: 'Logged in: {account}' },
  'menu.sessionNone': { 'pt-BR': 'Nenhuma sessão iniciada.', en: 'Not logged in.' },
  'menu.register': { 'pt-BR': 'Criar conta', en: 'Register' },
  'menu.logIn': { 'pt-BR': 'Entrar', en: 'Log in' },
  'menu.airports': { 'pt-BR': 'Aeroportos', en: 'Airports' },
  'menu.flights': { 'pt-BR': 'Voos de uma data', en: 'Flights on a date' },
  'menu.search': { 'pt-BR': 'Buscar itinerários', en: 'Search itineraries' },
  'menu.logOut': { 'pt-BR': 'Sair da conta', en: 'Log out' },
  'menu.quit': { 'pt-BR': 'Encerrar o console', en: 'Quit' },
  'menu.prompt': { 'pt-BR': 'Escolha uma opção (1-{last}): ', en: 'Choose an option (1-{last}): ' },
  // The invalid answer is not repeated, because it may be a password typed one prompt too late.
  'menu.invalidChoice': {
    'pt-BR': 'Opção inválida. Digite um número de 1 a {last}.',
    en: 'Invalid choice. Enter a number from 1 to {last}.',
  },
  'menu.goodbye': { 'pt-BR': 'Até logo!', en: 'Goodbye.' },

  'prompt.blankCancels': {
    'pt-BR': 'Deixe um campo em branco para voltar ao menu.',
    en: 'Leave a field blank to go back to the menu.',
  },
  'prompt.cancelled': { 'pt-BR': 'Operação cancelada.', en: 'Cancelled.' },
  'prompt.attemptsExceeded': {
    'pt-BR': 'Operação cancelada depois de {count} respostas inválidas.',
    en: 'Cancelled after {count} invalid answers.',
  },
  'prompt.name': { 'pt-BR': 'Nome: ', en: 'Name: ' },
  'prompt.email': { 'pt-BR': 'E-mail: ', en: 'Email: ' },
  'prompt.emailField': { 'pt-BR': 'e-mail', en: 'email' },
  'prompt.password': { 'pt-BR': 'Senha: ', en: 'Password: ' },
  'prompt.newPassword': {
    'pt-BR': 'Senha ({min} a {max} caracteres, com letras e dígitos): ',
    en: 'Password ({min} to {max} characters, with letters and digits): ',
  },
  'prompt.confirmPassword': { 'pt-BR': 'Repita a senha: ', en: 'Repeat the password: ' },
  'prompt.airportQuery': {
    'pt-BR': 'Buscar por código, nome, cidade ou UF (Enter para todos): ',
    en: 'Search by code, name, city or state (Enter for all): ',
  },
  'prompt.servedOnly': {
    'pt-BR': 'Só os aeroportos onde a companhia deste nó opera? [s/N] ',
    en: "Only the airports this node's airline flies from or to? [y/N] ",
  },
  'prompt.date': {
    'pt-BR': 'Data da partida, AAAA-MM-DD (Enter para hoje, {today}): ',
    en: 'Departure date, YYYY-MM-DD (Enter for today, {today}): ',
  },
  'prompt.dateField': { 'pt-BR': 'data', en: 'date' },
  'prompt.origin': {
    'pt-BR': 'Origem, código IATA (Enter para qualquer uma): ',
    en: 'Origin IATA code (Enter for any): ',
  },
  'prompt.originField': { 'pt-BR': 'origem', en: 'origin' },
  'prompt.destination': {
    'pt-BR': 'Destino, código IATA (Enter para qualquer um): ',
    en: 'Destination IATA code (Enter for any): ',
  },
  'prompt.destinationField': { 'pt-BR': 'destino', en: 'destination' },
  'prompt.searchOrigin': { 'pt-BR': 'Origem, código IATA: ', en: 'Origin IATA code: ' },
  'prompt.searchDestination': {
    'pt-BR': 'Destino, código IATA: ',
    en: 'Destination IATA code: ',
  },
  'prompt.passengers': {
    'pt-BR': 'Passageiros, de {min} a {max} (Enter para {default}): ',
    en: 'Passengers, {min} to {max} (Enter for {default}): ',
  },
  'prompt.passengersField': { 'pt-BR': 'passageiros', en: 'passengers' },

  'usage.nodeInvalid': {
    'pt-BR':
      "Endereço de nó inválido em {source}: '{value}'. Use o formato host:porta, por exemplo 127.0.0.1:4321.",
    en: "Invalid node address in {source}: '{value}'. Expected host:port, for example 127.0.0.1:4321.",
  },
  'usage.langInvalid': {
    'pt-BR': "Idioma inválido em --lang: '{value}'. Use um destes: {expected}.",
    en: "Invalid language in --lang: '{value}'. Expected one of: {expected}.",
  },
  'usage.passwordMissing': {
    'pt-BR':
      'Falta a senha. Informe --password ou defina a variável INTERLINE_PASSWORD, que não fica no histórico do shell.',
    en: 'Missing password. Pass --password or set INTERLINE_PASSWORD, which keeps it out of the shell history.',
  },
  'usage.tokenMissing': {
    'pt-BR':
      'Falta o token de sessão. Informe --token ou defina a variável INTERLINE_TOKEN com o token que o login exibiu.',
    en: 'Missing session token. Pass --token or set INTERLINE_TOKEN to the token that login printed.',
  },
  'usage.dateInvalid': {
    'pt-BR':
      "Valor inválido para {option}: '{value}'. Use uma data real no formato AAAA-MM-DD, por exemplo 2026-03-12.",
    en: "Invalid value for {option}: '{value}'. Expected a real date as YYYY-MM-DD, for example 2026-03-12.",
  },
  'usage.emailInvalid': {
    'pt-BR':
      "Valor inválido para {option}: '{value}'. Use um endereço de e-mail completo, com o domínio inteiro, por exemplo maria@exemplo.com.br.",
    en: "Invalid value for {option}: '{value}'. Expected a complete email address, domain included, for example maria@example.com.",
  },
  'usage.iataInvalid': {
    'pt-BR':
      "Valor inválido para {option}: '{value}'. Use o código IATA do aeroporto, com três letras, por exemplo GRU.",
    en: "Invalid value for {option}: '{value}'. Expected a three-letter IATA airport code, for example GRU.",
  },
  'usage.countInvalid': {
    'pt-BR': "Valor inválido para {option}: '{value}'. Use um número inteiro de {min} a {max}.",
    en: "Invalid value for {option}: '{value}'. Expected a whole number from {min} to {max}.",
  },
  'usage.jsonInteractive': {
    'pt-BR':
      '--json não vale para o modo interativo. Use-o com um comando, como flights ou airports.',
    en: '--json cannot be used with interactive mode. Use it with a command such as flights or airports.',
  },
  'usage.unknownOption': {
    'pt-BR': "Opção desconhecida: '{option}'.",
    en: "Unknown option: '{option}'.",
  },
  'usage.unknownOptionSuggestion': {
    'pt-BR': "Opção desconhecida: '{option}'. Você quis dizer {suggestion}?",
    en: "Unknown option: '{option}'. Did you mean {suggestion}?",
  },
  'usage.unknownCommand': {
    'pt-BR': "Comando desconhecido: '{name}'.",
    en: "Unknown command: '{name}'.",
  },
  'usage.unknownCommandSuggestion': {
    'pt-BR': "Comando desconhecido: '{name}'. Você quis dizer {suggestion}?",
    en: "Unknown command: '{name}'. Did you mean {suggestion}?",
  },
  'usage.optionRequired': {
    'pt-BR': 'Falta a opção obrigatória {option}.',
    en: 'Missing required option {option}.',
  },
  'usage.optionValueMissing': {
    'pt-BR': 'Falta o valor da opção {option}.',
    en: 'Missing value for option {option}.',
  },
  'usage.excessArguments': {
    'pt-BR': "O comando '{name}' não aceita argumentos soltos. Passe os valores pelas opções dele.",
    en: "The '{name}' command takes no positional arguments. Pass values through its options.",
  },
  'usage.other': { 'pt-BR': 'Uso incorreto: {detail}', en: 'Invalid usage: {detail}' },
  'usage.seeHelp': {
    'pt-BR': 'Veja as opções com --help.',
    en: 'Run with --help to see the options.',
  },

  'error.nodeUnreachable': {
    'pt-BR':
      'Não foi possível conectar ao nó em {node} ({reason}). O nó pode não estar em execução. Inicie a rede local com npm start ou confira o endereço em --node ou INTERLINE_NODE.',
    en: 'Could not connect to the node at {node} ({reason}). The node may not be running. Start the local network with npm start, or check the address in --node or INTERLINE_NODE.',
  },
  'error.connectionClosed': {
    'pt-BR':
      'O endereço {node} aceitou a conexão, mas a fechou sem responder. Em geral isso quer dizer que ele não é o gateway de clientes de um nó, e sim outro serviço, como a porta HTTP do nó. O gateway é a porta TCP do nó: a rede de demonstração usa 4321 a 4323, e 4311 a 4313 são as portas HTTP. Confira o endereço em --node ou INTERLINE_NODE.',
    en: "The address {node} accepted the connection but closed it without replying. This usually means that it is not a node's client gateway but another service, such as the node's HTTP port. The gateway is the node's TCP port: the demo network uses 4321 to 4323, and 4311 to 4313 are its HTTP ports. Check the address in --node or INTERLINE_NODE.",
  },
  'error.requestTimedOut': {
    'pt-BR':
      'O nó em {node} não respondeu em {seconds} s. Ele pode estar sobrecarregado ou travado. Tente de novo em instantes ou confira o endereço em --node.',
    en: 'The node at {node} did not reply within {seconds} s. It may be overloaded or stuck. Try again shortly, or check the address in --node.',
  },
  'error.unexpectedReply': {
    'pt-BR': 'O nó em {node} respondeu com um erro fora do formato esperado: {detail}',
    en: 'The node at {node} replied with an error in an unexpected format: {detail}',
  },
  'error.internal': {
    'pt-BR':
      'Erro interno do console: {detail}. Isto é um defeito do console. Por favor, relate-o à equipe do Interline.',
    en: 'Internal console error: {detail}. This is a bug in the console. Please report it to the Interline team.',
  },
  'error.retryAfter': {
    'pt-BR': 'Aguarde {seconds} s antes de tentar de novo.',
    en: 'Wait {seconds} s before trying again.',
  },

  'placeholder.command': { 'pt-BR': 'comando', en: 'command' },
  'placeholder.hostPort': { 'pt-BR': 'host:porta', en: 'host:port' },
  'placeholder.language': { 'pt-BR': 'idioma', en: 'language' },
  'placeholder.email': { 'pt-BR': 'e-mail', en: 'email' },
  'placeholder.name': { 'pt-BR': 'nome', en: 'name' },
  'placeholder.password': { 'pt-BR': 'senha', en: 'password' },
  'placeholder.token': { 'pt-BR': 'token', en: 'token' },
  'placeholder.text': { 'pt-BR': 'texto', en: 'text' },
  'placeholder.date': { 'pt-BR': 'AAAA-MM-DD', en: 'YYYY-MM-DD' },

  'help.usageTitle': { 'pt-BR': 'Uso:', en: 'Usage:' },
  'help.optionsTitle': { 'pt-BR': 'Opções:', en: 'Options:' },
  'help.globalOptionsTitle': { 'pt-BR': 'Opções globais:', en: 'Global options:' },
  'help.commandsTitle': { 'pt-BR': 'Comandos:', en: 'Commands:' },
  'help.argumentsTitle': { 'pt-BR': 'Argumentos:', en: 'Arguments:' },
  'help.programUsage': { 'pt-BR': '[opções] [comando]', en: '[options] [command]' },
  'help.commandUsage': { 'pt-BR': '[opções]', en: '[options]' },
  'help.helpOption': { 'pt-BR': 'mostra esta ajuda', en: 'show this help' },
  'help.helpCommand': { 'pt-BR': 'mostra a ajuda de um comando', en: 'show the help of a command' },
  'help.program': {
    'pt-BR':
      'Console do passageiro da rede Interline: contas, aeroportos, voos, itinerários e reservas de um nó de companhia aérea.',
    en: 'Passenger console of the Interline network: accounts, airports, flights, itineraries and bookings of an airline node.',
  },
  'help.programFooter': {
    'pt-BR': [
      'Sem comando, o console abre o menu interativo.',
      '',
      'Variáveis de ambiente:',
      '  INTERLINE_NODE               endereço do nó quando --node não é informado',
      '  INTERLINE_PASSWORD           senha para register e login, fora do histórico do shell',
      '  INTERLINE_TOKEN              token de sessão para logout, buy, bookings, booking e cancel',
      '  NO_COLOR                     desativa as cores quando tem um valor',
      '  LC_ALL, LC_MESSAGES, LANG    idioma quando --lang não é informado (en_* escolhe inglês)',
      '',
      'Códigos de saída: 0 sucesso, 1 erro do gateway, 2 uso incorreto, 3 falha na conexão com o nó.',
    ].join('\n'),
    en: [
      'Without a command, the console opens the interactive menu.',
      '',
      'Environment variables:',
      '  INTERLINE_NODE               node address when --node is not given',
      '  INTERLINE_PASSWORD           password for register and login, kept out of shell history',
      '  INTERLINE_TOKEN              session token for logout, buy, bookings, booking and cancel',
      '  NO_COLOR                     turns colours off when set to a value',
      '  LC_ALL, LC_MESSAGES, LANG    language when --lang is not given (en_* selects English)',
      '',
      'Exit codes: 0 success, 1 gateway error, 2 invalid usage, 3 connection to the node failed.',
    ].join('\n'),
  },
  'help.nodeOption': {
    'pt-BR': 'endereço do gateway do nó (padrão: INTERLINE_NODE ou 127.0.0.1:4321)',
    en: 'gateway address of the node (default: INTERLINE_NODE, else 127.0.0.1:4321)',
  },
  'help.langOption': {
    'pt-BR': 'idioma das mensagens, pt-BR ou en (padrão: o da localidade, pt-BR se não for inglês)',
    en: 'message language, pt-BR or en (default: from the locale, pt-BR unless it is English)',
  },
  'help.jsonOption': {
    'pt-BR': 'imprime um único documento JSON: a resposta ou {"error": ...}',
    en: 'print a single JSON document: the response or {"error": ...}',
  },
  'help.noColorOption': {
    'pt-BR': 'desativa as cores (NO_COLOR também desativa)',
    en: 'turn colours off (NO_COLOR does too)',
  },
  'help.register': {
    'pt-BR': 'cria uma conta de passageiro neste nó',
    en: 'create a passenger account on this node',
  },
  'help.emailOption': { 'pt-BR': 'e-mail da conta', en: 'account email' },
  'help.nameOption': { 'pt-BR': 'nome do passageiro', en: 'passenger name' },
  'help.newPasswordOption': {
    'pt-BR':
      'senha de {min} a {max} caracteres, com letras e dígitos (ou INTERLINE_PASSWORD). Sem nenhuma das duas, o console pergunta no terminal.',
    en: 'password of {min} to {max} characters, with letters and digits (or INTERLINE_PASSWORD). Without either, the console asks on the terminal.',
  },
  'help.passwordOption': {
    'pt-BR':
      'senha da conta (ou INTERLINE_PASSWORD). Sem nenhuma das duas, o console pergunta no terminal.',
    en: 'account password (or INTERLINE_PASSWORD). Without either, the console asks on the terminal.',
  },
  'help.registerExample': {
    'pt-BR':
      'Exemplo (o console pergunta a senha):\n  npm run console -- register --email maria@exemplo.com.br --name "Maria Souza"',
    en: 'Example (the console asks for the password):\n  npm run console -- register --email maria@example.com --name "Maria Souza"',
  },
  'help.login': {
    'pt-BR': 'inicia uma sessão e imprime o token',
    en: 'log in and print the session token',
  },
  'help.loginExample': {
    'pt-BR': 'Exemplo:\n  npm run console -- login --email maria@exemplo.com.br',
    en: 'Example:\n  npm run console -- login --email maria@example.com',
  },
  'help.logout': { 'pt-BR': 'encerra a sessão de um token', en: 'log out the session of a token' },
  'help.tokenOption': {
    'pt-BR': 'token de sessão exibido pelo login (ou INTERLINE_TOKEN)',
    en: 'session token printed by login (or INTERLINE_TOKEN)',
  },
  'help.logoutExample': {
    'pt-BR': 'Exemplo:\n  INTERLINE_TOKEN=<token> npm run console -- logout',
    en: 'Example:\n  INTERLINE_TOKEN=<token> npm run console -- logout',
  },
  'help.airports': {
    'pt-BR': 'lista os aeroportos que o nó conhece',
    en: 'list the airports the node knows',
  },
  'help.queryOption': {
    'pt-BR': 'filtra por código IATA, nome, cidade ou UF',
    en: 'filter by IATA code, name, city or state',
  },
  'help.servedOption': {
    'pt-BR': 'só os aeroportos onde a companhia deste nó opera',
    en: "only the airports this node's airline flies from or to",
  },
  'help.airportsExample': {
    'pt-BR':
      'Exemplos:\n  npm run console -- airports --query salvador\n  npm run --silent console -- airports --served --json',
    en: 'Examples:\n  npm run console -- airports --query salvador\n  npm run --silent console -- airports --served --json',
  },
  'help.flights': {
    'pt-BR': 'lista os voos de uma data, com assentos livres e tarifas',
    en: 'list the flights of a date, with free seats and fares',
  },
  'help.dateOption': {
    'pt-BR': 'data da partida, no horário local da origem (padrão: hoje no horário de Brasília)',
    en: 'departure date, local to the origin airport (default: today in Brasília time)',
  },
  'help.fromOption': { 'pt-BR': 'código IATA da origem', en: 'IATA code of the origin' },
  'help.toOption': { 'pt-BR': 'código IATA do destino', en: 'IATA code of the destination' },
  'help.flightsExample': {
    'pt-BR':
      'Exemplos. Na rede de demonstração, a JG voa de SSA para FOR todo dia, com voos para os próximos 30 dias:\n  npm run console -- flights --from SSA --to FOR\n  npm run console -- flights --date AAAA-MM-DD --from SSA --to FOR',
    en: 'Examples. In the demo network, JG flies from SSA to FOR every day, with flights for the next 30 days:\n  npm run console -- flights --from SSA --to FOR\n  npm run console -- flights --date YYYY-MM-DD --from SSA --to FOR',
  },
  'help.search': {
    'pt-BR': 'busca itinerários entre dois aeroportos, com conexões entre companhias',
    en: 'search itineraries between two airports, with connections across airlines',
  },
  'help.searchDateOption': {
    'pt-BR':
      'data da partida do primeiro voo, no horário local da origem (padrão: hoje no horário de Brasília)',
    en: 'departure date of the first flight, local to the origin airport (default: today in Brasília time)',
  },
  'help.passengersOption': {
    'pt-BR': 'número de passageiros, de {min} a {max} (padrão: {default})',
    en: 'number of passengers, {min} to {max} (default: {default})',
  },
  'help.maxLegsOption': {
    'pt-BR': 'máximo de trechos por itinerário, de 1 a {max} (padrão: {default})',
    en: 'maximum legs per itinerary, 1 to {max} (default: {default})',
  },
  'help.maxResultsOption': {
    'pt-BR': 'máximo de itinerários na resposta, de 1 a {max} (padrão: {default})',
    en: 'maximum itineraries in the reply, 1 to {max} (default: {default})',
  },
  'help.searchExample': {
    'pt-BR':
      'Exemplos:\n  npm run console -- search --from SSA --to BEL --date AAAA-MM-DD --passengers 2\n  npm run --silent console -- search --from SSA --to BEL --max-legs 2 --json',
    en: 'Examples:\n  npm run console -- search --from SSA --to BEL --date YYYY-MM-DD --passengers 2\n  npm run --silent console -- search --from SSA --to BEL --max-legs 2 --json',
  },
  'help.interactive': {
    'pt-BR': 'abre o menu interativo (o padrão quando não há comando)',
    en: 'open the interactive menu (the default without a command)',
  },

  ...BOOKING_MESSAGES,
} as const satisfies Record<string, Record<Language, string>>;

export type MessageKey = keyof typeof CATALOGUE;

/** Values for the `{name}` parameters of a message. */
export type MessageParams = Readonly<Record<string, string | number>>;

/** Function that returns a message in the language `translatorFor` bound it to. */
export type Translator = (key: MessageKey, params?: MessageParams) => string;

export const MESSAGE_KEYS = Object.keys(CATALOGUE) as MessageKey[];

/** Returns the raw template of a message, with its `{name}` parameters unfilled. */
export function messageTemplate(lang: Language, key: MessageKey): string {
  return CATALOGUE[key][lang];
}

/**
 * Returns a message in `lang` with its parameters filled in. A parameter missing from `params`
 * stays visible as `{name}`, so a mistake shows in the output instead of an empty gap.
 */
export function translate(lang: Language, key: MessageKey, params: MessageParams = {}): string {
  return messageTemplate(lang, key).replace(/\{(\w+)\}/g, (placeholder, name: string) =>
    Object.hasOwn(params, name) ? String(params[name]) : placeholder,
  );
}

export function translatorFor(lang: Language): Translator {
  return (key, params) => translate(lang, key, params);
}
