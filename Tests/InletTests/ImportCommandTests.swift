import Foundation
import Testing

@testable import Inlet

extension DurabilityTests {
    /// Runs `inlet` with `arguments` and returns its exit status and standard
    /// error; `output` receives its standard output.
    static func runCLI(_ arguments: [String], output: ((String) -> Void)? = nil) throws -> (Int32, String) {
        let cli = Process()
        cli.executableURL = URL(fileURLWithPath: InletProcess.binaryPath)
        cli.arguments = arguments
        let errors = Pipe()
        let printed = Pipe()
        cli.standardError = errors
        cli.standardOutput = printed
        try cli.run()
        // Both are short: read one after the other.
        let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        output?(String(decoding: printed.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self))
        cli.waitUntilExit()
        return (cli.terminationStatus, text)
    }

    @Test func anInterruptedImportRunAgainStoresEachRowOnce() async throws {
        let path = try await Backend.sqlite.freshDatabase()
        let server = try await InletProcess(database: path, adminToken: Self.token)
        let key = try #require(server.appKey)
        try Self.liftLimits(path)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("inlet-import-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var lines = (0..<2_500).map {
            #"{"alias_kind": "email", "alias": "p\#($0 % 50)@example.com", "event_type": "page_view", "timestamp": "2026-11-20T10:00:00Z"}"#
        }
        lines.insert("{broken", at: 1_200)
        let full = directory.appendingPathComponent("leads.ndjson")
        let partial = directory.appendingPathComponent("partial.ndjson")
        try (lines.joined(separator: "\n") + "\n").write(to: full, atomically: true, encoding: .utf8)
        // The run that was cut off: the file's first 1 000 rows only.
        try (lines.prefix(1_000).joined(separator: "\n") + "\n").write(to: partial, atomically: true, encoding: .utf8)
        let url = "http://127.0.0.1:\(server.port)"

        let (cut, _) = try Self.runCLI(["import", partial.path, "--url", url, "--key", key, "--unit", "unit_default"])
        #expect(cut == 0)
        let (status, output) = try Self.runCLI(["import", full.path, "--url", url, "--key", key, "--chunk-rows", "1000"])
        #expect(status == 0, "\(output)")
        #expect(output.contains("2501 rows") && output.contains("1 rejected") && output.contains("1000 already imported"), "\(output)")
        #expect(output.contains("line 1201: invalid_event"), "\(output)")

        try await LeadWorkload.waitUntilProcessed(ports: [server.port])
        let stored = try await LeadWorkload.timeline(port: server.port, token: Self.token, source: "lead-ingest")
        #expect(stored.count == 2_500)
        server.signal(SIGTERM)
        #expect(try await server.waitForExit() == 0)
    }
}
