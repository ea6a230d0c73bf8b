/// What the first start on an empty store created, printed once.
public struct FirstStart: Sendable {
    var organization: Organization
    var app: DeveloperApp
    var appKey: String
    /// Stream `default` and its key.
    var stream: DataStream
    var streamKey: String
    /// The generated admin token; nil when `INLET_ADMIN_TOKEN` is set.
    var adminToken: String?
}

extension TenancyService {
    /// On an empty store, creates organization `default` with app `default` (all
    /// event types), one app key, stream `default` with its key and, unless one
    /// is configured, an admin token.
    func bootstrapIfEmpty(adminTokenConfigured: Bool) async throws -> FirstStart? {
        guard try await store.isEmpty() else { return nil }
        let organization: Organization
        do {
            organization = try await createOrganization(name: "Default", slug: "default", maxEventsPerMonth: nil, keyRps: nil, orgRps: nil)
        } catch let error as InletError where error.code == .alreadyExists {
            return nil  // Another instance sharing the store started at the same moment and bootstraps it.
        }
        let app = try await createApp(organization: organization.id, slug: "default", name: "Default", eventTypes: ["*"])
        let (_, key) = try await createKey(organization: organization.id, app: app.id, unit: nil)
        let (stream, streamKey) = try await createStream(organization: organization.id, name: "default", itemKey: nil)
        let token = adminTokenConfigured ? nil : try await createAdminToken()
        return FirstStart(organization: organization, app: app, appKey: key, stream: stream, streamKey: streamKey, adminToken: token)
    }
}
