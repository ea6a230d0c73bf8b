/// The `limit` of every listing: 1 to 500, 50 when absent.
enum Paging {
    static func limit(_ text: String?) throws -> Int {
        guard let text else { return 50 }
        guard let limit = Int(text), (1...500).contains(limit) else {
            throw InletError.invalidBody("'limit' must be a whole number from 1 to 500.")
        }
        return limit
    }
}
