import Prometheus
import Synchronization

/// The application's metrics: one Prometheus registry per application, so
/// nothing is global and `/metrics` shows exactly this server's figures. Every
/// family carries HELP text.
public struct InletMetrics: Sendable {
    /// The registry `/metrics` renders.
    public let registry: PrometheusCollectorRegistry
    private let counters = Counters()

    public init() {
        registry = PrometheusCollectorRegistry()
    }

    private static var requests: MetricNameDescriptor {
        .init(namespace: "inlet", metricName: "http_requests", unitName: "total", helpText: "HTTP requests answered, by route pattern, method and status.")
    }

    private static var rows: MetricNameDescriptor {
        .init(
            namespace: "inlet", metricName: "event_rows", unitName: "total",
            helpText: "Event rows by outcome (accepted, duplicate, rejected) and, for rejections, error code.")
    }

    /// Counts a finished request by route pattern and status.
    func countRequest(route: String, method: String, status: Int) {
        counter(Self.requests, [("route", route), ("method", method), ("status", String(status))]).increment()
    }

    /// Counts event rows by outcome and, for rejections, error code.
    func countRows(outcome: String, code: String, by amount: Int) {
        guard amount > 0 else { return }
        counter(Self.rows, [("outcome", outcome), ("code", code)]).increment(by: Int64(amount))
    }

    private static var processed: MetricNameDescriptor {
        .init(
            namespace: "inlet", subsystem: "lead", metricName: "events_processed", unitName: "total",
            helpText: "Queued events the lead processor took: resolved, scored, or dead-lettered.")
    }

    private static var deadLettered: MetricNameDescriptor {
        .init(
            namespace: "inlet", subsystem: "lead", metricName: "dead_letters", unitName: "total",
            helpText: "Events the lead processor refused and kept as dead letters, by reason code.")
    }

    /// Counts the events of a lead processing transaction, and its dead letters by reason.
    func countProcessed(_ processed: ProcessedEvents) {
        counter(Self.processed, []).increment(by: Int64(processed.events))
        for reason in processed.deadLetterReasons {
            counter(Self.deadLettered, [("reason", reason)]).increment()
        }
    }

    func leadQueueEvents() -> Prometheus.Gauge {
        registry.makeGauge(
            descriptor: .init(
                namespace: "inlet", subsystem: "lead", metricName: "queue", unitName: "events",
                helpText: "Events stored and waiting for the lead processor: the processing lag in events."))
    }

    func leadQueueLag() -> Prometheus.Gauge {
        registry.makeGauge(
            descriptor: .init(
                namespace: "inlet", subsystem: "lead", metricName: "queue_lag", unitName: "seconds",
                helpText: "Age of the oldest event waiting for the lead processor: the processing lag in seconds."))
    }

    /// The counter of a family and labels, made once and then reused: the
    /// registry lookup behind making one is too slow for every request.
    private func counter(_ family: MetricNameDescriptor, _ labels: [(String, String)]) -> Prometheus.Counter {
        let key = ([family.name] + labels.map { $0.0 + "=" + $0.1 }).joined(separator: "\u{0}")
        if let counter = counters.withLock({ $0[key] }) { return counter }
        let counter = registry.makeCounter(descriptor: family, labels: labels)
        counters.withLock { $0[key] = counter }
        return counter
    }

    /// Counts the requests that waited at the door for the lead backlog, and their time waiting.
    func leadBacklogWaits() -> @Sendable (Duration) -> Void {
        let waits = registry.makeCounter(
            descriptor: .init(
                namespace: "inlet", subsystem: "lead", metricName: "backlog_waits", unitName: "total",
                helpText: "Requests that waited at the door because the lead processor's backlog was over its limit."))
        let seconds = registry.makeCounter(
            descriptor: .init(
                namespace: "inlet", subsystem: "lead", metricName: "backlog_wait_seconds", unitName: "total",
                helpText: "Time requests spent waiting at the door for the lead processor's backlog."))
        return { waited in
            waits.increment()
            seconds.increment(by: Double(waited.components.seconds) + Double(waited.components.attoseconds) / 1e18)
        }
    }

    func writerBatchSize() -> ValueHistogram {
        registry.makeValueHistogram(
            descriptor: .init(
                namespace: "inlet", subsystem: "writer", metricName: "batch", unitName: "size",
                helpText: "Requests committed together by one group commit."),
            buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256, 512])
    }

    func writerCommitLatency() -> DurationHistogram {
        registry.makeDurationHistogram(
            descriptor: .init(
                namespace: "inlet", subsystem: "writer", metricName: "commit", unitName: "seconds",
                helpText: "Time of one group commit: lookups, decisions, writes and the durable commit."),
            buckets: [
                .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25),
                .milliseconds(50), .milliseconds(100), .milliseconds(250), .seconds(1),
            ])
    }

    func writerQueueDepth() -> Prometheus.Gauge {
        registry.makeGauge(
            descriptor: .init(
                namespace: "inlet", subsystem: "writer", metricName: "queue", unitName: "depth",
                helpText: "Requests waiting for a group commit."))
    }
}

/// Counters already made, by family and labels.
private final class Counters: Sendable {
    private let storage = Mutex<[String: Prometheus.Counter]>([:])

    func withLock<Result>(_ body: (inout [String: Prometheus.Counter]) -> Result) -> Result {
        storage.withLock { body(&$0) }
    }
}
