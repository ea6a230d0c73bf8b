extension TenancyService {
    /// Creates a stream with its ingest key; the secret is returned only here.
    func createStream(
        organization idOrSlug: String,
        name: String,
        itemKey: String?,
        retentionDays: Int? = nil,
        signature: StreamSignature? = nil
    ) async throws -> (DataStream, String) {
        let organization = try await organization(idOrSlug)
        guard Slug.isValidStreamName(name) else {
            throw InletError.invalidBody("A stream name must match [a-z0-9][a-z0-9_-]{0,62}.")
        }
        if let itemKey, !TextField.isValid(itemKey, maximumLength: ItemFlattener.maximumNameLength) {
            throw InletError.invalidBody("'itemKey' must be a field name of 1-\(ItemFlattener.maximumNameLength) characters.")
        }
        let (key, secret) = try await newSecret(Secret.streamKeyPrefix, id: .key)
        let stream = DataStream(
            id: ids.make(.stream),
            organizationID: organization.id,
            name: name,
            itemKey: itemKey,
            key: key,
            createdAt: clock.nowMillis(),
            retentionDays: retentionDays,
            signature: signature
        )
        try await translatingConflicts("A stream named '\(name)' already exists in this organization.") {
            try await store.insert(stream)
        }
        return (stream, secret)
    }

    /// The stream with this id or name in an organization, or 404.
    func stream(organization idOrSlug: String, stream idOrName: String) async throws -> DataStream {
        let organization = try await organization(idOrSlug)
        guard let stream = try await store.stream(idOrName, organizationID: organization.id) else {
            throw InletError.notFound("Stream '\(idOrName.prefix(64))'")
        }
        return stream
    }

    /// The organization's streams, never their keys' secrets.
    func streams(organization idOrSlug: String) async throws -> [DataStream] {
        try await store.streams(organizationID: try await organization(idOrSlug).id)
    }

    /// Replaces a stream's key: the old one stops working (on other instances
    /// within their key cache period); the new secret is returned only here.
    func rotateStreamKey(organization: String, stream idOrName: String) async throws -> (replaced: StreamKey, stream: DataStream, secret: String) {
        var stream = try await stream(organization: organization, stream: idOrName)
        let replaced = stream.key
        let (key, secret) = try await newSecret(Secret.streamKeyPrefix, id: .key)
        guard try await store.replaceKey(of: stream.id, organizationID: stream.organizationID, with: key) else {
            throw InletError.notFound("Stream '\(idOrName.prefix(64))'")
        }
        stream.key = key
        return (replaced, stream, secret)
    }

    /// Changes a stream's settings (its retention and signature) with `change`;
    /// returns the stream as stored.
    func updateStream(organization: String, stream idOrName: String, _ change: (inout DataStream) -> Void) async throws -> DataStream {
        var stream = try await stream(organization: organization, stream: idOrName)
        change(&stream)
        guard try await store.updateSettings(of: stream) else {
            throw InletError.notFound("Stream '\(idOrName.prefix(64))'")
        }
        return stream
    }

    /// Deletes a stream and its items; returns it.
    func deleteStream(organization: String, stream idOrName: String) async throws -> DataStream {
        let stream = try await stream(organization: organization, stream: idOrName)
        guard try await store.deleteStream(stream.id, organizationID: stream.organizationID) else {
            throw InletError.notFound("Stream '\(idOrName.prefix(64))'")
        }
        return stream
    }
}
