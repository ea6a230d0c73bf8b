/// A person's numeric metrics over time, from their current and replaced
/// snapshots: one series per app, snapshot type and metric, drawn as a small
/// SVG line (numbers only; names go through the template's escaping).
struct SnapshotHistory {
    struct Series {
        /// `app · type · metric`.
        var name: String
        /// Values oldest first.
        var values: [Double]

        /// The last value, as shown beside the chart.
        var latest: String {
            values.last.map(Self.format) ?? ""
        }

        /// The series as an SVG polyline scaled to its own range, one step per snapshot.
        var svg: String {
            let width = 160.0
            let height = 32.0
            let (low, high) = (values.min() ?? 0, values.max() ?? 0)
            let step = values.count > 1 ? width / Double(values.count - 1) : 0
            let coordinates = values.enumerated().map { index, value -> String in
                let x = values.count > 1 ? Double(index) * step : width / 2
                let y = high > low ? height - (value - low) / (high - low) * height : height / 2
                return "\(Int(x)),\(Int(y))"
            }
            return
                "<svg class=\"spark\" viewBox=\"-2 -2 164 36\" role=\"img\" aria-label=\"\(values.count) values from \(Self.format(low)) to \(Self.format(high))\">"
                + "<polyline points=\"\(coordinates.joined(separator: " "))\"/></svg>"
        }

        private static func format(_ value: Double) -> String {
            value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
        }
    }

    private(set) var series: [Series] = []

    init(_ snapshots: [SnapshotRecord]) {
        var positions: [String: Int] = [:]
        for snapshot in snapshots.sorted(by: { $0.timestamp < $1.timestamp }) {
            for metric in snapshot.metrics {
                guard let value = metric.value.doubleValue else { continue }
                let name = "\(snapshot.app) · \(snapshot.snapshotType) · \(metric.name)"
                if let position = positions[name] {
                    series[position].values.append(value)
                } else {
                    positions[name] = series.count
                    series.append(Series(name: name, values: [value]))
                }
            }
        }
    }
}
