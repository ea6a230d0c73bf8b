import Prometheus
import Synchronization

/// The application's metrics: one Prometheus registry per application, so
/// nothing is global and `/metrics` shows exactly this server's figures. Every
/// family carries HELP text.
struct InletMetrics: Sendable {
    /// The registry `/metrics` renders.
    let registry: PrometheusCollectorRegistry
    private let requestCounters = CounterCache<RequestLabels>()
    private let rowCounters = CounterCache<RowLabels>()
    private let deadLetterCounters = CounterCache<String>()

    init() {
        registry = PrometheusCollectorRegistry()
    }

    private static var requests: MetricNameDescriptor {
        .init(
            namespace: "inlet",
            metricName: "http_requests",
            unitName: "total",
            helpText: "HTTP requests answered, by route pattern, method and status."
        )
    }

    private static var rows: MetricNameDescriptor {
        .init(
            namespace: "inlet",
            metricName: "event_rows",
            unitName: "total",
            helpText: "Event rows by outcome (accepted, duplicate, rejected) and, for rejections, error code."
        )
    }

    /// Counts a finished request by route pattern and status.
    func countRequest(route: String, method: String, status: Int) {
        requestCounters.counter(for: RequestLabels(route: route, method: method, status: status)) {
            registry.makeCounter(descriptor: Self.requests, labels: [("route", route), ("method", method), ("status", String(status))])
        }.increment()
    }

    /// Counts event rows by outcome and, for rejections, error code.
    func countRows(outcome: String, code: String, by amount: Int) {
        guard amount > 0 else { return }
        rowCounters.counter(for: RowLabels(outcome: outcome, code: code)) {
            registry.makeCounter(descriptor: Self.rows, labels: [("outcome", outcome), ("code", code)])
        }.increment(by: Int64(amount))
    }

    private static var processed: MetricNameDescriptor {
        .init(
            namespace: "inlet",
            subsystem: "lead",
            metricName: "events_processed",
            unitName: "total",
            helpText: "Queued events the lead processor took: resolved, scored, or dead-lettered."
        )
    }

    private static var deadLettered: MetricNameDescriptor {
        .init(
            namespace: "inlet",
            subsystem: "lead",
            metricName: "dead_letters",
            unitName: "total",
            helpText: "Events the lead processor refused and kept as dead letters, by reason code."
        )
    }

    /// Counts the events of a lead processing transaction, and its dead letters by reason.
    func countProcessed(_ processed: ProcessedEvents) {
        registry.makeCounter(descriptor: Self.processed).increment(by: Int64(processed.events))
        for reason in processed.deadLetterReasons {
            deadLetterCounters.counter(for: reason) { registry.makeCounter(descriptor: Self.deadLettered, labels: [("reason", reason)]) }.increment()
        }
    }

    func leadQueueEvents() -> Prometheus.Gauge {
        registry.makeGauge(
            descriptor: .init(
                namespace: "inlet",
                subsystem: "lead",
                metricName: "queue",
                unitName: "events",
                helpText: "Events stored and waiting for the lead processor: the processing lag in events."
            )
        )
    }

    func leadQueueLag() -> Prometheus.Gauge {
        registry.makeGauge(
            descriptor: .init(
                namespace: "inlet",
                subsystem: "lead",
                metricName: "queue_lag",
                unitName: "seconds",
                helpText: "Age of the oldest event waiting for the lead processor: the processing lag in seconds."
            )
        )
    }

    /// Counts the rows retention deleted, by kind; every kind is shown from
    /// the start, at 0.
    func retentionDeleted() -> @Sendable (RetainedKind, Int) -> Void {
        let counters = Dictionary(
            uniqueKeysWithValues: RetainedKind.allCases.map { kind in
                (
                    kind,
                    registry.makeCounter(
                        descriptor: .init(
                            namespace: "inlet",
                            subsystem: "retention",
                            metricName: "deleted_rows",
                            unitName: "total",
                            helpText: "Rows deleted because they passed their organization's or stream's retention, by kind."
                        ),
                        labels: [("kind", kind.rawValue)]
                    )
                )
            }
        )
        return { kind, rows in counters[kind]?.increment(by: Int64(rows)) }
    }

