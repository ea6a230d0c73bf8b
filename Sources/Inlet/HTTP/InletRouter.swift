import HTTPTypes
import Hummingbird

/// Registers routes on the Hummingbird router and in the ``RouteTable`` at once,
/// with OpenAPI-style `{name}` path parameters, which Hummingbird reads as they are.
struct InletRouter {
    typealias Handler = @Sendable (Request, InletRequestContext) async throws -> Response

    let router: Router<InletRequestContext>
    let table: RouteTable

    func on(_ method: HTTPRequest.Method, _ path: String, use handler: @escaping Handler) {
        table.register(method: method.rawValue, path: path)
        router.on(RouterPath(path), method: method, use: handler)
    }

    func get(_ path: String, use handler: @escaping Handler) { on(.get, path, use: handler) }
    func post(_ path: String, use handler: @escaping Handler) { on(.post, path, use: handler) }
    func patch(_ path: String, use handler: @escaping Handler) { on(.patch, path, use: handler) }
    func delete(_ path: String, use handler: @escaping Handler) { on(.delete, path, use: handler) }
}
