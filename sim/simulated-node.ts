import type { AdvertisedFlight, LinkStateTimers } from '@interline/link-state/core';
import type {
  MsgDecision,
  MsgPrepare,
  TwoPhaseCommitLimits,
} from '@interline/two-phase-commit/core';

import {
  BookingRole,
  type PurchaseKeyRow,
  type PurchaseRequest,
  type StampObserver,
} from './booking-role';
import { CoordinatorRole } from './coordinator-role';
import type { EventQueue } from './event-queue';
import { LinkStateRole } from './link-state-role';
import type { NodeServices, PlantedBug } from './node-services';
import { type AgeRuleEvent, type FlightRow, ParticipantRole } from './participant-role';
import type { SeededRandom } from './seeded-random';
import { type CrashKind, SimulatedDisk } from './simulated-disk';
import type { DeliveryFailure, Envelope, NetworkHost, SimulatedNetwork } from './simulated-network';
import { type ClockReservation, SimulatedVectorClock } from './simulated-vector-clock';
import type { Trace } from './trace';

/** Message kinds of link-state routine traffic, kept out of the printed trace tail. */
const QUIET_KINDS = new Set(['hello', 'pull', 'flood']);

/** Group-commit window of durable writes, as the SQLite adapter uses. */
const GROUP_COMMIT_MS = 2;

/** The services a node takes from the run that hosts it. */
export interface NodeEnvironment {
  queue: EventQueue;
  random: SeededRandom;
  trace: Trace;
  network: () => SimulatedNetwork;
  limits: TwoPhaseCommitLimits;
  timers: LinkStateTimers;
  reservation: ClockReservation;
  plantedBugs: ReadonlySet<PlantedBug>;
  violation: (text: string) => void;
  observeStamp: StampObserver;
  observeAgeRule: (event: AgeRuleEvent) => void;
  /** Called with each own clock counter value handed out. */
  observeIssue: (airline: string, own: number) => void;
  /** Called at each start with the own counter the node resumes at. */
  observeResume: (airline: string, resumedAt: number) => void;
}

interface Roles {
  participant: ParticipantRole;
  coordinator: CoordinatorRole;
  booking: BookingRole;
  linkState: LinkStateRole;
}

/**
 * One airline node in the simulation: its durable storage survives crashes, and everything else
 * (clock, roles, timers) is rebuilt from storage at each start, following the recovery of the
 * node's services.
 */
export class SimulatedNode implements NetworkHost, NodeServices {
  running = false;
  pausedUntil = 0;
  incarnation = 0;
  readonly disk: SimulatedDisk;
  clock!: SimulatedVectorClock;
  roles: Roles | null = null;
  /** Starts so far; the first is the initial boot. */
  starts = 0;

  constructor(
    readonly code: string,
    private readonly seeds: string[],
    private readonly ownFlights: AdvertisedFlight[],
    private readonly environment: NodeEnvironment,
  ) {
    this.disk = new SimulatedDisk(GROUP_COMMIT_MS, (delayMs, run) =>
      environment.queue.schedule(environment.queue.now + delayMs, run),
    );
  }

  get limits(): TwoPhaseCommitLimits {
    return this.environment.limits;
  }

  get random(): SeededRandom {
    return this.environment.random;
  }

  planted(bug: PlantedBug): boolean {
    return this.environment.plantedBugs.has(bug);
  }

  /** True once recovery finished and the node answers requests. */
  get serving(): boolean {
    return this.running && this.roles !== null;
  }

  get accepting(): boolean {
    return this.serving;
  }

  now(): number {
    return this.environment.queue.now;
  }

  at(at: number, action: () => void): void {
    this.environment.network().atHost(this, at, action);
  }

  note(kind: string, subject: string, detail: string): void {
    this.environment.trace.record({ at: this.now(), node: this.code, kind, subject, detail });
  }

  violation(text: string): void {
    this.environment.violation(text);
  }

  /** Starts the process: loads the clock, recovers every role, then serves requests. */
  start(): void {
    this.running = true;
    this.starts += 1;
    this.note('start', '', `start ${this.starts}`);
    const incarnation = this.incarnation;
    this.clock = new SimulatedVectorClock(
      this.code,
      this.disk,
      this.environment.reservation,
      (delayMs, run) => this.at(this.now() + delayMs, run),
      (own) => this.environment.observeIssue(this.code, own),
    );
    this.clock.load((resumedAt) => {
      if (incarnation !== this.incarnation) {
        return;
      }
      this.environment.observeResume(this.code, resumedAt);
      this.bootstrap();
    });
  }

  /** Stops the process at once; storage keeps what its crash semantics keep. */
  crash(kind: CrashKind): number {
    this.running = false;
    this.incarnation += 1;
    this.roles = null;
    this.pausedUntil = 0;
    const lost = this.disk.crash(kind, this.environment.random.integer(0, this.disk.unsyncedCount));
    this.note('crash', '', `${kind}, ${lost} writes lost`);
    return lost;
  }

