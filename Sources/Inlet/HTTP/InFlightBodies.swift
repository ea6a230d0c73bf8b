import Synchronization

/// Bounds the bytes of request bodies that are being parsed, validated and
/// committed at once, so that the server's memory follows this budget rather
/// than the number of connections: a write whose body is read waits, in
/// arrival order, until its share is free. A body larger than the budget
/// waits for the whole of it. The share is taken once the body is read, so a
/// client that sends slowly holds none of it.
final class InFlightBodies: Sendable {
    private struct Waiter {
        var id: UInt64
        var bytes: Int
        var continuation: CheckedContinuation<Void, any Error>
    }

    private struct State {
        var available: Int
        var waiters: [Waiter] = []
        var nextID: UInt64 = 0
    }

    let capacity: Int
    private let state: Mutex<State>

    init(capacity: Int) {
        self.capacity = capacity
        state = Mutex(State(available: capacity))
    }

    /// Runs `body` holding a share of `bytes` of the budget.
    func withShare<Result>(of bytes: Int, _ body: () async throws -> Result) async throws -> Result {
        let share = min(max(bytes, 1), capacity)
        try await acquire(share)
        defer { release(share) }
        return try await body()
    }

    private func acquire(_ bytes: Int) async throws {
        let id = state.withLock { state -> UInt64? in
            state.nextID += 1
            guard state.waiters.isEmpty, state.available >= bytes else { return state.nextID }
            state.available -= bytes
            return nil
        }
        guard let id else { return }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                // Checked again under the lock: a share freed meanwhile is taken, or the wait is queued.
                let admitted = state.withLock { state -> Result<Bool, CancellationError> in
                    if Task.isCancelled { return .failure(CancellationError()) }
                    guard state.waiters.isEmpty, state.available >= bytes else {
                        state.waiters.append(Waiter(id: id, bytes: bytes, continuation: continuation))
                        return .success(false)
                    }
                    state.available -= bytes
                    return .success(true)
                }
                switch admitted {
                case .success(true): continuation.resume()
                case .success(false): break
                case .failure(let error): continuation.resume(throwing: error)
                }
            }
        } onCancel: {
            let waiter = state.withLock { state -> Waiter? in
                guard let index = state.waiters.firstIndex(where: { $0.id == id }) else { return nil }
                return state.waiters.remove(at: index)
            }
            waiter?.continuation.resume(throwing: CancellationError())
        }
    }

    private func release(_ bytes: Int) {
        let admitted = state.withLock { state -> [Waiter] in
            state.available += bytes
            var admitted: [Waiter] = []
            while let first = state.waiters.first, state.available >= first.bytes {
                state.available -= first.bytes
                admitted.append(state.waiters.removeFirst())
            }
            return admitted
        }
        for waiter in admitted { waiter.continuation.resume() }
    }
}
