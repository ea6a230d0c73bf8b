/// The timeline's chart: events per minute over the last hour as stacked SVG
/// bars, accepted below and rejected above, with a legend of rejections by code.
/// The SVG holds only numbers and fixed text; codes go in the legend, escaped by the template.
struct ActivityChart {
    var minutes: [IngestActivity.Minute]

    private static let width = 600
    private static let height = 120

    /// The busiest minute's rows, at least 1: the chart's full height.
    var peak: Int { max(1, minutes.map { $0.accepted + $0.rejected.values.reduce(0, +) }.max() ?? 1) }

    /// The chart as SVG markup.
    var svg: String {
        let peak = self.peak
        let barWidth = Double(Self.width) / Double(max(1, minutes.count))
        var bars = ""
        for (index, minute) in minutes.enumerated() {
            let x = Double(index) * barWidth
            let acceptedHeight = Double(minute.accepted) / Double(peak) * Double(Self.height)
            let rejectedHeight = Double(minute.rejected.values.reduce(0, +)) / Double(peak) * Double(Self.height)
            let y = Double(Self.height) - acceptedHeight
            bars += rect(x: x, y: y, width: barWidth - 1, height: acceptedHeight, kind: "accepted")
            bars += rect(x: x, y: y - rejectedHeight, width: barWidth - 1, height: rejectedHeight, kind: "rejected")
        }
        return """
            <svg class="chart" viewBox="0 0 \(Self.width) \(Self.height)" preserveAspectRatio="none" role="img" \
            aria-label="Events per minute, last hour (peak \(peak))">\(bars)</svg>
            """
    }

    /// Rows accepted over the hour.
    var accepted: Int { minutes.reduce(0) { $0 + $1.accepted } }

    /// Rows rejected over the hour by code, most frequent first.
    var rejected: [(code: String, count: Int)] {
        let totals = minutes.reduce(into: [String: Int]()) { $0.merge($1.rejected, uniquingKeysWith: +) }
        return totals.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map { ($0.key, $0.value) }
    }

    private func rect(x: Double, y: Double, width: Double, height: Double, kind: String) -> String {
        guard height > 0 else { return "" }
        return "<rect class=\"\(kind)\" x=\"\(format(x))\" y=\"\(format(y))\" width=\"\(format(width))\" height=\"\(format(height))\"/>"
    }

    private func format(_ value: Double) -> String {
        String(Double(Int(value * 10)) / 10)
    }
}
