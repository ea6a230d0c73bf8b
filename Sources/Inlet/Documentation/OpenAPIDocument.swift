/// The OpenAPI 3.1 document of every route, served at `/openapi.yaml`: the single
/// source of truth for the wire contract. A test fails when a registered route is
/// missing from it.
enum OpenAPIDocument {
    static let yaml = #"""
openapi: 3.1.0
info:
  title: Inlet
  version: "1.0"
  summary: Self-hosted ingest server — Ingest API v1, admin API, reads and operations.
  description: |
    Every non-2xx answer is the error envelope `{"error": {"code", "message", "requestId", "docsUrl"}}`
    and every answer carries `X-Request-Id`. Write routes honour `Idempotency-Key`. App-key routes
    carry `RateLimit-Policy` and `RateLimit` on 2xx and 429. Timestamps are RFC 3339 UTC with milliseconds.
servers:
  - url: http://127.0.0.1:8080
security:
  - appKey: []
tags:
  - name: ingest
  - name: reads
  - name: admin
  - name: operations
paths:
  /api/v1/ingest/ping:
    get:
      tags: [ingest]
      operationId: ping
      summary: Check an app key.
      security: [{appKey: []}, {basicKey: []}]
      responses:
        "200":
          description: The key is valid.
          headers: {X-Request-Id: {$ref: "#/components/headers/RequestId"}, RateLimit-Policy: {$ref: "#/components/headers/RateLimitPolicy"}, RateLimit: {$ref: "#/components/headers/RateLimit"}}
          content:
            application/json:
              schema:
                type: object
                required: [ok, organizationId, app, keyId]
                properties:
                  ok: {type: boolean}
                  organizationId: {type: string, examples: [org_01M86KSG2E4S1KNC51E9EZQWEA]}
                  app: {type: string}
                  keyId: {type: string}
        "401": {$ref: "#/components/responses/Error"}
        "403": {$ref: "#/components/responses/Error"}
        "429": {$ref: "#/components/responses/RateLimited"}
  /api/v1/ingest/events:
    post:
      tags: [ingest]
      operationId: ingestEvents
      summary: Ingest 1 to 500 events.
      description: |
        200 when every row is accepted or duplicate, 207 when some rows are rejected, 422 when all are
        (with a top-level `error` carrying the first row's code). 402 when the monthly cap is already reached.
        Row error codes: forbidden_event_type, invalid_event, invalid_actor, unknown_worker, invalid_timestamp,
        metadata_too_large, plan_limit.
      security: [{appKey: []}, {basicKey: []}]
      parameters:
        - {$ref: "#/components/parameters/IdempotencyKey"}
        - name: dryRun
          in: query
          description: Validate and resolve, answer as usual, write nothing and create no worker. Not stored for idempotency.
          schema: {type: boolean}
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: "#/components/schemas/EventsRequest"}
      responses:
        "200": {$ref: "#/components/responses/EventsResult"}
        "207": {$ref: "#/components/responses/EventsResult"}
        "422":
          description: Every row was rejected, or the Idempotency-Key was reused with another body.
          headers: {X-Request-Id: {$ref: "#/components/headers/RequestId"}}
          content:
            application/json:
              schema:
                anyOf:
                  - {$ref: "#/components/schemas/EventsResponse"}
                  - {$ref: "#/components/schemas/ErrorEnvelope"}
        "400": {$ref: "#/components/responses/Error"}
        "401": {$ref: "#/components/responses/Error"}
        "402": {$ref: "#/components/responses/Error"}
        "403": {$ref: "#/components/responses/Error"}
        "409": {$ref: "#/components/responses/Error"}
        "413": {$ref: "#/components/responses/Error"}
        "415": {$ref: "#/components/responses/Error"}
        "429": {$ref: "#/components/responses/RateLimited"}
        "503": {$ref: "#/components/responses/Unavailable"}
  /api/v1/ingest/snapshots:
    post:
      tags: [ingest]
      operationId: ingestSnapshot
      summary: Replace the current snapshot of a (worker, snapshotType).
      security: [{appKey: []}, {basicKey: []}]
      parameters:
        - {$ref: "#/components/parameters/IdempotencyKey"}
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: "#/components/schemas/SnapshotRequest"}
      responses:
        "200":
          description: Stored.
          headers: {X-Request-Id: {$ref: "#/components/headers/RequestId"}, RateLimit-Policy: {$ref: "#/components/headers/RateLimitPolicy"}, RateLimit: {$ref: "#/components/headers/RateLimit"}}
          content:
            application/json:
              schema:
                type: object
                required: [id, workerId, replaced, requestId]
                properties:
                  id: {type: string}
                  workerId: {type: string}
                  replaced: {type: boolean}
                  requestId: {type: string}
        "400": {$ref: "#/components/responses/Error"}
        "401": {$ref: "#/components/responses/Error"}
        "403": {$ref: "#/components/responses/Error"}
        "409": {$ref: "#/components/responses/Error"}
        "413": {$ref: "#/components/responses/Error"}
        "415": {$ref: "#/components/responses/Error"}
        "422": {$ref: "#/components/responses/Error"}
        "429": {$ref: "#/components/responses/RateLimited"}
        "503": {$ref: "#/components/responses/Unavailable"}
  /api/v1/timeline:
    get:
      tags: [reads]
      operationId: timeline
      summary: Events newest first (timestamp, then arrival).
      security: [{appKey: []}, {adminToken: []}]
      parameters:
        - {$ref: "#/components/parameters/Org"}
        - {name: from, in: query, description: "Inclusive lower bound, RFC 3339.", schema: {type: string, format: date-time}}
        - {name: to, in: query, description: "Exclusive upper bound, RFC 3339.", schema: {type: string, format: date-time}}
        - {name: workerId, in: query, schema: {type: string}}
        - {name: source, in: query, schema: {type: string, examples: ["custom:crm-hub"]}}
        - {name: eventType, in: query, schema: {type: string}}
        - {$ref: "#/components/parameters/Limit"}
        - {$ref: "#/components/parameters/Cursor"}
      responses:
        "200":
          description: A page of events.
          content:
            application/json:
              schema:
                type: object
                required: [items, nextCursor]
                properties:
                  items: {type: array, items: {$ref: "#/components/schemas/TimelineEvent"}}
                  nextCursor: {type: [string, "null"]}
        "400": {$ref: "#/components/responses/Error"}
        "401": {$ref: "#/components/responses/Error"}
        "403": {$ref: "#/components/responses/Error"}
        "404": {$ref: "#/components/responses/Error"}
        "429": {$ref: "#/components/responses/RateLimited"}
  /api/v1/workers:
    get:
      tags: [reads]
      operationId: workers
      summary: Workers with identifiers, activity score and strip.
      security: [{appKey: []}, {adminToken: []}]
      parameters:
        - {$ref: "#/components/parameters/Org"}
        - {$ref: "#/components/parameters/Limit"}
        - {$ref: "#/components/parameters/Cursor"}
      responses:
        "200":
          description: A page of workers.
          content:
            application/json:
              schema:
                type: object
                required: [items, nextCursor]
                properties:
                  items: {type: array, items: {$ref: "#/components/schemas/Worker"}}
                  nextCursor: {type: [string, "null"]}
        "400": {$ref: "#/components/responses/Error"}
        "401": {$ref: "#/components/responses/Error"}
        "403": {$ref: "#/components/responses/Error"}
        "404": {$ref: "#/components/responses/Error"}
        "429": {$ref: "#/components/responses/RateLimited"}
  /api/v1/workers/{id}:
    get:
      tags: [reads]
      operationId: worker
      summary: One worker with its snapshot history.
      security: [{appKey: []}, {adminToken: []}]
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
        - {$ref: "#/components/parameters/Org"}
      responses:
        "200":
          description: The worker.
          content:
            application/json:
              schema:
                allOf:
                  - {$ref: "#/components/schemas/Worker"}
                  - type: object
                    required: [snapshots]
                    properties:
                      snapshots:
                        type: object
                        required: [current, history]
                        properties:
                          current: {type: array, items: {$ref: "#/components/schemas/Snapshot"}}
                          history: {type: array, items: {$ref: "#/components/schemas/Snapshot"}}
        "400": {$ref: "#/components/responses/Error"}
        "401": {$ref: "#/components/responses/Error"}
        "403": {$ref: "#/components/responses/Error"}
        "404": {$ref: "#/components/responses/Error"}
        "429": {$ref: "#/components/responses/RateLimited"}
  /api/v1/admin/orgs:
    post:
      tags: [admin]
      operationId: createOrganization
      security: [{adminToken: []}]
      parameters: [{$ref: "#/components/parameters/IdempotencyKey"}]
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              additionalProperties: false
              required: [name]
              properties:
                name: {type: string, minLength: 1, maxLength: 128}
                slug: {$ref: "#/components/schemas/Slug"}
                maxEventsPerMonth: {type: [integer, "null"], minimum: 0}
                keyRps: {type: integer, minimum: 1, default: 60}
                orgRps: {type: integer, minimum: 1, default: 600}
      responses:
        "201": {description: Created., content: {application/json: {schema: {$ref: "#/components/schemas/Organization"}}}}
        "400": {$ref: "#/components/responses/Error"}
        "401": {$ref: "#/components/responses/Error"}
        "403": {$ref: "#/components/responses/Error"}
        "409": {$ref: "#/components/responses/Error"}
        "413": {$ref: "#/components/responses/Error"}
        "415": {$ref: "#/components/responses/Error"}
        "422": {$ref: "#/components/responses/Error"}
    get:
      tags: [admin]
      operationId: listOrganizations
      security: [{adminToken: []}]
      responses:
        "200":
          description: All organizations.
          content:
            application/json:
              schema:
                type: object
                required: [items, nextCursor]
                properties:
                  items: {type: array, items: {$ref: "#/components/schemas/Organization"}}
                  nextCursor: {type: [string, "null"]}
        "401": {$ref: "#/components/responses/Error"}
        "403": {$ref: "#/components/responses/Error"}
  /api/v1/admin/orgs/{org}:
    patch:
      tags: [admin]
      operationId: updateOrganization
      security: [{adminToken: []}]
      parameters: [{$ref: "#/components/parameters/OrgPath"}, {$ref: "#/components/parameters/IdempotencyKey"}]
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              additionalProperties: false
              properties:
                name: {type: string, minLength: 1, maxLength: 128}
                maxEventsPerMonth: {type: [integer, "null"], minimum: 0}
                keyRps: {type: integer, minimum: 1}
                orgRps: {type: integer, minimum: 1}
      responses:
        "200": {description: Updated., content: {application/json: {schema: {$ref: "#/components/schemas/Organization"}}}}
        "400": {$ref: "#/components/responses/Error"}
        "401": {$ref: "#/components/responses/Error"}
        "403": {$ref: "#/components/responses/Error"}
        "404": {$ref: "#/components/responses/Error"}
        "409": {$ref: "#/components/responses/Error"}
        "413": {$ref: "#/components/responses/Error"}
        "415": {$ref: "#/components/responses/Error"}
        "422": {$ref: "#/components/responses/Error"}
  /api/v1/admin/orgs/{org}/units:
    post:
      tags: [admin]
      operationId: createUnit
      security: [{adminToken: []}]
      parameters: [{$ref: "#/components/parameters/OrgPath"}, {$ref: "#/components/parameters/IdempotencyKey"}]
      requestBody:
        required: true
        content:
          application/json:
            schema: {type: object, additionalProperties: false, required: [name], properties: {name: {type: string, minLength: 1, maxLength: 128}}}
      responses:
        "201": {description: Created., content: {application/json: {schema: {$ref: "#/components/schemas/Unit"}}}}
        "400": {$ref: "#/components/responses/Error"}
        "401": {$ref: "#/components/responses/Error"}
        "403": {$ref: "#/components/responses/Error"}
        "404": {$ref: "#/components/responses/Error"}
        "409": {$ref: "#/components/responses/Error"}
        "413": {$ref: "#/components/responses/Error"}
        "415": {$ref: "#/components/responses/Error"}
        "422": {$ref: "#/components/responses/Error"}
  /api/v1/admin/orgs/{org}/apps:
    post:
      tags: [admin]
      operationId: createApp
      security: [{adminToken: []}]
      parameters: [{$ref: "#/components/parameters/OrgPath"}, {$ref: "#/components/parameters/IdempotencyKey"}]
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              additionalProperties: false
              required: [slug, eventTypes]
              properties:
                slug: {$ref: "#/components/schemas/Slug"}
                name: {type: string, minLength: 1, maxLength: 128}
                eventTypes: {type: array, items: {type: string}, description: "Exact names, prefix patterns such as ticket.*, or *."}
      responses:
        "201": {description: Created., content: {application/json: {schema: {$ref: "#/components/schemas/App"}}}}
        "400": {$ref: "#/components/responses/Error"}
        "401": {$ref: "#/components/responses/Error"}
        "403": {$ref: "#/components/responses/Error"}
        "404": {$ref: "#/components/responses/Error"}
        "409": {$ref: "#/components/responses/Error"}
        "413": {$ref: "#/components/responses/Error"}
        "415": {$ref: "#/components/responses/Error"}
        "422": {$ref: "#/components/responses/Error"}
  /api/v1/admin/orgs/{org}/apps/{app}:
    patch:
      tags: [admin]
      operationId: updateApp
      security: [{adminToken: []}]
      parameters: [{$ref: "#/components/parameters/OrgPath"}, {$ref: "#/components/parameters/AppPath"}, {$ref: "#/components/parameters/IdempotencyKey"}]
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              additionalProperties: false
              properties:
                name: {type: string, minLength: 1, maxLength: 128}
                eventTypes: {type: array, items: {type: string}}
      responses:
        "200": {description: Updated., content: {application/json: {schema: {$ref: "#/components/schemas/App"}}}}
        "400": {$ref: "#/components/responses/Error"}
        "401": {$ref: "#/components/responses/Error"}
        "403": {$ref: "#/components/responses/Error"}
        "404": {$ref: "#/components/responses/Error"}
        "409": {$ref: "#/components/responses/Error"}
        "413": {$ref: "#/components/responses/Error"}
        "415": {$ref: "#/components/responses/Error"}
        "422": {$ref: "#/components/responses/Error"}
  /api/v1/admin/orgs/{org}/apps/{app}/keys:
    post:
      tags: [admin]
      operationId: createKey
      summary: Issue an app key; the only time the secret is shown.
      security: [{adminToken: []}]
      parameters: [{$ref: "#/components/parameters/OrgPath"}, {$ref: "#/components/parameters/AppPath"}, {$ref: "#/components/parameters/IdempotencyKey"}]
      requestBody:
        required: true
        content:
          application/json:
            schema: {type: object, additionalProperties: false, properties: {unit: {type: string}}}
      responses:
        "201":
          description: Created.
          content:
            application/json:
              schema:
                allOf:
                  - {$ref: "#/components/schemas/Key"}
                  - {type: object, required: [key], properties: {key: {type: string, pattern: "^wp_live_[A-Za-z0-9]{32,}$"}}}
        "400": {$ref: "#/components/responses/Error"}
        "401": {$ref: "#/components/responses/Error"}
        "403": {$ref: "#/components/responses/Error"}
        "404": {$ref: "#/components/responses/Error"}
        "409": {$ref: "#/components/responses/Error"}
        "413": {$ref: "#/components/responses/Error"}
        "415": {$ref: "#/components/responses/Error"}
        "422": {$ref: "#/components/responses/Error"}
    get:
      tags: [admin]
      operationId: listKeys
      security: [{adminToken: []}]
      parameters: [{$ref: "#/components/parameters/OrgPath"}, {$ref: "#/components/parameters/AppPath"}]
      responses:
        "200":
          description: The app's keys, never their secrets.
          content:
            application/json:
              schema:
                type: object
                required: [items, nextCursor]
                properties:
                  items: {type: array, items: {$ref: "#/components/schemas/Key"}}
                  nextCursor: {type: [string, "null"]}
        "401": {$ref: "#/components/responses/Error"}
        "403": {$ref: "#/components/responses/Error"}
        "404": {$ref: "#/components/responses/Error"}
  /api/v1/admin/orgs/{org}/apps/{app}/keys/{keyId}:
    delete:
      tags: [admin]
      operationId: revokeKey
      summary: Revoke a key; immediate on this instance, within the key cache period elsewhere.
      security: [{adminToken: []}]
      parameters:
        - {$ref: "#/components/parameters/OrgPath"}
        - {$ref: "#/components/parameters/AppPath"}
        - {name: keyId, in: path, required: true, schema: {type: string}}
      responses:
        "204": {description: Revoked.}
        "401": {$ref: "#/components/responses/Error"}
        "403": {$ref: "#/components/responses/Error"}
        "404": {$ref: "#/components/responses/Error"}
  /healthz:
    get:
      tags: [operations]
      operationId: health
      security: []
      responses:
        "200": {description: The process is up., content: {application/json: {schema: {type: object, properties: {status: {const: ok}}}}}}
  /readyz:
    get:
      tags: [operations]
      operationId: readiness
      security: []
      responses:
        "200": {description: Store reachable and migrated., content: {application/json: {schema: {type: object, properties: {status: {const: ready}}}}}}
        "503": {$ref: "#/components/responses/Unavailable"}
  /metrics:
    get:
      tags: [operations]
      operationId: metrics
      summary: Prometheus text; needs a bearer token only when started with --metrics-token.
      security: [{}, {metricsToken: []}]
      responses:
        "200": {description: Prometheus exposition format., content: {text/plain: {schema: {type: string}}}}
        "401": {$ref: "#/components/responses/Error"}
  /openapi.yaml:
    get:
      tags: [operations]
      operationId: openAPI
      security: []
      responses:
        "200": {description: This document., content: {application/yaml: {schema: {type: string}}}}
  /docs:
    get:
      tags: [operations]
      operationId: docs
      security: []
      responses:
        "200": {description: The human reference with an anchor per error code., content: {text/html: {schema: {type: string}}}}
