import Hummingbird

/// Health, readiness, metrics and the API's own documentation.
struct OperationsController {
    let store: any InletStore
    let metrics: InletMetrics
    let draining: DrainState
    /// When set, `/metrics` needs `Authorization: Bearer <token>`.
    let metricsToken: String?

    func addRoutes(to router: InletRouter) {
        router.get("/healthz", use: health)
        router.get("/readyz", use: readiness)
        router.get("/metrics", use: metricsText)
        router.get("/openapi.yaml", use: openAPI)
        router.get("/docs", use: docs)
    }

    @Sendable func health(_ request: Request, context: InletRequestContext) async throws -> Response {
        try .json(Status(status: "ok"))
    }

    @Sendable func readiness(_ request: Request, context: InletRequestContext) async throws -> Response {
        guard !draining.isDraining else { throw InletError.unavailable }
        guard await store.isReady() else {
            throw InletError(.unavailable, "The store cannot be reached or is not migrated.", retryAfter: 1)
        }
        return try .json(Status(status: "ready"))
    }

    @Sendable func metricsText(_ request: Request, context: InletRequestContext) async throws -> Response {
        if let metricsToken, request.headers.value(.authorization) != "Bearer " + metricsToken {
            throw InletError.invalidKey
        }
        var buffer: [UInt8] = []
        metrics.registry.emit(into: &buffer)
        return Response(
            status: .ok,
            headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: buffer))
        )
    }

    @Sendable func openAPI(_ request: Request, context: InletRequestContext) async throws -> Response {
        Response(
            status: .ok,
            headers: [.contentType: "application/yaml; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: OpenAPIDocument.yaml))
        )
    }

    @Sendable func docs(_ request: Request, context: InletRequestContext) async throws -> Response {
        Response(
            status: .ok,
            headers: [.contentType: "text/html; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: ReferencePage.html))
        )
    }

    /// `{"status": "ok"}` and `{"status": "ready"}`.
    struct Status: Encodable {
        var status: String
    }
}
