import Synchronization

/// Decides, between a group commit's deadline and its commit point (the
/// autocommitted statement, or `COMMIT`), which comes first: a write answered
/// 503 `unavailable` never commits afterwards, and a write whose commit point
/// was sent is not answered 503 `unavailable` while it may still land — it
/// waits for the outcome.
final class CommitGate: Sendable {
    private struct State {
        var committing = false
        var deadlinePassed = false
    }

    private let state = Mutex(State())

    /// The deadline passed: true when the write may be answered 503 now,
    /// false when its commit point is on its way and the outcome must be
    /// awaited.
    func expire() -> Bool {
        state.withLock { state in
            state.deadlinePassed = true
            return !state.committing
        }
    }

    /// Whether the deadline has passed.
    var deadlinePassed: Bool { state.withLock { $0.deadlinePassed } }

    /// Called just before the commit point is sent: false when the deadline
    /// has passed, and then it must not be sent.
    func beginCommit() -> Bool {
        state.withLock { state in
            guard !state.deadlinePassed else { return false }
            state.committing = true
            return true
        }
    }

    /// The commit point failed with an answer from the database: nothing was
    /// committed, and the deadline applies again.
    func endCommit() {
        state.withLock { $0.committing = false }
    }
}
