import Logging
import PostgresNIO
import Synchronization

/// A leased PostgreSQL connection as the store uses it: every statement is one
/// round trip, counted, and failures come back as domain errors.
struct PostgresSession {
    let connection: PostgresConnection
    let logger: Logger
    private let counter = Counter()

    /// Statements sent so far.
    var roundTrips: Int { counter.value.load(ordering: .relaxed) }

    /// Runs a statement and returns its rows.
    @discardableResult
    func query(_ query: PostgresQuery) async throws -> [PostgresRow] {
        counter.value.add(1, ordering: .relaxed)
        return try await connection.query(query, logger: logger).collect()
    }

    /// Runs a prepared statement (``PreparedSQL``) with `bindings` and returns its rows.
    @discardableResult
    func query<Text: PreparedSQL>(_ text: Text.Type, _ bindings: PostgresBindings) async throws -> [PostgresRow] {
        try await query(text, bindings) { $0 }
    }

    /// Runs a prepared statement (``PreparedSQL``) with `bindings` and decodes
    /// each row as it arrives, so that a large read holds its values and not
    /// its rows as well; a row `decode` answers nil for is left out.
    func query<Text: PreparedSQL, Value>(
        _ text: Text.Type,
        _ bindings: PostgresBindings,
        decoding decode: (PostgresRow) throws -> Value?
    ) async throws -> [Value] {
        counter.value.add(1, ordering: .relaxed)
        var values: [Value] = []
        for try await row in try await connection.execute(PreparedRun<Text>(bindings: bindings), logger: logger) {
            if let value = try decode(row) { values.append(value) }
        }
        return values
    }

    /// Runs `body` between `BEGIN` and `COMMIT`, rolling back when it throws.
    /// With a `gate`, `COMMIT` is the write's commit point (``commit(_:through:outcomeWait:)``).
    func transaction<Result>(
        committingThrough gate: CommitGate? = nil,
        outcomeWait: Duration = .seconds(30),
        _ body: () async throws -> Result
    ) async throws -> Result {
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
        guard let gate else {
            try await query("COMMIT")
            return result
        }
        do {
            try await commit("COMMIT", through: gate, outcomeWait: outcomeWait)
        } catch StoreError.unavailable {
            // The deadline passed first: COMMIT was not sent.
            _ = try? await query("ROLLBACK")
            throw StoreError.unavailable
        }
        return result
    }

    /// Sends a write's commit point — an autocommitted statement, or `COMMIT` —
    /// unless `gate` says the write's deadline passed first (then nothing is
    /// sent, and the error is ``StoreError/unavailable``), and waits up to
    /// `outcomeWait` for its outcome. A connection lost meanwhile, or no answer
    /// in time, is ``StoreError/outcomeUnknown``; an error the database answers
    /// means nothing was committed.
    @discardableResult
    func commit(_ query: PostgresQuery, through gate: CommitGate, outcomeWait: Duration) async throws -> [PostgresRow] {
        try await commit(through: gate, outcomeWait: outcomeWait) { try await self.query(query) }
    }

    /// Sends a prepared statement (``PreparedSQL``) as a write's commit point,
    /// as ``commit(_:through:outcomeWait:)`` sends a statement.
    @discardableResult
    func commit<Text: PreparedSQL>(
        _ text: Text.Type,
        _ bindings: PostgresBindings,
        through gate: CommitGate,
        outcomeWait: Duration
    ) async throws -> [PostgresRow] {
        try await commit(through: gate, outcomeWait: outcomeWait) { try await self.query(text, bindings) }
    }

    private func commit(
        through gate: CommitGate,
        outcomeWait: Duration,
        _ send: @escaping @Sendable () async throws -> [PostgresRow]
    ) async throws -> [PostgresRow] {
        guard gate.beginCommit() else { throw StoreError.unavailable }
        do {
            return try await Deadline.run(within: outcomeWait, expired: StoreError.outcomeUnknown, send)
        } catch StoreError.outcomeUnknown {
            throw StoreError.outcomeUnknown
        } catch let error where PostgresFailure.isConnectionLost(error) {
            throw StoreError.outcomeUnknown
        } catch {
            gate.endCommit()
            throw error
        }
    }

    private final class Counter: Sendable {
        let value = Atomic<Int>(0)
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
