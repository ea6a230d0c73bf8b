/// The timeline's chart: rows per minute over the last hour, as every ingest
/// route of every instance answered them (the store's ``ActivityKey`` counts),
/// as stacked SVG bars, accepted below and rejected above, with a legend of
/// rejections by code. The SVG holds only numbers and fixed text; codes go in
/// the legend, escaped by the template.
struct ActivityChart {
    /// One minute's counts.
    struct Minute: Equatable {
        /// Milliseconds since the epoch at the minute's start.
        var start: Int64
        var accepted = 0
        var rejected: [String: Int] = [:]
    }

    /// The last hour, oldest first, one entry per minute (empty ones included).
    var minutes: [Minute]

    /// Minutes shown.
    static let hour = 60

    /// The hour up to the minute holding `now`, from the store's counts.
    init(counts: [ActivityKey: Int], now: Int64) {
        let current = now - now % 60_000
        var byStart: [Int64: Minute] = [:]
        for (key, rows) in counts {
            byStart[key.minute, default: Minute(start: key.minute)].add(rows, key.code)
        }
        minutes = (0..<Self.hour).reversed().map { back in
            let start = current - Int64(back) * 60_000
            return byStart[start] ?? Minute(start: start)
        }
    }

    /// Where the counts start: the minute before the hour shown.
    static func since(now: Int64) -> Int64 {
        now - now % 60_000 - Int64(hour) * 60_000
    }

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
            aria-label="Rows per minute, last hour (peak \(peak))">\(bars)</svg>
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

extension ActivityChart.Minute {
    fileprivate mutating func add(_ rows: Int, _ outcome: String) {
        if outcome == "accepted" { accepted += rows } else { rejected[outcome, default: 0] += rows }
    }
}
