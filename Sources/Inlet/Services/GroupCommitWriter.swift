import Prometheus
import ServiceLifecycle
import Synchronization

/// The writer of the ingest path: requests hand it their work, and it runs all
/// work waiting at that moment in one transaction with one sync to disk, then
/// resumes each request with its own result. It runs as many such group commits
/// at once as the store allows (one on SQLite). The queue is bounded: when it is
/// full, a submission fails at once with `overloaded`.
final class GroupCommitWriter: Service, Sendable {
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
    private let batchSize: ValueHistogram
    private let commitLatency: DurationHistogram
    private let queueDepth: Prometheus.Gauge
    private let outcomesUnknown: Prometheus.Counter
    private let committed: @Sendable () -> Void

    /// - Parameters:
    ///   - capacity: requests that may wait for a commit before submissions are refused.
    ///   - rowCapacity: rows those requests may hold together, which bounds the memory they keep.
    ///   - maximumBatch: requests committed together at most.
    ///   - committed: told after each durable commit.
    init(
        store: any GroupCommitStore,
        metrics: InletMetrics,
        capacity: Int = 2048,
        rowCapacity: Int = 100_000,
        maximumBatch: Int = 512,
        committed: @escaping @Sendable () -> Void = {}
    ) {
        self.store = store
        self.committed = committed
        self.batchSize = metrics.writerBatchSize()
        self.commitLatency = metrics.writerCommitLatency()
        self.queueDepth = metrics.writerQueueDepth()
        self.outcomesUnknown = metrics.writerOutcomesUnknown()
        self.capacity = capacity
        self.rowCapacity = rowCapacity
        self.maximumBatch = maximumBatch
    }

    /// Runs `work` in the next group commit and returns its outcome once the
    /// commit is durable. With `dryRun`, the work is decided but nothing of it
    /// is written. With `recording`, its answer is recorded for the claimed
    /// idempotency key in the same commit; when an unexpired record holds the
    /// key, the work is not applied and ``IdempotencyConflict`` is thrown.
    func submit<Work: IngestWork>(
        _ work: Work,
        dryRun: Bool = false,
        recording: AnswerRecording<Work.Outcome>? = nil
    ) async throws -> Committed<Work.Outcome> {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Committed<Work.Outcome>, any Error>) in
            let write = PendingWrite(work: work, dryRun: dryRun, recording: recording) { continuation.resume(with: $0) }
            let rows = work.rows
            let outcome = state.withLock { state -> Swift.Result<CheckedContinuation<Void, Never>?, InletError> in
                if state.finished { return .failure(.unavailable) }
                let full = state.queue.count >= capacity || (!state.queue.isEmpty && state.queuedRows + rows > rowCapacity)
                if full { return .failure(.overloaded) }
                state.queue.append(write)
                state.queuedRows += rows
                queueDepth.set(Double(state.queue.count))
                defer { state.waiter = nil }
                return .success(state.waiter)
            }
            switch outcome {
            case .failure(let error): continuation.resume(throwing: error)
            case .success(let waiter): waiter?.resume()
            }
        }
    }

    func run() async throws {
        await withTaskCancellationHandler {
            await withGracefulShutdownHandler {
                await withDiscardingTaskGroup { group in
                    let slots = CommitSlots(store.concurrentCommits)
                    while true {
                        await slots.take()
                        guard let batch = await nextBatch() else { break }
                        group.addTask {
                            await self.commit(batch)
                            slots.give()
                        }
                    }
                }
            } onGracefulShutdown: {
                self.finish()
            }
        } onCancel: {
            self.finish()
        }
    }

    /// Stops accepting work; what is queued is still committed.
    func finish() {
        let waiter = state.withLock { state in
            state.finished = true
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume()
    }

    /// Fetches what the batch needs, decides every write in order against it,
    /// and applies the result in one transaction.
    private func commit(_ batch: [any QueuedWrite]) async {
        batchSize.record(Double(batch.count))
        let start = ContinuousClock.now
        var lookup = IngestLookup()
        for write in batch { write.collect(into: &lookup) }
        do {
            try await store.commit(lookup) { facts in
                var plan = IngestPlan(facts: facts)
                for write in batch { write.plan(in: &plan) }
                return plan.writes
            }
            commitLatency.record(ContinuousClock.now - start)
            committed()
            for write in batch { write.complete() }
        } catch {
            let failure = InletError.store(error)
            if failure.outcomeUnknown { outcomesUnknown.increment() }
            for write in batch { write.fail(failure) }
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
                    queueDepth.set(Double(state.queue.count))
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

/// What a committed write answers: its outcome, and the answer recorded for
/// its idempotency key when it had one.
struct Committed<Outcome: Sendable>: Sendable {
    var outcome: Outcome
    var recorded: StoredResponse?
}

/// One request's work waiting for a group commit. Only the writer touches it,
/// one step after another, so its result needs no lock.
final class PendingWrite<Work: IngestWork>: QueuedWrite, @unchecked Sendable {
    private let work: Work
    private let dryRun: Bool
    private let recording: AnswerRecording<Work.Outcome>?
    private let resume: @Sendable (Result<Committed<Work.Outcome>, any Error>) -> Void
    private var result: Result<Committed<Work.Outcome>, any Error>?

    init(
        work: Work,
        dryRun: Bool,
        recording: AnswerRecording<Work.Outcome>?,
        resume: @escaping @Sendable (Result<Committed<Work.Outcome>, any Error>) -> Void
    ) {
        self.work = work
        self.dryRun = dryRun
        self.recording = recording
        self.resume = resume
    }

    var rows: Int { work.rows }

    func collect(into lookup: inout IngestLookup) {
        work.collect(into: &lookup)
        if let claim = recording?.claim { lookup.idempotencyScopes.insert(claim.scope) }
    }

    func plan(in plan: inout IngestPlan) {
        if let claim = recording?.claim, plan.isRecorded(claim.scope, notBefore: claim.expiredBefore) {
            result = .failure(IdempotencyConflict())
            return
        }
        if dryRun {
            var scratch = plan
            result = .success(Committed(outcome: work.plan(in: &scratch), recorded: nil))
            return
        }
        let outcome = work.plan(in: &plan)
        var recorded: StoredResponse?
        if let recording {
            let response = recording.render(outcome)
            if IdempotencyClaim.records(status: response.status) {
                plan.record(recording.claim.record(response))
                recorded = response
            }
        }
        result = .success(Committed(outcome: outcome, recorded: recorded))
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

/// Work in the writer's queue, whatever its outcome type.
protocol QueuedWrite: Sendable {
    var rows: Int { get }
    func collect(into lookup: inout IngestLookup)
    func plan(in plan: inout IngestPlan)
    func complete()
    func fail(_ error: any Error)
}
