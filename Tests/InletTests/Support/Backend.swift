import Foundation
import GRDB
import Logging
import PostgresNIO
import Testing

@testable import Inlet

/// A store implementation the tests run against. PostgreSQL is the server
/// named by `INLET_TEST_POSTGRES_URL`, which the test command starts itself.
enum Backend: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite
    case postgres

    /// Every backend: each store and HTTP test runs on all of them.
    static let all = allCases

    var testDescription: String { rawValue }

    /// The server the PostgreSQL tests create their databases in.
    static func postgresServer() throws -> PostgresURL {
        guard let text = ProcessInfo.processInfo.environment["INLET_TEST_POSTGRES_URL"], !text.isEmpty,
            case .postgres(let url) = try DatabaseLocation(parsing: text)
        else { throw BackendError.noPostgres }
        return url
    }

    /// A new, empty database of this backend.
    func freshDatabase() async throws -> DatabaseLocation {
        switch self {
        case .sqlite:
            return .sqlite(path: temporaryDatabasePath())
        case .postgres:
            var url = try Self.postgresServer()
            let name = "inlet_test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
            try await Self.execute("CREATE DATABASE \(name)", on: url)
            url.database = name
            return .postgres(url)
        }
    }

    /// Runs one statement directly on a database, outside Inlet.
    static func execute(_ sql: String, on location: DatabaseLocation) async throws {
        switch location {
        case .sqlite(let path):
            // The server's writer (the lead processor's included) may hold the lock a moment.
            var configuration = Configuration()
            configuration.busyMode = .timeout(10)
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            try await queue.write { try $0.execute(sql: sql) }
            try queue.close()
        case .postgres(let url):
            try await execute(sql, on: url)
        }
    }

    private static func execute(_ sql: String, on url: PostgresURL) async throws {
        let configuration: PostgresConnection.Configuration
        if let socket = url.unixSocketPath {
            configuration = .init(unixSocketPath: socket, username: url.username, password: url.password, database: url.database)
        } else {
            configuration = .init(
                host: url.host,
                port: url.port,
                username: url.username,
                password: url.password,
                database: url.database,
                tls: .disable
            )
        }
        let connection = try await PostgresConnection.connect(configuration: configuration, id: 1, logger: Logger(label: "inlet-tests"))
        do {
            try await connection.query(PostgresQuery(unsafeSQL: sql), logger: Logger(label: "inlet-tests"))
            try await connection.close()
        } catch {
            try? await connection.close()
            throw error
        }
    }
}

extension DatabaseLocation {
    /// The value of `--database` that names this location.
    var argument: String {
        switch self {
        case .sqlite(let path): path
        case .postgres(let url): "postgres://\(url.username)\(url.password.map { ":" + $0 } ?? "")@\(url.host):\(url.port)/\(url.database)"
        }
    }
}

enum BackendError: Error, CustomStringConvertible {
    case noPostgres

    var description: String {
        "INLET_TEST_POSTGRES_URL is not set: run the tests with scripts/test, which starts a private PostgreSQL."
    }
}

/// Opens the store at `location` (running it as its service does) for `body`.
func withStore<Value: Sendable>(
    _ location: DatabaseLocation,
    _ body: @Sendable (any InletStore) async throws -> Value
) async throws -> Value {
    let store = try StoreFactory.open(location, poolSize: 4, timeout: testDatabaseTimeout, logger: Logger(label: "inlet-tests"))
    return try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { try await store.run() }
        defer { group.cancelAll() }
        try await store.prepare()
        return try await body(store)
    }
}

/// Opens a store on a fresh database of `backend` for `body`.
func withStore<Value: Sendable>(_ backend: Backend, _ body: @Sendable (any InletStore) async throws -> Value) async throws -> Value {
    try await withStore(try await backend.freshDatabase(), body)
}
