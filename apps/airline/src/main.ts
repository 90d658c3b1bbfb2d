import 'reflect-metadata';
import { monitorEventLoopDelay } from 'node:perf_hooks';

import { type INestApplication, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { MicroserviceOptions } from '@nestjs/microservices';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

import { LinkStateService } from '@interline/link-state';
import { StorageOpenError } from '@interline/persistence';

import { AppModule } from './app.module';
import {
  type AirlineConfig,
  formatConfigProblems,
  parseAirlineConfig,
} from './config/airline-config';
import { setFrameRejectionListener } from './gateway/gateway-socket';
import { GatewayTcpServer } from './gateway/gateway-tcp.server';
import { APP_VERSION } from './http/node-identity';
import { JsonLogger } from './logging/json-logger';
import { MetricsService } from './metrics/metrics.service';

/** Exit status for a configuration error (EX_CONFIG in sysexits.h). */
const EXIT_CONFIG = 78;
/** Exit status when the database cannot be opened. */
const EXIT_STORAGE = 74;
/** Large enough for a full advertisement of `ADVERTISEMENT_FLIGHTS_MAX` flights. */
/** Exit status when a port cannot be bound. */
const EXIT_LISTEN = 1;
/** Large enough for a full advertisement of `ADVERTISEMENT_FLIGHTS_MAX` flights. */
const HTTP_BODY_LIMIT = '8mb';

async function bootstrap(): Promise<void> {
  const parsed = parseAirlineConfig(process.env);
  if (!parsed.ok) {
    process.stderr.write(`${formatConfigProblems(parsed.problems)}\n`);
    process.exit(EXIT_CONFIG);
  }
  const config = parsed.config;
  const logger = new JsonLogger(config.airline.code, config.logLevel);

  let app: NestExpressApplication;
  try {
    app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
      logger,
      rawBody: true,
      abortOnError: false,
    });
  } catch (error) {
    if (error instanceof StorageOpenError) {
      logger.error({
        msg: 'Node not started: the database cannot be opened',
        location: error.location,
        reason: error.reason,
      });
      process.exit(EXIT_STORAGE);
    }
    throw error;
  }

  app.useBodyParser('json', { limit: HTTP_BODY_LIMIT });
  app.useGlobalPipes(
    new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }),
  );
  app.enableShutdownHooks();
  setUpSwagger(app, config);
  connectGateway(app, config);

  try {
    // Initialise first: connecting a microservice marks it initialised, so without this the
    // gateway would accept requests before the catalogue and link state have started.
    await app.init();
    await app.startAllMicroservices();
    await app.listen(config.http.port, config.http.host);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    logger.error({
      msg:
        code === 'EADDRINUSE'
          ? 'Node not started: a port is already in use. Stop the other process or set INTERLINE_HTTP_PORT / INTERLINE_TCP_PORT to free ports'
          : 'Node not started: cannot listen',
      http: `${config.http.host}:${config.http.port}`,
      gateway: `${config.tcp.host}:${config.tcp.port}`,
      error: error instanceof Error ? error.message : String(error),
    });
    await app.close();
    process.exit(EXIT_LISTEN);
  }
  if (config.logLevel === 'debug') {
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    setInterval(() => {
      logger.debug({
        msg: 'Event loop delay',
        p99Ms: Math.round(delay.percentile(99) / 1e6),
        maxMs: Math.round(delay.max / 1e6),
      });
      delay.reset();
    }, 1_000).unref();
  }
  logger.log({
    msg: 'Node started',
    http: `http://${config.http.host}:${config.http.port}`,
    gateway: `${config.tcp.host}:${config.tcp.port}`,
    dataDir: config.dataDir,
    peers: config.seedPeers.join(','),
    version: APP_VERSION,
  });
}

function setUpSwagger(app: INestApplication, config: AirlineConfig): void {
  const document = new DocumentBuilder()
    .setTitle(`Interline airline node (${config.airline.code})`)
    .setDescription(
      'Inter-node REST API of one Interline airline node. Routes under /v1 require the four ' +
        'x-interline-* signature headers (HMAC-SHA256 with the cluster key); /, /status, ' +
        '/metrics and these docs are public.',
    )
    .setVersion(APP_VERSION)
    .addSecurity('cluster-signature', {
      type: 'apiKey',
      in: 'header',
      name: 'x-interline-signature',
    })
    .build();
  // The UI loads its assets relative to /docs, so /docs/ would request /docs/docs/… and fail.
  app.use(
    '/docs/',
    (
      request: { originalUrl: string },
      response: { redirect(status: number, url: string): void },
      next: () => void,
    ) => {
      if (request.originalUrl === '/docs/') {
        response.redirect(301, '/docs');
        return;
      }
      next();
    },
  );
  SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, document), {
    jsonDocumentUrl: 'docs-json',
  });
}

function connectGateway(app: INestApplication, config: AirlineConfig): void {
  const metrics = app.get(MetricsService);
  metrics.bindLinkState(app.get(LinkStateService));
  setFrameRejectionListener((reason) => metrics.gatewayConnectionsClosed.inc({ reason }));
  const strategy = new GatewayTcpServer(
    { host: config.tcp.host, port: config.tcp.port },
    (outcome) => metrics.gatewayMessages.inc({ pattern: 'unrouted', outcome }),
  );
  app.connectMicroservice<MicroserviceOptions>({ strategy });
}

void bootstrap();
