import Synchronization

/// Every registered route's method and path pattern: tells 405 from 404, and lets
/// tests prove the OpenAPI document lists every route.
final class RouteTable: Sendable {
    /// A registered route.
    struct Route: Sendable, Hashable {
        var method: String
        /// The path with `{name}` parameters, as in the OpenAPI document.
        var path: String
    }

    private let storage = Mutex<[Route]>([])

    init() {}

    /// Every registered route.
    var routes: [Route] { storage.withLock { $0 } }

    func register(method: String, path: String) {
        storage.withLock { $0.append(Route(method: method, path: path)) }
    }

    /// Methods registered for the patterns that match `path`.
    func allowedMethods(for path: String) -> [String] {
        let segments = path.split(separator: "/", omittingEmptySubsequences: true)
        return routes.filter { route in
            let pattern = route.path.split(separator: "/", omittingEmptySubsequences: true)
            return pattern.count == segments.count
                && zip(pattern, segments).allSatisfy { $0.hasPrefix("{") || $0 == $1 }
        }.map(\.method)
    }
}
