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

  @ApiProperty({ nullable: true, type: String, format: 'date-time' })
  lastProbeAt!: string | null;

  @ApiProperty({ nullable: true, type: String })
  lastError!: string | null;
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

  @ApiProperty({ type: [PeerStateDto], description: 'Configured seed peers and their last probe.' })
  peers!: PeerStateDto[];
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
