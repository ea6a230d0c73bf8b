/// Organizations, units, apps, keys, streams, rulesets and admin tokens.
protocol TenancyStore: Sendable {
    /// Whether no organization exists yet (first start).
    func isEmpty() async throws -> Bool
    /// Creates an organization with its default unit and the built-in
    /// ruleset (``Ruleset/activity(organizationID:at:)``); throws ``StoreError/alreadyExists`` for a taken slug.
    func insert(_ organization: Organization, defaultUnit: OrgUnit) async throws
    /// All organizations, oldest first.
    func organizations() async throws -> [Organization]
    /// The organization with this id or slug.
    func organization(_ idOrSlug: String) async throws -> Organization?
    /// Saves a changed plan and limits.
    func update(_ organization: Organization) async throws
    /// Creates an org unit.
    func insert(_ unit: OrgUnit) async throws
    /// The organization's units, oldest first.
    func units(organizationID: String) async throws -> [OrgUnit]
    /// Creates an app; throws ``StoreError/alreadyExists`` for a slug taken in the organization.
    func insert(_ app: DeveloperApp) async throws
    /// The organization's app with this id or slug.
    func app(_ idOrSlug: String, organizationID: String) async throws -> DeveloperApp?
    /// The organization's apps, oldest first.
    func apps(organizationID: String) async throws -> [DeveloperApp]
    /// Saves a changed whitelist.
    func update(_ app: DeveloperApp) async throws
    /// Stores a new key's hash.
    func insert(_ key: AppKeyRecord) async throws
    /// The app's keys, revoked ones included, oldest first.
    func keys(organizationID: String, appID: String) async throws -> [AppKeyRecord]
    /// Unrevoked keys whose lookup prefix is `prefix`.
    func keyCandidates(prefix: String) async throws -> [AppKeyRecord]
    /// Revokes a key of an app; false when there is no such key.
    func revokeKey(_ keyID: String, organizationID: String, appID: String, at time: Int64) async throws -> Bool
    /// Records when a key was last used.
    func markKeyUsed(_ keyID: String, organizationID: String, at time: Int64) async throws
    /// Creates a stream with its key; throws ``StoreError/alreadyExists`` for a name taken in the organization.
    func insert(_ stream: DataStream) async throws
    /// The organization's streams, oldest first.
    func streams(organizationID: String) async throws -> [DataStream]
    /// The organization's stream with this id or name.
    func stream(_ idOrName: String, organizationID: String) async throws -> DataStream?
    /// Stores a stream's retention and signature; false when there is no such stream.
    func updateSettings(of stream: DataStream) async throws -> Bool
    /// The streams named `name` in any organization that verify signatures.
    func signedStreams(named name: String) async throws -> [DataStream]
    /// Replaces a stream's key; false when there is no such stream.
    func replaceKey(of streamID: String, organizationID: String, with key: StreamKey) async throws -> Bool
    /// Deletes a stream and everything in it; false when there is no such stream.
    func deleteStream(_ streamID: String, organizationID: String) async throws -> Bool
    /// Streams whose key's lookup prefix is `prefix`.
    func streamKeyCandidates(prefix: String) async throws -> [DataStream]
    /// Creates a ruleset; throws ``StoreError/alreadyExists`` for a name taken in the organization.
    func insert(_ ruleset: Ruleset) async throws
    /// The organization's rulesets: the built-in one, then the others oldest first.
    func rulesets(organizationID: String) async throws -> [Ruleset]
    /// The organization's ruleset with this id or name.
    func ruleset(_ idOrName: String, organizationID: String) async throws -> Ruleset?
    /// Saves a changed ruleset.
    func update(_ ruleset: Ruleset) async throws
    /// Stores an admin token's hash.
    func insert(_ token: AdminTokenRecord) async throws
    /// Admin tokens whose lookup prefix is `prefix`.
    func adminTokenCandidates(prefix: String) async throws -> [AdminTokenRecord]
    /// Records that the dashboard session `id` was signed out; it would have
    /// expired at `expiresAt`. Sessions whose expiry is before `now` are forgotten.
    func endSession(_ id: String, expiresAt: Int64, now: Int64) async throws
    /// Whether the dashboard session `id` was signed out.
    func isSessionEnded(_ id: String) async throws -> Bool
}

/// Failures a store reports in domain terms.
enum StoreError: Error, Sendable, Equatable {
    /// A unique slug or name is taken.
    case alreadyExists
    /// The configured durability settings did not hold after opening.
    case durability(String)
    /// The database cannot be reached now; retrying later can succeed.
    case unavailable
    /// A write's commit point was sent and its outcome cannot be known: the
    /// connection ended before the answer, or none came in time. The write may
    /// or may not be stored.
    case outcomeUnknown
    /// A stored value of this kind cannot be read back.
    case corrupt(String)
}
