import ArgumentParser
import Foundation
import Inlet

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `inlet import FILE`: sends a large NDJSON file of lead events to a running
/// server's `/import/events` in chunks, with a progress line (rows, rows/s,
/// rejections so far). Each chunk carries an idempotency key derived from the
/// file and the chunk, so running an interrupted import again resumes it
/// without storing anything twice.
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Import an NDJSON file of lead events into a running server.")

    @Argument(help: "The NDJSON file: one lead event per line, each with its timestamp.") var file: String
    @Option(help: "The server's base URL.") var url: String = "http://127.0.0.1:8080"
    @Option(help: "An app key (INLET_KEY).") var key: String?
    @Option(help: "The org unit to make active first (else the key's).") var unit: String?
    @Option(help: "Rows per request (at most 10 000).") var chunkRows: Int = 1000

    func run() async throws {
        guard let key = key ?? ProcessInfo.processInfo.environment["INLET_KEY"] else { throw ValidationError("Give --key or INLET_KEY.") }
        guard let base = URL(string: url.hasSuffix("/") ? String(url.dropLast()) : url) else { throw ValidationError("--url is not a URL.") }
        guard let input = fopen(file, "r") else { throw ValidationError("Cannot open \(file).") }
        defer { fclose(input) }
        let size = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
        let client = ImportClient(base: base, key: key)
        if let unit { try await client.activate(unit: unit) }

        var progress = ImportProgress(totalBytes: size)
        var chunker = ImportChunker(rowsPerChunk: chunkRows)
        var buffer: UnsafeMutablePointer<CChar>?
        var capacity = 0
        var number = 0
        while true {
            let length = getline(&buffer, &capacity, input)
            guard length >= 0, let buffer else { break }
            number += 1
            progress.bytesRead += length
            var count = length
            if count > 0 && buffer[count - 1] == 0x0A { count -= 1 }
            let line = UnsafeRawBufferPointer(start: buffer, count: count)
            if let chunk = chunker.add(line, number: number) { try await send(chunk, with: client, progress: &progress) }
        }
        free(buffer)
        if let chunk = chunker.finish() { try await send(chunk, with: client, progress: &progress) }
        progress.finish()
    }

    private func send(_ chunk: ImportChunker.Chunk, with client: ImportClient, progress: inout ImportProgress) async throws {
        let answer = try await client.send(chunk)
        for rejection in answer["rejections"]?.arrayValue ?? [] {
            guard case .number(let text)? = rejection["index"], let index = Int(text), chunk.lines.indices.contains(index) else { continue }
            let code = rejection["error"]?["code"]?.stringValue ?? "?"
            let message = rejection["error"]?["message"]?.stringValue ?? ""
            progress.report("line \(chunk.lines[index]): \(code): \(message)")
        }
        progress.add(rows: chunk.lines.count, rejected: (answer["rejections"]?.arrayValue ?? []).count, replayed: answer.replayed)
    }
}
