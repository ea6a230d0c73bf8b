/// Renames the scopes of stored idempotency records from the names routes
/// once gave them to the routes' own patterns (``RequestPipeline/idempotencyScope(of:context:)``),
/// so that a key sent before an upgrade is still honoured after it. A dead
/// letter's replay was scoped without its id and is left to expire: a replay
/// sent again queues nothing more.
enum IdempotencyScopeMigration {
    /// The same statements on SQLite and PostgreSQL.
    static let statements = [
        """
        UPDATE idempotency_records SET route = CASE route
            WHEN 'events' THEN '/api/v1/ingest/events'
            WHEN 'snapshots' THEN '/api/v1/ingest/snapshots'
            WHEN 'ingest' THEN '/ingest'
            WHEN 'import/events' THEN '/import/events'
            WHEN 'org-units/active' THEN '/org-units/active'
        END
        WHERE route IN ('events', 'snapshots', 'ingest', 'import/events', 'org-units/active')
        """,
        // 'admin/orgs/{org}/units /api/v1/admin/orgs/acme/units' → '/api/v1/admin/orgs/{org}/units /api/v1/admin/orgs/acme/units'
        "UPDATE idempotency_records SET route = '/api/v1/' || route WHERE route LIKE 'admin/%'",
        "UPDATE idempotency_records SET route = '/api/v1/admin/orgs' WHERE route = '/api/v1/admin/orgs /api/v1/admin/orgs'",
    ]
}
