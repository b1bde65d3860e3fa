/**
 * Exponential backoff with jitter for retrying a failed message handler. Used by the consumer only:
 * network retries belong to the Kafka client, so the two never stack.
 */
import { KontractError } from '../errors.js';

export interface RetryPolicy {
  /** Retries after the first attempt; 0 sends a failing message to the dead-letter topic at once. Default 3. */
  retries: number;
  /** Delay before the first retry. Default 100 ms. */
  initialBackoffMs: number;
  /** Upper bound of any delay. Default 5 000 ms. */
  maxBackoffMs: number;
  /** Growth per retry. Default 2. */
  multiplier: number;
  /** Fraction of each delay drawn at random (0–1), so that failing consumers do not retry in lockstep. Default 0.2. */
  jitter: number;
  /** False for errors not worth retrying (they go to the dead-letter topic at once). Default: retry everything. */
  shouldRetry: (error: unknown) => boolean;
}

export const defaultRetryPolicy: RetryPolicy = {
  retries: 3,
  initialBackoffMs: 100,
  maxBackoffMs: 5_000,
  multiplier: 2,
  jitter: 0.2,
  shouldRetry: () => true,
};

/** The policy with defaults for what `partial` leaves out; rejects impossible numbers. */
export function retryPolicy(partial: Partial<RetryPolicy> = {}): RetryPolicy {
  const policy = { ...defaultRetryPolicy, ...partial };
  const problems: string[] = [];
  if (!Number.isInteger(policy.retries) || policy.retries < 0) problems.push('retries must be a whole number ≥ 0');
  if (!(policy.initialBackoffMs >= 0)) problems.push('initialBackoffMs must be ≥ 0');
  if (!(policy.maxBackoffMs >= policy.initialBackoffMs)) problems.push('maxBackoffMs must be ≥ initialBackoffMs');
  if (!(policy.multiplier >= 1)) problems.push('multiplier must be ≥ 1');
  if (!(policy.jitter >= 0 && policy.jitter <= 1)) problems.push('jitter must be between 0 and 1');
  if (problems.length > 0) {
    throw new KontractError('USAGE', `Invalid retry policy: ${problems.join('; ')}.`, {
      hint: 'Fix the consumer option `retry`.',
    });
  }
  return policy;
}

/**
 * Delay before retry number `retry` (1-based): `initial × multiplier^(retry-1)`, capped, with the
 * `jitter` fraction of it drawn uniformly from [0, jitter × delay) and subtracted (never above the cap).
 */
export function backoffDelay(policy: RetryPolicy, retry: number, random: () => number = Math.random): number {
  const exponential = policy.initialBackoffMs * policy.multiplier ** Math.max(0, retry - 1);
  const capped = Math.min(policy.maxBackoffMs, exponential);
  return Math.round(capped * (1 - policy.jitter * random()));
}