components:
  securitySchemes:
    appKey: {type: http, scheme: bearer, description: "An app key wp_live_…"}
    basicKey: {type: http, scheme: basic, description: The app key as user (empty password) or as password.}
    adminToken: {type: http, scheme: bearer, description: The admin token.}
    metricsToken: {type: http, scheme: bearer}
  headers:
    RequestId: {description: "The request's req_… id, also in error bodies.", schema: {type: string}}
    RateLimitPolicy: {description: 'Budgets per one-second window, e.g. "key";q=60;w=1, "org";q=600;w=1', schema: {type: string}}
    RateLimit: {description: 'Remaining per budget, e.g. "key";r=59;t=1, "org";r=599;t=1', schema: {type: string}}
    RetryAfter: {description: Seconds to wait before retrying., schema: {type: integer}}
  parameters:
    IdempotencyKey:
      name: Idempotency-Key
      in: header
      description: 1–255 printable ASCII. The first complete answer below 500 (except 409 and 429) is replayed for 24 h with Idempotent-Replayed true.
      schema: {type: string, minLength: 1, maxLength: 255}
    Org: {name: org, in: query, description: "Organization id or slug; required with the admin token; with an app key it must name the key's own organization.", schema: {type: string}}
    OrgPath: {name: org, in: path, required: true, description: Organization id or slug., schema: {type: string}}
    AppPath: {name: app, in: path, required: true, description: App id or slug., schema: {type: string}}
    Limit: {name: limit, in: query, schema: {type: integer, minimum: 1, maximum: 500, default: 50}}
    Cursor: {name: cursor, in: query, description: The nextCursor of the previous page., schema: {type: string}}
  responses:
    Error:
      description: The error envelope.
      headers: {X-Request-Id: {$ref: "#/components/headers/RequestId"}}
      content: {application/json: {schema: {$ref: "#/components/schemas/ErrorEnvelope"}}}
    RateLimited:
      description: rate_limited.
      headers:
        Retry-After: {$ref: "#/components/headers/RetryAfter"}
        RateLimit-Policy: {$ref: "#/components/headers/RateLimitPolicy"}
        RateLimit: {$ref: "#/components/headers/RateLimit"}
      content: {application/json: {schema: {$ref: "#/components/schemas/ErrorEnvelope"}}}
    Unavailable:
      description: overloaded or unavailable.
      headers: {Retry-After: {$ref: "#/components/headers/RetryAfter"}}
      content: {application/json: {schema: {$ref: "#/components/schemas/ErrorEnvelope"}}}
    EventsResult:
      description: Per-row results in index order.
      headers: {X-Request-Id: {$ref: "#/components/headers/RequestId"}, RateLimit-Policy: {$ref: "#/components/headers/RateLimitPolicy"}, RateLimit: {$ref: "#/components/headers/RateLimit"}, Idempotent-Replayed: {schema: {const: "true"}}}
      content: {application/json: {schema: {$ref: "#/components/schemas/EventsResponse"}}}
  schemas:
    Slug: {type: string, pattern: "^[a-z0-9][a-z0-9-]{0,62}$"}
    ErrorCode:
      type: string
      enum: [invalid_body, invalid_key, forbidden, not_found, method_not_allowed, idempotency_in_progress, already_exists, payload_too_large, unsupported_media_type, idempotency_key_reused, plan_limit, invalid_actor, unknown_worker, forbidden_event_type, invalid_event, invalid_timestamp, metadata_too_large, rate_limited, internal_error, overloaded, unavailable]
    ErrorObject:
      type: object
      required: [code, message, requestId, docsUrl]
      properties:
        code: {$ref: "#/components/schemas/ErrorCode"}
        message: {type: string}
        requestId: {type: string}
        docsUrl: {type: string}
    ErrorEnvelope:
      type: object
      required: [error]
      properties:
        error: {$ref: "#/components/schemas/ErrorObject"}
    Actor:
      type: object
      additionalProperties: false
      minProperties: 1
      properties:
        workerId: {type: string, minLength: 1}
        externalId: {type: string, minLength: 1, maxLength: 320, description: Unique per app.}
        email: {type: string, minLength: 3, maxLength: 320, pattern: "@", description: Matched case-insensitively in the organization.}
    Event:
      type: object
      additionalProperties: false
      required: [eventType, category, actor]
      properties:
        eventType: {type: string, pattern: "^[A-Za-z0-9_.:-]{1,128}$"}
        category: {type: string, minLength: 1, maxLength: 64}
        actor: {$ref: "#/components/schemas/Actor"}
        timestamp: {type: string, format: date-time, description: RFC 3339 with offset; from 1970 to at most 1 h in the future (after sentAt correction); default the time of receipt.}
        duration: {type: number, minimum: 0, maximum: 31536000}
        metadata: {type: object, description: "At most 16 384 bytes serialized and depth 16; stored and returned verbatim."}
        id: {type: string, minLength: 1, maxLength: 128, description: Client event id; a repeat from the same app is reported duplicate.}
    EventsRequest:
      type: object
      additionalProperties: false
      required: [events]
      properties:
        events: {type: array, minItems: 1, maxItems: 500, items: {$ref: "#/components/schemas/Event"}}
        sentAt: {type: string, format: date-time, description: "The client's clock when it sent the batch; rows with a timestamp are corrected by receivedAt - sentAt."}
    RowResult:
      type: object
      required: [index, status]
      properties:
        index: {type: integer}
        status: {enum: [accepted, duplicate, rejected]}
        id: {type: string}
        workerId: {type: string}
        identity: {enum: [matched, created]}
        timestampCorrected: {type: boolean}
        error:
          type: object
          required: [code, message]
          properties:
            code: {$ref: "#/components/schemas/ErrorCode"}
            message: {type: string}
    EventsResponse:
      type: object
      required: [accepted, rejected, duplicates, requestId, results]
      properties:
        accepted: {type: integer, description: Stored rows plus duplicates.}
        rejected: {type: integer}
        duplicates: {type: integer}
        requestId: {type: string}
        results: {type: array, items: {$ref: "#/components/schemas/RowResult"}}
        error: {$ref: "#/components/schemas/ErrorObject"}
    MetricValue:
      oneOf:
        - {type: number}
        - {type: string, maxLength: 256}
    SnapshotRequest:
      type: object
      additionalProperties: false
      required: [snapshotType, actor, metrics]
      properties:
        snapshotType: {type: string, pattern: "^[A-Za-z0-9_.:-]{1,128}$"}
        actor: {$ref: "#/components/schemas/Actor"}
        timestamp: {type: string, format: date-time}
        metrics:
          type: object
          minProperties: 1
          maxProperties: 32
          propertyNames: {minLength: 1, maxLength: 128}
          additionalProperties:
            oneOf:
              - {$ref: "#/components/schemas/MetricValue"}
              - type: object
                additionalProperties: false
                required: [value]
                properties:
                  value: {$ref: "#/components/schemas/MetricValue"}
                  unit: {type: string, maxLength: 64}
                  label: {type: string, maxLength: 128}
    Metric:
      type: object
      required: [name, value]
      properties:
        name: {type: string}
        value: {$ref: "#/components/schemas/MetricValue"}
        unit: {type: string}
        label: {type: string}
    TimelineEvent:
      type: object
      required: [id, eventType, category, source, app, workerId, timestamp, receivedAt, duration, metadata, timestampCorrected]
      properties:
        id: {type: string}
        eventType: {type: string}
        category: {type: string}
        source: {type: string, examples: ["custom:crm-hub"]}
        app: {type: string}
        workerId: {type: string}
        timestamp: {type: string, format: date-time}
        receivedAt: {type: string, format: date-time}
        duration: {type: [number, "null"]}
        metadata: {type: [object, "null"]}
        timestampCorrected: {type: boolean}
    Snapshot:
      type: object
      required: [id, app, snapshotType, metrics, timestamp, replacedAt]
      properties:
        id: {type: string}
        app: {type: string}
        snapshotType: {type: string}
        metrics: {type: array, items: {$ref: "#/components/schemas/Metric"}}
        timestamp: {type: string, format: date-time}
        replacedAt: {type: [string, "null"], format: date-time}
    Worker:
      type: object
      required: [id, identifiers, activityScore, scores, strip, createdAt]
      properties:
        id: {type: string}
        identifiers:
          type: array
          items:
            type: object
            required: [kind, value]
            properties:
              kind: {enum: [externalId, email]}
              value: {type: string}
              app: {type: string}
        activityScore: {type: integer, description: Events in the last 7 days.}
        scores: {type: object, additionalProperties: {type: integer}}
        strip:
          type: array
          items:
            type: object
            required: [app, metrics]
            properties:
              app: {type: string}
              metrics: {type: array, maxItems: 4, items: {$ref: "#/components/schemas/Metric"}}
        createdAt: {type: string, format: date-time}
    Organization:
      type: object
      required: [id, slug, name, maxEventsPerMonth, keyRps, orgRps, createdAt]
      properties:
        id: {type: string}
        slug: {$ref: "#/components/schemas/Slug"}
        name: {type: string}
        maxEventsPerMonth: {type: [integer, "null"]}
        keyRps: {type: integer}
        orgRps: {type: integer}
        createdAt: {type: string, format: date-time}
    Unit:
      type: object
      required: [id, organizationId, name, createdAt]
      properties:
        id: {type: string}
        organizationId: {type: string}
        name: {type: string}
        createdAt: {type: string, format: date-time}
    App:
      type: object
      required: [id, organizationId, slug, name, eventTypes, source, createdAt]
      properties:
        id: {type: string}
        organizationId: {type: string}
        slug: {$ref: "#/components/schemas/Slug"}
        name: {type: string}
        eventTypes: {type: array, items: {type: string}}
        source: {type: string}
        createdAt: {type: string, format: date-time}
    Key:
      type: object
      required: [id, prefix, app, unit, createdAt, lastUsedAt, revoked, revokedAt]
      properties:
        id: {type: string}
        prefix: {type: string}
        app: {type: string}
        unit: {type: [string, "null"]}
        createdAt: {type: string, format: date-time}
        lastUsedAt: {type: [string, "null"], format: date-time}
        revoked: {type: boolean}
        revokedAt: {type: [string, "null"], format: date-time}
"""#
}
