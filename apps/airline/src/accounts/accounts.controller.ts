import { Body, ConflictException, Controller, Headers, HttpCode, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiSecurity,
  ApiTags,
} from '@nestjs/swagger';

import { SignatureHeader } from '../cluster-auth/request-signature';
import { ErrorResponseDto } from '../http/node.dto';
import { ApiSignatureHeaders } from '../http/signature-headers.decorator';
import {
  CreateAccountDto,
  CreatedAccountDto,
  type VerificationAnswer,
  VerificationAnswerDto,
  VerifyCredentialsDto,
} from './accounts.dto';
import { AccountsService } from './accounts.service';

/**
 * Account directory endpoints other airline nodes call: store an account this node owns, and
 * check credentials against the accounts this node keeps. Signed like every `/v1` route.
 */
@ApiTags('accounts')
@ApiSecurity('cluster-signature')
@ApiSignatureHeaders()
@Controller('v1/accounts')
export class AccountsController {
  constructor(private readonly accounts: AccountsService) {}

  @Post()
  @ApiOperation({
    summary: 'Store a forwarded registration',
    description:
      'Stores an account whose email this node owns. The calling node hashed the password; the password itself never travels.',
  })
  @ApiBody({ type: CreateAccountDto })
  @ApiCreatedResponse({ type: CreatedAccountDto })
  @ApiConflictResponse({
    type: ErrorResponseDto,
    description: 'EMAIL_TAKEN: an account with this email is already stored here.',
  })
  @ApiBadRequestResponse({
    description: 'Missing or invalid fields. The response lists each error.',
  })
  async create(
    @Body() body: CreateAccountDto,
    @Headers(SignatureHeader.airline) peer: string,
  ): Promise<CreatedAccountDto> {
    const outcome = await this.accounts.createForwardedAccount(body, peer);
    if (!outcome.ok) {
      throw new ConflictException({
        statusCode: 409,
        error: 'Conflict',
        code: outcome.code,
        message: 'An account with this email already exists. Log in with it or use another email.',
      });
    }
    return { account: outcome.account };
  }

  @Post('verify')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Check credentials',
    description:
      'Checks an email and password against the accounts this node keeps, applying its log-in throttle. A refusal is a 200 answer with `verified: false` and a code; ACCOUNT_NOT_FOUND tells the caller to ask another node. The password hash is never returned.',
  })
  @ApiBody({ type: VerifyCredentialsDto })
  @ApiOkResponse({ type: VerificationAnswerDto })
  @ApiBadRequestResponse({
    description: 'Missing or invalid fields. The response lists each error.',
  })
  verify(
    @Body() body: VerifyCredentialsDto,
    @Headers(SignatureHeader.airline) peer: string,
  ): Promise<VerificationAnswer> {
    return this.accounts.verifyCredentials(body, peer);
  }
}
