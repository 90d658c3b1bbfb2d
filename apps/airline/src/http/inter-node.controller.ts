import { BadRequestException, Controller, Get, Inject, Query } from '@nestjs/common';
import {
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiSecurity,
  ApiTags,
} from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';

import { isCalendarDate } from '@interline/contracts';

import { CatalogService } from '../catalog/catalog.service';
import type { AirlineConfig } from '../config/airline-config';
import { AIRLINE_CONFIG } from '../config/config.module';
import { AirlineDto, NodeIdentity } from './node.dto';
import { ApiSignatureHeaders } from './signature-headers.decorator';
import { describeNode } from './node-identity';

export class FlightsQueryDto {
  @ApiProperty({
    example: '2026-12-24',
    description: 'Departure date local to the origin airport.',
  })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'date must be YYYY-MM-DD, e.g. 2026-12-24' })
  date!: string;

  @ApiPropertyOptional({ example: 'SSA' })
  @IsOptional()
  @Matches(/^[A-Z]{3}$/, { message: 'origin must be a 3-letter IATA code, e.g. SSA' })
  origin?: string;

  @ApiPropertyOptional({ example: 'FOR' })
  @IsOptional()
  @Matches(/^[A-Z]{3}$/, { message: 'destination must be a 3-letter IATA code, e.g. FOR' })
  destination?: string;
}

export class FlightDto {
  @ApiProperty({ example: 'JG1001-20261224' }) id!: string;
  @ApiProperty({ type: AirlineDto }) airline!: AirlineDto;
  @ApiProperty({ example: '1001' }) flightNumber!: string;
  @ApiProperty({ example: '2026-12-24' }) serviceDate!: string;
  @ApiProperty({ example: 'SSA' }) origin!: string;
  @ApiProperty({ example: 'FOR' }) destination!: string;
  @ApiProperty({ format: 'date-time' }) departureAt!: string;
  @ApiProperty({ format: 'date-time' }) arrivalAt!: string;
  @ApiProperty({ example: 'America/Bahia' }) originTimeZone!: string;
  @ApiProperty({ example: 'America/Fortaleza' }) destinationTimeZone!: string;
  @ApiProperty({ example: 100 }) capacity!: number;
  @ApiProperty({ example: 100 }) seatsAvailable!: number;
  @ApiProperty({ example: 48900, description: 'Fare per passenger in integer BRL cents.' })
  fareCents!: number;
}

export class FlightsResponseDto {
  @ApiProperty({ type: AirlineDto }) airline!: AirlineDto;
  @ApiProperty({ example: '2026-12-24' }) date!: string;
  @ApiProperty({ type: [FlightDto] }) flights!: FlightDto[];
}

/** Endpoints other airline nodes call. Every request must carry a cluster-key signature. */
@ApiTags('inter-node')
@ApiSecurity('cluster-signature')
@ApiSignatureHeaders()
@Controller('v1')
export class InterNodeController {
  constructor(
    @Inject(AIRLINE_CONFIG) private readonly config: AirlineConfig,
    private readonly catalog: CatalogService,
  ) {}

  @Get('identity')
  @ApiOperation({
    summary: 'Signed identity',
    description:
      'Same body as GET /, but only for callers holding the cluster key; peers use it as a liveness probe.',
  })
  @ApiOkResponse({ type: NodeIdentity })
  identity(): NodeIdentity {
    return describeNode(this.config);
  }

  @Get('flights')
  @ApiOperation({
    summary: "This airline's flights on a date",
    description: 'Flights departing on a local date with their seat availability.',
  })
  @ApiOkResponse({ type: FlightsResponseDto })
  async flights(@Query() query: FlightsQueryDto): Promise<FlightsResponseDto> {
    if (!isCalendarDate(query.date)) {
      throw new BadRequestException(
        `date ${query.date} is not a calendar date; use YYYY-MM-DD, e.g. 2026-12-24`,
      );
    }
    const flights = await this.catalog.listFlights(query.date, {
      origin: query.origin,
      destination: query.destination,
    });
    return { airline: this.catalog.airline(), date: query.date, flights };
  }
}
