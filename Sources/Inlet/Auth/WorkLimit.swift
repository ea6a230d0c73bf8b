import Synchronization

/// At most `width` jobs run at once and at most `queueLimit` wait for a turn;
/// a job beyond both is refused with 503 `overloaded`, so that a flood of work
/// (bad credentials, each a bcrypt verification) holds a bounded share of the
/// CPU and of memory.
final class WorkLimit: Sendable {
    private struct State {
        var running = 0
        var waiting: [CheckedContinuation<Void, Never>] = []
        var nextWaiter = 0
    }

    let width: Int
    let queueLimit: Int
    private let state = Mutex(State())

    init(width: Int, queueLimit: Int) {
        precondition(width > 0 && queueLimit >= 0)
        self.width = width
        self.queueLimit = queueLimit
    }

    /// Runs `job` when a turn is free; throws ``InletError/overloaded`` at once
    /// when `queueLimit` jobs are already waiting.
    func run<Result: Sendable>(_ job: () async throws -> Result) async throws -> Result {
        try await acquire()
        defer { release() }
        return try await job()
    }

    private func acquire() async throws {
        enum Turn { case now, wait, refused }
        let turn: Turn = state.withLock { state in
            if state.running < width {
                state.running += 1
                return .now
            }
            return state.waiting.count - state.nextWaiter < queueLimit ? .wait : .refused
        }
        switch turn {
        case .now:
            return
        case .refused:
            throw InletError.overloaded
        case .wait:
            await withCheckedContinuation { continuation in
                let runsNow = state.withLock { state in
                    // A turn freed between the check and here is taken at once.
                    if state.running < width {
                        state.running += 1
                        return true
                    }
                    state.waiting.append(continuation)
                    return false
                }
                if runsNow { continuation.resume() }
            }
        }
    }

    /// Hands the turn to the longest waiting job, or frees it.
    private func release() {
        let next: CheckedContinuation<Void, Never>? = state.withLock { state in
            guard state.nextWaiter < state.waiting.count else {
                state.running -= 1
                return nil
            }
            let next = state.waiting[state.nextWaiter]
            state.nextWaiter += 1
            if state.nextWaiter > 64 && state.nextWaiter * 2 > state.waiting.count {
                state.waiting.removeFirst(state.nextWaiter)
                state.nextWaiter = 0
            }
            return next
        }
        next?.resume()
    }
}
