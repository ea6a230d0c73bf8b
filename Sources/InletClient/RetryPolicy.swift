/// When to try a call again: exponential backoff with full jitter, never
/// sooner than the server's `Retry-After`, within a number of attempts and an
/// optional overall deadline.
public struct RetryPolicy: Sendable, Hashable {
    /// Attempts in all, the first included.
    public var maxAttempts: Int
    /// The first backoff's ceiling; each retry doubles it.
    public var base: Duration
    /// The largest ceiling.
    public var cap: Duration
    /// How long a call may take with its retries; none by default.
    public var deadline: Duration?

    /// 8 attempts, backoff from 0.5 s doubling up to 30 s.
    public init(maxAttempts: Int = 8, base: Duration = .milliseconds(500), cap: Duration = .seconds(30), deadline: Duration? = nil) {
        self.maxAttempts = max(1, maxAttempts)
        self.base = base
        self.cap = cap
        self.deadline = deadline
    }

    /// No retries.
    public static let none = RetryPolicy(maxAttempts: 1)

    /// The wait before attempt `attempt + 1` (after `attempt` failed): a random
    /// time up to `min(cap, base × 2^(attempt − 1))`, at least `retryAfter`.
    func delay(after attempt: Int, retryAfter: Double?) -> Duration {
        let ceiling = min(cap, base * (1 << min(attempt - 1, 30)))
        let jitter = ceiling * Double.random(in: 0...1)
        let floor = Duration.milliseconds(Int64((retryAfter ?? 0) * 1000))
        return max(jitter, floor)
    }
}
