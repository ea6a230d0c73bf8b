import HTTPTypes
import Hummingbird

extension RequestPipeline {
    /// The organization a read is about (its retention leaves rows out of the
    /// read): an app key's own (a `?org=` naming
    /// another is 403), or the one `?org=` names for the admin token; with an
    /// app key's rate-limit fields. A stream key reads only its own stream, which
    /// the stream routes settle before asking this.
    func organization(readBy principal: Principal, _ request: Request, in store: any TenancyStore) async throws -> (Organization, HTTPFields) {
        let requested = request.uri.queryParameters.get("org")
        switch principal {
        case .app(let principal):
            if let requested, requested != principal.organization.id, requested != principal.organization.slug {
                throw InletError(.forbidden, "An app key reads its own organization only.")
            }
            return (principal.organization, try limits.admit(principal))
        case .stream:
            throw InletError(.forbidden, "A stream key reads its own stream only.")
        case .admin:
            guard let requested else { throw InletError.invalidBody("The admin token reads an organization named by ?org=.") }
            guard let organization = try await store.organization(requested) else { throw InletError.notFound("Organization") }
            return (organization, [:])
        }
    }

    /// The organization a read is about, for whoever the request authenticates as.
    func organization(readFor request: Request, in store: any TenancyStore) async throws -> (Organization, HTTPFields) {
        let principal = try await authenticator.authenticate(authorization: request.headers.value(.authorization))
        return try await organization(readBy: principal, request, in: store)
    }
}
