import Metrics
import Prometheus
import Synchronization

/// The application's metrics: one Prometheus registry per application, so
/// nothing is global and `/metrics` shows exactly this server's figures.
public struct InletMetrics: Sendable {
    /// The registry `/metrics` renders.
    public let registry: PrometheusCollectorRegistry
    let factory: PrometheusMetricsFactory
    private let counters = Counters()

    public init() {
        registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.valueHistogramBuckets["inlet_writer_batch_size"] = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512]
        factory.durationHistogramBuckets["inlet_writer_commit_seconds"] = [
            .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10),
            .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250), .seconds(1),
        ]
        self.factory = factory
    }

    /// Counts a finished request by route pattern and status.
    func countRequest(route: String, method: String, status: Int) {
        counter("inlet_http_requests_total", [("route", route), ("method", method), ("status", String(status))]).increment()
    }

    /// Counts event rows by outcome and, for rejections, error code.
    func countRows(outcome: String, code: String, by amount: Int) {
        guard amount > 0 else { return }
        counter("inlet_event_rows_total", [("outcome", outcome), ("code", code)]).increment(by: amount)
    }

    /// The counter of a label and dimensions, made once and then reused: the
    /// registry lookup behind making one is too slow for every request.
    private func counter(_ label: String, _ dimensions: [(String, String)]) -> Metrics.Counter {
        let key = ([label] + dimensions.map { $0.0 + "=" + $0.1 }).joined(separator: "\u{0}")
        if let counter = counters.withLock({ $0[key] }) { return counter }
        let counter = Metrics.Counter(label: label, dimensions: dimensions, factory: factory)
        counters.withLock { $0[key] = counter }
        return counter
    }

    func writerBatchSize() -> Recorder {
        Recorder(label: "inlet_writer_batch_size", factory: factory)
    }

    func writerCommitLatency() -> Metrics.Timer {
        Metrics.Timer(label: "inlet_writer_commit_seconds", dimensions: [], factory: factory)
    }

    func writerQueueDepth() -> Metrics.Gauge {
        Metrics.Gauge(label: "inlet_writer_queue_depth", factory: factory)
    }
}

/// Counters already made, by label and dimensions.
private final class Counters: Sendable {
    private let storage = Mutex<[String: Metrics.Counter]>([:])

    func withLock<Result>(_ body: (inout [String: Metrics.Counter]) -> Result) -> Result {
        storage.withLock { body(&$0) }
    }
}
