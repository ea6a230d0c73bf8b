import GRDB

/// The numbered schema migrations of the SQLite store. Shipped migrations are
/// never edited; changes come as new numbers.
enum SQLiteMigrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("001_core") { db in
            try db.execute(sql: v001)
        }
        migrator.registerMigration("002_streams") { db in
            try db.execute(sql: v002)
        }
        migrator.registerMigration("003_stream_items") { db in
            try db.execute(sql: v003)
        }
        migrator.registerMigration("004_rulesets") { db in
            try db.execute(sql: v004)
        }
        migrator.registerMigration("005_lead_processing") { db in
            try db.execute(sql: v005)
        }
        migrator.registerMigration("006_lead_event_ranges") { db in
            try db.execute(sql: v006)
        }
        migrator.registerMigration("007_ended_sessions") { db in
            try db.execute(sql: v007)
        }
        migrator.registerMigration("008_activity_minutes") { db in
            try db.execute(sql: v008)
        }
        migrator.registerMigration("009_leads_index") { db in
            try db.execute(sql: v009)
        }
        migrator.registerMigration("010_erasures") { db in
            try db.execute(sql: v010)
        }
        migrator.registerMigration("011_retention") { db in
            try db.execute(sql: v011)
        }
        migrator.registerMigration("012_stream_signatures") { db in
            try db.execute(sql: v012)
        }
        migrator.registerMigration("013_webhook_endpoints") { db in
            try db.execute(sql: v013)
        }
        migrator.registerMigration("014_idempotency_scopes") { db in
            for statement in IdempotencyScopeMigration.statements { try db.execute(sql: statement) }
        }
        migrator.registerMigration("015_pending_deliveries_by_endpoint") { db in
            try db.execute(sql: v015)
        }
        return migrator
    }

    /// Tenancy, people, events, snapshots, idempotency and usage. Events are
    /// appended by rowid; their only secondary indexes serve the timeline and the
    /// per-worker reads.
    static let v001 = """
        CREATE TABLE organizations (
            id TEXT PRIMARY KEY, slug TEXT NOT NULL UNIQUE, name TEXT NOT NULL,
            max_events_per_month INTEGER, key_rps INTEGER NOT NULL, org_rps INTEGER NOT NULL,
            created_at INTEGER NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE units (
            organization_id TEXT NOT NULL, id TEXT NOT NULL, name TEXT NOT NULL, created_at INTEGER NOT NULL,
            PRIMARY KEY (organization_id, id)
        ) WITHOUT ROWID;
        CREATE TABLE apps (
            id TEXT PRIMARY KEY, organization_id TEXT NOT NULL, slug TEXT NOT NULL, name TEXT NOT NULL,
            event_types TEXT NOT NULL, created_at INTEGER NOT NULL,
            UNIQUE (organization_id, slug)
        ) WITHOUT ROWID;
        CREATE TABLE app_keys (
            id TEXT PRIMARY KEY, organization_id TEXT NOT NULL, app_id TEXT NOT NULL, unit_id TEXT,
            prefix TEXT NOT NULL, hash TEXT NOT NULL, created_at INTEGER NOT NULL,
            last_used_at INTEGER, revoked_at INTEGER
        ) WITHOUT ROWID;
        CREATE INDEX app_keys_by_prefix ON app_keys (prefix);
        CREATE INDEX app_keys_by_app ON app_keys (app_id);
        CREATE TABLE admin_tokens (
            id TEXT PRIMARY KEY, prefix TEXT NOT NULL, hash TEXT NOT NULL, created_at INTEGER NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE workers (
            id TEXT PRIMARY KEY, organization_id TEXT NOT NULL, app_id TEXT NOT NULL, created_at INTEGER NOT NULL
        ) WITHOUT ROWID;
        CREATE INDEX workers_by_organization ON workers (organization_id, id);
        CREATE TABLE worker_identifiers (
            organization_id TEXT NOT NULL, kind TEXT NOT NULL, scope TEXT NOT NULL, value TEXT NOT NULL,
            worker_id TEXT NOT NULL,
            PRIMARY KEY (organization_id, kind, scope, value)
        ) WITHOUT ROWID;
        CREATE INDEX worker_identifiers_by_worker ON worker_identifiers (worker_id);
        CREATE TABLE events (
            seq INTEGER PRIMARY KEY, id TEXT NOT NULL, organization_id TEXT NOT NULL, app_id TEXT NOT NULL,
            app TEXT NOT NULL, source TEXT NOT NULL, worker_id TEXT NOT NULL, event_type TEXT NOT NULL,
            category TEXT NOT NULL, timestamp INTEGER NOT NULL, received_at INTEGER NOT NULL, duration REAL,
            metadata TEXT, timestamp_corrected INTEGER NOT NULL
        );
        CREATE INDEX events_timeline ON events (organization_id, timestamp, seq);
        CREATE INDEX events_by_worker ON events (worker_id, timestamp);
        CREATE TABLE client_event_ids (
            app_id TEXT NOT NULL, client_id TEXT NOT NULL, event_id TEXT NOT NULL, worker_id TEXT NOT NULL,
            PRIMARY KEY (app_id, client_id)
        ) WITHOUT ROWID;
        CREATE TABLE snapshots (
            seq INTEGER PRIMARY KEY, id TEXT NOT NULL, organization_id TEXT NOT NULL, app_id TEXT NOT NULL,
            worker_id TEXT NOT NULL, snapshot_type TEXT NOT NULL, type_rank INTEGER NOT NULL, metrics TEXT NOT NULL,
            timestamp INTEGER NOT NULL, received_at INTEGER NOT NULL, replaced_at INTEGER
        );
        CREATE INDEX snapshots_by_worker ON snapshots (worker_id, snapshot_type, replaced_at);
        CREATE TABLE idempotency_records (
            organization_id TEXT NOT NULL, route TEXT NOT NULL, key TEXT NOT NULL, request_hash TEXT NOT NULL,
            status INTEGER NOT NULL, body BLOB NOT NULL, created_at INTEGER NOT NULL,
            PRIMARY KEY (organization_id, route, key)
        ) WITHOUT ROWID;
        CREATE INDEX idempotency_records_by_age ON idempotency_records (created_at);
        CREATE TABLE monthly_usage (
            organization_id TEXT NOT NULL, month TEXT NOT NULL, events INTEGER NOT NULL,
            PRIMARY KEY (organization_id, month)
        ) WITHOUT ROWID;
        """

    /// Webhook streams, each with its one ingest key (looked up by prefix).
    static let v002 = """
        CREATE TABLE streams (
            id TEXT PRIMARY KEY, organization_id TEXT NOT NULL, name TEXT NOT NULL, item_key TEXT, key_id TEXT NOT NULL,
            key_prefix TEXT NOT NULL, key_hash TEXT NOT NULL, key_created_at INTEGER NOT NULL, created_at INTEGER NOT NULL,
            UNIQUE (organization_id, name)
        ) WITHOUT ROWID;
        CREATE INDEX streams_by_key_prefix ON streams (key_prefix);
        """

    /// Stream items as JSON objects of their flattened fields, and beside them
    /// each scalar field's comparable value (``ItemField/comparable(_:)``),
    /// indexed, for `where` filters.
    static let v003 = """
        CREATE TABLE stream_items (
            seq INTEGER PRIMARY KEY, organization_id TEXT NOT NULL, stream_id TEXT NOT NULL, id TEXT NOT NULL,
            fields TEXT NOT NULL, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,
            UNIQUE (organization_id, stream_id, id)
        );
        CREATE INDEX stream_items_by_stream ON stream_items (stream_id, seq);
        CREATE TABLE stream_item_fields (
            stream_id TEXT NOT NULL, name TEXT NOT NULL, value TEXT NOT NULL, item_seq INTEGER NOT NULL,
            PRIMARY KEY (stream_id, name, value, item_seq)
        ) WITHOUT ROWID;
        CREATE INDEX stream_item_fields_by_item ON stream_item_fields (item_seq, name);
        """

    /// Scoring rulesets, their rules, milestones and sequences as JSON
    /// (``RulesetJSON``); every existing organization gets the built-in one.
    static let v004 = """
        CREATE TABLE rulesets (
            organization_id TEXT NOT NULL, id TEXT NOT NULL, name TEXT NOT NULL, unit_id TEXT, active INTEGER NOT NULL,
            window_days INTEGER, rules TEXT NOT NULL, milestones TEXT NOT NULL, sequences TEXT NOT NULL,
            created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,
            PRIMARY KEY (organization_id, id), UNIQUE (organization_id, name)
        ) WITHOUT ROWID;
        INSERT INTO rulesets
        SELECT id, 'rs_activity', 'activity', NULL, 1, 7, '[{"eventType":"*","points":1}]', '[]', '[]', created_at, created_at
        FROM organizations;
        """

    /// The lead processor's queue (the events stored before it existed
    /// included, so their people get their scores), progress per person and
    /// ruleset, milestones reached, dead letters; the unit of a lead and the
    /// active unit last set with a key.
    static let v005 = """
        ALTER TABLE workers ADD COLUMN unit_id TEXT;
        ALTER TABLE app_keys ADD COLUMN active_unit_id TEXT;
        CREATE TABLE lead_queue (
            seq INTEGER PRIMARY KEY, organization_id TEXT NOT NULL, route TEXT NOT NULL, app_id TEXT NOT NULL, app TEXT NOT NULL,
            unit_id TEXT, event_id TEXT NOT NULL, subject_kind TEXT NOT NULL, subject TEXT NOT NULL, event_type TEXT NOT NULL,
            timestamp INTEGER NOT NULL, metadata TEXT, received_at INTEGER NOT NULL, dead_letter_id TEXT
        );
        CREATE UNIQUE INDEX lead_queue_replays ON lead_queue (dead_letter_id) WHERE dead_letter_id IS NOT NULL;
        INSERT INTO lead_queue (organization_id, route, app_id, app, unit_id, event_id, subject_kind, subject, event_type, timestamp,
            metadata, received_at)
        SELECT organization_id, '/api/v1/ingest/events', app_id, app, NULL, id, 'worker', worker_id, event_type, timestamp, metadata,
            received_at
        FROM events ORDER BY seq;
        CREATE TABLE lead_scores (
            organization_id TEXT NOT NULL, worker_id TEXT NOT NULL, ruleset_id TEXT NOT NULL, progress TEXT NOT NULL,
            updated_at INTEGER NOT NULL,
            PRIMARY KEY (organization_id, worker_id, ruleset_id)
        ) WITHOUT ROWID;
        CREATE TABLE lead_milestones (
            organization_id TEXT NOT NULL, worker_id TEXT NOT NULL, ruleset_id TEXT NOT NULL, name TEXT NOT NULL,
            reached_at INTEGER NOT NULL, event_id TEXT NOT NULL,
            PRIMARY KEY (organization_id, worker_id, ruleset_id, name)
        ) WITHOUT ROWID;
        CREATE TABLE dead_letters (
            seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, organization_id TEXT NOT NULL, route TEXT NOT NULL, app_id TEXT NOT NULL,
            app TEXT NOT NULL, unit_id TEXT, event_id TEXT NOT NULL, subject_kind TEXT NOT NULL, subject TEXT NOT NULL,
            event_type TEXT NOT NULL, timestamp INTEGER NOT NULL, metadata TEXT, received_at INTEGER NOT NULL,
            reason_code TEXT NOT NULL, reason_message TEXT NOT NULL, failed_at INTEGER NOT NULL
        );
        CREATE INDEX dead_letters_by_organization ON dead_letters (organization_id, seq);
        CREATE INDEX dead_letters_by_reason ON dead_letters (organization_id, reason_code, seq);
        """

    /// The events a group commit stored, queued for the lead processor by
    /// reference instead of row by row: the range of their sequences (one
    /// writer, so a commit's events are consecutive). A step that takes part
    /// of a range moves its first event on. Events queued row by row before
    /// stay in `lead_queue` and are processed from there.
    static let v006 = """
        CREATE TABLE lead_event_ranges (
            seq INTEGER PRIMARY KEY, first_event INTEGER NOT NULL, last_event INTEGER NOT NULL, received_at INTEGER NOT NULL
        );
        """

    /// Dashboard sessions signed out before they expire, by the SHA-256 of
    /// their nonce, kept until they would have expired.
    static let v007 = """
        CREATE TABLE ended_sessions (id TEXT PRIMARY KEY, expires_at INTEGER NOT NULL) WITHOUT ROWID;
        """

    /// Rows the ingest routes answered per organization, minute and outcome,
    /// for the dashboard's chart: one row per minute of the hour (`slot`) and
    /// outcome, taken over by the next hour's minute, so the table never grows.
    static let v008 = """
        CREATE TABLE activity_minutes (
            organization_id TEXT NOT NULL, slot INTEGER NOT NULL, code TEXT NOT NULL, minute INTEGER NOT NULL, rows INTEGER NOT NULL,
            PRIMARY KEY (organization_id, slot, code)
        ) WITHOUT ROWID;
        """

    /// The people in an org unit, for the Leads tab: found without reading
    /// past everyone else the organization has.
    static let v009 = """
        CREATE INDEX workers_leads_by_organization ON workers (organization_id, id) WHERE unit_id IS NOT NULL;
        """

    /// The log of erasures, with counts and no identifiers; client event ids
    /// found by their person, to be erased with them.
    static let v010 = """
        CREATE TABLE erasures (
            organization_id TEXT NOT NULL, id TEXT NOT NULL, erased_at INTEGER NOT NULL, events INTEGER NOT NULL,
            snapshots INTEGER NOT NULL, identifiers INTEGER NOT NULL, scores INTEGER NOT NULL, milestones INTEGER NOT NULL,
            queued INTEGER NOT NULL, dead_letters INTEGER NOT NULL,
            PRIMARY KEY (organization_id, id)
        ) WITHOUT ROWID;
        CREATE INDEX client_event_ids_by_worker ON client_event_ids (worker_id);
        """

    /// Retention of organizations and streams (null: forever), and the
    /// snapshot history found by organization and age, to be purged.
    static let v011 = """
        ALTER TABLE organizations ADD COLUMN retention_days INTEGER;
        ALTER TABLE streams ADD COLUMN retention_days INTEGER;
        CREATE INDEX snapshots_history ON snapshots (organization_id, timestamp) WHERE replaced_at IS NOT NULL;
        """

    /// A stream's signature scheme and secret (null: key only), and the signed
    /// streams found by name for requests that carry no key.
    static let v012 = """
        ALTER TABLE streams ADD COLUMN signature_scheme TEXT;
        ALTER TABLE streams ADD COLUMN signature_secret TEXT;
        CREATE INDEX streams_signed ON streams (name) WHERE signature_scheme IS NOT NULL;
        """

    /// The organizations' webhook endpoints (event types are space-separated
    /// patterns) and their deliveries: one per (endpoint, event), due ones
    /// found by their next attempt, an endpoint's listed newest first.
    static let v013 = """
        CREATE TABLE webhook_endpoints (
            organization_id TEXT NOT NULL, id TEXT NOT NULL, url TEXT NOT NULL, event_types TEXT NOT NULL, description TEXT,
            active INTEGER NOT NULL, secret TEXT NOT NULL, created_at INTEGER NOT NULL,
            PRIMARY KEY (organization_id, id)
        ) WITHOUT ROWID;
        CREATE TABLE webhook_deliveries (
            seq INTEGER PRIMARY KEY AUTOINCREMENT, organization_id TEXT NOT NULL, endpoint_id TEXT NOT NULL, event_seq INTEGER NOT NULL,
            event_id TEXT NOT NULL, status TEXT NOT NULL, attempts INTEGER NOT NULL, last_status_code INTEGER, next_attempt_at INTEGER,
            leased_until INTEGER, created_at INTEGER NOT NULL,
            UNIQUE (endpoint_id, event_id)
        );
        CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
        CREATE INDEX webhook_deliveries_by_endpoint ON webhook_deliveries (organization_id, endpoint_id, seq);
        CREATE INDEX webhook_deliveries_ended ON webhook_deliveries (created_at) WHERE status <> 'pending';
        """

    /// Each endpoint's pending deliveries by when they are due, so that a
    /// lease reads only the endpoints with room.
    static let v015 = """
        CREATE INDEX webhook_deliveries_pending_by_endpoint ON webhook_deliveries (organization_id, endpoint_id, next_attempt_at)
            WHERE status = 'pending';
        """
}
