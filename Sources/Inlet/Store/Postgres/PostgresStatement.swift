import PostgresNIO

/// Builds statements whose SQL is fixed text and whose values all travel as
/// bound parameters, numbered as they are bound, so that several writes can be
/// sent on their own or chained into one statement.
struct PostgresStatement {
    /// A write: its SQL, with the placeholders of the values it binds.
    typealias Write = (inout PostgresStatement) -> String

    private(set) var binds = PostgresBindings()
    /// Clauses a write reads from, named `c0`, `c1`, …, to be put before it.
    private var clauses: [String] = []
    /// Clauses of the statement so far, to keep their names apart.
    private var clauseCount = 0

    /// Binds `value` and returns its placeholder.
    mutating func bind<Value: PostgresDynamicTypeEncodable>(_ value: Value) -> String {
        binds.append(value)
        return "$\(binds.count)"
    }

    /// Puts `sql` (a write with `RETURNING`, say) in a `WITH` clause before
    /// the write being built, and returns the clause's name to read it by.
    mutating func clause(_ sql: String) -> String {
        let name = "c\(clauseCount)"
        clauseCount += 1
        clauses.append("\(name) AS (\(sql))")
        return name
    }

    /// The clauses registered since the last call, emptied.
    private mutating func takeClauses() -> [String] {
        defer { clauses = [] }
        return clauses
    }

    /// `write` as a statement of its own.
    static func single(_ write: Write) -> PostgresQuery {
        var statement = PostgresStatement()
        let sql = write(&statement)
        let clauses = statement.takeClauses()
        return PostgresQuery(unsafeSQL: clauses.isEmpty ? sql : "WITH " + clauses.joined(separator: ",\n") + "\n" + sql, binds: statement.binds)
    }

    /// The values `writes` bind, in placeholder order: for a statement whose
    /// text is prepared already, so that only its values are built.
    static func bindings(of writes: [Write]) -> PostgresBindings {
        var statement = PostgresStatement()
        for write in writes { _ = write(&statement) }
        return statement.binds
    }

    /// `writes` as one statement: each a `WITH` clause (a `SELECT` too, such
    /// as a check that fails the statement), run to completion in
    /// their order, as the final `SELECT` counts their rows one after another.
    /// (Left to itself, PostgreSQL runs the main statement first and the clauses
    /// after it, so a last write that locks a hot row would hold it through all
    /// the others.)
    static func chained(_ writes: [Write]) -> PostgresQuery {
        var statement = PostgresStatement()
        var clauses: [String] = []
        var counts: [String] = []
        for (index, write) in writes.enumerated() {
            let sql = write(&statement)
            clauses += statement.takeClauses()
            let returns = sql.hasPrefix("SELECT") || sql.contains("RETURNING")
            clauses.append("w\(index) AS (\(returns ? sql : sql + "\nRETURNING 1"))")
            counts.append("(SELECT count(*) FROM w\(index))")
        }
        let sql = "WITH " + clauses.joined(separator: ",\n") + "\nSELECT " + counts.joined(separator: ", ")
        return PostgresQuery(unsafeSQL: sql, binds: statement.binds)
    }
}
