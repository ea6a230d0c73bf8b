/** The default retry policy: 8 attempts, backoff from 0.5 s doubling up to 30 s. */
export const defaultRetry = Object.freeze({ maxAttempts: 8, baseMs: 500, capMs: 30_000, deadlineMs: null });

/**
 * The wait before attempt `attempt + 1` (after `attempt` failed): a random
 * time up to `min(cap, base × 2^(attempt − 1))` (full jitter), at least
 * `retryAfter` seconds.
 */
export function backoff(policy, attempt, retryAfter) {
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.min(attempt - 1, 30));
  return Math.max(Math.random() * ceiling, (retryAfter ?? 0) * 1000);
}

export function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
