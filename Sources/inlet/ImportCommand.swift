import ArgumentParser
import Foundation
import InletClient

/// `inlet import FILE`: sends a large NDJSON file of lead events to a running
/// server's `/import/events` in chunks, with a progress line (rows, rows/s,
/// rejections so far). Each chunk carries an idempotency key derived from the
/// file and the chunk, so running an interrupted import again resumes it
/// without storing anything twice.
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import an NDJSON file of lead events into a running server."
    )

    @Argument(help: "The NDJSON file: one lead event per line, each with its timestamp.") var file: String
    @OptionGroup var server: ServerOptions
    @Option(help: "The org unit to make active first (else the key's).") var unit: String?
    @Option(help: "Rows per request (at most 10 000).") var chunkRows: Int = 1000

    func run() async throws {
        let client = try server.client()
        guard FileManager.default.isReadableFile(atPath: file) else { throw ValidationError("Cannot open \(file).") }
        let size = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
        do {
            if let unit { try await client.setActiveUnit(unit) }
            var progress = ImportProgress(totalBytes: size)
            _ = try await client.importEvents(ndjsonFile: URL(fileURLWithPath: file), rowsPerChunk: chunkRows) { bytesRead, result in
                progress.update(bytesRead: bytesRead, result: result)
            }
            progress.finish()
        } catch let error as InletClientError {
            throw ValidationError("The import stopped: \(error)")
        }
    }
}
