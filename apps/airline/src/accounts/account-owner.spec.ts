import { accountOwner, ownershipScore, rankAccountOwners } from './account-owner';

const DEMO_AIRLINES = ['JG', 'IP', 'RC'];
const EMAIL_COUNT = 3_000;
const EMAILS = Array.from({ length: EMAIL_COUNT }, (_, index) => `passenger${index}@example.com`);

function ownersOf(airlines: string[]): Map<string, string> {
  return new Map(EMAILS.map((email) => [email, accountOwner(email, airlines)]));
}

describe('account owner', () => {
  it('score is the SHA-256 of email and airline', () => {
    // Pinned because nodes of different versions must agree on every owner.
    expect(ownershipScore('ana@example.com', 'IP')).toMatch(/^c6086b14345060c7[0-9a-f]{48}$/);
  });

  it('owners of known emails are pinned', () => {
    expect(rankAccountOwners('ana@example.com', DEMO_AIRLINES)).toEqual(['IP', 'RC', 'JG']);
    expect(accountOwner('bruno@example.com', DEMO_AIRLINES)).toBe('JG');
    expect(accountOwner('carla@example.com', DEMO_AIRLINES)).toBe('JG');
  });

  it('owner ignores airline order and duplicates', () => {
    for (const email of EMAILS.slice(0, 200)) {
      const owner = accountOwner(email, DEMO_AIRLINES);
      expect(accountOwner(email, [...DEMO_AIRLINES].reverse())).toBe(owner);
      expect(accountOwner(email, [...DEMO_AIRLINES, ...DEMO_AIRLINES])).toBe(owner);
    }
  });

  it('ranking lists each airline once', () => {
    const ranking = rankAccountOwners('ana@example.com', ['RC', 'JG', 'RC', 'IP']);
    expect([...ranking].sort()).toEqual(['IP', 'JG', 'RC']);
  });

  it('emails spread over the airlines', () => {
    const counts = new Map<string, number>();
    for (const owner of ownersOf(DEMO_AIRLINES).values()) {
      counts.set(owner, (counts.get(owner) ?? 0) + 1);
    }
    // A fair split gives 1,000 each; the binomial standard deviation is about 26.
    for (const airline of DEMO_AIRLINES) {
      expect(counts.get(airline)).toBeGreaterThan(900);
      expect(counts.get(airline)).toBeLessThan(1_100);
    }
  });

  it('joining airline takes only the emails it wins', () => {
    const before = ownersOf(DEMO_AIRLINES);
    const after = ownersOf([...DEMO_AIRLINES, 'AZ']);
    let moved = 0;
    for (const email of EMAILS) {
      if (after.get(email) !== before.get(email)) {
        moved += 1;
        expect(after.get(email)).toBe('AZ');
        // The previous owner is next in line, which is where a log-in looks first.
        expect(rankAccountOwners(email, [...DEMO_AIRLINES, 'AZ'])[1]).toBe(before.get(email));
      }
    }
    expect(moved).toBeGreaterThan(EMAIL_COUNT / 4 - 150);
    expect(moved).toBeLessThan(EMAIL_COUNT / 4 + 150);
  });

  it('leaving airline moves only its own emails', () => {
    const before = ownersOf(DEMO_AIRLINES);
    const after = ownersOf(['JG', 'IP']);
    for (const email of EMAILS) {
      if (before.get(email) !== 'RC') {
        expect(after.get(email)).toBe(before.get(email));
      }
    }
  });

  it('single airline owns everything', () => {
    expect(accountOwner('ana@example.com', ['JG'])).toBe('JG');
  });

  it('empty airline list throws', () => {
    expect(() => accountOwner('ana@example.com', [])).toThrow('at least one airline');
  });
});
