/**
 * Attempts per client address in a sliding window, in memory: a second line behind the per-account lock, against
 * one address trying many accounts. A desk runs as one process, so memory is where the count belongs.
 */
export class ClientRateLimit {
  private readonly attempts = new Map<string, number[]>();

  constructor(
    readonly limit: number,
    readonly windowMs: number,
  ) {}

  /** Counts an attempt; false when the address has made `limit` attempts in the window already (this one is not counted). */
  allow(client: string, at: number): boolean {
    const recent = (this.attempts.get(client) ?? []).filter((t) => t > at - this.windowMs);
    if (recent.length >= this.limit) {
      this.attempts.set(client, recent);
      return false;
    }
    recent.push(at);
    this.attempts.set(client, recent);
    if (this.attempts.size > 10_000) this.forgetOld(at);
    return true;
  }

  /** Seconds until the address may try again. */
  retryAfter(client: string, at: number): number {
    const oldest = (this.attempts.get(client) ?? [])[0];
    return oldest === undefined ? 0 : Math.max(1, Math.ceil((oldest + this.windowMs - at) / 1000));
  }

  private forgetOld(at: number): void {
    for (const [client, times] of this.attempts) if (!times.some((t) => t > at - this.windowMs)) this.attempts.delete(client);
  }
}
