import {
  buildPurchaseFields,
  generateIdempotencyKey,
  parseFlightIds,
  parseIdempotencyKey,
  parseLocator,
  parsePassengerName,
  parsePassengerNames,
} from './booking-requests';
import { UsageError } from './errors';
import { IDEMPOTENCY_KEY, TOKEN } from './testing/fixtures';

/** Runs `action` and returns the UsageError it raises. */
function captureUsageError(action: () => unknown): UsageError {
  try {
    action();
  } catch (error) {
    if (error instanceof UsageError) {
      return error;
    }
    throw error;
  }
  throw new Error('expected a UsageError');
}

describe('generateIdempotencyKey', () => {
  it('has 32 URL-safe characters', () => {
    const key = generateIdempotencyKey();

    expect(key).toHaveLength(32);
    expect(key).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it('differs on each call', () => {
    const keys = new Set(Array.from({ length: 50 }, () => generateIdempotencyKey()));

    expect(keys.size).toBe(50);
  });
});

describe('parsePassengerName', () => {
  it.each([
    ['Maria Souza', 'Maria Souza'],
    ['  João   da  Silva ', 'João da Silva'],
    ["Ana D'Ávila", "Ana D'Ávila"],
    ['J. R. Tolkien-Souza', 'J. R. Tolkien-Souza'],
    ['Lu', 'Lu'],
    ['A'.repeat(60), 'A'.repeat(60)],
  ])('accepts %j', (value, expected) => {
    expect(parsePassengerName(value, '--passenger')).toBe(expected);
  });

  it.each(['M', 'A'.repeat(61), 'Maria2', '-Maria', "'Maria", 'Maria_Souza', 'Maria@Souza', ''])(
    'rejects %j',
    (value) => {
      expect(() => parsePassengerName(value, '--passenger')).toThrow(UsageError);
    },
  );

  it('names field, value and limits', () => {
    const failure = captureUsageError(() => parsePassengerName('R2D2', 'passageiro 2'));

    expect(failure.key).toBe('usage.passengerNameInvalid');
    expect(failure.params).toEqual({ option: 'passageiro 2', value: 'R2D2', min: 2, max: 60 });
  });
});

describe('parsePassengerNames', () => {
  it('keeps order and normalizes', () => {
    expect(parsePassengerNames([' Maria Souza', 'João  Souza'])).toEqual([
      'Maria Souza',
      'João Souza',
    ]);
  });

  it('rejects no passengers', () => {
    const failure = captureUsageError(() => parsePassengerNames([]));

    expect(failure.key).toBe('usage.passengerCount');
    expect(failure.params).toEqual({ count: 0, min: 1, max: 9 });
  });

  it('rejects ten passengers', () => {
    const names = Array.from({ length: 10 }, (_, index) => `Passageiro ${'ABCDEFGHIJ'[index]}`);

    expect(captureUsageError(() => parsePassengerNames(names)).params).toMatchObject({
      count: 10,
    });
  });
});

describe('parseFlightIds', () => {
  it('splits and trims', () => {
    expect(parseFlightIds('flt_jg_1402, flt_ip_3310,flt_rc_4825')).toEqual([
      'flt_jg_1402',
      'flt_ip_3310',
      'flt_rc_4825',
    ]);
  });

  it.each(['', ',', 'flt_a,,flt_b', 'a,b,c,d,e', 'flt a', 'x'.repeat(61)])(
    'rejects %j',
    (value) => {
      const failure = captureUsageError(() => parseFlightIds(value));

      expect(failure.key).toBe('usage.flightIdsInvalid');
      expect(failure.params).toEqual({ value, max: 4 });
    },
  );
});

describe('parseIdempotencyKey', () => {
  it.each([IDEMPOTENCY_KEY, 'a'.repeat(16), 'Z'.repeat(64), 'abc_DEF-123_456-7'])(
    'accepts %j',
    (value) => {
      expect(parseIdempotencyKey(value)).toBe(value);
    },
  );

  it.each(['a'.repeat(15), 'a'.repeat(65), 'chave com espaço!', 'abcdefghijklmnop='])(
    'rejects %j',
    (value) => {
      expect(captureUsageError(() => parseIdempotencyKey(value)).key).toBe(
        'usage.idempotencyKeyInvalid',
      );
    },
  );
});

describe('parseLocator', () => {
  it.each([
    ['K7QW2M', 'K7QW2M'],
    [' k7qw2m ', 'K7QW2M'],
    ['234567', '234567'],
  ])('accepts %j', (value, expected) => {
    expect(parseLocator(value)).toBe(expected);
  });

  it.each(['K7QW2', 'K7QW2MX', 'K7QW0M', 'K7QW1M', 'KOQW2M', 'KIQW2M', 'K7-W2M'])(
    'rejects %j',
    (value) => {
      expect(captureUsageError(() => parseLocator(value)).params).toEqual({ value, length: 6 });
    },
  );
});

describe('buildPurchaseFields', () => {
  const options = { flights: 'flt_jg_1402,flt_ip_3310', passenger: ['Maria Souza'] };

  it('generates a key without --key', () => {
    const request = buildPurchaseFields(options, TOKEN, () => IDEMPOTENCY_KEY);

    expect(request).toEqual({
      fields: {
        token: TOKEN,
        idempotencyKey: IDEMPOTENCY_KEY,
        flightIds: ['flt_jg_1402', 'flt_ip_3310'],
        passengers: ['Maria Souza'],
      },
      keyGenerated: true,
    });
  });

  it('keeps the given --key', () => {
    const generateKey = jest.fn(() => IDEMPOTENCY_KEY);
    const request = buildPurchaseFields(
      { ...options, key: 'my-retry-key-0001' },
      TOKEN,
      generateKey,
    );

    expect(request.fields.idempotencyKey).toBe('my-retry-key-0001');
    expect(request.keyGenerated).toBe(false);
    expect(generateKey).not.toHaveBeenCalled();
  });
});
