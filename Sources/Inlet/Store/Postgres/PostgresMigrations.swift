/// The numbered schema migrations of the PostgreSQL store, run at startup under
/// an advisory lock so that instances starting together apply each once.
/// Shipped migrations are never edited; changes come as new numbers.
///
/// Every tenant table leads its keys with `organization_id`, so the schema can
/// be distributed by organization (Citus: `create_distributed_table(…,
/// 'organization_id')`; `organizations` and `admin_tokens` stay reference tables).
enum PostgresMigrations {
    /// A migration: its number, name, and statements run in one transaction.
    struct Migration {
        let version: Int
        let name: String
        let statements: [String]
    }

    /// The key of the advisory lock held while migrating.
    static let lockKey: Int64 = 0x696E_6C65_745F_6D67

    static let all = [
        Migration(version: 1, name: "core", statements: v001),
        Migration(version: 2, name: "rate_counts", statements: v002),
        Migration(version: 3, name: "streams", statements: v003),
        Migration(version: 4, name: "stream_items", statements: v004),
        Migration(version: 5, name: "rulesets", statements: v005),
        Migration(version: 6, name: "lead_processing", statements: v006),
        Migration(version: 7, name: "live", statements: v007),
        Migration(version: 8, name: "lead_event_batches", statements: v008),
        Migration(version: 9, name: "ended_sessions", statements: v009),
        Migration(version: 10, name: "activity_minutes", statements: v010),
        Migration(version: 11, name: "leads_index", statements: v011),
        Migration(version: 12, name: "erasures", statements: v012),
        Migration(version: 13, name: "retention", statements: v013),
        Migration(version: 14, name: "stream_signatures", statements: v014),
        Migration(version: 15, name: "webhook_endpoints", statements: v015),
        Migration(version: 16, name: "idempotency_scopes", statements: IdempotencyScopeMigration.statements),
        Migration(version: 17, name: "pending_deliveries_by_endpoint", statements: v017),
    ]

