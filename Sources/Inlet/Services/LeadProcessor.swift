import Logging
import ServiceLifecycle

/// The processing service: takes the events the door stored, oldest first, a
/// batch per transaction (``LeadStore/processQueuedEvents(limit:deciding:)``),
/// and resolves, scores and dead-letters them (``LeadProcessingPlan``). When
/// the queue is empty it tells the door (``LeadBacklog/recordDrained()``) and
/// looks again after `idleInterval`. On graceful shutdown it drains the queue
/// for up to `drainTimeout`; what is left is processed after the next start.
final class LeadProcessor: Service, Sendable {
    private let store: any InletStore
    private let ids: any IdentifierGenerator
    private let clock: any InletClock
    private let metrics: InletMetrics
    private let backlog: LeadBacklog
    private let logger: Logger
    private let batchSize: Int
    private let idleInterval: Duration
    private let drainTimeout: Duration
    private let committed: @Sendable () -> Void
    /// A step of at least this many events is followed by returning the
    /// memory it freed to the system (``FreedMemory``); smaller steps, as
    /// under live load, free too little to be worth the walk of the heap.
    private static let largeStep = 1_000

    init(
        store: any InletStore,
        ids: any IdentifierGenerator,
        clock: any InletClock,
        metrics: InletMetrics,
        backlog: LeadBacklog,
        logger: Logger,
        batchSize: Int = 20_000,
        idleInterval: Duration = .milliseconds(50),
        drainTimeout: Duration = .seconds(10),
        committed: @escaping @Sendable () -> Void = {}
    ) {
        self.store = store
        self.ids = ids
        self.clock = clock
        self.metrics = metrics
        self.backlog = backlog
        self.logger = logger
        self.batchSize = batchSize
        self.idleInterval = idleInterval
        self.drainTimeout = drainTimeout
        self.committed = committed
    }

    func run() async throws {
        // The store is migrated as the server starts, after the services.
        while !Task.isCancelled && !Task.isShuttingDownGracefully, await !store.isReady() {
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: self.idleInterval) }
        }
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            let busy = await step()
            if !busy { try? await cancelWhenGracefulShutdown { try await Task.sleep(for: self.idleInterval) } }
        }
        guard !Task.isCancelled else { return }
        let deadline = ContinuousClock.now + drainTimeout
        while ContinuousClock.now < deadline, !Task.isCancelled, await step() {}
    }

    /// Processes one batch; whether there was one. A failure is logged and
    /// followed by a pause of a second.
    private func step() async -> Bool {
        let ids = self.ids
        let now = clock.nowMillis()
        do {
            guard
                let processed = try await store.processQueuedEvents(limit: batchSize, deciding: { LeadProcessingPlan(ids: ids, now: now).decide($0) })
            else {
                backlog.recordDrained()
                return false
            }
            metrics.countProcessed(processed)
            committed()
            if processed.events >= Self.largeStep { FreedMemory.release() }
            return true
        } catch {
            logger.warning("Lead processing failed; retrying", metadata: ["error": "\(String(reflecting: type(of: error)))"])
            try? await Task.sleep(for: .seconds(1))
            return false
        }
    }
}
