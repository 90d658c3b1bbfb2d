import { createServer as createHttpServer } from 'node:http';
import type { AddressInfo, Server } from 'node:net';
import { createServer } from 'node:net';

import { GatewayPattern, type LogInResponse } from '@interline/contracts';
import { Controller, Module, type INestMicroservice } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import {
  MessagePattern,
  Payload,
  RpcException,
  Transport,
  type MicroserviceOptions,
} from '@nestjs/microservices';
import { TimeoutError } from 'rxjs';

import { translatorFor } from './i18n';
import {
  ConnectionClosedError,
  GatewayRejection,
  NodeUnreachableError,
  RequestTimeoutError,
  UnexpectedReplyError,
} from './errors';
import {
  classifyGatewayFailure,
  COORDINATED_REQUEST_TIMEOUT_MS,
  probeGateway,
  REQUEST_TIMEOUT_MS,
  TcpGateway,
} from './gateway';
import { FakeGateway } from './testing/fakes';
import {
  AIRPORTS_RESPONSE,
  CANCEL_RESPONSE,
  IDEMPOTENCY_KEY,
  LIST_BOOKINGS_RESPONSE,
  LOCATOR,
  PURCHASE_RESPONSE,
  SEARCH_RESPONSE,
  TOKEN,
} from './testing/fixtures';

/** Delay in ms of the stub's booking replies: above the short and below the long test timeout. */
const SLOW_REPLY_MS = 300;

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Stub gateway that replies to a few patterns with a response or an RpcException body. */
@Controller()
class StubGatewayController {
  /** Payloads received, to check what the client sends. */
  static received: unknown[] = [];

  @MessagePattern(GatewayPattern.listAirports)
  listAirports(@Payload() payload: unknown) {
    StubGatewayController.received.push(payload);
    return AIRPORTS_RESPONSE;
  }

  @MessagePattern(GatewayPattern.searchItineraries)
  searchItineraries(@Payload() payload: unknown) {
    StubGatewayController.received.push(payload);
    return SEARCH_RESPONSE;
  }

  @MessagePattern(GatewayPattern.logIn)
  logIn(@Payload() payload: { lang?: string }): LogInResponse {
    throw new RpcException({
      code: 'INVALID_CREDENTIALS',
      message: payload.lang === 'en' ? 'Wrong email or password.' : 'E-mail ou senha incorretos.',
    });
  }

  /** Resolvers of replies held back until the test suite releases them. */
  static heldReplies: (() => void)[] = [];

  @MessagePattern(GatewayPattern.listFlights)
  async listFlights(): Promise<never> {
    await new Promise<void>((resolve) => StubGatewayController.heldReplies.push(resolve));
    throw new RpcException({ code: 'INTERNAL_ERROR', message: 'late' });
  }

  @MessagePattern(GatewayPattern.logOut)
  logOut(): never {
    throw new RpcException('plain text error');
  }

  @MessagePattern(GatewayPattern.purchase)
  async purchase(@Payload() payload: unknown) {
    StubGatewayController.received.push(payload);
    await delay(SLOW_REPLY_MS);
    return PURCHASE_RESPONSE;
  }

  @MessagePattern(GatewayPattern.cancelBooking)
  async cancelBooking(@Payload() payload: unknown) {
    StubGatewayController.received.push(payload);
    await delay(SLOW_REPLY_MS);
    return CANCEL_RESPONSE;
  }

  @MessagePattern(GatewayPattern.listBookings)
  async listBookings(@Payload() payload: unknown) {
    StubGatewayController.received.push(payload);
    await delay(SLOW_REPLY_MS);
    return LIST_BOOKINGS_RESPONSE;
  }

  @MessagePattern(GatewayPattern.showBooking)
  async showBooking(@Payload() payload: unknown) {
    StubGatewayController.received.push(payload);
    await delay(SLOW_REPLY_MS);
    return { booking: PURCHASE_RESPONSE.booking };
  }
}

@Module({ controllers: [StubGatewayController] })
class StubGatewayModule {}

