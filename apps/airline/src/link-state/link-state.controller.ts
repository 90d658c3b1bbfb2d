import {
  BadRequestException,
  Body,
  Controller,
  Get,
  HttpCode,
  Logger,
  Post,
  Query,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiSecurity,
  ApiTags,
} from '@nestjs/swagger';

import {
  type DatabaseMessage,
  type DatabaseSummary,
  type HelloMessage,
  LinkStateService,
  validateFloodMessage,
  validateHelloMessage,
} from '@interline/link-state';

import { rejectMalformed } from '../http/malformed-message';
import { ApiSignatureHeaders } from '../http/signature-headers.decorator';
import { DATABASE_SCHEMA, FLOOD_SCHEMA, HELLO_SCHEMA, SUMMARY_SCHEMA } from './link-state.schemas';

const ORIGINS_PATTERN = /^[A-Z0-9]{2}(,[A-Z0-9]{2})*$/;

/**
 * Link-state endpoints other nodes call: hellos, floods of advertisements and updates, and the
 * database (whole or summary) a joining or lagging node pulls. Signed like every `/v1` route.
 */
@ApiTags('link-state')
@ApiSecurity('cluster-signature')
@ApiSignatureHeaders()
@Controller('v1/link-state')
export class LinkStateController {
  private readonly logger = new Logger('LinkState');

  constructor(private readonly linkState: LinkStateService) {}

  @Get('database')
  @ApiOperation({
    summary: 'Link-state database',
    description:
      'The latest full advertisement of each airline this node holds, with updates applied. Peers pull it when they join or find a gap.',
  })
  @ApiQuery({
    name: 'origins',
    required: false,
    description: 'Comma-separated airline codes; all when omitted.',
    example: 'JG,RC',
  })
  @ApiOkResponse({ schema: DATABASE_SCHEMA })
  database(@Query('origins') origins?: string): DatabaseMessage {
    if (origins !== undefined && !ORIGINS_PATTERN.test(origins)) {
      throw new BadRequestException(
        `origins ${JSON.stringify(origins)} must be comma-separated airline codes, e.g. JG,RC`,
      );
    }
    return this.linkState.database(origins?.split(','));
  }

  @Get('summary')
  @ApiOperation({
    summary: 'Database summary',
    description: 'The latest sequence held per airline, to compare databases cheaply.',
  })
  @ApiOkResponse({ schema: SUMMARY_SCHEMA })
  summary(): { summary: DatabaseSummary } {
    return { summary: this.linkState.summary() };
  }

  @Post('hello')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Hello',
    description:
      "Liveness and database digest. The reply is this node's own hello; each side pulls what the other holds newer.",
  })
  @ApiBody({ schema: HELLO_SCHEMA })
  @ApiOkResponse({ schema: HELLO_SCHEMA })
  @ApiBadRequestResponse({ description: 'Malformed hello; the errors are listed.' })
  async hello(@Body() body: unknown): Promise<HelloMessage> {
    const result = validateHelloMessage(body);
    if (!result.ok) {
      this.reject('hello', result.errors);
    }
    return this.linkState.receiveHello(result.value);
  }

  @Post('flood')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Flood',
    description:
      'Newer advertisements and updates from a neighbour. Stored durably before the response and forwarded to the other neighbours; older or duplicate ones are dropped.',
  })
  @ApiBody({ schema: FLOOD_SCHEMA })
  @ApiOkResponse({
    schema: { type: 'object', properties: { stored: { type: 'boolean', example: true } } },
  })
  @ApiBadRequestResponse({ description: 'Malformed or oversized flood; nothing is stored.' })
  async flood(@Body() body: unknown): Promise<{ stored: true }> {
    const result = validateFloodMessage(body);
    if (!result.ok) {
      this.reject('flood', result.errors);
    }
    await this.linkState.receiveFlood(result.value);
    return { stored: true };
  }

  private reject(message: string, errors: string[]): never {
    rejectMalformed(this.logger, message, 'INVALID_LINK_STATE_MESSAGE', errors);
  }
}
