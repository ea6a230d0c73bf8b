/// Bounds how long a store operation may wait: when `timeout` passes first, the
/// operation is cancelled and ``StoreError/unavailable`` is thrown. Waiting for
/// a database connection honours cancellation, so an unreachable database
/// answers within the timeout instead of holding requests.
enum Deadline {
    static func run<Value: Sendable>(within timeout: Duration, _ body: @escaping @Sendable () async throws -> Value) async throws -> Value {
        try await withThrowingTaskGroup(of: Value?.self) { group in
            group.addTask { try await body() }
            group.addTask {
                try await Task.sleep(for: timeout)
                return nil
            }
            defer { group.cancelAll() }
            guard case let value?? = try await group.next() else { throw StoreError.unavailable }
            return value
        }
    }
}
