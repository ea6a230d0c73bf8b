import Foundation

/// Where the store lives, as `--database` / `INLET_DATABASE` names it: a file
/// path or `sqlite:PATH` for the embedded SQLite store, a `postgres://` or
/// `postgresql://` URL for PostgreSQL.
public enum DatabaseLocation: Sendable, Equatable {
    case sqlite(path: String)
    case postgres(PostgresURL)

    /// Reads a `--database` value; throws ``DatabaseLocationError`` for anything else.
    public init(parsing text: String) throws {
        let lowered = text.lowercased()
        if lowered.hasPrefix("postgres://") || lowered.hasPrefix("postgresql://") {
            self = .postgres(try PostgresURL(parsing: text))
        } else if lowered.hasPrefix("sqlite:") {
            let path = String(text.dropFirst("sqlite:".count))
            guard !path.isEmpty else { throw DatabaseLocationError("'sqlite:' needs a file path, as in sqlite:inlet.sqlite.") }
            self = .sqlite(path: path)
        } else if text.isEmpty || text.contains("://") || text.range(of: #"^[A-Za-z][A-Za-z0-9+.-]*:"#, options: .regularExpression) != nil {
            throw DatabaseLocationError(
                "'\(text.prefix(80))' is not a database Inlet knows: give a file path, sqlite:PATH, or a postgres:// URL."
            )
        } else {
            self = .sqlite(path: text)
        }
    }
}

extension DatabaseLocation {
    /// The location without any password, safe to log and print.
    public var redacted: String {
        switch self {
        case .sqlite(let path): "sqlite:" + path
        case .postgres(let url): url.redacted
        }
    }
}

/// Why the server could not start, in words for whoever runs it.
public struct StartupError: Error, CustomStringConvertible {
    public let description: String

    init(_ description: String) {
        self.description = description
    }
}

/// A `--database` value that names no supported store.
public struct DatabaseLocationError: Error, CustomStringConvertible, Equatable {
    public let description: String

    init(_ description: String) {
        self.description = description
    }
}

/// The parts of a `postgres://user:password@host:port/database` URL. A host
/// starting with `/` (or a `host=` query item, as libpq reads it) is the
/// directory of a unix socket.
public struct PostgresURL: Sendable, Equatable {
    public var host: String
    public var port: Int
    public var username: String
    public var password: String?
    public var database: String
    /// `sslmode=require` (or `verify-full`): connect over TLS only.
    public var requiresTLS: Bool

    /// The path of the server's unix socket, when `host` is a directory.
    public var unixSocketPath: String? {
        host.hasPrefix("/") ? host + "/.s.PGSQL.\(port)" : nil
    }

    init(parsing text: String) throws {
        guard let components = URLComponents(string: text) else {
            throw DatabaseLocationError("The PostgreSQL URL could not be read; expected postgres://user:password@host:port/database.")
        }
        let query = Dictionary((components.queryItems ?? []).map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { $1 })
        host = query["host"] ?? components.percentEncodedHost.flatMap { $0.removingPercentEncoding } ?? ""
        if host.isEmpty { host = "localhost" }
        port = components.port ?? query["port"].flatMap(Int.init) ?? 5432
        username = components.user ?? query["user"] ?? "postgres"
        password = components.password ?? query["password"]
        let path = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        database = path.isEmpty ? username : path
        let sslMode = query["sslmode"] ?? "disable"
        guard ["disable", "allow", "prefer", "require", "verify-ca", "verify-full"].contains(sslMode) else {
            throw DatabaseLocationError("sslmode '\(sslMode.prefix(20))' is not one of disable, prefer, require, verify-full.")
        }
        requiresTLS = ["require", "verify-ca", "verify-full"].contains(sslMode)
    }

    /// The URL without its password, safe to log.
    public var redacted: String {
        "postgres://\(username)@\(host):\(port)/\(database)"
    }
}
