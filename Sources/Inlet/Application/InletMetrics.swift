import Metrics
import Prometheus

/// The application's metrics: one Prometheus registry per application, so
/// nothing is global and `/metrics` shows exactly this server's figures.
public struct InletMetrics: Sendable {
    /// The registry `/metrics` renders.
    public let registry: PrometheusCollectorRegistry
    let factory: PrometheusMetricsFactory

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
        Counter(label: "inlet_http_requests_total", dimensions: [("route", route), ("method", method), ("status", String(status))], factory: factory)
            .increment()
    }

    /// Counts event rows by outcome and, for rejections, error code.
    func countRows(outcome: String, code: String, by amount: Int) {
        guard amount > 0 else { return }
        Counter(label: "inlet_event_rows_total", dimensions: [("outcome", outcome), ("code", code)], factory: factory)
            .increment(by: amount)
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
