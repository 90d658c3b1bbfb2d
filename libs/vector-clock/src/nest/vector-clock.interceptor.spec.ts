import {
  BadRequestException,
  type CallHandler,
  Controller,
  type ExecutionContext,
  Get,
  Global,
  type INestApplication,
  Logger,
  Module,
  Post,
} from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { AddressInfo } from 'node:net';
import { lastValueFrom, of } from 'rxjs';

import { VECTOR_CLOCK_REPOSITORY } from '@interline/persistence';

import { CLOCK_HEADER, VectorClock } from '../core';
import { MemoryVectorClockRepository } from '../testing';
import { CLOCK_HEADER_INVALID, VectorClockInterceptor } from './vector-clock.interceptor';
import { VectorClockModule } from './vector-clock.module';
import { VectorClockService } from './vector-clock.service';

const SELF = 'JG';

@Controller()
class DummyController {
  handled = 0;

  constructor(private readonly clocks: VectorClockService) {}

  @Get('v1/echo')
  echo(): { clock: string } {
    this.handled += 1;
    return { clock: this.clocks.current().toHeader() };
  }

  @Post('v1/transactions')
  async start(): Promise<{ clock: string }> {
    this.handled += 1;
    return { clock: (await this.clocks.tick()).toHeader() };
  }

  @Get('v1/failure')
  fail(): never {
    this.handled += 1;
    throw new BadRequestException('date is not a calendar date');
  }

  @Get('status')
  status(): { ok: true } {
    this.handled += 1;
    return { ok: true };
  }
}

async function startApp(repository: MemoryVectorClockRepository) {
  @Global()
  @Module({
    providers: [{ provide: VECTOR_CLOCK_REPOSITORY, useValue: repository }],
    exports: [VECTOR_CLOCK_REPOSITORY],
  })
  class MemoryPersistenceModule {}

  const moduleRef = await Test.createTestingModule({
    imports: [
      MemoryPersistenceModule,
      VectorClockModule.forRootAsync({ useFactory: () => ({ self: SELF }) }),
    ],
    controllers: [DummyController],
  }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  app.useGlobalInterceptors(app.get(VectorClockInterceptor));
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  return {
    app,
    baseUrl: `http://127.0.0.1:${port}`,
    clocks: app.get(VectorClockService),
    controller: app.get(DummyController),
  };
}

describe('VectorClockInterceptor over HTTP', () => {
  let app: INestApplication;
  let baseUrl: string;
  let clocks: VectorClockService;
  let controller: DummyController;

  beforeEach(async () => {
    ({ app, baseUrl, clocks, controller } = await startApp(new MemoryVectorClockRepository()));
  });

  afterEach(async () => {
    await app.close();
  });

  it('merges valid header before handler', async () => {
    const response = await fetch(`${baseUrl}/v1/echo`, {
      headers: { [CLOCK_HEADER]: 'IP=4,RC=2' },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ clock: 'IP=4,JG=1,RC=2' });
    expect(response.headers.get(CLOCK_HEADER)).toBe('IP=4,JG=2,RC=2');
  });

  it('accepts request without header', async () => {
    const response = await fetch(`${baseUrl}/v1/echo`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ clock: '' });
    expect(response.headers.get(CLOCK_HEADER)).toBe('JG=1');
  });

  it('accepts empty header', async () => {
    const response = await fetch(`${baseUrl}/v1/echo`, { headers: { [CLOCK_HEADER]: '' } });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ clock: 'JG=1' });
  });

  it('stamps clock after handler events', async () => {
    const response = await fetch(`${baseUrl}/v1/transactions`, {
      method: 'POST',
      headers: { [CLOCK_HEADER]: 'IP=1' },
    });
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ clock: 'IP=1,JG=2' });
    expect(response.headers.get(CLOCK_HEADER)).toBe('IP=1,JG=3');
  });

  it.each([
    ['JG=1,', 'entry 2 is empty (a doubled, leading or trailing comma)'],
    ['IP=3;RC=1', 'entry 1 "IP=3;RC=1" is not CODE=counter'],
    ['ip=3', 'entry 1 "ip=3": airline code "ip" is not two capital letters or digits'],
    ['IP=-3', 'entry 1 "IP=-3": counter "-3" is not a non-negative decimal integer'],
    ['IP=1,IP=2', 'entry 2 "IP=2": airline code IP already appears in entry 1'],
  ])('rejects header %j with 400', async (header, reason) => {
    const response = await fetch(`${baseUrl}/v1/echo`, { headers: { [CLOCK_HEADER]: header } });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      code: CLOCK_HEADER_INVALID,
      message: `${reason}; send x-interline-clock as CODE=counter pairs separated by commas, e.g. JG=3,IP=1`,
    });
    expect(response.headers.get(CLOCK_HEADER)).toBe('JG=1');
    expect(controller.handled).toBe(0);
    expect(clocks.current().toHeader()).toBe('JG=1');
  });

  it('rejects header over limit with 400', async () => {
    const header = `JG=${'1'.repeat(2100)}`;
    const response = await fetch(`${baseUrl}/v1/echo`, { headers: { [CLOCK_HEADER]: header } });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { code: string; message: string };
    expect(body.code).toBe(CLOCK_HEADER_INVALID);
    expect(body.message).toMatch(/^text has 2103 characters, maximum 2048; send x-interline-clock/);
    expect(controller.handled).toBe(0);
  });

  it('stamps error responses', async () => {
    const response = await fetch(`${baseUrl}/v1/failure`, {
      headers: { [CLOCK_HEADER]: 'IP=5' },
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ message: 'date is not a calendar date' });
    expect(response.headers.get(CLOCK_HEADER)).toBe('IP=5,JG=2');
  });

  it('unknown v1 route has no header', async () => {
    const response = await fetch(`${baseUrl}/v1/unknown`);
    expect(response.status).toBe(404);
    expect(response.headers.get(CLOCK_HEADER)).toBeNull();
  });

  it('skips paths outside v1', async () => {
    const response = await fetch(`${baseUrl}/status`, { headers: { [CLOCK_HEADER]: 'bad' } });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
    expect(response.headers.get(CLOCK_HEADER)).toBeNull();
    expect(clocks.current().toHeader()).toBe('');
  });

  it('handles query strings', async () => {
    const response = await fetch(`${baseUrl}/v1/echo?date=2026-12-24`, {
      headers: { [CLOCK_HEADER]: 'RC=1' },
    });
    expect(await response.json()).toEqual({ clock: 'JG=1,RC=1' });
    expect(response.headers.get(CLOCK_HEADER)).toBe('JG=2,RC=1');
  });
});

