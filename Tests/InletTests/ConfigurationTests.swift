import Foundation
import Testing

@testable import Inlet

/// `inlet serve` refuses a setting it cannot use, from a flag or an `INLET_*`
/// variable alike, before it listens: exit status 64 and one line naming the
/// setting (SPEC §10). Runs the real binary.
@Suite("Strict configuration")
struct ConfigurationTests {
    /// Runs `inlet serve` (on a fresh SQLite file and a free port unless
    /// `extra` or `arguments` name them); returns its exit status and standard error, or records an
    /// issue if it is still running after 20 s.
    private func serve(_ arguments: [String] = [], environment extra: [String: String] = [:]) async throws -> (status: Int32, errors: String) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("inlet-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: InletProcess.binaryPath)
        let database = extra["INLET_DATABASE"] == nil ? ["--database", directory.appendingPathComponent("inlet.sqlite").path] : []
        let port = extra["INLET_PORT"] == nil && !arguments.contains("--port") ? ["--port", "0"] : []
        process.arguments = ["serve"] + port + database + arguments
        process.environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("INLET_") }.merging(extra) { $1 }
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = Pipe()
        try process.run()
        let deadline = ContinuousClock.now + .seconds(20)
        while process.isRunning, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
        if process.isRunning {
            process.terminate()
            Issue.record("inlet serve \(arguments) \(extra) kept running")
        }
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self))
    }

    /// One setting of each kind: a number with a range, seconds, a choice, a
    /// URL, a database; each one wrong way.
    static let invalidVariables: [(variable: String, value: String)] = [
        ("INLET_PORT", "abc"), ("INLET_PORT", "70000"), ("INLET_WRITE_QUEUE", "0"), ("INLET_LEAD_BACKLOG_LIMIT", "-1"),
        ("INLET_IDEMPOTENCY_RETENTION_SECONDS", "60"), ("INLET_IDLE_TIMEOUT", "-5"), ("INLET_RETENTION_INTERVAL", "0"),
        ("INLET_DATABASE_TIMEOUT", "soon"),
        ("INLET_LOG_LEVEL", "loud"), ("INLET_LEAD_PROCESSING", "maybe"), ("INLET_PUBLIC_URL", "ftp://example.com"),
        ("INLET_WEBHOOKS_ALLOW_PRIVATE", "yes"),
    ]

    @Test(arguments: invalidVariables)
    func aVariableThatDoesNotParseStopsTheProcessNamingIt(variable: String, value: String) async throws {
        let (status, errors) = try await serve(environment: [variable: value])
        #expect(status == 64)
        let lines = errors.split(separator: "\n")
        #expect(lines.count == 1, "\(errors)")
        #expect(errors.contains(variable) && errors.contains(value) && errors.contains("expected"), "\(errors)")
    }

    @Test func aFlagIsCheckedAsItsVariableIs() async throws {
        let (status, errors) = try await serve(["--idle-timeout=-5"])
        #expect(status == 64)
        #expect(errors.contains("--idle-timeout") && errors.contains("greater than 0"), "\(errors)")
        let (queue, queueErrors) = try await serve(["--write-queue", "0"])
        #expect(queue == 64 && queueErrors.contains("--write-queue"), "\(queueErrors)")
    }

    @Test func anUnknownDatabaseIsNamedWithoutEchoingAURL() async throws {
        let (status, errors) = try await serve(environment: ["INLET_DATABASE": "mysql://user:secret@host/db"])
        #expect(status == 64 && errors.contains("INLET_DATABASE") && errors.split(separator: "\n").count == 1, "\(errors)")
        let (badURL, badURLErrors) = try await serve(environment: ["INLET_DATABASE": "postgres://user:secret@[host/db"])
        #expect(badURL == 64 && badURLErrors.contains("INLET_DATABASE") && !badURLErrors.contains("secret"), "\(badURLErrors)")
    }

    @Test func aPortInUseIsSaidInWords() async throws {
        let database = try await Backend.sqlite.freshDatabase()
        let first = try await InletProcess(database: database, adminToken: "inl_admin_config-test")
        defer { first.signal(SIGTERM) }
        let (status, errors) = try await serve(["--port", "\(first.port)"])
        #expect(status == 1)
        #expect(errors.contains("Port \(first.port) on 127.0.0.1 is already in use"), "\(errors)")
        #expect(!errors.contains("errno"), "\(errors)")
    }
}
