extension StreamPrincipal {
    /// The key's own stream when the path names it. Another stream of the
    /// organization is 403 `forbidden`; a name the organization has no stream
    /// by is 404 `not_found`.
    func requireStream(named name: String, in store: any TenancyStore) async throws -> DataStream {
        guard stream.name != name else { return stream }
        guard try await store.stream(name, organizationID: organization.id) != nil else {
            throw InletError.notFound("Stream '\(name.prefix(64))'")
        }
        throw InletError(.forbidden, "This key belongs to another stream.")
    }
}