    /// Tenancy, people, events, snapshots, idempotency and usage. Times are
    /// milliseconds since the epoch; `seq` orders events and snapshots by arrival.
    static let v001 = [
        """
        CREATE TABLE organizations (
            id text PRIMARY KEY, slug text NOT NULL UNIQUE, name text NOT NULL, max_events_per_month bigint,
            key_rps integer NOT NULL, org_rps integer NOT NULL, created_at bigint NOT NULL)
        """,
        """
        CREATE TABLE units (
            organization_id text NOT NULL, id text NOT NULL, name text NOT NULL, created_at bigint NOT NULL,
            PRIMARY KEY (organization_id, id))
        """,
        """
        CREATE TABLE apps (
            organization_id text NOT NULL, id text NOT NULL, slug text NOT NULL, name text NOT NULL, event_types text NOT NULL,
            created_at bigint NOT NULL, PRIMARY KEY (organization_id, id), UNIQUE (organization_id, slug))
        """,
        """
        CREATE TABLE app_keys (
            organization_id text NOT NULL, id text NOT NULL, app_id text NOT NULL, unit_id text, prefix text NOT NULL,
            hash text NOT NULL, created_at bigint NOT NULL, last_used_at bigint, revoked_at bigint,
            PRIMARY KEY (organization_id, id))
        """,
        "CREATE INDEX app_keys_by_prefix ON app_keys (prefix) WHERE revoked_at IS NULL",
        "CREATE INDEX app_keys_by_app ON app_keys (organization_id, app_id)",
        "CREATE TABLE admin_tokens (id text PRIMARY KEY, prefix text NOT NULL, hash text NOT NULL, created_at bigint NOT NULL)",
        "CREATE INDEX admin_tokens_by_prefix ON admin_tokens (prefix)",
        """
        CREATE TABLE workers (
            organization_id text NOT NULL, id text NOT NULL, app_id text NOT NULL, created_at bigint NOT NULL,
            PRIMARY KEY (organization_id, id))
        """,
        """
        CREATE TABLE worker_identifiers (
            organization_id text NOT NULL, kind text NOT NULL, scope text NOT NULL, value text NOT NULL, worker_id text NOT NULL,
            PRIMARY KEY (organization_id, kind, scope, value))
        """,
        "CREATE INDEX worker_identifiers_by_worker ON worker_identifiers (organization_id, worker_id)",
        """
        CREATE TABLE events (
            organization_id text NOT NULL, seq bigserial, id text NOT NULL, app_id text NOT NULL, app text NOT NULL,
            source text NOT NULL, worker_id text NOT NULL, event_type text NOT NULL, category text NOT NULL,
            timestamp bigint NOT NULL, received_at bigint NOT NULL, duration double precision, metadata text,
            timestamp_corrected boolean NOT NULL, PRIMARY KEY (organization_id, seq))
        """,
        "CREATE INDEX events_timeline ON events (organization_id, timestamp, seq)",
        "CREATE INDEX events_by_worker ON events (organization_id, worker_id, timestamp)",
        """
        CREATE TABLE client_event_ids (
            organization_id text NOT NULL, app_id text NOT NULL, client_id text NOT NULL, event_id text NOT NULL,
            worker_id text NOT NULL, PRIMARY KEY (organization_id, app_id, client_id))
        """,
        """
        CREATE TABLE snapshots (
            organization_id text NOT NULL, seq bigserial, id text NOT NULL, app_id text NOT NULL, worker_id text NOT NULL,
            snapshot_type text NOT NULL, type_rank bigint NOT NULL, metrics text NOT NULL, timestamp bigint NOT NULL,
            received_at bigint NOT NULL, replaced_at bigint, PRIMARY KEY (organization_id, seq))
        """,
        """
        CREATE UNIQUE INDEX snapshots_current ON snapshots (organization_id, worker_id, snapshot_type)
        WHERE replaced_at IS NULL
        """,
        "CREATE INDEX snapshots_by_worker ON snapshots (organization_id, worker_id, type_rank, seq)",
        """
        CREATE TABLE idempotency_records (
            organization_id text NOT NULL, route text NOT NULL, key text NOT NULL, request_hash text NOT NULL,
            status integer NOT NULL, body bytea NOT NULL, created_at bigint NOT NULL,
            PRIMARY KEY (organization_id, route, key))
        """,
        "CREATE INDEX idempotency_records_by_age ON idempotency_records (created_at)",
        """
        CREATE TABLE monthly_usage (
            organization_id text NOT NULL, month text NOT NULL, events bigint NOT NULL, PRIMARY KEY (organization_id, month))
        """,
    ]

    /// Request counts per budget, instance and second, exchanged between
    /// instances, and the instances' heartbeats; short-lived, so not written to the log.
    static let v002 = [
        "CREATE UNLOGGED TABLE rate_instances (instance_id text PRIMARY KEY, second bigint NOT NULL)",
        """
        CREATE UNLOGGED TABLE rate_counts (
            organization_id text NOT NULL, budget text NOT NULL, instance_id text NOT NULL, second bigint NOT NULL,
            received bigint NOT NULL, admitted bigint NOT NULL, PRIMARY KEY (organization_id, budget, instance_id, second))
        """,
    ]

    /// Webhook streams, each with its one ingest key (looked up by prefix).
    static let v003 = [
        """
        CREATE TABLE streams (
            organization_id text NOT NULL, id text NOT NULL, name text NOT NULL, item_key text, key_id text NOT NULL,
            key_prefix text NOT NULL, key_hash text NOT NULL, key_created_at bigint NOT NULL, created_at bigint NOT NULL,
            PRIMARY KEY (organization_id, id), UNIQUE (organization_id, name))
        """,
        "CREATE INDEX streams_by_key_prefix ON streams (key_prefix)",
    ]

