import { Controller, Get, Header, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';

import {
  FLIGHT_REPOSITORY,
  type FlightRepository,
  STORAGE_HEALTH_PROBE,
  type StorageHealthProbe,
} from '@interline/persistence';

import { LinkStateService } from '@interline/link-state';

import { Public } from '../cluster-auth/public.decorator';
import type { AirlineConfig } from '../config/airline-config';
import { AIRLINE_CONFIG } from '../config/config.module';
import { MetricsService } from '../metrics/metrics.service';
import { NodeIdentity, NodeStatusDto, type PeerStateDto } from './node.dto';
import { APP_VERSION, describeNode } from './node-identity';

/** Unsigned endpoints for operators and monitoring: identity, status and metrics. */
@ApiTags('node')
@Controller()
export class NodeController {
  private readonly startedAt = new Date();

  constructor(
    @Inject(AIRLINE_CONFIG) private readonly config: AirlineConfig,
    @Inject(STORAGE_HEALTH_PROBE) private readonly storage: StorageHealthProbe,
    @Inject(FLIGHT_REPOSITORY) private readonly flights: FlightRepository,
    private readonly linkState: LinkStateService,
    private readonly metrics: MetricsService,
  ) {}

  @Public()
  @Get()
  @ApiOperation({
    summary: 'What this node is',
    description: 'Airline, version and where its client gateway listens. No signature needed.',
  })
  @ApiOkResponse({ type: NodeIdentity })
  identity(): NodeIdentity {
    return describeNode(this.config);
  }

  @Public()
  @Get('status')
  @ApiOperation({
    summary: 'Node health',
    description:
      'Uptime, storage health, link-state neighbours and the airlines in the map with their reachability. No signature needed.',
  })
  @ApiOkResponse({ type: NodeStatusDto })
  async status(): Promise<NodeStatusDto> {
    const storage = await this.storage.check();
    const flightsStored = storage.status === 'ok' ? await this.flights.count() : 0;
    return {
      airline: { ...this.config.airline },
      version: APP_VERSION,
      startedAt: this.startedAt.toISOString(),
      uptimeSeconds: Math.round((Date.now() - this.startedAt.getTime()) / 1000),
      storage,
      flightsStored,
      peers: this.peerStates(),
      airlines: this.linkState.airlines().map((airline) => ({
        ...airline,
        storedAt: airline.storedAt === null ? null : new Date(airline.storedAt).toISOString(),
      })),
    };
  }

  private peerStates(): PeerStateDto[] {
    return this.linkState.neighbors().map((neighbor) => {
      let state: PeerStateDto['state'] = 'unreachable';
      if (neighbor.up) {
        state = 'reachable';
      } else if (neighbor.lastDelivery?.error?.includes('(unauthorized)')) {
        state = 'unauthorized';
      } else if (neighbor.lastHeardAt === null && neighbor.lastDelivery === null) {
        state = 'unknown';
      }
      return {
        url: neighbor.url,
        airline: neighbor.airline,
        source: neighbor.source,
        state,
        lastSeenAt:
          neighbor.lastHeardAt === null ? null : new Date(neighbor.lastHeardAt).toISOString(),
        lastSendAt: neighbor.lastDelivery ? new Date(neighbor.lastDelivery.at).toISOString() : null,
        lastError: neighbor.lastDelivery?.error ?? null,
      };
    });
  }

  @Public()
  @Get('metrics')
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  @ApiOperation({
    summary: 'Prometheus metrics',
    description:
      'Request counts and latencies of the HTTP API and the client gateway, link-state activity and airline reachability, process metrics. No signature needed.',
  })
  @ApiProduces('text/plain')
  @ApiOkResponse({
    description: 'Prometheus text exposition format 0.0.4.',
    schema: { type: 'string' },
  })
  metricsText(): Promise<string> {
    return this.metrics.render();
  }
}
