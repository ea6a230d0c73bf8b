import Foundation

@testable import Inlet

/// A PostgreSQL cluster of a test's own, in a temporary directory, that the
/// test may stop and start: the binaries are those the test command found
/// (`INLET_TEST_POSTGRES_BIN`); as root it runs as the `postgres` user.
final class PostgresCluster: Sendable {
    let directory: String
    let port: Int
    private let bin: String

    init() throws {
        guard let bin = ProcessInfo.processInfo.environment["INLET_TEST_POSTGRES_BIN"] else { throw BackendError.noPostgres }
        self.bin = bin
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("inlet-cluster-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        if getuid() == 0 { try Self.run("/usr/bin/chown postgres '\(directory)'") }
        try Self.runAsOwner(bin, "initdb", ["-D", directory + "/data", "-U", "inlet", "--auth=trust", "-E", "UTF8"])
        port = try Self.startOnAFreePort(bin: bin, directory: directory)
    }

    /// The cluster's URL for `--database`.
    var location: DatabaseLocation {
        get throws { try DatabaseLocation(parsing: "postgres://inlet@127.0.0.1:\(port)/postgres") }
    }

    func start() throws {
        try Self.start(bin: bin, directory: directory, port: port)
    }

    /// Starts the server on a port below Linux's ephemeral range (32768 up),
    /// where the tests' own client connections take theirs; a port another
    /// process holds is given up for another.
    private static func startOnAFreePort(bin: String, directory: String) throws -> Int {
        for _ in 1..<5 {
            let port = Int.random(in: 20_000..<32_768)
            if (try? start(bin: bin, directory: directory, port: port)) != nil { return port }
        }
        let port = Int.random(in: 20_000..<32_768)
        try start(bin: bin, directory: directory, port: port)
        return port
    }

    private static func start(bin: String, directory: String, port: Int) throws {
        try runAsOwner(
            bin,
            "pg_ctl",
            [
                "-D", directory + "/data", "-l", directory + "/server.log", "-w", "-o", "-p \(port) -k \(directory) -c listen_addresses=127.0.0.1",
                "start",
            ]
        )
    }

    /// Stops the server at once, as a crash or a lost network would.
    func stop() throws {
        try Self.runAsOwner(bin, "pg_ctl", ["-D", directory + "/data", "-m", "immediate", "-w", "stop"])
    }

    /// Sends `signal` to the server and every backend it runs: SIGSTOP
    /// freezes the database as a stalled disk or host would, SIGCONT resumes it.
    func signal(_ signal: Int32) throws {
        let pidFile = try String(contentsOfFile: directory + "/data/postmaster.pid", encoding: .utf8)
        guard let postmaster = pidFile.split(separator: "\n").first.flatMap({ Int32($0) }) else { throw ClusterError.failed("postmaster.pid") }
        try Self.run("/usr/bin/pkill -\(signal) -P \(postmaster)")
        kill(postmaster, signal)
    }

    deinit {
        try? stop()
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// Runs a cluster tool through the shell, which returns when the tool does
    /// (Foundation's `Process` also waits for the server `pg_ctl start` leaves behind).
    private static func runAsOwner(_ bin: String, _ tool: String, _ arguments: [String]) throws {
        let owner = getuid() == 0 ? "/usr/sbin/runuser -u postgres -- " : ""
        try run(owner + ([bin + "/" + tool] + arguments).map { "'" + $0 + "'" }.joined(separator: " "))
    }

    private static func run(_ command: String) throws {
        guard system(command + " >/dev/null 2>&1") == 0 else { throw ClusterError.failed(command) }
    }

    enum ClusterError: Error {
        case failed(String)
    }
}
