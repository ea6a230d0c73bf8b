import Logging
import ServiceLifecycle
import Synchronization

/// Delivers what the writes record in the webhook outbox (SPEC §14), on every
/// instance: leases due deliveries, POSTs each, signed, to its endpoint with at
/// most ``perEndpoint`` attempts in flight per endpoint, so that one slow
/// receiver holds up no other, and stores the outcomes: a 2xx succeeds,
/// anything else is tried again on the ``RetrySchedule``. Each poll stores the
/// outcomes of the attempts that ended since the last in one transaction, then
/// leases more; it polls again at once after either and when an attempt
/// ends, every 50 ms while attempts are in flight, and backs off to
/// `idleInterval` (a second) when there are none and nothing is due. While
/// endpoints are active, a commit that stores events on this instance
/// (``eventsCommitted()``) ends such a pause within 50 ms, so that the first
/// deliveries after a quiet spell wait no longer than those under load; with
/// none active, commits cost it nothing. On graceful shutdown it takes no
/// more, waits for the attempts in flight and stores their outcomes.
final class WebhookDispatcher: Service {
    static let perEndpoint = 8
    /// Deliveries leased per poll; at ``perEndpoint`` at a time and 10 s each,
    /// even one endpoint's share ends within the lease.
    static let batch = 16
    /// How long a lease holds: a delivery leased by an instance that died is
    /// attempted again by another (or the same, restarted) after this.
    static let lease: Int64 = 30_000
    static let capacity = 64
    /// How often an idle pause looks whether a commit stored events.
    static let commitCheck = Duration.milliseconds(50)

    private let store: any WebhookStore
    private let sender: any WebhookSender
    private let clock: any InletClock
    private let metrics: WebhookMetrics
    private let render: @Sendable (TimelineEvent) -> [UInt8]
    private let logger: Logger
    private let idleInterval: Duration
    /// Attempts leased on this instance, by endpoint.
    private let inFlight = Mutex<[String: Int]>([:])
    /// Each endpoint's turns to send.
    private let sendingTurns = Mutex<[String: WorkLimit]>([:])
    /// Outcomes of ended attempts that the next poll stores.
    private let outcomes = Mutex<[WebhookDelivery]>([])
    /// Signalled when an attempt ends, so that the next poll comes at once.
    private let attemptEnded = Wakeup()
    /// Set by a commit that stored events; an idle pause looks at it every ``commitCheck``.
    private let committed = Atomic(false)

    init(
        store: any WebhookStore,
        sender: any WebhookSender,
        clock: any InletClock,
        metrics: WebhookMetrics,
        logger: Logger,
        idleInterval: Duration = .seconds(1),
        render: @escaping @Sendable (TimelineEvent) -> [UInt8]
    ) {
        self.store = store
        self.sender = sender
        self.clock = clock
        self.metrics = metrics
        self.logger = logger
        self.idleInterval = idleInterval
        self.render = render
    }

    /// Tells the dispatcher that a commit ended, which may have stored events
    /// and recorded their deliveries.
    func eventsCommitted() {
        committed.store(true, ordering: .relaxed)
    }

