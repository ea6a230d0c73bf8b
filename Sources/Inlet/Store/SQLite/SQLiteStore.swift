import Foundation
import GRDB
import ServiceLifecycle

/// The embedded store: one SQLite file in WAL mode with `synchronous=FULL`, so a
/// commit is on disk before it returns.
final class SQLiteStore: InletStore {
    let pool: DatabasePool
    private let checkpointer: DatabaseQueue

    /// Page size of a new database file: large pages mean fewer, larger writes
    /// to the write-ahead log for the append-heavy event table.
    static let pageSize = 16_384

    /// Opens (creating if needed) the database file at `path`.
    init(path: String) throws {
        if !FileManager.default.fileExists(atPath: path) {
            // The page size is fixed when the file is first written, before WAL is on.
            let queue = try DatabaseQueue(path: path)
            try queue.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA page_size = \(Self.pageSize); VACUUM")
            }
            try queue.close()
        }
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        pool = try DatabasePool(path: path, configuration: configuration)
        checkpointer = try DatabaseQueue(path: path, configuration: configuration)
    }

    func prepare() async throws {
        // GRDB sets synchronous=NORMAL on the writer when it enables WAL; a commit
        // must reach the disk before it is acknowledged, so set FULL and check it.
        try await pool.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
            // The writer keeps the hot index pages cached. `checkpoint()` copies the
            // log back off the commit path; the writer's own checkpoint after a
            // commit (at 64 MB of log) then finds little left and resets the log.
            try db.execute(sql: "PRAGMA cache_size = -16384")
            try db.execute(sql: "PRAGMA wal_autocheckpoint = 4096")
            let journalMode = try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? ""
            let synchronous = try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? -1
            guard journalMode.lowercased() == "wal", synchronous == 2 else {
                throw StoreError.durability("journal_mode=\(journalMode), synchronous=\(synchronous); expected wal and FULL (2)")
            }
        }
        // Migrated off the cooperative threads: the barrier waits for every reader to finish.
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            SQLiteMigrations.migrator.asyncMigrate(pool) { result in continuation.resume(with: result.map { _ in }) }
        }
    }

    /// Copies committed pages from the write-ahead log back into the database on
    /// a connection of its own, so commits never wait for it.
    private func checkpoint() async throws {
        _ = try await checkpointer.writeWithoutTransaction { db in
            try db.checkpoint(.passive)
        }
    }

    func isReady() async -> Bool {
        do {
            return try await pool.read { db in
                try SQLiteMigrations.migrator.hasCompletedMigrations(db)
            }
        } catch {
            return false
        }
    }

    /// Keeps the file open and checkpoints its log every quarter second until
    /// graceful shutdown or cancellation, then closes it.
    func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .milliseconds(250)) }
            try? await checkpoint()
        }
        try checkpointer.close()
        try pool.close()
    }

    /// SQLite has one writer: a group commit at a time, so facts are never stale.
    var concurrentCommits: Int { 1 }

    func commit(_ lookup: IngestLookup, deciding decide: @escaping @Sendable (IngestFacts) -> IngestWrites) async throws {
        try await pool.writeWithoutTransaction { db in
            try db.inTransaction(.immediate) {
                let group = SQLiteGroupCommit(db: db)
                try group.apply(decide(try group.fetch(lookup)))
                return .commit
            }
        }
    }

    /// Runs `body` in a write transaction, turning unique-constraint failures into ``StoreError/alreadyExists``.
    func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await pool.write(body)
        } catch let error as DatabaseError
            where error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE
            || error.extendedResultCode == .SQLITE_CONSTRAINT_PRIMARYKEY
        {
            throw StoreError.alreadyExists
        }
    }
}
