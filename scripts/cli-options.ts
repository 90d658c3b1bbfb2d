import { InvalidArgumentError } from 'commander';

/** Returns a commander option parser that accepts a whole number from `min` to `max`. */
export function wholeNumberOption(min: number, max: number): (value: string) => number {
  return (value) => {
    const parsed = Number(value);
    if (!/^\d+$/.test(value) || parsed < min || parsed > max) {
      throw new InvalidArgumentError(`${value} is not a whole number from ${min} to ${max}`);
    }
    return parsed;
  };
}

/** Returns a commander option parser that accepts a number above 0 and at most `max`, fractions included. */
export function positiveNumberOption(max: number): (value: string) => number {
  return (value) => {
    const parsed = Number(value);
    if (!Number.isFinite(parsed) || parsed <= 0 || parsed > max) {
      throw new InvalidArgumentError(`${value} is not a number above 0 and at most ${max}`);
    }
    return parsed;
  };
}
