import Logging
import ServiceLifecycle
import Synchronization

/// Delivers what the writes record in the webhook outbox (SPEC §14), on every
/// instance: leases due deliveries, POSTs each, signed, to its endpoint with at
/// most ``perEndpoint`` attempts in flight per endpoint, so that one slow
/// receiver holds up no other, and stores the outcome: a 2xx succeeds,
/// anything else is tried again on the ``RetrySchedule``. It polls every 50 ms
/// while attempts are in flight and backs off to once a second when there
/// are none and nothing is due. On
/// graceful shutdown it takes no more and waits for the attempts in flight.
final class WebhookDispatcher: Service {
    static let perEndpoint = 4
    /// Deliveries leased per poll; at ``perEndpoint`` at a time and 10 s each,
    /// even one endpoint's share ends within the lease.
    static let batch = 8
    /// How long a lease holds: a delivery leased by an instance that died is
    /// attempted again by another (or the same, restarted) after this.
    static let lease: Int64 = 30_000
    static let capacity = 32

    private let store: any WebhookStore
    private let sender: any WebhookSender
    private let clock: any InletClock
    private let metrics: WebhookMetrics
    private let render: @Sendable (TimelineEvent) -> [UInt8]
    private let logger: Logger
    /// Attempts leased on this instance, by endpoint.
    private let inFlight = Mutex<[String: Int]>([:])
    /// Attempts sending right now, by endpoint.
    private let sending = Mutex<[String: Int]>([:])

    init(
        store: any WebhookStore,
        sender: any WebhookSender,
        clock: any InletClock,
        metrics: WebhookMetrics,
        logger: Logger,
        render: @escaping @Sendable (TimelineEvent) -> [UInt8]
    ) {
        self.store = store
        self.sender = sender
        self.clock = clock
        self.metrics = metrics
        self.logger = logger
        self.render = render
    }

    func run() async throws {
        await withDiscardingTaskGroup { group in
            var idle = Duration.milliseconds(50)
            var reported = ContinuousClock.now - .seconds(5)
            while !Task.isCancelled && !Task.isShuttingDownGracefully {
                let claimed = await claim()
                for delivery in claimed { group.addTask { await self.attempt(delivery) } }
                if ContinuousClock.now - reported >= .seconds(5) {
                    reported = ContinuousClock.now
                    await reportOldestPending()
                }
                // Attempts in flight free room when they end: no backing off meanwhile.
                let working = !claimed.isEmpty || inFlight.withLock { !$0.isEmpty }
                idle = working ? .milliseconds(50) : min(idle * 2, .seconds(1))
                let pause = claimed.isEmpty ? idle : .milliseconds(5)
                try? await cancelWhenGracefulShutdown { try await Task.sleep(for: pause) }
            }
        }
        await sender.shutdown()
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

    private func attempt(_ claimed: ClaimedDelivery) async {
        let endpointID = claimed.endpoint.id
        defer {
            inFlight.withLock { counts in
                counts[endpointID, default: 1] -= 1
                if counts[endpointID] == 0 { counts[endpointID] = nil }
            }
        }
        var delivery = claimed.delivery
        if let event = claimed.event {
            await waitForTurn(of: endpointID)
            let body = render(event)
            let headers = WebhookSignature.headers(
                id: event.event.id,
                timestamp: clock.nowMillis() / 1000,
                body: body,
                secret: claimed.endpoint.secret
            )
            metrics.attempted()
            let status = await sender.post(body, headers: headers, to: claimed.endpoint.url)
            sending.withLock { counts in
                counts[endpointID, default: 1] -= 1
                if counts[endpointID] == 0 { counts[endpointID] = nil }
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
        do {
            try await store.finish(delivery)
            if delivery.status != .pending { metrics.ended(delivery.status) }
        } catch {
            // The lease runs out and the delivery is attempted again: at least once.
            logger.warning("Storing a webhook attempt failed", metadata: ["delivery": "\(delivery.id)"])
        }
    }

    /// Waits until fewer than ``perEndpoint`` attempts of the endpoint are sending.
    private func waitForTurn(of endpointID: String) async {
        while !sending.withLock({ counts in
            guard counts[endpointID, default: 0] < Self.perEndpoint else { return false }
            counts[endpointID, default: 0] += 1
            return true
        }) {
            try? await Task.sleep(for: .milliseconds(10))
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
