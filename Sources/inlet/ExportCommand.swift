import ArgumentParser
import Foundation

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `inlet export events|stream … FILE`: writes a running server's export to
/// an NDJSON file with a progress line on standard error. A file an earlier
/// run left behind is continued after its last whole line, and an answer cut
/// short is resumed the same way, up to ten times in a row.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export the timeline or a stream's items from a running server into an NDJSON file.",
        subcommands: [Events.self, Stream.self]
    )

    struct Events: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Every event, oldest first, one timeline event per line.")

        @Argument(help: "The NDJSON file to write, or to continue.") var file: String
        @OptionGroup var server: ServerOptions
        @Option(help: "Events from this time on (RFC 3339).") var from: String?
        @Option(help: "Events before this time (RFC 3339).") var to: String?
        @Option(help: "Events of this source only (custom:<app>, lead-ingest, …).") var source: String?
        @Option(help: "Events of this type only.") var eventType: String?
        @Option(help: "Events of this person only.") var workerId: String?

        func run() async throws {
            let query = [("from", from), ("to", to), ("source", source), ("eventType", eventType), ("workerId", workerId)]
            try await ExportCommand.export("/api/v1/export/events", query: query.compactMap { name, value in value.map { (name, $0) } }, server, file)
        }
    }

    struct Stream: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Every item of a stream, in creation order, one per line.")

        @Argument(help: "The stream's name.") var name: String
        @Argument(help: "The NDJSON file to write, or to continue.") var file: String
        @OptionGroup var server: ServerOptions
        @Option(name: .customLong("where"), help: "A filter on a flattened field, as field=value; repeat.") var filters: [String] = []

        func run() async throws {
            let query = try filters.map { filter in
                guard let equals = filter.firstIndex(of: "=") else { throw ValidationError("--where takes field=value, not '\(filter)'.") }
                return ("where." + filter[..<equals], String(filter[filter.index(after: equals)...]))
            }
            let path = "/api/streams/" + (name.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? name) + "/export"
            try await ExportCommand.export(path, query: query, server, file)
        }
    }

    /// Cuts in a row, each resumed after the last whole line, before the export gives up.
    private static let attempts = 10

    private static func export(_ path: String, query: [(String, String)], _ server: ServerOptions, _ file: String) async throws {
        let (base, key) = try server.endpoint()
        let output = try ExportFile(path: file)
        let progress = ExportProgress(resumedLines: output.lines)
        var cuts = 0
        while true {
            var components = URLComponents(url: base.appendingPathComponent(path), resolvingAgainstBaseURL: false)
            components?.queryItems = (query + (output.lastID.map { [("after", $0)] } ?? [])).map { URLQueryItem(name: $0, value: $1) }
            guard let url = components?.url else { throw ValidationError("--url is not a URL.") }
            var request = URLRequest(url: url)
            request.setValue("Bearer " + key, forHTTPHeaderField: "Authorization")
            let linesBefore = output.lines
            let outcome = try await ExportDownload(into: output) { progress.update(lines: $0) }.run(request)
            switch outcome {
            case .complete:
                try output.close()
                progress.finish(lines: output.lines)
                return
            case .refused(let status, let message):
                try output.close()
                progress.finish(lines: output.lines)
                throw ExportError("The server refused the export (\(status)): \(message)")
            case .cut(let reason):
                cuts = output.lines > linesBefore ? 1 : cuts + 1
                guard cuts < attempts else {
                    try output.close()
                    throw ExportError("The export was cut \(attempts) times in a row (\(reason)); run the command again to resume.")
                }
                try await Task.sleep(for: .milliseconds(200 * cuts))
            }
        }
    }
}
