import Foundation

/// The progress line of `inlet export` on standard error: lines in the file,
/// those an earlier run wrote, and lines per second, drawn at most five times
/// a second.
final class ExportProgress: @unchecked Sendable {
    private let resumedLines: Int
    private let start = ContinuousClock.now
    private let lock = NSLock()
    private var drawn = ContinuousClock.now - .seconds(1)

    init(resumedLines: Int) {
        self.resumedLines = resumedLines
    }

    func update(lines: Int) {
        let now = ContinuousClock.now
        let due = lock.withLock {
            guard now - drawn >= .milliseconds(200) else { return false }
            drawn = now
            return true
        }
        if due { draw(lines: lines, end: "") }
    }

    func finish(lines: Int) {
        draw(lines: lines, end: "\n")
    }

    private func draw(lines: Int, end: String) {
        let elapsed = (ContinuousClock.now - start).components
        let seconds = max(0.001, Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18)
        var text = "\r\u{1B}[K\(lines) lines, \(Int(Double(lines - resumedLines) / seconds)) lines/s"
        if resumedLines > 0 { text += ", \(resumedLines) from an earlier run" }
        FileHandle.standardError.write(Data((text + end).utf8))
    }
}
