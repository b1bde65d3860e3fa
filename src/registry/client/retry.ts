import { isKontractError } from '../../errors.js';

export interface RetryOptions {
  /** Retries after the first attempt. Default 3. */
  retries: number;
  /** Delay before the first retry, in ms. Default 100. */
  initialDelayMs: number;
  /** Cap on any one delay, in ms. Default 5000. */
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryOptions = { retries: 3, initialDelayMs: 100, maxDelayMs: 5_000 };

/**
 * Run `attempt` until it succeeds, it throws a non-retriable error, or the retries are used up.
 * Delays grow exponentially with full jitter (a random delay in [0, initial·2^n], capped), so many
 * clients failing together do not retry in lockstep. An error is retried only when it is a
 * `KontractError` with `retriable: true`; anything else is thrown at once (the "bail").
 * This is the registry client's only retry loop: callers above it must not retry again.
 */
export async function withRetry<T>(attempt: (attemptNumber: number) => Promise<T>, options: RetryOptions = DEFAULT_RETRY, random: () => number = Math.random): Promise<T> {
  for (let attemptNumber = 0; ; attemptNumber++) {
    try {
      return await attempt(attemptNumber);
    } catch (error) {
      const retriable = isKontractError(error) && error.retriable;
      if (!retriable || attemptNumber >= options.retries) throw error;
      const ceiling = Math.min(options.maxDelayMs, options.initialDelayMs * 2 ** attemptNumber);
      await sleep(Math.round(random() * ceiling));
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