/** Returns a port on 127.0.0.1 that nothing listens on, by binding port 0 and closing it. */
async function closedPort(): Promise<number> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('TcpGateway against a TCP microservice', () => {
  let app: INestMicroservice;
  let port: number;

  beforeAll(async () => {
    app = await NestFactory.createMicroservice<MicroserviceOptions>(StubGatewayModule, {
      transport: Transport.TCP,
      options: { host: '127.0.0.1', port: 0 },
      logger: false,
    });
    await app.listen();
    port = (app.unwrap<Server>().address() as AddressInfo).port;
  });

  afterAll(async () => {
    StubGatewayController.heldReplies.forEach((release) => release());
    await app.close();
  });

  it('returns the response and sends lang', async () => {
    const gateway = new TcpGateway({ host: '127.0.0.1', port }, 'en');
    try {
      const response = await gateway.listAirports({ query: 'salvador' });

      expect(response).toEqual(AIRPORTS_RESPONSE);
      expect(StubGatewayController.received).toContainEqual({ query: 'salvador', lang: 'en' });
    } finally {
      gateway.close();
    }
  });

  it('sends an itinerary search', async () => {
    const gateway = new TcpGateway({ host: '127.0.0.1', port }, 'pt-BR');
    try {
      const query = { origin: 'SSA', destination: 'BEL', date: '2026-12-04', passengers: 2 };
      const response = await gateway.searchItineraries({ ...query, maxLegs: 3 });

      expect(response).toEqual(SEARCH_RESPONSE);
      expect(StubGatewayController.received).toContainEqual({
        ...query,
        maxLegs: 3,
        lang: 'pt-BR',
      });
    } finally {
      gateway.close();
    }
  });

  it('rejects with the error body', async () => {
    const gateway = new TcpGateway({ host: '127.0.0.1', port }, 'en');
    try {
      const failure = await gateway.logIn({ email: 'a@b.com', password: 'x' }).catch((e) => e);

      expect(failure).toBeInstanceOf(GatewayRejection);
      expect((failure as GatewayRejection).body).toEqual({
        code: 'INVALID_CREDENTIALS',
        message: 'Wrong email or password.',
      });
    } finally {
      gateway.close();
    }
  });

  it('rejects a non-standard error as unexpected', async () => {
    const gateway = new TcpGateway({ host: '127.0.0.1', port }, 'pt-BR');
    try {
      const failure = await gateway.logOut({ token: 'x' }).catch((e) => e);

      expect(failure).toBeInstanceOf(UnexpectedReplyError);
      expect((failure as UnexpectedReplyError).detail).toBe('plain text error');
    } finally {
      gateway.close();
    }
  });

  it('times out a slow reply', async () => {
    const gateway = new TcpGateway({ host: '127.0.0.1', port }, 'pt-BR', 200);
    try {
      const failure = await gateway.listFlights({ date: '2026-03-12' }).catch((e) => e);

      expect(failure).toBeInstanceOf(RequestTimeoutError);
      expect((failure as RequestTimeoutError).seconds).toBe(0.2);
    } finally {
      gateway.close();
    }
  });

  it('waits longer for a purchase', async () => {
    const gateway = new TcpGateway({ host: '127.0.0.1', port }, 'pt-BR', 100, 5_000);
    try {
      const fields = {
        token: TOKEN,
        idempotencyKey: IDEMPOTENCY_KEY,
        flightIds: ['flt_jg_1402'],
        passengers: ['Maria Souza'],
      };
      const response = await gateway.purchase(fields);

      expect(response).toEqual(PURCHASE_RESPONSE);
      expect(StubGatewayController.received).toContainEqual({ ...fields, lang: 'pt-BR' });
    } finally {
      gateway.close();
    }
  });

  it('waits longer for a cancellation', async () => {
    const gateway = new TcpGateway({ host: '127.0.0.1', port }, 'en', 100, 5_000);
    try {
      const response = await gateway.cancelBooking({ token: TOKEN, locator: LOCATOR });

      expect(response).toEqual(CANCEL_RESPONSE);
      expect(StubGatewayController.received).toContainEqual({
        token: TOKEN,
        locator: LOCATOR,
        lang: 'en',
      });
    } finally {
      gateway.close();
    }
  });

  it('times out a cancellation at its own limit', async () => {
    const gateway = new TcpGateway({ host: '127.0.0.1', port }, 'pt-BR', 5_000, 100);
    try {
      const failure = await gateway
        .cancelBooking({ token: TOKEN, locator: LOCATOR })
        .catch((e) => e);

      expect(failure).toBeInstanceOf(RequestTimeoutError);
      expect((failure as RequestTimeoutError).seconds).toBe(0.1);
    } finally {
      gateway.close();
    }
  });

  it('keeps the short timeout for listing bookings', async () => {
    const gateway = new TcpGateway({ host: '127.0.0.1', port }, 'pt-BR', 100, 5_000);
    try {
      const failure = await gateway.listBookings({ token: TOKEN }).catch((e) => e);

      expect(failure).toBeInstanceOf(RequestTimeoutError);
      expect((failure as RequestTimeoutError).seconds).toBe(0.1);
    } finally {
      gateway.close();
    }
  });

  it('keeps the short timeout for one booking', async () => {
    const gateway = new TcpGateway({ host: '127.0.0.1', port }, 'pt-BR', 100, 5_000);
    try {
      const failure = await gateway.showBooking({ token: TOKEN, locator: LOCATOR }).catch((e) => e);

      expect(failure).toBeInstanceOf(RequestTimeoutError);
    } finally {
      gateway.close();
    }
  });

  it('reports a refused connection', async () => {
    const refusedPort = await closedPort();
    const gateway = new TcpGateway({ host: '127.0.0.1', port: refusedPort }, 'pt-BR');
    try {
      const failure = await gateway.listAirports({}).catch((e) => e);

      expect(failure).toBeInstanceOf(NodeUnreachableError);
      expect((failure as NodeUnreachableError).reason).toBe('ECONNREFUSED');
      expect((failure as NodeUnreachableError).node).toBe(`127.0.0.1:${refusedPort}`);
    } finally {
      gateway.close();
    }
  });
});

