import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class AirlineDto {
  @ApiProperty({ example: 'JG', description: 'Two-character airline code.' })
  code!: string;

  @ApiProperty({ example: 'Jangada Linhas Aéreas' })
  name!: string;
}

export class EndpointDto {
  @ApiProperty({ example: '127.0.0.1' })
  host!: string;

  @ApiProperty({ example: 4321 })
  port!: number;
}

/** Public description of a node, returned by `GET /` and by the signed `GET /v1/identity`. */
export class NodeIdentity {
  @ApiProperty({ example: 'interline-airline-node' })
  service!: string;

  @ApiProperty({ type: AirlineDto })
  airline!: AirlineDto;

  @ApiProperty({ example: '0.1.0' })
  version!: string;

  @ApiProperty({
    type: EndpointDto,
    description: 'Where passengers connect: the TCP client gateway.',
  })
  gateway!: EndpointDto;

  @ApiProperty({
    example: { docs: '/docs', openApi: '/docs-json', status: '/status', metrics: '/metrics' },
  })
  links!: Record<string, string>;
}

export class StorageHealthDto {
  @ApiProperty({ enum: ['ok', 'failing'] })
  status!: 'ok' | 'failing';

  @ApiProperty({ example: 'sqlite' })
  engine!: string;

  @ApiProperty({ example: '/srv/interline/jg/interline.sqlite' })
  location!: string;

  @ApiProperty({ example: 1, description: 'Highest applied schema migration.' })
  schemaVersion!: number;

  @ApiPropertyOptional({ description: 'Error text when the status is failing.' })
  detail?: string;
}

export class PeerStateDto {
  @ApiProperty({ example: 'http://127.0.0.1:4312' })
  url!: string;

  @ApiProperty({ example: 'IP', nullable: true, type: String })
  airline!: string | null;

  @ApiProperty({
    enum: ['unknown', 'reachable', 'unreachable', 'unauthorized'],
    description: '`unauthorized`: the peer rejected our signature, so the cluster keys differ.',
  })
  state!: 'unknown' | 'reachable' | 'unreachable' | 'unauthorized';

  @ApiProperty({ nullable: true, type: String, format: 'date-time' })
  lastSeenAt!: string | null;

  @ApiProperty({
    enum: ['seed', 'learned'],
    description: '`learned`: the peer contacted this node first.',
  })
  source!: 'seed' | 'learned';

  @ApiProperty({
    nullable: true,
    type: String,
    format: 'date-time',
    description:
      'Last hello, flood or pull sent to it, delivered or not. lastError gives the reason the last one failed.',
  })
  lastSendAt!: string | null;

  @ApiProperty({ nullable: true, type: String })
  lastError!: string | null;
}

export class AirlineStateDto {
  @ApiProperty({ example: 'RC' })
  code!: string;

  @ApiProperty({ example: 'Araucária Linhas Aéreas' })
  name!: string;

  @ApiProperty({ example: 12, description: 'Sequence of its latest advertisement held here.' })
  sequence!: number;

  @ApiProperty({
    description:
      'False when its node cannot be reached; its flights stay in the map, not sellable.',
  })
  reachable!: boolean;

  @ApiProperty({
    nullable: true,
    type: String,
    format: 'date-time',
    description:
      'When this node stored the latest change of this airline; null if none since it started.',
  })
  storedAt!: string | null;
}

export class NodeStatusDto {
  @ApiProperty({ type: AirlineDto })
  airline!: AirlineDto;

  @ApiProperty({ example: '0.1.0' })
  version!: string;

  @ApiProperty({ format: 'date-time' })
  startedAt!: string;

  @ApiProperty({ example: 3600, description: 'Seconds since the node started.' })
  uptimeSeconds!: number;

  @ApiProperty({ type: StorageHealthDto })
  storage!: StorageHealthDto;

  @ApiProperty({ example: 1800, description: 'Flights of this airline stored on this node.' })
  flightsStored!: number;

  @ApiProperty({
    type: [PeerStateDto],
    description: 'Link-state neighbours: seed peers and peers that contacted this node.',
  })
  peers!: PeerStateDto[];

  @ApiProperty({ type: [AirlineStateDto], description: 'Airlines in the link-state map.' })
  airlines!: AirlineStateDto[];
}

export class ErrorResponseDto {
  @ApiProperty({ example: 401 })
  statusCode!: number;

  @ApiProperty({ example: 'CLUSTER_AUTH_FAILED' })
  code!: string;

  @ApiProperty({
    example: 'Inter-node request rejected (bad_signature). Sign it with the cluster key.',
  })
  message!: string;
}
