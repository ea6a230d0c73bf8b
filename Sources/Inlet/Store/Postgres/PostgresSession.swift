import Logging
import PostgresNIO

/// A leased PostgreSQL connection as the store uses it: every statement is one
/// round trip, counted, and failures come back as domain errors.
struct PostgresSession {
    let connection: PostgresConnection
    let logger: Logger
    private let counter = Counter()

    init(connection: PostgresConnection, logger: Logger) {
        self.connection = connection
        self.logger = logger
    }

    /// Statements sent so far.
    var roundTrips: Int { counter.value }

    /// Runs a statement and returns its rows.
    @discardableResult
    func query(_ query: PostgresQuery) async throws -> [PostgresRow] {
        counter.value += 1
        return try await connection.query(query, logger: logger).collect()
    }

    /// Runs `body` between `BEGIN` and `COMMIT`, rolling back when it throws.
    func transaction<Result>(_ body: () async throws -> Result) async throws -> Result {
        try await query("BEGIN")
        let result: Result
        do {
            result = try await body()
        } catch {
            // A connection that is gone holds no transaction any more, and a
            // query sent on it as it closes may never be answered.
            if !PostgresFailure.isConnectionLost(error) { _ = try? await query("ROLLBACK") }
            throw error
        }
        try await query("COMMIT")
        return result
    }

    private final class Counter {
        var value = 0
    }
}

/// How a PostgreSQL failure is seen by the rest of Inlet.
enum PostgresFailure {
    /// Whether the connection itself failed (closed by either side, or broken), rather than a statement.
    static func isConnectionLost(_ error: any Error) -> Bool {
        guard let code = (error as? PSQLError)?.code else { return false }
        return [.serverClosedConnection, .clientClosedConnection, .connectionError, .uncleanShutdown].contains(code)
    }

    /// SQLSTATE of a server error, if it is one.
    static func sqlState(of error: any Error) -> String? {
        (error as? PSQLError)?.serverInfo?[.sqlState]
    }

    /// The error the store reports: `alreadyExists` for a taken unique key,
    /// ``PostgresConflict`` for a deadlock or serialization failure,
    /// `unavailable` when the server cannot be reached or is shutting down.
    static func translate(_ error: any Error) -> any Error {
        if error is StoreError || error is PostgresConflict || error is CancellationError { return error }
        switch sqlState(of: error) {
        case "23505"?: return StoreError.alreadyExists
        case "40001"?, "40P01"?: return PostgresConflict()
        case let state? where state.hasPrefix("08") || state.hasPrefix("57") || state == "53300": return StoreError.unavailable
        case .some: return error
        case nil: return StoreError.unavailable
        }
    }
}