describe('TcpGateway against an HTTP server', () => {
  const server = createHttpServer((_request, response) => response.end('ok'));
  let port: number;

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('reports a closed connection', async () => {
    const gateway = new TcpGateway({ host: '127.0.0.1', port }, 'en', 2_000);
    try {
      const failure = await gateway.listAirports({}).catch((e) => e);

      expect(failure).toBeInstanceOf(ConnectionClosedError);
      expect((failure as ConnectionClosedError).exitCode).toBe(3);
    } finally {
      gateway.close();
    }
  });

  it('names the gateway ports', async () => {
    const gateway = new TcpGateway({ host: '127.0.0.1', port }, 'en', 2_000);
    try {
      const failure = (await gateway.listAirports({}).catch((e) => e)) as ConnectionClosedError;
      const document = failure.toDocument(translatorFor('en'));

      expect(document.code).toBe('CONNECTION_CLOSED');
      expect(document.message).toContain(`The address 127.0.0.1:${port} accepted the connection`);
      expect(document.message).toContain("not a node's client gateway");
      expect(document.message).toContain('the demo network uses 4321 to 4323');
    } finally {
      gateway.close();
    }
  });
});

describe('request timeouts', () => {
  it('gives purchases and cancellations 30 s', () => {
    expect(COORDINATED_REQUEST_TIMEOUT_MS).toBe(30_000);
  });

  it('gives other requests 10 s', () => {
    expect(REQUEST_TIMEOUT_MS).toBe(10_000);
  });
});

describe('classifyGatewayFailure', () => {
  const node = '127.0.0.1:4321';

  it('error body is a rejection', () => {
    const failure = classifyGatewayFailure({ code: 'EMAIL_TAKEN', message: 'x' }, node, 10_000);

    expect(failure).toBeInstanceOf(GatewayRejection);
  });

  it('unknown code is unexpected', () => {
    const failure = classifyGatewayFailure({ code: 'NOPE', message: 'x' }, node, 10_000);

    expect(failure).toBeInstanceOf(UnexpectedReplyError);
  });

  it('socket error is unreachable', () => {
    const error = Object.assign(new Error('connect ETIMEDOUT'), { code: 'ETIMEDOUT' });

    expect(classifyGatewayFailure(error, node, 10_000)).toBeInstanceOf(NodeUnreachableError);
  });

  it('refused connection is unreachable', () => {
    const error = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });

    expect(classifyGatewayFailure(error, node, 10_000)).toBeInstanceOf(NodeUnreachableError);
  });

  it('closed connection is closed', () => {
    const failure = classifyGatewayFailure(new Error('Connection closed'), node, 10_000);

    expect(failure).toBeInstanceOf(ConnectionClosedError);
  });

  it('reset connection is closed', () => {
    const error = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });

    expect(classifyGatewayFailure(error, node, 10_000)).toBeInstanceOf(ConnectionClosedError);
  });

  it('rxjs timeout is a timeout', () => {
    const failure = classifyGatewayFailure(new TimeoutError(), node, 10_000);

    expect(failure).toBeInstanceOf(RequestTimeoutError);
    expect((failure as RequestTimeoutError).seconds).toBe(10);
  });

  it('Nest status error is unexpected', () => {
    const failure = classifyGatewayFailure(
      { status: 'error', message: 'Internal server error' },
      node,
      10_000,
    );

    expect((failure as UnexpectedReplyError).detail).toBe('Internal server error');
  });
});

describe('probeGateway', () => {
  it('sends one airport query', async () => {
    const gateway = new FakeGateway({ listAirports: () => ({ airports: [] }) });

    await probeGateway(gateway);

    expect(gateway.calls).toEqual([{ method: 'listAirports', payload: { query: 'zzz-none' } }]);
  });

  it('accepts a gateway rejection', async () => {
    const gateway = new FakeGateway({
      listAirports: () => {
        throw new GatewayRejection({ code: 'INTERNAL_ERROR', message: 'x' });
      },
    });

    await expect(probeGateway(gateway)).resolves.toBeUndefined();
  });

  it('rejects with a connection error', async () => {
    const closed = new ConnectionClosedError('127.0.0.1:4311', 'Connection closed');
    const gateway = new FakeGateway({
      listAirports: () => {
        throw closed;
      },
    });

    await expect(probeGateway(gateway)).rejects.toBe(closed);
  });
});