  /** Stops handling anything until `until`, as SIGSTOP does; messages wait for it. */
  pause(until: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, until);
    this.note('pause', '', `until ${until}`);
  }

  /** Handles a request from another node or a client. */
  receive(request: Envelope, respond: (response: Envelope) => void): void {
    const roles = this.roles;
    if (roles === null) {
      return; // Still recovering: the HTTP server is not listening yet, so the caller times out.
    }
    if (request.from === 'client') {
      this.handleClient(roles, request, (body) =>
        respond({
          kind: `${request.kind}-answer`,
          subject: request.subject,
          from: this.code,
          clock: {},
          body,
        }),
      );
      return;
    }
    const incarnation = this.incarnation;
    this.clock.receive(request.clock, () => {
      if (incarnation !== this.incarnation) {
        return;
      }
      this.handlePeer(roles, request, (body) =>
        this.clock.tick((clock) =>
          respond({
            kind: `${request.kind}-response`,
            subject: request.subject,
            from: this.code,
            clock: { ...clock.entries() },
            body,
            quiet: QUIET_KINDS.has(request.kind),
          }),
        ),
      );
    });
  }

  send(
    to: string,
    kind: string,
    subject: string,
    body: unknown,
    timeoutMs: number,
    onResponse: (body: unknown) => void,
    onFailure: (failure: DeliveryFailure) => void,
  ): void {
    const incarnation = this.incarnation;
    this.clock.tick((clock) => {
      if (incarnation !== this.incarnation) {
        return;
      }
      const quiet = QUIET_KINDS.has(kind);
      this.environment.trace.record(
        { at: this.now(), node: this.code, kind, subject, detail: `to ${to}` },
        quiet,
      );
      this.environment.network().request(
        this,
        to,
        { kind, subject, from: this.code, clock: { ...clock.entries() }, body, quiet },
        timeoutMs,
        (response) =>
          this.clock.receive(response.clock, () => {
            if (incarnation === this.incarnation) {
              onResponse(response.body);
            }
          }),
        onFailure,
      );
    });
  }

  /** Flights of this airline as stored, in the form its own advertisement takes. */
  advertisedFlights(): AdvertisedFlight[] {
    return this.ownFlights.map((flight) => ({
      ...flight,
      seatsAvailable:
        this.disk.read<FlightRow>('flights', flight.id)?.available ?? flight.seatsAvailable,
    }));
  }

  private bootstrap(): void {
    const linkState = new LinkStateRole(this, {
      name: `Airline ${this.code}`,
      seeds: this.seeds,
      timers: this.environment.timers,
    });
    let coordinator: CoordinatorRole | null = null;
    const booking = new BookingRole(
      this,
      () => coordinator as CoordinatorRole,
      {
        airlineOf: (flightId) => linkState.airlineOf(flightId),
        isReachable: (airline) => linkState.machine.isReachable(airline),
        airlines: () => Object.keys(linkState.machine.summary()),
      },
      this.environment.observeStamp,
    );
    const participant = new ParticipantRole(
      this,
      { answerLocally: (txId) => coordinator?.answerQuery(txId) ?? null },
      (flights) =>
        linkState.seatsChanged(
          flights.map((flight) => ({
            flightId: flight.flightId,
            seatsAvailable: flight.available,
          })),
        ),
      this.environment.observeAgeRule,
    );
    coordinator = new CoordinatorRole(this, participant, (record, outcome, done) =>
      booking.followDecision(record, outcome, done),
    );
    const roles: Roles = { participant, coordinator, booking, linkState };
    const incarnation = this.incarnation;

    participant.recover();
    coordinator.recover();
    booking.recover(() => {
      if (incarnation !== this.incarnation) {
        return;
      }
      linkState.start(this.advertisedFlights());
      this.roles = roles;
      this.note('serving', '', `clock ${this.clock.current().toHeader()}`);
    });
  }

  private handlePeer(roles: Roles, request: Envelope, respond: (body: unknown) => void): void {
    switch (request.kind) {
      case 'prepare':
        roles.participant.prepare(request.body as MsgPrepare, respond);
        return;
      case 'decision':
        roles.participant.decide(request.body as MsgDecision, () =>
          respond({ acknowledged: true }),
        );
        return;
      case 'query-decision':
        respond(roles.coordinator.answerQuery((request.body as { txId: string }).txId));
        return;
      case 'query-peer': {
        const query = request.body as { txId: string; coordinator: string };
        roles.participant.answerPeer(query.txId, query.coordinator, respond);
        return;
      }
      case 'claim-key':
        roles.booking.claimHere(request.body as PurchaseKeyRow, respond);
        return;
      case 'replay-key': {
        const query = request.body as { accountId: string; idempotencyKey: string };
        roles.booking.replayKey(query.accountId, query.idempotencyKey, respond);
        return;
      }
      case 'hello':
        roles.linkState.receiveHello(request.body as never, respond);
        return;
      case 'flood':
        roles.linkState.receiveFlood(request.body as never, () => respond({}));
        return;
      case 'pull':
        respond(roles.linkState.database((request.body as { origins: string[] }).origins));
        return;
      default:
        this.violation(`${this.code} received unknown request kind ${request.kind}`);
    }
  }

  private handleClient(roles: Roles, request: Envelope, respond: (body: unknown) => void): void {
    if (request.kind === 'purchase') {
      roles.booking.purchase(request.body as PurchaseRequest, respond);
    } else if (request.kind === 'cancel') {
      const body = request.body as { accountId: string; locator: string };
      roles.booking.cancel(body.accountId, body.locator, respond);
    } else {
      this.violation(`${this.code} received unknown client request ${request.kind}`);
    }
  }
}
