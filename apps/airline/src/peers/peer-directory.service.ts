import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';

import { PeerRequestError, SignedHttpClient } from '../cluster-auth/signed-http-client';
import type { AirlineConfig } from '../config/airline-config';
import { AIRLINE_CONFIG } from '../config/config.module';
import { MetricsService } from '../metrics/metrics.service';
import type { NodeIdentity } from '../http/node.dto';

/** What this node last learned about one peer. */
export interface PeerState {
  url: string;
  /** Airline code the peer reported, once it answered a signed probe. */
  airline: string | null;
  state: 'unknown' | 'reachable' | 'unreachable' | 'unauthorized';
  lastSeenAt: string | null;
  lastProbeAt: string | null;
  lastError: string | null;
}

const PROBE_TIMEOUT_MS = 2_000;

/**
 * Tracks the configured seed peers. Every `peerProbeIntervalMs` it calls each peer's signed
 * `GET /v1/identity`, so a peer with a different cluster key shows as `unauthorized` and a
 * stopped one as `unreachable`. State changes are logged once, not on every probe.
 */
@Injectable()
export class PeerDirectoryService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Peers');
  private readonly peers = new Map<string, PeerState>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    @Inject(AIRLINE_CONFIG) private readonly config: AirlineConfig,
    private readonly client: SignedHttpClient,
    private readonly metrics: MetricsService,
  ) {
    for (const url of config.seedPeers) {
      this.peers.set(url, {
        url,
        airline: null,
        state: 'unknown',
        lastSeenAt: null,
        lastProbeAt: null,
        lastError: null,
      });
    }
  }

  onApplicationBootstrap(): void {
    if (this.peers.size === 0) {
      return;
    }
    void this.probeAll();
    this.timer = setInterval(() => void this.probeAll(), this.config.peerProbeIntervalMs);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  list(): PeerState[] {
    return [...this.peers.values()].map((peer) => ({ ...peer }));
  }

  /** Probes every peer once, in parallel; never throws. */
  async probeAll(): Promise<void> {
    await Promise.all([...this.peers.keys()].map((url) => this.probe(url)));
  }

  private async probe(url: string): Promise<void> {
    const previous = this.peers.get(url)!;
    const now = new Date().toISOString();
    let next: PeerState;
    try {
      const identity = await this.client.request<NodeIdentity>({
        peer: url,
        method: 'GET',
        path: '/v1/identity',
        timeoutMs: PROBE_TIMEOUT_MS,
      });
      next = {
        ...previous,
        airline: identity.airline.code,
        state: 'reachable',
        lastSeenAt: now,
        lastProbeAt: now,
        lastError: null,
      };
    } catch (error) {
      const kind = error instanceof PeerRequestError ? error.kind : 'unreachable';
      const state = kind === 'unauthorized' ? 'unauthorized' : 'unreachable';
      next = {
        ...previous,
        state,
        lastProbeAt: now,
        lastError: error instanceof Error ? error.message : String(error),
      };
    }
    this.peers.set(url, next);
    this.metrics.peerProbes.inc({ peer: url, result: next.state });

    if (next.state !== previous.state) {
      const fields = {
        msg: `Peer is ${next.state}`,
        peer: next.airline ?? url,
        url,
        previous: previous.state,
        error: next.lastError ?? undefined,
      };
      if (next.state === 'reachable') {
        this.logger.log(fields);
      } else {
        this.logger.warn(fields);
      }
    }
  }
}
