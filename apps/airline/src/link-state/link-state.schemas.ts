import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';

import {
  ADVERTISEMENT_FLIGHTS_MAX,
  FLOOD_ADVERTISEMENTS_MAX,
  FLOOD_UPDATES_MAX,
  NEIGHBORS_MAX,
  UPDATE_SEAT_CHANGES_MAX,
} from '@interline/link-state';

/** OpenAPI schemas of the link-state messages; validation itself is done by the protocol core. */
const airlineCode: SchemaObject = { type: 'string', pattern: '^[A-Z0-9]{2}$', example: 'IP' };

const summary: SchemaObject = {
  type: 'object',
  additionalProperties: { type: 'integer', minimum: 1 },
  example: { JG: 12, IP: 40, RC: 7 },
  description: 'Latest sequence held per origin airline.',
};

const flight: SchemaObject = {
  type: 'object',
  required: [
    'id',
    'airline',
    'flightNumber',
    'serviceDate',
    'origin',
    'destination',
    'departureAt',
    'arrivalAt',
    'capacity',
    'fareCents',
    'seatsAvailable',
  ],
  properties: {
    id: { type: 'string', example: 'IP9002-20261224' },
    airline: airlineCode,
    flightNumber: { type: 'string', example: '9002' },
    serviceDate: { type: 'string', example: '2026-12-24' },
    origin: { type: 'string', example: 'FOR' },
    destination: { type: 'string', example: 'CWB' },
    departureAt: { type: 'integer', description: 'Epoch milliseconds.' },
    arrivalAt: { type: 'integer', description: 'Epoch milliseconds.' },
    capacity: { type: 'integer', minimum: 1 },
    fareCents: { type: 'integer', minimum: 1 },
    seatsAvailable: { type: 'integer', minimum: 0 },
  },
};

export const ADVERTISEMENT_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['origin', 'sequence', 'airlineName', 'nodeUrl', 'neighbors', 'flights'],
  properties: {
    origin: airlineCode,
    sequence: {
      type: 'integer',
      minimum: 1,
      description: 'Grows with every change, across restarts.',
    },
    airlineName: { type: 'string', example: 'Ipê Linhas Aéreas' },
    nodeUrl: { type: 'string', example: 'http://127.0.0.1:4312' },
    neighbors: { type: 'array', items: airlineCode, maxItems: NEIGHBORS_MAX },
    flights: { type: 'array', items: flight, maxItems: ADVERTISEMENT_FLIGHTS_MAX },
  },
};

const update: SchemaObject = {
  type: 'object',
  required: ['origin', 'sequence', 'previousSequence', 'seats'],
  properties: {
    origin: airlineCode,
    sequence: { type: 'integer', minimum: 2 },
    previousSequence: { type: 'integer', minimum: 1, description: 'Always sequence - 1.' },
    seats: {
      type: 'array',
      maxItems: UPDATE_SEAT_CHANGES_MAX,
      items: {
        type: 'object',
        properties: {
          flightId: { type: 'string' },
          seatsAvailable: { type: 'integer', minimum: 0 },
        },
      },
    },
    neighbors: {
      type: 'array',
      items: airlineCode,
      description: 'Replaces the adjacency list when present.',
    },
  },
};

export const HELLO_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['from', 'url', 'summary'],
  properties: {
    from: airlineCode,
    url: { type: 'string', example: 'http://127.0.0.1:4312' },
    summary,
  },
};

export const FLOOD_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['from', 'advertisements', 'updates'],
  properties: {
    from: airlineCode,
    advertisements: {
      type: 'array',
      items: ADVERTISEMENT_SCHEMA,
      maxItems: FLOOD_ADVERTISEMENTS_MAX,
    },
    updates: { type: 'array', items: update, maxItems: FLOOD_UPDATES_MAX },
  },
};

export const DATABASE_SCHEMA: SchemaObject = {
  type: 'object',
  properties: { advertisements: { type: 'array', items: ADVERTISEMENT_SCHEMA } },
};

export const SUMMARY_SCHEMA: SchemaObject = { type: 'object', properties: { summary } };
