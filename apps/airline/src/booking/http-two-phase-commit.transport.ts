import { Injectable, Logger } from '@nestjs/common';

import { LinkStateService } from '@interline/link-state';
import {
  DeliveryError,
  type DecisionAnswer,
  type MsgDecision,
  type MsgPrepare,
  type PeerStateAnswer,
  type TwoPhaseCommitTransport,
  type Vote,
  isDecisionAnswer,
  isPeerStateAnswer,
  validateVote,
} from '@interline/two-phase-commit';

import { PeerRequestError, SignedHttpClient } from '../cluster-auth/signed-http-client';

/** Timeout of a decision, decision query or peer query; they only read or apply a record. */
const SHORT_REQUEST_TIMEOUT_MS = 2_000;

/**
 * Carries two-phase commit messages over signed HTTP to the node of each airline, found in the
 * link-state map. An airline the map marks unreachable is not called at all: a purchase must
 * never wait on it.
 */
@Injectable()
export class HttpTwoPhaseCommitTransport implements TwoPhaseCommitTransport {
  private readonly logger = new Logger('Transactions');

  constructor(
    private readonly http: SignedHttpClient,
    private readonly linkState: LinkStateService,
  ) {}

  async prepare(participant: string, message: MsgPrepare, timeoutMs: number): Promise<Vote> {
    this.logger.debug({ msg: 'Prepare sent', txId: message.txId, peer: participant });
    const answer = await this.call<unknown>(participant, {
      method: 'POST',
      path: `/v1/transactions/${encodeURIComponent(message.txId)}/prepare`,
      body: message,
      timeoutMs,
    });
    const vote = validateVote(answer);
    if (!vote.ok) {
      throw new DeliveryError(participant, 'REJECTED', `invalid vote: ${vote.problems.join('; ')}`);
    }
    return vote.value;
  }

  async decide(participant: string, message: MsgDecision): Promise<void> {
    const action = message.decision === 'COMMIT' ? 'commit' : 'abort';
    await this.call(participant, {
      method: 'POST',
      path: `/v1/transactions/${encodeURIComponent(message.txId)}/${action}`,
      body: {},
      timeoutMs: SHORT_REQUEST_TIMEOUT_MS,
    });
  }

  async queryDecision(coordinator: string, txId: string): Promise<DecisionAnswer> {
    const answer = await this.call<{ answer?: unknown }>(coordinator, {
      method: 'GET',
      path: `/v1/transactions/${encodeURIComponent(txId)}`,
      timeoutMs: SHORT_REQUEST_TIMEOUT_MS,
    });
    if (!isDecisionAnswer(answer.answer)) {
      throw new DeliveryError(
        coordinator,
        'REJECTED',
        `invalid decision answer ${JSON.stringify(answer.answer)}`,
      );
    }
    return answer.answer;
  }

  async queryPeer(peer: string, txId: string, coordinator: string): Promise<PeerStateAnswer> {
    const answer = await this.call<{ answer?: unknown }>(peer, {
      method: 'GET',
      path: `/v1/transactions/${encodeURIComponent(txId)}/participant-state?coordinator=${coordinator}`,
      timeoutMs: SHORT_REQUEST_TIMEOUT_MS,
    });
    if (!isPeerStateAnswer(answer.answer)) {
      throw new DeliveryError(
        peer,
        'REJECTED',
        `invalid participant state ${JSON.stringify(answer.answer)}`,
      );
    }
    return answer.answer;
  }

  private async call<T>(
    airline: string,
    request: { method: 'GET' | 'POST'; path: string; body?: unknown; timeoutMs: number },
  ): Promise<T> {
    const peer = this.linkState.nodeUrl(airline);
    if (peer === null || !this.linkState.isReachable(airline)) {
      throw new DeliveryError(
        airline,
        'UNREACHABLE',
        'the link-state map marks the airline unreachable',
      );
    }
    try {
      return await this.http.request<T>({ peer, ...request });
    } catch (error) {
      if (!(error instanceof PeerRequestError)) {
        throw error;
      }
      const failure =
        error.kind === 'timeout'
          ? 'TIMEOUT'
          : error.kind === 'unreachable'
            ? 'UNREACHABLE'
            : 'REJECTED';
      throw new DeliveryError(airline, failure, error.message);
    }
  }
}