    /// Stream items as JSON objects of their flattened fields; the GIN index
    /// serves `where` filters (`fields @> {"name": value}`: typed, and numbers by value).
    static let v004 = [
        """
        CREATE TABLE stream_items (
            organization_id text NOT NULL, stream_id text NOT NULL, id text NOT NULL, seq bigserial, fields jsonb NOT NULL,
            created_at bigint NOT NULL, updated_at bigint NOT NULL, PRIMARY KEY (organization_id, stream_id, id))
        """,
        // Not led by organization_id: an index that matches the organization and
        // stream but not the id would tempt the planner away from the primary key.
        "CREATE INDEX stream_items_by_seq ON stream_items (stream_id, seq)",
        "CREATE INDEX stream_items_fields ON stream_items USING gin (fields jsonb_path_ops)",
    ]

    /// Scoring rulesets, their rules, milestones and sequences as JSON
    /// (``RulesetJSON``); every existing organization gets the built-in one.
    static let v005 = [
        """
        CREATE TABLE rulesets (
            organization_id text NOT NULL, id text NOT NULL, name text NOT NULL, unit_id text, active boolean NOT NULL,
            window_days integer, rules text NOT NULL, milestones text NOT NULL, sequences text NOT NULL,
            created_at bigint NOT NULL, updated_at bigint NOT NULL,
            PRIMARY KEY (organization_id, id), UNIQUE (organization_id, name))
        """,
        """
        INSERT INTO rulesets
        SELECT id, 'rs_activity', 'activity', NULL, true, 7, '[{"eventType":"*","points":1}]', '[]', '[]', created_at, created_at
        FROM organizations
        """,
    ]

    /// The lead processor's queue (the events stored before it existed
    /// included), progress per person and ruleset, milestones reached, dead
    /// letters; the unit of a lead and the active unit last set with a key.
    ///
    /// The queue is split into partitions by organization
    /// (`inlet_lead_partition`, a fixed hash), each with a row in
    /// `lead_partitions` that an instance locks (`FOR UPDATE SKIP LOCKED`) for
    /// the transaction of a step: one instance at a time scores the people of
    /// an organization, and a crashed instance's lock ends with its connection.
    static let v006 = [
        "ALTER TABLE workers ADD COLUMN unit_id text",
        "ALTER TABLE app_keys ADD COLUMN active_unit_id text",
        """
        CREATE FUNCTION inlet_lead_partition(organization_id text) RETURNS smallint
        LANGUAGE sql IMMUTABLE PARALLEL SAFE
        AS $$ SELECT (get_byte(sha256(convert_to(organization_id, 'UTF8')), 0) % 16)::smallint $$
        """,
        "CREATE TABLE lead_partitions (partition smallint PRIMARY KEY)",
        "INSERT INTO lead_partitions SELECT generate_series(0, 15)",
        """
        CREATE TABLE lead_queue (
            seq bigserial PRIMARY KEY, partition smallint NOT NULL, organization_id text NOT NULL, route text NOT NULL,
            app_id text NOT NULL, app text NOT NULL, unit_id text, event_id text NOT NULL, subject_kind text NOT NULL,
            subject text NOT NULL, event_type text NOT NULL, timestamp bigint NOT NULL, metadata text, received_at bigint NOT NULL,
            dead_letter_id text)
        """,
        "CREATE INDEX lead_queue_by_partition ON lead_queue (partition, seq)",
        "CREATE UNIQUE INDEX lead_queue_replays ON lead_queue (dead_letter_id) WHERE dead_letter_id IS NOT NULL",
        """
        INSERT INTO lead_queue (partition, organization_id, route, app_id, app, unit_id, event_id, subject_kind, subject, event_type,
            timestamp, metadata, received_at)
        SELECT inlet_lead_partition(organization_id), organization_id, '/api/v1/ingest/events', app_id, app, NULL, id, 'worker',
            worker_id, event_type, timestamp, metadata, received_at
        FROM events ORDER BY seq
        """,
        """
        CREATE TABLE lead_scores (
            organization_id text NOT NULL, worker_id text NOT NULL, ruleset_id text NOT NULL, progress text NOT NULL,
            updated_at bigint NOT NULL, PRIMARY KEY (organization_id, worker_id, ruleset_id))
        """,
        """
        CREATE TABLE lead_milestones (
            organization_id text NOT NULL, worker_id text NOT NULL, ruleset_id text NOT NULL, name text NOT NULL,
            reached_at bigint NOT NULL, event_id text NOT NULL, PRIMARY KEY (organization_id, worker_id, ruleset_id, name))
        """,
        """
        CREATE TABLE dead_letters (
            organization_id text NOT NULL, seq bigserial, id text NOT NULL, route text NOT NULL, app_id text NOT NULL,
            app text NOT NULL, unit_id text, event_id text NOT NULL, subject_kind text NOT NULL, subject text NOT NULL,
            event_type text NOT NULL, timestamp bigint NOT NULL, metadata text, received_at bigint NOT NULL,
            reason_code text NOT NULL, reason_message text NOT NULL, failed_at bigint NOT NULL,
            PRIMARY KEY (organization_id, seq), UNIQUE (organization_id, id))
        """,
        "CREATE INDEX dead_letters_by_reason ON dead_letters (organization_id, reason_code, seq)",
    ]

