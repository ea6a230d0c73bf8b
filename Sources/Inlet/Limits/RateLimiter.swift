import Synchronization

/// A sliding-window request limiter over one-second windows: the previous
/// window's count, weighted by how much of it still overlaps the last second,
/// plus the current window's count, must stay under the limit.
public final class RateLimiter: Sendable {
    /// The answer for one budget.
    public struct Decision: Sendable, Equatable {
        public var allowed: Bool
        /// Requests left in the window after this one.
        public var remaining: Int
    }

    private struct Window {
        var second: Int64
        var current: Int
        var previous: Int
    }

    private let clock: any InletClock
    private let windows = Mutex<[String: Window]>([:])

    public init(clock: any InletClock) {
        self.clock = clock
    }

    /// Takes one request from every budget in `budgets` (name and limit per
    /// second), or from none of them when any is exhausted.
    public func acquire(_ budgets: [(name: String, limit: Int)]) -> [Decision] {
        let now = clock.nowMillis()
        let second = now / 1000
        let elapsed = Double(now % 1000) / 1000
        return windows.withLock { windows in
            if windows.count > 100_000 { windows = windows.filter { $0.value.second >= second - 1 } }
            var estimates: [Double] = []
            for budget in budgets {
                var window = windows[budget.name] ?? Window(second: second, current: 0, previous: 0)
                if window.second != second {
                    window.previous = window.second == second - 1 ? window.current : 0
                    window.current = 0
                    window.second = second
                }
                windows[budget.name] = window
                estimates.append(Double(window.previous) * (1 - elapsed) + Double(window.current))
            }
            let allowed = zip(budgets, estimates).allSatisfy { $1 + 1 <= Double($0.limit) }
            if allowed {
                for budget in budgets { windows[budget.name]?.current += 1 }
            }
            return zip(budgets, estimates).map { budget, estimate in
                let used = estimate + (allowed ? 1 : 0)
                let remaining = max(0, Int((Double(budget.limit) - used).rounded(.down)))
                return Decision(allowed: estimate + 1 <= Double(budget.limit), remaining: remaining)
            }
        }
    }
}
