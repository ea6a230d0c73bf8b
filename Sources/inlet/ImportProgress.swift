import Foundation
import InletClient

/// The progress line of `inlet import` on standard error: bytes of the file
/// read, rows sent, rows per second, rejections so far, each rejection on a
/// line of its own above it.
struct ImportProgress {
    let totalBytes: Int
    private var bytesRead = 0
    private var result: ImportResult?
    private let start = ContinuousClock.now

    init(totalBytes: Int) {
        self.totalBytes = totalBytes
    }

    mutating func update(bytesRead: Int, result: ImportResult) {
        for rejection in result.rejections.dropFirst(self.result?.rejections.count ?? 0) {
            let place = rejection.line.map { "line \($0)" } ?? "row \(rejection.index)"
            write("\r\u{1B}[K\(place): \(rejection.error.code): \(rejection.error.message)\n")
        }
        self.bytesRead = bytesRead
        self.result = result
        draw(end: "")
    }

    func finish() {
        draw(end: "\n")
    }

    private func draw(end: String) {
        let fraction = totalBytes > 0 ? min(1, Double(bytesRead) / Double(totalBytes)) : 1
        let filled = Int(fraction * 30)
        let elapsed = (ContinuousClock.now - start).components
        let seconds = max(0.001, Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18)
        let rows = (result?.accepted ?? 0) + (result?.rejected ?? 0)
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: 30 - filled)
        var text = "\r[\(bar)] \(Int(fraction * 100))% \(rows) rows, \(Int(Double(rows) / seconds)) rows/s, \(result?.rejected ?? 0) rejected"
        if let replayed = result?.replayedRows, replayed > 0 { text += ", \(replayed) already imported" }
        write(text + end)
    }

    private func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
