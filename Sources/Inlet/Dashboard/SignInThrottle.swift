import Synchronization

/// Failed dashboard sign-ins per client address: after `limit` failures within
/// `window`, the address is refused without a check (429 with `Retry-After`)
/// until its oldest failure in the window is older than the window. A success
/// clears the address. At most `capacity` addresses are tracked; past it the
/// longest quiet ones are forgotten first.
final class SignInThrottle: Sendable {
    let limit: Int
    let windowMillis: Int64
    let capacity: Int
    private let clock: any InletClock
    private let failures = Mutex<[String: [Int64]]>([:])

    init(limit: Int = 10, window: Duration = .seconds(300), capacity: Int = 10_000, clock: any InletClock) {
        self.limit = limit
        windowMillis = window.components.seconds * 1000
        self.capacity = capacity
        self.clock = clock
    }

    /// Seconds until `address` may try again, or nil when it may now.
    func retryAfter(address: String) -> Int? {
        let now = clock.nowMillis()
        return failures.withLock { failures in
            guard let times = failures[address]?.filter({ $0 > now - windowMillis }), times.count >= limit else { return nil }
            let freedAt = times[times.count - limit] + windowMillis
            return Int((freedAt - now + 999) / 1000)
        }
    }

    /// Counts a failed sign-in from `address`.
    func recordFailure(address: String) {
        let now = clock.nowMillis()
        failures.withLock { failures in
            var times = (failures[address] ?? []).filter { $0 > now - windowMillis }
            times.append(now)
            failures[address] = Array(times.suffix(limit))
            guard failures.count > capacity else { return }
            failures = failures.filter { $0.value.last! > now - windowMillis }
            while failures.count > capacity, let quietest = failures.min(by: { $0.value.last! < $1.value.last! }) {
                failures[quietest.key] = nil
            }
        }
    }

    /// Forgets the failures of `address` after a successful sign-in.
    func recordSuccess(address: String) {
        _ = failures.withLock { $0.removeValue(forKey: address) }
    }
}
