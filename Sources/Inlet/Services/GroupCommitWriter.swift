import Metrics
import ServiceLifecycle
import Synchronization

/// The single writer of the ingest path: requests hand it their work, and it runs
/// all work waiting at that moment in one transaction with one sync to disk,
/// then resumes each request with its own result. The queue is bounded: when it
/// is full, a submission fails at once with `overloaded`.
public final class GroupCommitWriter: Service, Sendable {
    private struct State {
        var queue: [any QueuedWrite] = []
        /// Rows held by the queued writes.
        var queuedRows = 0
        var waiter: CheckedContinuation<Void, Never>?
        var finished = false
    }

    private let store: any GroupCommitStore
    private let capacity: Int
    private let rowCapacity: Int
    private let maximumBatch: Int
    private let state = Mutex(State())
    private let batchSize: Recorder
    private let commitLatency: Metrics.Timer
    private let queueDepth: Metrics.Gauge

    /// - Parameters:
    ///   - capacity: requests that may wait for a commit before submissions are refused.
    ///   - rowCapacity: rows those requests may hold together, which bounds the memory they keep.
    ///   - maximumBatch: requests committed together at most.
    public init(store: any GroupCommitStore, metrics: InletMetrics, capacity: Int = 2048, rowCapacity: Int = 100_000, maximumBatch: Int = 512) {
        self.store = store
        self.batchSize = metrics.writerBatchSize()
        self.commitLatency = metrics.writerCommitLatency()
        self.queueDepth = metrics.writerQueueDepth()
        self.capacity = capacity
        self.rowCapacity = rowCapacity
        self.maximumBatch = maximumBatch
    }

    /// Runs `work` in the next group commit and returns its result once the
    /// commit is durable. With `rollback`, the work's writes are undone (a dry
    /// run) but its result is still returned. Errors thrown by `work` undo only
    /// its own writes. `rows` is how many rows the work carries.
    public func submit<Result: Sendable>(
        rows: Int = 1, rollback: Bool = false, _ work: @escaping @Sendable (any IngestTransaction) throws -> Result
    ) async throws -> Result {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Result, any Error>) in
            let write = PendingWrite(
                rows: rows, rollback: rollback, work: work,
                resume: { continuation.resume(with: $0) })
            let outcome = state.withLock { state -> Swift.Result<CheckedContinuation<Void, Never>?, InletError> in
                if state.finished { return .failure(.unavailable) }
                let full = state.queue.count >= capacity || (!state.queue.isEmpty && state.queuedRows + rows > rowCapacity)
                if full { return .failure(.overloaded) }
                state.queue.append(write)
                state.queuedRows += rows
                queueDepth.record(state.queue.count)
                defer { state.waiter = nil }
                return .success(state.waiter)
            }
            switch outcome {
            case .failure(let error): continuation.resume(throwing: error)
            case .success(let waiter): waiter?.resume()
            }
        }
    }

    public func run() async throws {
        await withTaskCancellationHandler {
            await withGracefulShutdownHandler {
                while let batch = await nextBatch() {
                    await commit(batch)
                }
            } onGracefulShutdown: {
                self.finish()
            }
        } onCancel: {
            self.finish()
        }
    }

    /// Stops accepting work; what is queued is still committed.
    public func finish() {
        let waiter = state.withLock { state in
            state.finished = true
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume()
    }

    private func commit(_ batch: [any QueuedWrite]) async {
        batchSize.record(batch.count)
        let start = ContinuousClock.now
        do {
            try await store.commit(batch.map { $0 as any TransactionalWrite })
            commitLatency.record(duration: ContinuousClock.now - start)
            for write in batch { write.complete() }
        } catch {
            for write in batch { write.fail(InletError.unavailable) }
        }
    }

    private func nextBatch() async -> [any QueuedWrite]? {
        while true {
            let taken = state.withLock { state -> [any QueuedWrite]?? in
                if !state.queue.isEmpty {
                    let count = min(maximumBatch, state.queue.count)
                    let batch = Array(state.queue.prefix(count))
                    state.queue.removeFirst(count)
                    state.queuedRows -= batch.reduce(0) { $0 + $1.rows }
                    queueDepth.record(state.queue.count)
                    return .some(batch)
                }
                return state.finished ? .some(nil) : nil
            }
            if let taken { return taken }
            await withCheckedContinuation { continuation in
                let ready = state.withLock { state in
                    if !state.queue.isEmpty || state.finished { return true }
                    state.waiter = continuation
                    return false
                }
                if ready { continuation.resume() }
            }
        }
    }
}

/// One request's work waiting for a group commit. Only the writer touches it,
/// one step after another, so its result needs no lock.
final class PendingWrite<Value: Sendable>: TransactionalWrite, @unchecked Sendable {
    let rows: Int
    private let rollback: Bool
    private let work: @Sendable (any IngestTransaction) throws -> Value
    private let resume: @Sendable (Result<Value, any Error>) -> Void
    private var result: Result<Value, any Error>?

    init(
        rows: Int, rollback: Bool, work: @escaping @Sendable (any IngestTransaction) throws -> Value,
        resume: @escaping @Sendable (Result<Value, any Error>) -> Void
    ) {
        self.rows = rows
        self.rollback = rollback
        self.work = work
        self.resume = resume
    }

    func perform(in transaction: any IngestTransaction) -> Bool {
        do {
            result = .success(try work(transaction))
            return !rollback
        } catch {
            result = .failure(error)
            return false
        }
    }

    /// Resumes the request with its result after the commit.
    func complete() {
        resume(result ?? .failure(InletError.internalError))
    }

    /// Resumes the request with `error` when the commit failed.
    func fail(_ error: any Error) {
        resume(.failure(error))
    }
}

/// Work in the writer's queue, whatever its result type.
protocol QueuedWrite: TransactionalWrite {
    var rows: Int { get }
    func complete()
    func fail(_ error: any Error)
}

extension PendingWrite: QueuedWrite {}
