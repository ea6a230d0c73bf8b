/// The person's strip: per app, the first four metrics of that app's current
/// snapshots, types in the order first seen and metrics in insertion order.
enum Strip {
    /// Metrics shown per app.
    static let metricsPerApp = 4

    /// Builds the strip from current snapshots ordered by when their type was first seen.
    static func build(from current: [SnapshotRecord]) -> [(app: String, metrics: [Metric])] {
        var strip: [(app: String, metrics: [Metric])] = []
        for snapshot in current {
            if let position = strip.firstIndex(where: { $0.app == snapshot.app }) {
                let room = metricsPerApp - strip[position].metrics.count
                strip[position].metrics.append(contentsOf: snapshot.metrics.prefix(max(0, room)))
            } else {
                strip.append((snapshot.app, Array(snapshot.metrics.prefix(metricsPerApp))))
            }
        }
        return strip
    }
}
