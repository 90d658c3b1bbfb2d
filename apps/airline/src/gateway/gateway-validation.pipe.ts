import { type ArgumentMetadata, Injectable, type PipeTransform } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { type ValidationError, validate } from 'class-validator';

import { type FieldViolation, type Language, toLanguage } from '@interline/contracts';

import { GatewayError } from './gateway-error';
import { FIELD_TEXT, fillTemplate } from './gateway-messages';

/** Fields whose value is never echoed back in an error. */
const SECRET_FIELDS = new Set(['password', 'token']);

/**
 * Validates a gateway payload against its request class (class-validator). Unknown fields,
 * wrong types and rule violations become one `INVALID_REQUEST` error listing every field, in the
 * language the payload asked for.
 */
@Injectable()
export class GatewayValidationPipe implements PipeTransform {
  async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const requestClass = metadata.metatype;
    if (metadata.type === 'custom' || !requestClass || requestClass === Object) {
      return value;
    }
    const lang = toLanguage((value as { lang?: unknown } | null)?.lang);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw invalid(lang, [{ field: '(data)', message: FIELD_TEXT.notObject[lang] }]);
    }

    const instance = plainToInstance(requestClass as new () => object, value);
    const errors = await validate(instance, {
      whitelist: true,
      forbidNonWhitelisted: true,
    });
    if (errors.length > 0) {
      throw invalid(
        lang,
        errors.map((error) => toViolation(error, lang)),
      );
    }
    return instance;
  }
}

function invalid(lang: Language, violations: FieldViolation[]): GatewayError {
  return GatewayError.of('INVALID_REQUEST', lang, { count: violations.length }, { violations });
}

/** Builds one violation per field, naming every rule the value breaks. */
function toViolation(error: ValidationError, lang: Language): FieldViolation {
  const problems = Object.entries(error.constraints ?? { unknown: '' }).map(
    ([constraint, englishDefault]) => {
      // Custom messages on @Matches name the FIELD_TEXT key (e.g. 'date'); built-in ones use the constraint name.
      const key = FIELD_TEXT[englishDefault] ? englishDefault : constraint;
      const template = FIELD_TEXT[key]?.[lang] ?? FIELD_TEXT.unknown[lang];
      return fillTemplate(template, constraintArguments(error, constraint));
    },
  );
  const violation: FieldViolation = {
    field: error.property,
    message: `${error.property}: ${[...new Set(problems)].join('; ')}`,
  };
  if (!SECRET_FIELDS.has(error.property)) {
    violation.value = error.value;
  }
  return violation;
}

/** Limits a rule names in its message, from the `context` its decorator declares. */
function constraintArguments(
  error: ValidationError,
  constraint: string,
): Record<string, string | number> {
  const context = (error.contexts ?? {})[constraint] as Record<string, string | number> | undefined;
  return context ?? {};
}
