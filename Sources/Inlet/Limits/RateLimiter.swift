import Synchronization

/// A sliding-window request limiter over one-second windows: the previous
/// window's count, weighted by how much of it still overlaps the last second,
/// plus the current window's count, must stay under the limit.
///
/// Instances sharing a budget (``merge(_:otherInstances:)``) split it by
/// demand: each admits at most its share of the limit, its share being its part
/// of the requests all instances received. A budget not yet exchanged is split
/// equally between the live instances; alone, an instance has the whole limit.
final class RateLimiter: Sendable {
    /// A budget: a name unique across organizations, and its organization.
    /// The name is what instances exchange counts under.
    struct Budget: Sendable, Hashable {
        var organizationID: String
        var name: String

        /// The budget of one key (`keyRps`).
        static func key(_ keyID: String, of organizationID: String) -> Budget {
            Budget(organizationID: organizationID, name: "key:" + keyID)
        }

        /// The budget of a whole organization (`orgRps`).
        static func organization(_ organizationID: String) -> Budget {
            Budget(organizationID: organizationID, name: "org:" + organizationID)
        }
    }

    /// The answer for one budget.
    struct Decision: Sendable, Equatable {
        var allowed: Bool
        /// Requests left in the window after this one.
        var remaining: Int
        /// For a refusal: whole seconds after which the same request, sent
        /// alone, is admitted by this budget.
        var retryAfter: Int
    }

    /// Requests counted in one budget's one-second window.
    struct Count: Sendable, Hashable {
        var budget: Budget
        /// Seconds since the epoch.
        var second: Int64
        var tally: Tally
    }

    /// Requests received and admitted in a window.
    struct Tally: Sendable, Hashable {
        var received = 0
        var admitted = 0
    }

    private struct Window {
        var second: Int64
        var current = Tally()
        var previous = Tally()
        /// Other instances' requests in this window and the one before.
        var othersCurrent = Tally()
        var othersPrevious = Tally()
        /// Whether other instances' counts of this budget are known.
        var informed = false

        /// Moves the window to `second`.
        mutating func advance(to second: Int64) {
            guard second != self.second else { return }
            let adjacent = second == self.second + 1
            previous = adjacent ? current : Tally()
            othersPrevious = adjacent ? othersCurrent : Tally()
            current = Tally()
            othersCurrent = Tally()
            self.second = second
        }

        /// A count of the last second: the previous window weighted by its overlap.
        func sliding(_ count: KeyPath<Tally, Int>, others: Bool, elapsed: Double) -> Double {
            let (before, now) = others ? (othersPrevious, othersCurrent) : (previous, current)
            return Double(before[keyPath: count]) * (1 - elapsed) + Double(now[keyPath: count])
        }

        /// This instance's part of the limit: all of it unless others receive
        /// requests too. Shares compare the last complete second, which every
        /// instance has published in full, so a late exchange favours no one.
        /// Until a complete second of this instance's requests is known, the live
        /// instances split it equally.
        func share(of limit: Int, elapsed: Double, otherInstances: Int) -> Double {
            let (mine, others) = (previous.received, othersPrevious.received)
            guard informed, mine > 0 else { return Double(limit) / Double(1 + otherInstances) }
            return others == 0 ? Double(limit) : Double(limit) * Double(mine) / Double(mine + others)
        }
    }

    private let clock: any InletClock
    private let windows = Mutex<[Budget: Window]>([:])
    /// Live instances sharing the budgets besides this one.
    private let otherInstances = Atomic<Int>(0)

    init(clock: any InletClock) {
        self.clock = clock
    }

    /// Takes one request from every budget in `budgets` (budget and limit per
    /// second), or from none of them when any is exhausted.
    func acquire(_ budgets: [(budget: Budget, limit: Int)]) -> [Decision] {
        let now = clock.nowMillis()
        let second = now / 1000
        let elapsed = Double(now % 1000) / 1000
        let others = otherInstances.load(ordering: .relaxed)
        return windows.withLock { windows in
            if windows.count > 100_000 { windows = windows.filter { $0.value.second >= second - 1 } }
            var states: [(window: Window, limit: Int, fits: Bool)] = []
            states.reserveCapacity(budgets.count)
            for (budget, limit) in budgets {
                var window = windows[budget] ?? Window(second: second)
                window.advance(to: second)
                window.current.received += 1
                let fits =
                    window.sliding(\.admitted, others: false, elapsed: elapsed) + 1
                    <= window.share(of: limit, elapsed: elapsed, otherInstances: others)
                states.append((window, limit, fits))
            }
            let allowed = states.allSatisfy(\.fits)
            for (budget, state) in zip(budgets, states) {
                var window = state.window
                if allowed { window.current.admitted += 1 }
                windows[budget.budget] = window
            }
            return states.map { window, limit, fits in
                let used = window.sliding(\.admitted, others: false, elapsed: elapsed) + window.sliding(\.admitted, others: true, elapsed: elapsed)
                let remaining = max(0, Int((Double(limit) - used - (allowed ? 1 : 0)).rounded(.down)))
                return Decision(
                    allowed: fits,
                    remaining: remaining,
                    retryAfter: fits
                        ? 0
                        : Self.secondsUntilAdmitted(
                            window,
                            limit: window.share(of: limit, elapsed: elapsed, otherInstances: others),
                            elapsed: elapsed
                        )
                )
            }
        }
    }

    /// Seconds until one more request fits if no other arrives: the previous
    /// window's weight shrinks through this second, then this window becomes
    /// the previous one and shrinks through the next.
    private static func secondsUntilAdmitted(_ window: Window, limit: Double, elapsed: Double) -> Int {
        let previous = Double(window.previous.admitted)
        let current = Double(window.current.admitted)
        let room = limit - 1
        let wait: Double
        if current <= room, previous > 0, (1 - elapsed) - (room - current) / previous < 1 - elapsed {
            wait = max(0, (1 - elapsed) - (room - current) / previous)
        } else if current > 0 {
            wait = (1 - elapsed) + max(0, 1 - room / current)
        } else {
            wait = 1 - elapsed
        }
        return max(1, Int(wait.rounded(.up)))
    }

    /// This instance's counts of the current and previous second, for the
    /// budgets used in them: what other instances need to know.
    func localCounts() -> [Count] {
        let second = clock.nowMillis() / 1000
        return windows.withLock { windows in
            var counts: [Count] = []
            for (budget, window) in windows where window.second >= second - 1 {
                if window.current.received > 0 { counts.append(Count(budget: budget, second: window.second, tally: window.current)) }
                if window.previous.received > 0 { counts.append(Count(budget: budget, second: window.second - 1, tally: window.previous)) }
            }
            return counts
        }
    }

    /// Replaces what is known of other instances: their counts of the budgets
    /// this instance used (a budget absent from `counts` has none), and how many
    /// of them are live.
    func merge(_ counts: [Count], otherInstances: Int) {
        let second = clock.nowMillis() / 1000
        self.otherInstances.store(otherInstances, ordering: .relaxed)
        windows.withLock { windows in
            for key in windows.keys {
                windows[key]?.advance(to: second)
                windows[key]?.othersCurrent = Tally()
                windows[key]?.othersPrevious = Tally()
                windows[key]?.informed = true
            }
            for count in counts where count.second >= second - 1 {
                var window = windows[count.budget] ?? Window(second: second)
                window.advance(to: second)
                if count.second == second { window.othersCurrent = count.tally } else { window.othersPrevious = count.tally }
                windows[count.budget] = window
            }
        }
    }
}
