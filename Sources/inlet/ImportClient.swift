import ArgumentParser
import Foundation
import Inlet

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Sends import chunks to `/import/events`, retrying what the server asks to
/// retry (409 `idempotency_in_progress`, 429, 503) after its `Retry-After`.
struct ImportClient {
    /// An accepted chunk's answer.
    struct Answer {
        var json: JSONValue
        /// Whether the server answered from the record of an earlier run.
        var replayed: Bool

        subscript(_ key: String) -> JSONValue? { json[key] }
    }

    let base: URL
    let key: String
    private static let attempts = 10

    init(base: URL, key: String) {
        self.base = base
        self.key = key
    }

    /// Makes `unit` the key's active unit.
    func activate(unit: String) async throws {
        let body = JSONWriter.bytes(.object([("ouId", .string(unit))]))
        _ = try await post("org-units/active", body: body, contentType: "application/json", idempotencyKey: nil)
    }

    func send(_ chunk: ImportChunker.Chunk) async throws -> Answer {
        try await post("import/events", body: chunk.body, contentType: "application/x-ndjson", idempotencyKey: chunk.idempotencyKey)
    }

    private func post(_ path: String, body: [UInt8], contentType: String, idempotencyKey: String?) async throws -> Answer {
        var request = URLRequest(url: base.appendingPathComponent(path))
        request.httpMethod = "POST"
        request.setValue("Bearer " + key, forHTTPHeaderField: "Authorization")
        request.setValue(contentType, forHTTPHeaderField: "Content-Type")
        if let idempotencyKey { request.setValue(idempotencyKey, forHTTPHeaderField: "Idempotency-Key") }
        for attempt in 1...Self.attempts {
            let (data, response) = try await URLSession.shared.upload(for: request, from: Data(body))
            let status = (response as? HTTPURLResponse)?.statusCode ?? 0
            let json = (try? JSONParser.parse(Array(data))) ?? .null
            if (200..<300).contains(status) {
                let replayed = (response as? HTTPURLResponse)?.value(forHTTPHeaderField: "Idempotent-Replayed") == "true"
                return Answer(json: json, replayed: replayed)
            }
            if [409, 429, 503].contains(status), attempt < Self.attempts {
                let wait = (response as? HTTPURLResponse)?.value(forHTTPHeaderField: "Retry-After").flatMap(Double.init) ?? Double(attempt)
                try await Task.sleep(for: .milliseconds(Int(max(0.2, wait) * 1000)))
                continue
            }
            let message = json["error"]?["message"]?.stringValue ?? String(decoding: data.prefix(300), as: UTF8.self)
            throw ValidationError("POST /\(path) answered \(status): \(message)")
        }
        throw ValidationError("POST /\(path) was refused \(Self.attempts) times.")
    }
}

/// The progress line of `inlet import` on standard error: bytes of the file
/// read, rows sent, rows per second, rejections so far.
struct ImportProgress {
    let totalBytes: Int
    var bytesRead = 0
    private var rows = 0
    private var rejected = 0
    private var replayed = 0
    private let start = ContinuousClock.now

    init(totalBytes: Int) {
        self.totalBytes = totalBytes
    }

    mutating func add(rows sent: Int, rejected refused: Int, replayed wasReplayed: Bool) {
        rows += sent
        rejected += refused
        if wasReplayed { replayed += sent }
        draw(end: "")
    }

    /// Prints a line above the progress line.
    func report(_ line: String) {
        FileHandle.standardError.write(Data(("\r\u{1B}[K" + line + "\n").utf8))
    }

    func finish() {
        draw(end: "\n")
    }

    private func draw(end: String) {
        let fraction = totalBytes > 0 ? min(1, Double(bytesRead) / Double(totalBytes)) : 1
        let filled = Int(fraction * 30)
        let elapsed = (ContinuousClock.now - start).components
        let seconds = max(0.001, Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18)
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: 30 - filled)
        var text = "\r[\(bar)] \(Int(fraction * 100))% \(rows) rows, \(Int(Double(rows) / seconds)) rows/s, \(rejected) rejected"
        if replayed > 0 { text += ", \(replayed) already imported" }
        FileHandle.standardError.write(Data((text + end).utf8))
    }
}
