import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';

/** OpenAPI schemas of the two-phase commit messages; validation is done by the protocol core. */
const airlineCode: SchemaObject = { type: 'string', pattern: '^[A-Z0-9]{2}$', example: 'IP' };
const flightId: SchemaObject = { type: 'string', example: 'IP9002-20261205' };

export const PREPARE_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['txId', 'coordinator', 'participants', 'payload', 'stamp', 'deadlineAt'],
  properties: {
    txId: { type: 'string', example: 'K7QW2M.p1.3f9c2a1b' },
    coordinator: airlineCode,
    participants: { type: 'array', items: airlineCode, example: ['IP', 'JG', 'RC'] },
    payload: {
      type: 'object',
      required: ['kind', 'locator', 'passengers', 'legs'],
      properties: {
        kind: { type: 'string', enum: ['purchase', 'cancel'] },
        locator: { type: 'string', example: 'K7QW2M' },
        passengers: { type: 'array', items: { type: 'string' }, example: ['Maria Souza'] },
        legs: {
          type: 'array',
          items: {
            type: 'object',
            required: ['flightId', 'airline', 'seats'],
            properties: { flightId, airline: airlineCode, seats: { type: 'integer', minimum: 1 } },
          },
        },
      },
    },
    stamp: {
      type: 'object',
      description: 'Priority: lower time is older; ties broken by airline code.',
      properties: { time: { type: 'integer', example: 42 }, airline: airlineCode },
    },
    deadlineAt: {
      type: 'integer',
      description: 'Epoch milliseconds after which the coordinator aborts without this vote.',
    },
  },
};

export const VOTE_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['vote'],
  properties: {
    vote: { type: 'string', enum: ['YES', 'NO'] },
    tickets: {
      type: 'array',
      description: 'With YES: the ticket numbers issued (purchase) or to be voided (cancellation).',
      items: {
        type: 'object',
        properties: {
          flightId,
          passenger: { type: 'string' },
          ticketNumber: { type: 'string', example: '95700000000011' },
        },
      },
    },
    reason: { type: 'string', enum: ['SOLD_OUT', 'BUSY', 'INVALID', 'ABORTED'] },
    flightIds: { type: 'array', items: flightId },
    detail: { type: 'string' },
  },
};

export const ACK_SCHEMA: SchemaObject = {
  type: 'object',
  properties: { txId: { type: 'string' }, acknowledged: { type: 'boolean', example: true } },
};

export const DECISION_ANSWER_SCHEMA: SchemaObject = {
  type: 'object',
  properties: {
    txId: { type: 'string' },
    answer: {
      type: 'string',
      enum: ['COMMIT', 'ABORT', 'PENDING', 'UNKNOWN'],
      description: 'UNKNOWN: no record here; under presumed abort the asker aborts.',
    },
  },
};

export const PEER_STATE_SCHEMA: SchemaObject = {
  type: 'object',
  properties: {
    txId: { type: 'string' },
    answer: { type: 'string', enum: ['COMMITTED', 'ABORTED', 'UNCERTAIN'] },
  },
};
