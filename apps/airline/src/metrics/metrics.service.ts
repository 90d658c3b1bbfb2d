import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

import type { LinkStateService } from '@interline/link-state';

const LATENCY_BUCKETS_SECONDS = [
  0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5,
];

/** Prometheus metrics of one node, on a registry of its own. */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();

  readonly httpRequests = new Counter({
    name: 'interline_http_requests_total',
    help: 'Inter-node HTTP requests handled, by method, route and status code.',
    labelNames: ['method', 'route', 'status_code'] as const,
    registers: [this.registry],
  });

  readonly httpRequestDuration = new Histogram({
    name: 'interline_http_request_duration_seconds',
    help: 'Time to respond to an inter-node HTTP request, in seconds.',
    labelNames: ['method', 'route'] as const,
    buckets: LATENCY_BUCKETS_SECONDS,
    registers: [this.registry],
  });

  readonly clusterAuthRejections = new Counter({
    name: 'interline_cluster_auth_rejections_total',
    help: 'Inter-node requests rejected with 401, by reason.',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });

  readonly gatewayMessages = new Counter({
    name: 'interline_gateway_messages_total',
    help: 'Client gateway messages handled, by pattern and outcome (ok or an error code).',
    labelNames: ['pattern', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly gatewayMessageDuration = new Histogram({
    name: 'interline_gateway_message_duration_seconds',
    help: 'Time to respond to a client gateway message, in seconds.',
    labelNames: ['pattern'] as const,
    buckets: LATENCY_BUCKETS_SECONDS,
    registers: [this.registry],
  });

  readonly gatewayConnectionsClosed = new Counter({
    name: 'interline_gateway_connections_closed_total',
    help: 'Client connections the gateway closed because of a bad frame, by reason.',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'interline_' });
  }

  /**
   * Exposes the link-state service's counters and the reachability of the airlines in its map.
   * Values are read when Prometheus scrapes, so the service keeps plain counters.
   */
  bindLinkState(linkState: LinkStateService): void {
    new Gauge({
      name: 'interline_link_state_events_total',
      help: 'Link-state activity since start: advertisements and updates stored, floods and pulls sent, failed deliveries.',
      labelNames: ['event'] as const,
      registers: [this.registry],
      collect() {
        for (const [event, value] of Object.entries(linkState.counters)) {
          this.set({ event }, value);
        }
      },
    });
    new Gauge({
      name: 'interline_link_state_airline_reachable',
      help: '1 when an airline in the link-state map is reachable from this node, 0 when not.',
      labelNames: ['airline'] as const,
      registers: [this.registry],
      collect() {
        for (const airline of linkState.airlines()) {
          this.set({ airline: airline.code }, airline.reachable ? 1 : 0);
        }
      },
    });
  }

  /** Renders every metric in the Prometheus text exposition format. */
  render(): Promise<string> {
    return this.registry.metrics();
  }
}
