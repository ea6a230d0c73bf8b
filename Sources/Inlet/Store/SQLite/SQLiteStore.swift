import Foundation
import GRDB

/// The embedded store: one SQLite file in WAL mode with `synchronous=FULL`, so a
/// commit is on disk before it returns.
public final class SQLiteStore: InletStore {
    let pool: DatabasePool

    /// Opens (creating if needed) the database file at `path`.
    public init(path: String) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        pool = try DatabasePool(path: path, configuration: configuration)
    }

    public func prepare() async throws {
        // GRDB sets synchronous=NORMAL on the writer when it enables WAL; a commit
        // must reach the disk before it is acknowledged, so set FULL and check it.
        try await pool.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
            // The writer keeps the hot index pages cached, and checkpoints less
            // often so pages rewritten by many commits are copied back once.
            try db.execute(sql: "PRAGMA cache_size = -32768")
            try db.execute(sql: "PRAGMA wal_autocheckpoint = 8192")
            let journalMode = try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? ""
            let synchronous = try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? -1
            guard journalMode.lowercased() == "wal", synchronous == 2 else {
                throw StoreError.durability("journal_mode=\(journalMode), synchronous=\(synchronous); expected wal and FULL (2)")
            }
        }
        try SQLiteMigrations.migrator.migrate(pool)
    }

    public func isReady() async -> Bool {
        do {
            return try await pool.read { db in
                try SQLiteMigrations.migrator.hasCompletedMigrations(db)
            }
        } catch {
            return false
        }
    }

    public func close() async throws {
        try pool.close()
    }

    public func commit(_ writes: [any TransactionalWrite]) async throws {
        try await pool.writeWithoutTransaction { db in
            try db.inTransaction(.immediate) {
                let transaction = SQLiteIngestTransaction(db: db)
                for write in writes {
                    try db.inSavepoint { write.perform(in: transaction) ? .commit : .rollback }
                }
                return .commit
            }
        }
    }

    /// Runs `body` in a write transaction, turning unique-constraint failures into ``StoreError/alreadyExists``.
    func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await pool.write(body)
        } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE
            || error.extendedResultCode == .SQLITE_CONSTRAINT_PRIMARYKEY
        {
            throw StoreError.alreadyExists
        }
    }
}
