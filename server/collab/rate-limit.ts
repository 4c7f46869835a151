// A token bucket per connection: steady typing with cursor updates is far below the rate, a
// reconnect's burst of queued messages fits the burst, and a flood runs dry within a second.
export interface TokenBucketOptions {
  perSecond: number;
  burst: number;
  now?: () => number;
}

export class TokenBucket {
  private tokens: number;
  private last: number;
  private readonly now: () => number;

  constructor(private readonly options: TokenBucketOptions) {
    this.now = options.now ?? (() => performance.now());
    this.tokens = options.burst;
    this.last = this.now();
  }

  /** Takes one token; false when the bucket is empty. */
  take(): boolean {
    const at = this.now();
    this.tokens = Math.min(this.options.burst, this.tokens + ((at - this.last) / 1000) * this.options.perSecond);
    this.last = at;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
