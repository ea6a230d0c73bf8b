/// Erasure of people and its log, shared by the admin API, the CLI and the
/// dashboard.
struct ErasureService: Sendable {
    let store: any ErasureStore
    let tenancy: TenancyService

    /// The subject of `DELETE …/workers?kind=…&value=…`: an identifier or
    /// alias kind; `externalId` with an app (id or slug) is that app's, and
    /// without one the organization-wide `external_id` alias.
    func subject(organizationID: String, kind: String, value: String, app: String?) async throws -> ErasureSubject {
        guard !value.isEmpty else { throw InletError.invalidBody("'value' is required.") }
        if kind == WorkerIdentifier.Kind.externalID.rawValue, let app {
            let appID = try await tenancy.app(organization: organizationID, app: app).id
            return .identifier(.externalID(value, appID: appID))
        }
        if kind == WorkerIdentifier.Kind.externalID.rawValue {
            return .identifier(LeadAlias(kind: .externalID, value: value).identifier)
        }
        guard let alias = LeadAlias.Kind(rawValue: kind) else {
            throw InletError.invalidBody("'kind' must be one of externalId, email, external_id, phone, cookie, social.")
        }
        return .identifier(LeadAlias(kind: alias, value: value).identifier)
    }

    /// Erases the person `subject` names in an organization, or 404 when
    /// there is none.
    func erase(in organization: Organization, _ subject: ErasureSubject) async throws -> Erasure {
        let erasure = try await store.erase(
            subject,
            organizationID: organization.id,
            id: tenancy.ids.make(.erasure),
            at: tenancy.clock.nowMillis()
        )
        guard let erasure else {
            switch subject {
            case .worker(let id): throw InletError.notFound("Person '\(id.prefix(64))'")
            case .identifier(let identifier): throw InletError.notFound("A person with \(identifier.kind.rawValue) '\(identifier.value.prefix(200))'")
            }
        }
        return erasure
    }

    /// An organization's erasures, newest first, and the cursor of the next page.
    func erasures(organization: String, after cursor: String?, limit: Int) async throws -> (erasures: [Erasure], next: String?) {
        let organization = try await tenancy.organization(organization)
        let erasures = try await store.erasures(organizationID: organization.id, after: cursor, limit: limit + 1)
        return (Array(erasures.prefix(limit)), erasures.count > limit ? erasures[limit - 1].id : nil)
    }
}