    func run() async throws {
        // The store is migrated as the server starts, after the services.
        while !Task.isCancelled && !Task.isShuttingDownGracefully, await !store.isReady() {
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .milliseconds(50)) }
        }
        await withDiscardingTaskGroup { group in
            var idle = Duration.milliseconds(50)
            var reported = ContinuousClock.now - .seconds(5)
            var endpointsActive = false
            var looked = ContinuousClock.now - .seconds(1)
            while !Task.isCancelled && !Task.isShuttingDownGracefully {
                committed.store(false, ordering: .relaxed)
                let stored = await storeOutcomes()
                let claimed = await claim()
                for delivery in claimed { group.addTask { await self.attempt(delivery) } }
                if ContinuousClock.now - reported >= .seconds(5) {
                    reported = ContinuousClock.now
                    await reportOldestPending()
                }
                // Attempts in flight free room when they end: no backing off meanwhile.
                let working = !claimed.isEmpty || inFlight.withLock { !$0.isEmpty }
                idle = working ? .milliseconds(50) : min(idle * 2, idleInterval)
                let pause = claimed.isEmpty && stored == 0 ? idle : .milliseconds(2)
                if pause > Self.commitCheck, ContinuousClock.now - looked >= .seconds(1) {
                    looked = ContinuousClock.now
                    endpointsActive = (try? await store.hasActiveWebhookEndpoints()) ?? true
                }
                if pause > Self.commitCheck && endpointsActive {
                    await pauseUntilCommitted(upTo: pause)
                } else {
                    await attemptEnded.pause(upTo: pause)
                }
            }
        }
        await storeOutcomes()
        await sender.shutdown()
    }

    /// Pauses for `duration` in steps of ``commitCheck``, ending after the
    /// step in which a commit stored events.
    private func pauseUntilCommitted(upTo duration: Duration) async {
        let end = ContinuousClock.now + duration
        while ContinuousClock.now < end, !Task.isCancelled, !Task.isShuttingDownGracefully,
            !committed.load(ordering: .relaxed)
        {
            await attemptEnded.pause(upTo: min(Self.commitCheck, end - ContinuousClock.now))
        }
    }

    /// Leases what this instance has room for, leaving out the endpoints
    /// whose attempts fill their share.
    private func claim() async -> [ClaimedDelivery] {
        let (room, busy) = inFlight.withLock { counts in
            (Self.capacity - counts.values.reduce(0, +), Set(counts.filter { $0.value >= Self.perEndpoint }.keys))
        }
        guard room > 0 else { return [] }
        let now = clock.nowMillis()
        do {
            let claimed = try await store.claimDeliveries(now: now, leaseUntil: now + Self.lease, limit: min(room, Self.batch), busy: busy)
            inFlight.withLock { counts in
                for delivery in claimed { counts[delivery.endpoint.id, default: 0] += 1 }
            }
            return claimed
        } catch {
            logger.warning("Leasing webhook deliveries failed", metadata: ["error": "\(String(reflecting: type(of: error)))"])
            return []
        }
    }

    /// Attempts a delivery and leaves its outcome for the next poll to store;
    /// until then its lease keeps it from being leased again.
    private func attempt(_ claimed: ClaimedDelivery) async {
        let endpointID = claimed.endpoint.id
        var delivery = claimed.delivery
        if let event = claimed.event {
            // Never refused: the endpoint's line has no limit.
            let status = try? await turns(of: endpointID).run {
                let body = render(event)
                let headers = WebhookSignature.headers(
                    id: event.event.id,
                    timestamp: clock.nowMillis() / 1000,
                    body: body,
                    secret: claimed.endpoint.secret
                )
                metrics.attempted()
                return await sender.post(body, headers: headers, to: claimed.endpoint.url)
            }
            delivery.attempts += 1
            delivery.lastStatusCode = status
            if let status, (200..<300).contains(status) {
                delivery.status = .succeeded
                delivery.nextAttemptAt = nil
            } else if let next = RetrySchedule.nextAttempt(after: delivery.attempts, failedAt: clock.nowMillis()) {
                delivery.nextAttemptAt = next
            } else {
                delivery.status = .failed
                delivery.nextAttemptAt = nil
            }
        } else {
            // Erased or purged since: there is nothing left to send.
            delivery.status = .failed
            delivery.nextAttemptAt = nil
        }
        outcomes.withLock { $0.append(delivery) }
        inFlight.withLock { counts in
            counts[endpointID, default: 1] -= 1
            if counts[endpointID] == 0 { counts[endpointID] = nil }
        }
        attemptEnded.signal()
    }

    /// Stores the outcomes of the attempts that ended since the last call, in
    /// one transaction; returns how many.
    @discardableResult
    private func storeOutcomes() async -> Int {
        let ended = outcomes.withLock { pending in
            defer { pending = [] }
            return pending
        }
        guard !ended.isEmpty else { return 0 }
        do {
            try await store.finish(ended)
            for delivery in ended where delivery.status != .pending { metrics.ended(delivery.status) }
        } catch {
            // The leases run out and the deliveries are attempted again: at least once.
            logger.warning("Storing webhook attempts failed", metadata: ["deliveries": "\(ended.count)"])
        }
        return ended.count
    }

    /// The endpoint's turns to send, ``perEndpoint`` at a time, in the order asked.
    private func turns(of endpointID: String) -> WorkLimit {
        sendingTurns.withLock { turns in
            if let limit = turns[endpointID] { return limit }
            let limit = WorkLimit(width: Self.perEndpoint, queueLimit: .max)
            turns[endpointID] = limit
            return limit
        }
    }

    private func reportOldestPending() async {
        guard let oldest = try? await store.oldestPendingDelivery() else {
            metrics.oldestPending(0)
            return
        }
        metrics.oldestPending(Double(max(0, clock.nowMillis() - oldest)) / 1000)
    }
}