    /// The webhook dispatcher's figures: attempts, deliveries ended by
    /// outcome (`succeeded`, `failed`), and the age of the oldest pending one.
    func webhookDeliveries() -> WebhookMetrics {
        let ended = Dictionary(
            uniqueKeysWithValues: [WebhookDelivery.Status.succeeded, .failed].map { status in
                (
                    status,
                    registry.makeCounter(
                        descriptor: .init(
                            namespace: "inlet",
                            subsystem: "webhook",
                            metricName: "deliveries",
                            unitName: "total",
                            helpText: "Webhook deliveries ended, by outcome: succeeded (a 2xx) or failed (every retry spent)."
                        ),
                        labels: [("outcome", status.rawValue)]
                    )
                )
            }
        )
        let attempts = registry.makeCounter(
            descriptor: .init(
                namespace: "inlet",
                subsystem: "webhook",
                metricName: "attempts",
                unitName: "total",
                helpText: "Webhook delivery attempts, whatever their answer."
            )
        )
        let oldest = registry.makeGauge(
            descriptor: .init(
                namespace: "inlet",
                subsystem: "webhook",
                metricName: "oldest_pending",
                unitName: "seconds",
                helpText: "Age of the oldest webhook delivery not yet succeeded or failed; 0 when none is pending."
            )
        )
        return WebhookMetrics(
            attempted: { attempts.increment() },
            ended: { ended[$0]?.increment() },
            oldestPending: { oldest.set($0) }
        )
    }

    /// Counts the requests that waited at the door for the lead backlog, and their time waiting.
    func leadBacklogWaits() -> @Sendable (Duration) -> Void {
        let waits = registry.makeCounter(
            descriptor: .init(
                namespace: "inlet",
                subsystem: "lead",
                metricName: "backlog_waits",
                unitName: "total",
                helpText: "Requests that waited at the door because the lead processor's backlog was over its limit."
            )
        )
        let seconds = registry.makeCounter(
            descriptor: .init(
                namespace: "inlet",
                subsystem: "lead",
                metricName: "backlog_wait_seconds",
                unitName: "total",
                helpText: "Time requests spent waiting at the door for the lead processor's backlog."
            )
        )
        return { waited in
            waits.increment()
            seconds.increment(by: Double(waited.components.seconds) + Double(waited.components.attoseconds) / 1e18)
        }
    }

    func writerBatchSize() -> ValueHistogram {
        registry.makeValueHistogram(
            descriptor: .init(
                namespace: "inlet",
                subsystem: "writer",
                metricName: "batch",
                unitName: "size",
                helpText: "Requests committed together by one group commit."
            ),
            buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256, 512]
        )
    }

    func writerCommitLatency() -> DurationHistogram {
        registry.makeDurationHistogram(
            descriptor: .init(
                namespace: "inlet",
                subsystem: "writer",
                metricName: "commit",
                unitName: "seconds",
                helpText: "Time of one group commit: lookups, decisions, writes and the durable commit."
            ),
            buckets: [
                .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25),
                .milliseconds(50), .milliseconds(100), .milliseconds(250), .seconds(1),
            ]
        )
    }

    func writerOutcomesUnknown() -> Prometheus.Counter {
        registry.makeCounter(
            descriptor: .init(
                namespace: "inlet",
                subsystem: "writer",
                metricName: "outcomes_unknown",
                unitName: "total",
                helpText: "Group commits whose outcome could not be known (connection lost after the commit was sent, or no answer in time)."
            )
        )
    }

    func writerQueueDepth() -> Prometheus.Gauge {
        registry.makeGauge(
            descriptor: .init(
                namespace: "inlet",
                subsystem: "writer",
                metricName: "queue",
                unitName: "depth",
                helpText: "Requests waiting for a group commit."
            )
        )
    }
}

/// The labels of `inlet_http_requests_total`.
private struct RequestLabels: Hashable {
    let route: String
    let method: String
    let status: Int
}

/// The labels of `inlet_event_rows_total`.
private struct RowLabels: Hashable {
    let outcome: String
    let code: String
}

/// The counters of one family already made, by their labels: the registry
/// lookup behind making one is too slow for every request.
private final class CounterCache<Labels: Hashable & Sendable>: Sendable {
    private let storage = Mutex<[Labels: Prometheus.Counter]>([:])

    func counter(for labels: Labels, make: () -> Prometheus.Counter) -> Prometheus.Counter {
        if let counter = storage.withLock({ $0[labels] }) { return counter }
        let counter = make()
        storage.withLock { $0[labels] = counter }
        return counter
    }
}
