import Synchronization

/// Bounds how long a store operation may wait: when `timeout` passes first,
/// the operation is cancelled and ``StoreError/unavailable`` is thrown at once,
/// without waiting for it to end. A query sent on a connection as the database
/// goes away may never be answered and ignore cancellation; the caller is not
/// held by it, so an unreachable database answers within the timeout and
/// services keep working (and stop) when it returns.
enum Deadline {
    /// - Parameter expired: the error thrown when `timeout` passes, read then;
    ///   nil goes on waiting for the operation.
    static func run<Value: Sendable>(
        within timeout: Duration,
        expired: @autoclosure @escaping @Sendable () -> (any Error)? = StoreError.unavailable,
        _ body: @escaping @Sendable () async throws -> Value
    ) async throws -> Value {
        let race = DeadlineRace<Value>()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                race.start(continuation, timeout: timeout, expired: expired, body)
            }
        } onCancel: {
            race.finish(.failure(CancellationError()))
        }
    }
}

/// The operation and its timer, the first of which to finish answers.
private final class DeadlineRace<Value: Sendable>: Sendable {
    private struct State {
        var continuation: CheckedContinuation<Value, any Error>?
        var finished = false
        var tasks: [Task<Void, Never>] = []
    }

    private let state = Mutex(State())

    func start(
        _ continuation: CheckedContinuation<Value, any Error>,
        timeout: Duration,
        expired: @escaping @Sendable () -> (any Error)?,
        _ body: @escaping @Sendable () async throws -> Value
    ) {
        let cancelledAlready = state.withLock { state in
            state.continuation = continuation
            return state.finished
        }
        if cancelledAlready {
            continuation.resume(throwing: CancellationError())
            return
        }
        let work = Task {
            do {
                finish(.success(try await body()))
            } catch {
                finish(.failure(error))
            }
        }
        let timer = Task {
            try? await Task.sleep(for: timeout)
            if !Task.isCancelled, let error = expired() { finish(.failure(error)) }
        }
        let late = state.withLock { state in
            state.tasks = [work, timer]
            return state.finished
        }
        // Finished before the tasks were recorded: the other one is not needed.
        if late {
            work.cancel()
            timer.cancel()
        }
    }

    /// Answers with `result` unless already answered, and cancels what still runs.
    func finish(_ result: Result<Value, any Error>) {
        let (continuation, tasks) = state.withLock { state -> (CheckedContinuation<Value, any Error>?, [Task<Void, Never>]) in
            guard !state.finished else { return (nil, []) }
            state.finished = true
            defer { state.continuation = nil }
            return (state.continuation, state.tasks)
        }
        for task in tasks { task.cancel() }
        continuation?.resume(with: result)
    }
}
