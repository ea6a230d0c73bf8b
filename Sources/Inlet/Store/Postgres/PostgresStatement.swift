import PostgresNIO

/// Builds statements whose SQL is fixed text and whose values all travel as
/// bound parameters, numbered as they are bound, so that several writes can be
/// sent on their own or chained into one statement.
struct PostgresStatement {
    /// A write: its SQL, with the placeholders of the values it binds.
    typealias Write = (inout PostgresStatement) -> String

    private(set) var binds = PostgresBindings()

    /// Binds `value` and returns its placeholder.
    mutating func bind<Value: PostgresDynamicTypeEncodable>(_ value: Value) -> String {
        binds.append(value)
        return "$\(binds.count)"
    }

    /// `write` as a statement of its own.
    static func single(_ write: Write) -> PostgresQuery {
        var statement = PostgresStatement()
        let sql = write(&statement)
        return PostgresQuery(unsafeSQL: sql, binds: statement.binds)
    }

    /// `writes` as one statement: all but the last as `WITH` clauses, which
    /// PostgreSQL runs to completion whether or not the last reads them.
    static func chained(_ writes: [Write]) -> PostgresQuery {
        var statement = PostgresStatement()
        var clauses: [String] = []
        for (index, write) in writes.dropLast().enumerated() {
            clauses.append("w\(index) AS (\(write(&statement)))")
        }
        let last = writes.last.map { $0(&statement) } ?? ""
        let sql = clauses.isEmpty ? last : "WITH " + clauses.joined(separator: ",\n") + "\n" + last
        return PostgresQuery(unsafeSQL: sql, binds: statement.binds)
    }
}
