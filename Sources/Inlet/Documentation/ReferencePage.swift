/// The human reference at `/docs`: the routes in brief and one anchor per error code.
enum ReferencePage {
    static let html: String = {
        let rows = ErrorCode.allCases.map { code in
            "<tr id=\"\(code.rawValue)\"><td><code>\(code.rawValue)</code></td><td>\(code.status)</td>"
                + "<td>\(code.isRetryable ? "yes" : "no")</td><td>\(code.summary)</td></tr>"
        }.joined(separator: "\n")
        return """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>Inlet API reference</title>
            <style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.5}
            table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:.3rem .5rem;text-align:left;vertical-align:top}
            tr:target{background:#fff6d5}code{font-size:.95em}</style></head><body>
            <h1>Inlet API reference</h1>
            <p>The wire contract is the OpenAPI 3.1 document at <a href="/openapi.yaml">/openapi.yaml</a>.
            Authenticate ingest and read routes with an app key (<code>Authorization: Bearer wp_live_…</code>, or Basic with the key
            as user or password) and the admin API with the admin token.</p>
            <h2 id="ingest">Ingest API v1</h2>
            <ul>
            <li><code>GET /api/v1/ingest/ping</code> — checks a key; echoes the organization, app and key id.</li>
            <li><code>POST /api/v1/ingest/events</code> — 1 to 500 events; 200 all accepted, 207 some rejected, 422 all rejected.
            <code>?dryRun=true</code> validates and resolves without writing (<code>dryRun</code> is <code>true</code> or
            <code>false</code>; its <code>Idempotency-Key</code> is checked, never stored).</li>
            <li><code>POST /api/v1/ingest/snapshots</code> — replaces the current snapshot of a (worker, type).</li>
            </ul>
            <h2 id="webhooks">Webhook streams</h2>
            <p><code>POST /api/webhook/{stream}</code> with the stream's <code>ik_live_</code> key upserts one JSON object or a
            non-empty array of objects (1 MB at most) into the stream; 202 once stored, with
            <code>"items": [{"index", "id", "result": "created" | "updated" | "unchanged"}]</code> and the refused items in
            <code>"rejections"</code>; 422 when none could be stored.</p>
            <ul>
            <li><b>Flattening.</b> Nested objects become dot-separated field names (<code>location.city</code>); arrays and empty
            objects stay values. A key that already holds a dot is taken as it is, so <code>{"location.city": "Paris"}</code> and
            <code>{"location": {"city": "Paris"}}</code> name the same field, and an item naming one field twice, either way, is
            refused <code>invalid_item</code>. <code>a</code> and <code>a.b</code> are different fields: sending <code>a</code> as
            an object later sets <code>a.…</code> fields and leaves a stored <code>a</code> as it was.</li>
            <li><b>Identity.</b> The field named by <code>X-Item-Key</code> (a flattened name), else the stream's item key, else the
            position in the payload (<code>"0"</code>, <code>"1"</code>…, the same item in every payload). A string identifies by
            its text, a number by its text as sent. An item without that field is refused <code>missing_item_key</code>.</li>
            <li><b>Upsert.</b> The fields sent replace those fields; the others stay. An item whose every field sent already
            holds that value (numbers by value) is <code>unchanged</code> and keeps its <code>updatedAt</code>. Concurrent
            upserts of one item, on one instance or several, lose no field.</li>
            <li>Streams are managed with the admin API (<code>/api/v1/admin/orgs/{org}/streams</code>: create, list, PATCH,
            <code>rotate-key</code>, delete) or <code>inlet stream</code>.</li>
            <li><b>Signed webhooks.</b> A stream created or PATCHed with <code>"signature": {"scheme", "secret"}</code> also takes
            requests without a key that its sender signed, checked over the raw body before it is parsed:
            <code>standard-webhooks</code> (<code>webhook-id</code>, <code>webhook-timestamp</code>,
            <code>webhook-signature: v1,&lt;base64&gt;</code>, keyed with the decoded bytes of a <code>whsec_</code> secret),
            <code>github</code> (<code>X-Hub-Signature-256: sha256=&lt;hex&gt;</code>) or <code>stripe</code>
            (<code>Stripe-Signature: t=…,v1=&lt;hex&gt;</code>), the last two keyed with the secret's text. Timestamps more than
            5 minutes off are refused. Without a valid key, a missing or wrong signature is 401 <code>invalid_signature</code>.
            The sender's delivery id (<code>webhook-id</code>, <code>X-GitHub-Delivery</code>, the Stripe event's
            <code>id</code>) is the <code>Idempotency-Key</code> when none is sent, so a redelivery is stored once. The secret is
            write-only; <code>"signature": null</code> goes back to the key only.</li>
            </ul>
            <h2 id="webhooks-out">Webhooks out</h2>
            <p><code>POST /api/v1/admin/orgs/{org}/webhooks</code> <code>{"url", "eventTypes", "description"?}</code> answers 201 with
            the endpoint and its signing secret <code>whsec_…</code>, shown this once. Every event stored afterwards whose type
            matches a pattern (exact, <code>prefix.*</code>, <code>*</code>; <code>milestone.reached</code> and
            <code>sequence.completed</code> from lead scoring included) is POSTed as
            <code>{"type", "timestamp", "data": &lt;the timeline event&gt;}</code> with <code>webhook-id</code> (the event's id, the
            same on every attempt), <code>webhook-timestamp</code> and <code>webhook-signature: v1,&lt;base64 HMAC-SHA256&gt;</code>
            over <code>id.timestamp.body</code>, keyed with the decoded bytes of the secret.</p>
            <ul>
            <li>The delivery is recorded in the transaction that stores the event, so a stored event is delivered even if the
            process dies at once. A non-2xx, a timeout (10 s) or a refused connection is retried after about 5 s, 5 min, 30 min,
            2 h, 5 h, 10 h and 10 h, then the delivery is <code>failed</code>. Redirects are not followed; one instance attempts a
            delivery at a time; at most 4 attempts per endpoint are in flight on an instance.</li>
            <li>A URL whose host resolves to a private, loopback or link-local address is 400 unless the server runs with
            <code>--webhooks-allow-private</code>; connections go to the address that was checked.</li>
            <li><code>GET …/webhooks</code>, <code>PATCH …/webhooks/{id}</code> (<code>url</code>, <code>eventTypes</code>,
            <code>description</code>, <code>active</code>), <code>DELETE …/webhooks/{id}</code>,
            <code>POST …/webhooks/{id}/rotate-secret</code>,
            <code>GET …/webhooks/{id}/deliveries?status=pending|succeeded|failed</code> and
            <code>POST …/webhooks/{id}/deliveries/{delivery}/retry</code> (202, attempted now); <code>inlet webhook</code>; the
            dashboard's Developer tab.</li>
            </ul>
            <h2 id="leads">Lead ingest</h2>
            <ul>
            <li><code>POST /org-units/active</code> <code>{"ouId": "unit_…"}</code> sets the active unit: an HttpOnly cookie
            <code>inlet_ou</code>, and remembered for the key. <code>POST /ingest</code> takes the cookie's unit, else the key's
            remembered one, else the key's bound unit; with none, 400 <code>active OU not set</code>. A <code>unit_id</code> in
            the body is 400.</li>
            <li><code>POST /ingest</code>: <code>lead_id</code>, or <code>alias_kind</code> (<code>email</code>,
            <code>external_id</code>, <code>phone</code>, <code>cookie</code>, <code>social</code>) with <code>alias</code>;
            <code>event_type</code>; <code>timestamp</code>; <code>metadata</code>. 202 once stored; an event type outside the
            app's whitelist is 422 <code>forbidden_event_type</code>, any other fault 400.</li>
            <li>The lead processor then resolves the person (an unknown alias creates the lead; an unknown
            <code>lead_id</code> is a dead letter <code>unknown_lead</code>), puts the event on the timeline (source
            <code>lead-ingest</code>) and scores it; each event exactly once, in one transaction with its scores, milestones
            and dead letters. Events of the v1 routes are scored the same way under the rulesets without a unit. While more
            than 50 000 events (<code>--lead-backlog-limit</code>) wait to be processed, requests that queue more wait up to
            2 s before they are stored, so the lag stays bounded.</li>
            <li><code>POST /import/events</code>: <code>{"events": [...]}</code> or NDJSON
            (<code>application/x-ndjson</code>), up to 10 000 rows and 50 MB, each with its <code>timestamp</code>. 202 with
            <code>rejections</code> (<code>index</code>, and <code>line</code> in NDJSON); the rest are scored in timestamp
            order.</li>
            <li><code>GET /leads/{id}</code>, <code>GET /leads?alias_kind=&amp;alias=</code>: aliases, scores by ruleset,
            milestones.</li>
            <li><code>GET /api/v1/dead-letters?reason=</code> lists refused events with their reason and payload;
            <code>POST /api/v1/dead-letters/{id}/replay</code> (202) processes one again: scored once and removed, or kept with
            the new reason.</li>
            </ul>
            <h2 id="rulesets">Scoring rulesets</h2>
            <p>The admin API's <code>/api/v1/admin/orgs/{org}/rulesets</code> (create, list, show, <code>PATCH</code>) and
            <code>inlet ruleset</code> manage how a person's events are scored.</p>
            <ul>
            <li><b>Rules.</b> Every rule whose <code>eventType</code> pattern matches and whose <code>where</code> values the
            metadata holds (<code>{"metadata.plan.tier": "pro"}</code>: dotted paths, typed like stream filters) adds its
            <code>points</code>, which may be negative. With <code>windowDays</code> only the events of that many days before
            count, the score taken as of each event's timestamp; a window is kept in steps of a thousandth of its length (about
            10 minutes for 7 days), so an event stops counting up to one step before the full window.</li>
            <li><b>Milestones</b> are recorded once per person, the first time the score reaches the threshold from below;
            falling and rising again records nothing. <b>Sequences</b> are recorded once per person when their steps happen in
            order, other events in between, the last at most <code>withinSeconds</code> after the first.</li>
            <li>A ruleset without <code>unit</code> applies to every unit; <code>{"active": false}</code> deactivates it. The
            built-in <code>activity</code> ruleset (+1 per event over 7 days) is edited by that name and takes no unit.</li>
            </ul>
            <h2 id="reads">Reads</h2>
            <ul><li><code>GET /api/v1/timeline</code>, <code>GET /api/v1/workers</code>, <code>GET /api/v1/workers/{id}</code>:
            listings are <code>{"items": [...], "nextCursor": "…" | null}</code>; pass <code>nextCursor</code> as
            <code>?cursor=</code> for the next page (absent or empty: the first page).</li>
            <li><code>GET /api/v1/live</code>: Server-Sent Events, a frame <code>id: evt_…</code>, <code>event: event</code>,
            <code>data: &lt;timeline event JSON&gt;</code> per event stored from then on, <code>: heartbeat</code> every 15 s,
            the timeline's filters. <code>Last-Event-ID</code> first sends what was stored since that event. A client more than
            1 024 events behind is disconnected and resumes with <code>Last-Event-ID</code>.</li>
            <li><code>GET /api/v1/export/events</code> (the timeline's filters) and <code>GET /api/streams/{stream}/export</code>
            (the items' <code>where.</code> filters): <code>application/x-ndjson</code>, one timeline event (oldest first) or
            item (creation order) per line, streamed a page of 1 000 at a time as the client reads, in constant memory.
            <code>?after=</code> an event or item id resumes after it (an unknown id is 404 <code>not_found</code>); an
            export cut short ends without its final chunk, and resumes after its last whole line. <code>inlet export
            events|stream … FILE</code> writes one to a file and continues an interrupted file.</li></ul>
            <h2 id="retention">Retention</h2>
            <p>An organization's <code>retentionDays</code> (admin API, <code>inlet org create|update --retention-days</code>;
            null keeps everything) limits its timeline events of every source (by timestamp), its snapshot history (current
            snapshots stay) and its dead letters; a stream's <code>retentionDays</code>
            (<code>PATCH /api/v1/admin/orgs/{org}/streams/{stream}</code>) limits its items not updated that long. Rows past the
            limit leave every read (timeline, exports, people, dead letters, items, the dashboard) the moment they pass it, and a
            background service deletes them in steps of 2 000 rows, each its own short transaction, taking at most a tenth of
            the store's time, counted in
            <code>inlet_retention_deleted_rows_total{kind}</code>. The live stream sends no event whose timestamp is already past
            the limit; a stream keeps the limit its organization had when it opened.</p>
            <h2 id="erasure">Erasing a person</h2>
            <p><code>DELETE /api/v1/admin/orgs/{org}/workers/{id}</code>, or by identifier
            <code>DELETE /api/v1/admin/orgs/{org}/workers?kind=email&amp;value=…</code> (an app's <code>externalId</code>
            with <code>app</code>, or the alias kinds <code>external_id</code> — <code>externalId</code> without
            <code>app</code> —, <code>phone</code>, <code>cookie</code>, <code>social</code>), with the admin token; <code>inlet worker erase</code> and the person's page in the dashboard do
            the same. One transaction deletes the person, their identifiers and aliases, every event about them (so neither the
            timeline, nor an export, nor the live stream's <code>Last-Event-ID</code> brings one back), snapshots, scores,
            milestones, their lead events still queued and the dead letters that name them, and answers
            <code>{"erasure": "era_…", "deleted": {"events", "snapshots", "identifiers", "scores", "milestones", "queued",
            "deadLetters"}}</code>. A write that read the person before runs again without them: the same identifier sent later
            makes a new person. <code>GET /api/v1/admin/orgs/{org}/erasures</code> lists erasures (id, time, counts), with no
            identifier.</p>
            <h2 id="dashboard">Dashboard</h2>
            <p><a href="/dashboard">/dashboard</a> (<code>/</code> leads there): sign in with the admin token, then a session
            cookie. The live timeline, people and their strips, leads, streams, dead letters and the developer tab (apps,
            whitelists, keys shown once, stream keys). Its pages are for people, not part of the wire contract.</p>
            <h2 id="clients">Clients</h2>
            <p>Two clients with one behaviour: <strong>Swift</strong>, the <code>InletClient</code> library product of the
            <code>inlet</code> package (URLSession, async/await, DocC in <code>Sources/InletClient/InletClient.docc</code>), and
            <strong>JavaScript</strong>, <code>@inlet/client</code> in <code>clients/js</code> (no dependencies; Node 18+, Deno,
            Bun, Workers and browsers; <code>clients/js/README.md</code>). Each call gets one <code>Idempotency-Key</code> reused on
            its retries; connection failures, timeouts, 409 <code>idempotency_in_progress</code>, 429 and 5xx are retried with
            full-jitter backoff (0.5 s doubling to 30 s, 8 attempts), never sooner than <code>Retry-After</code>. Over 500 events
            or 5 MB are split into requests keyed <code>&lt;key&gt;.&lt;position&gt;</code>, with one result row per event in
            order. <code>enqueue</code> buffers up to 10 000 events, sent in batches of 500 every 5 s or when full;
            <code>flush</code> and <code>shutdown</code> wait for them, and an event that cannot be delivered reaches the
            <code>onUndelivered</code> handler. <code>importEvents</code> keys its chunks as <code>inlet import</code> does, so
            an interrupted import resumes.</p>
            <h2 id="idempotency">Idempotency</h2>
            <p>Send <code>Idempotency-Key</code> (1–255 printable ASCII) on writes. The first complete answer below 500 (except 409
            and 429) is kept for 24 h and replayed with <code>Idempotent-Replayed: true</code>.</p>
            <h2 id="limits">Limits</h2>
            <p>Per key and per organization sliding one-second windows (<code>RateLimit-Policy</code> and <code>RateLimit</code>
            on every 2xx and 429), a monthly event cap (402), 5 MB bodies on ingest routes (413), and 503 with
            <code>Retry-After</code> when the store cannot keep up.</p>
            <h2 id="errors">Error codes</h2>
            <p>Every non-2xx answer is <code>{"error": {"code", "message", "requestId", "docsUrl"}}</code> and every answer carries
            <code>X-Request-Id</code>.</p>
            <table><thead><tr><th>code</th><th>status</th><th>retryable</th><th>meaning</th></tr></thead><tbody>
            \(rows)
            </tbody></table>
            </body></html>
            """
    }()
}
