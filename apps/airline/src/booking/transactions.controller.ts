import {
  Body,
  ConflictException,
  Controller,
  Get,
  HttpCode,
  Logger,
  Param,
  Post,
  Query,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConflictResponse,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiSecurity,
  ApiTags,
} from '@nestjs/swagger';

import {
  CoordinatorService,
  type DecisionAnswer,
  ParticipantService,
  type PeerStateAnswer,
  ProtocolViolationError,
  TRANSACTION_ID_PATTERN,
  type Vote,
  validatePrepareMessage,
} from '@interline/two-phase-commit';

import { rejectMalformed } from '../http/malformed-message';
import { ApiSignatureHeaders } from '../http/signature-headers.decorator';
import {
  ACK_SCHEMA,
  DECISION_ANSWER_SCHEMA,
  PEER_STATE_SCHEMA,
  PREPARE_SCHEMA,
  VOTE_SCHEMA,
} from './transactions.schemas';

const AIRLINE_PATTERN = /^[A-Z0-9]{2}$/;

/**
 * Two-phase commit endpoints: prepare, commit and abort on a participant; the decision query on
 * the coordinator; the participant-state query between participants (cooperative termination).
 * Signed like every `/v1` route.
 */
@ApiTags('transactions')
@ApiSecurity('cluster-signature')
@ApiSignatureHeaders()
@Controller('v1/transactions')
export class TransactionsController {
  private readonly logger = new Logger('Transactions');

  constructor(
    private readonly participant: ParticipantService,
    private readonly coordinator: CoordinatorService,
  ) {}

  @Post(':txId/prepare')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Prepare',
    description:
      'Validates the legs of this airline, holds the seats and stores the PREPARED record durably, then votes YES; or votes NO with SOLD_OUT, BUSY (seats held by older purchases) or INVALID. Idempotent per transaction id. An older purchase may be kept waiting for younger holds, never past its deadline.',
  })
  @ApiBody({ schema: PREPARE_SCHEMA })
  @ApiOkResponse({ schema: VOTE_SCHEMA })
  @ApiBadRequestResponse({ description: 'Malformed prepare; the problems are listed.' })
  async prepare(@Param('txId') txId: string, @Body() body: unknown): Promise<Vote> {
    const message = validatePrepareMessage(body);
    if (!message.ok) {
      this.reject('prepare', message.problems);
    }
    if (message.value.txId !== txId) {
      this.reject('prepare', [`body txId ${message.value.txId} differs from the path (${txId})`]);
    }
    this.logger.debug({ msg: 'Prepare received', txId, peer: message.value.coordinator });
    return this.participant.prepare(message.value);
  }

  @Post(':txId/commit')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Commit',
    description:
      'Turns the held seats into sold seats and coupons (or voids the coupons of a cancellation) durably, then acknowledges. Repeating it acknowledges again.',
  })
  @ApiOkResponse({ schema: ACK_SCHEMA })
  @ApiConflictResponse({
    description: 'The transaction is unknown here or was aborted: a protocol violation.',
  })
  commit(@Param('txId') txId: string): Promise<{ txId: string; acknowledged: true }> {
    return this.decide(txId, 'COMMIT');
  }

  @Post(':txId/abort')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Abort',
    description:
      'Releases the held seats, then acknowledges. An abort for an unknown transaction leaves a tombstone so that a late prepare is refused.',
  })
  @ApiOkResponse({ schema: ACK_SCHEMA })
  @ApiConflictResponse({ description: 'The transaction was committed here: a protocol violation.' })
  abort(@Param('txId') txId: string): Promise<{ txId: string; acknowledged: true }> {
    return this.decide(txId, 'ABORT');
  }

  @Get(':txId')
  @ApiOperation({
    summary: 'Decision query',
    description:
      "The coordinator's decision, asked by a participant whose vote is in doubt. UNKNOWN means no record: presumed abort.",
  })
  @ApiOkResponse({ schema: DECISION_ANSWER_SCHEMA })
  async decision(@Param('txId') txId: string): Promise<{ txId: string; answer: DecisionAnswer }> {
    this.checkTxId(txId);
    return { txId, answer: await this.coordinator.answerQuery(txId) };
  }

  @Get(':txId/participant-state')
  @ApiOperation({
    summary: 'Participant state',
    description:
      'Asked by another participant when the coordinator is unreachable. A participant that never voted answers ABORTED and from then on refuses the prepare.',
  })
  @ApiQuery({ name: 'coordinator', example: 'JG' })
  @ApiOkResponse({ schema: PEER_STATE_SCHEMA })
  async participantState(
    @Param('txId') txId: string,
    @Query('coordinator') coordinator: string,
  ): Promise<{ txId: string; answer: PeerStateAnswer }> {
    this.checkTxId(txId);
    if (typeof coordinator !== 'string' || !AIRLINE_PATTERN.test(coordinator)) {
      this.reject('participant-state query', [
        `coordinator ${JSON.stringify(coordinator)} must be an airline code such as JG`,
      ]);
    }
    return { txId, answer: await this.participant.answerPeer(txId, coordinator) };
  }

  private async decide(
    txId: string,
    decision: 'COMMIT' | 'ABORT',
  ): Promise<{ txId: string; acknowledged: true }> {
    this.checkTxId(txId);
    try {
      await this.participant.decide({ txId, decision });
    } catch (error) {
      if (error instanceof ProtocolViolationError) {
        this.logger.error({ msg: 'Protocol violation', txId, decision, error: error.message });
        throw new ConflictException({
          statusCode: 409,
          code: 'PROTOCOL_VIOLATION',
          message: error.message,
        });
      }
      throw error;
    }
    return { txId, acknowledged: true };
  }

  private checkTxId(txId: string): void {
    if (!TRANSACTION_ID_PATTERN.test(txId)) {
      this.reject('transaction id', [
        `${JSON.stringify(txId)} does not match ${TRANSACTION_ID_PATTERN.source}`,
      ]);
    }
  }

  private reject(message: string, problems: readonly string[]): never {
    rejectMalformed(this.logger, message, 'INVALID_TRANSACTION_MESSAGE', problems);
  }
}