describe('VectorClockInterceptor without HTTP', () => {
  it('passes rpc context unchanged', async () => {
    const clocks = { receive: jest.fn(), forSend: jest.fn() };
    const interceptor = new VectorClockInterceptor(clocks as unknown as VectorClockService);
    const context = { getType: () => 'rpc' } as unknown as ExecutionContext;
    const handled = of({ ok: true });
    const next: CallHandler = { handle: () => handled };

    const result = interceptor.intercept(context, next);
    expect(result).toBe(handled);
    expect(await lastValueFrom(result)).toEqual({ ok: true });
    expect(clocks.receive).not.toHaveBeenCalled();
    expect(clocks.forSend).not.toHaveBeenCalled();
  });

  it('sends response without header when reservation fails', async () => {
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const clocks = {
      receive: jest.fn(async (remote: VectorClock) => remote),
      forSend: jest.fn(async () => {
        throw new Error('disk full');
      }),
    };
    const interceptor = new VectorClockInterceptor(clocks as unknown as VectorClockService);
    const headers = new Map<string, string>();
    const response = {
      headersSent: false,
      setHeader: (name: string, value: string) => headers.set(name, value),
    };
    const context = {
      getType: () => 'http',
      switchToHttp: () => ({
        getRequest: () => ({ url: '/v1/echo', headers: { [CLOCK_HEADER]: 'IP=1' } }),
        getResponse: () => response,
      }),
    } as unknown as ExecutionContext;

    const result = interceptor.intercept(context, { handle: () => of({ ok: true }) });
    expect(await lastValueFrom(result)).toEqual({ ok: true });
    expect(headers.size).toBe(0);
    expect(clocks.receive).toHaveBeenCalledWith(VectorClock.from({ IP: 1 }));
    expect(logged).toHaveBeenCalledWith(expect.objectContaining({ error: 'disk full' }));
    logged.mockRestore();
  });
});
