import PostgresNIO

/// The fixed text of a statement that runs on every group commit or lead
/// processor step: each connection prepares it once, so PostgreSQL parses it
/// then rather than on every run. After five runs, PostgreSQL keeps one plan
/// for all later runs when that plan is estimated to cost no more than plans
/// made for each run's values (an unnamed statement is planned on every run).
protocol PreparedSQL {
    static var sql: String { get }
}

/// One run of a ``PreparedSQL`` statement with its values (`$1`, `$2`, …).
struct PreparedRun<Text: PreparedSQL>: PostgresPreparedStatement {
    static var sql: String { Text.sql }

    let bindings: PostgresBindings

    func makeBindings() -> PostgresBindings { bindings }

    func decodeRow(_ row: PostgresRow) -> PostgresRow { row }
}

extension PostgresBindings {
    /// The values in placeholder order.
    init(_ values: any PostgresDynamicTypeEncodable...) {
        self.init(capacity: values.count)
        for value in values { append(value) }
    }
}