    /// The live stream's order: each event records the id of the transaction
    /// that stored it. Events stored before stay without one and are not
    /// streamed. The index is a BRIN index, cheap to keep, as ids grow with
    /// the table.
    static let v007 = [
        "ALTER TABLE events ADD COLUMN tx bigint",
        "ALTER TABLE events ALTER COLUMN tx SET DEFAULT pg_current_xact_id()::text::int8",
        "CREATE INDEX events_live ON events USING brin (tx)",
    ]

    /// The events a group commit stored, queued for the lead processor by
    /// reference instead of row by row: per organization, the sequences of
    /// its events, in its partition of the queue. A step that takes part of a
    /// row keeps the rest in it. Events queued row by row before stay in
    /// `lead_queue` and are processed from there.
    static let v008 = [
        """
        CREATE TABLE lead_event_batches (
            seq bigserial PRIMARY KEY, partition smallint NOT NULL, organization_id text NOT NULL, event_seqs bigint[] NOT NULL,
            received_at bigint NOT NULL)
        """,
        "CREATE INDEX lead_event_batches_by_partition ON lead_event_batches (partition, seq)",
    ]

    /// Dashboard sessions signed out before they expire, by the SHA-256 of
    /// their nonce, kept until they would have expired. A reference table.
    static let v009 = [
        "CREATE TABLE ended_sessions (id text PRIMARY KEY, expires_at bigint NOT NULL)"
    ]

    /// Rows the ingest routes answered per organization, minute and outcome,
    /// for the dashboard's chart: one row per minute of the hour (`slot`) and
    /// outcome, taken over by the next hour's minute, so the table never grows.
    static let v010 = [
        """
        CREATE TABLE activity_minutes (
            organization_id text NOT NULL, slot smallint NOT NULL, code text NOT NULL, minute bigint NOT NULL, rows bigint NOT NULL,
            PRIMARY KEY (organization_id, slot, code))
        """
    ]

    /// The people in an org unit, for the Leads tab: found without reading
    /// past everyone else the organization has.
    static let v011 = [
        "CREATE INDEX workers_leads_by_organization ON workers (organization_id, id) WHERE unit_id IS NOT NULL"
    ]

