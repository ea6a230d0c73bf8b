import Foundation
import Synchronization
import Testing

@testable import Inlet

/// The real `inlet` binary run as a child process on a loopback port.
final class InletProcess: Sendable {
    let process: Process
    let port: Int
    let appKey: String?
    private let output: Locked<String>

    /// The binary built by the test command (`INLET_BINARY`), or the debug build next to the sources.
    static var binaryPath: String {
        if let path = ProcessInfo.processInfo.environment["INLET_BINARY"] { return path }
        let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        return packageRoot.appendingPathComponent(".build/debug/inlet").path
    }

    /// Starts `inlet serve` on `database` and waits until it listens.
    init(database: DatabaseLocation, adminToken: String, extraArguments: [String] = [], environment extra: [String: String] = [:]) async throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.binaryPath)
        process.arguments = ["serve", "--database", database.argument, "--port", "0", "--log-level", "info"] + extraArguments
        var environment = ProcessInfo.processInfo.environment
        environment["INLET_ADMIN_TOKEN"] = adminToken
        environment.merge(extra) { $1 }
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        let output = Locked("")
        pipe.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            if !data.isEmpty { output.withLock { $0 += String(decoding: data, as: UTF8.self) } }
        }
        try process.run()
        var port: Int?
        let deadline = ContinuousClock.now + .seconds(30)
        while port == nil, ContinuousClock.now < deadline, process.isRunning {
            try await Task.sleep(for: .milliseconds(20))
            let text = output.withLock { $0 }
            if let range = text.range(of: "listening on 127.0.0.1:") {
                port = Int(text[range.upperBound...].prefix { $0.isNumber })
            }
        }
        guard let port else {
            process.terminate()
            throw InletProcessError.didNotStart(output.withLock { $0 })
        }
        self.process = process
        self.port = port
        self.output = output
        let text = output.withLock { $0 }
        self.appKey = text.range(of: "wp_live_").map { String(text[$0.lowerBound...].prefix { $0.isLetter || $0.isNumber || $0 == "_" }) }
    }

    var log: String { output.withLock { $0 } }

    /// Sends a signal to the process.
    func signal(_ signal: Int32) {
        kill(process.processIdentifier, signal)
    }

    /// Waits for the process to end; returns its exit status.
    func waitForExit(timeout: Duration = .seconds(30)) async throws -> Int32 {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        if process.isRunning {
            process.terminate()
            throw InletProcessError.didNotExit(log: String(log.suffix(4000)))
        }
        return process.terminationStatus
    }
}

enum InletProcessError: Error {
    case didNotStart(String)
    /// With the end of what the process printed.
    case didNotExit(log: String)
}