    /// The log of erasures, with counts and no identifiers; client event ids
    /// found by their person; and the guard a write that read people runs
    /// first (``PostgresGroupCommit``): it takes its organizations' erasure
    /// locks shared, which an erasure takes exclusively, and then, with a
    /// fresh snapshot, fails as a serialization failure (to be run again with
    /// fresh facts) if a person it read is gone.
    static let v012 = [
        """
        CREATE TABLE erasures (
            organization_id text NOT NULL, id text NOT NULL, erased_at bigint NOT NULL, events bigint NOT NULL, snapshots bigint NOT NULL,
            identifiers bigint NOT NULL, scores bigint NOT NULL, milestones bigint NOT NULL, queued bigint NOT NULL,
            dead_letters bigint NOT NULL, PRIMARY KEY (organization_id, id))
        """,
        "CREATE INDEX client_event_ids_by_worker ON client_event_ids (organization_id, worker_id)",
        """
        CREATE FUNCTION inlet_erasure_lock(organization_id text) RETURNS bigint
        LANGUAGE sql IMMUTABLE PARALLEL SAFE
        AS $$ SELECT hashtextextended('inlet.erasure:' || organization_id, 0) $$
        """,
        """
        CREATE FUNCTION inlet_erasure_guard(organization_ids text[], worker_ids text[]) RETURNS bigint
        LANGUAGE plpgsql VOLATILE
        AS $$
        DECLARE
            organization text;
            found bigint;
        BEGIN
            FOR organization IN SELECT DISTINCT o FROM unnest(organization_ids) AS o ORDER BY 1 LOOP
                PERFORM pg_advisory_xact_lock_shared(inlet_erasure_lock(organization));
            END LOOP;
            SELECT count(*) INTO found FROM workers w
            JOIN unnest(organization_ids, worker_ids) AS x(o, i) ON w.organization_id = x.o AND w.id = x.i;
            IF found <> cardinality(worker_ids) THEN
                RAISE EXCEPTION 'a person this write read was erased meanwhile' USING ERRCODE = '40001';
            END IF;
            RETURN found;
        END
        $$
        """,
    ]

    /// Retention of organizations and streams (null: forever), and the
    /// snapshot history found by organization and age, to be purged.
    static let v013 = [
        "ALTER TABLE organizations ADD COLUMN retention_days integer",
        "ALTER TABLE streams ADD COLUMN retention_days integer",
        "CREATE INDEX snapshots_history ON snapshots (organization_id, timestamp) WHERE replaced_at IS NOT NULL",
    ]

    /// A stream's signature scheme and secret (null: key only), and the signed
    /// streams found by name for requests that carry no key.
    static let v014 = [
        "ALTER TABLE streams ADD COLUMN signature_scheme text",
        "ALTER TABLE streams ADD COLUMN signature_secret text",
        "CREATE INDEX streams_signed ON streams (name) WHERE signature_scheme IS NOT NULL",
    ]

    /// The organizations' webhook endpoints and their deliveries: one per
    /// (endpoint, event), due ones found by their next attempt, an endpoint's
    /// listed newest first.
    static let v015 = [
        """
        CREATE TABLE webhook_endpoints (
            organization_id text NOT NULL, id text NOT NULL, url text NOT NULL, event_types text[] NOT NULL, description text,
            active boolean NOT NULL, secret text NOT NULL, created_at bigint NOT NULL,
            PRIMARY KEY (organization_id, id)
        )
        """,
        """
        CREATE TABLE webhook_deliveries (
            seq bigserial PRIMARY KEY, organization_id text NOT NULL, endpoint_id text NOT NULL, event_seq bigint NOT NULL,
            event_id text NOT NULL, status text NOT NULL, attempts integer NOT NULL, last_status_code integer, next_attempt_at bigint,
            leased_until bigint, created_at bigint NOT NULL,
            UNIQUE (endpoint_id, event_id)
        )
        """,
        "CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending'",
        "CREATE INDEX webhook_deliveries_by_endpoint ON webhook_deliveries (organization_id, endpoint_id, seq)",
        "CREATE INDEX webhook_deliveries_ended ON webhook_deliveries (created_at) WHERE status <> 'pending'",
    ]

    /// Each endpoint's pending deliveries by when they are due, so that a
    /// lease reads only the endpoints with room.
    static let v017 = [
        """
        CREATE INDEX webhook_deliveries_pending_by_endpoint ON webhook_deliveries (organization_id, endpoint_id, next_attempt_at)
            WHERE status = 'pending'
        """
    ]
}
