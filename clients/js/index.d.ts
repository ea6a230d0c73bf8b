// Type declarations of @inlet/client.

/** The version in the `User-Agent` (`inlet-js/<version>`). */
export declare const version: string;

/** A JSON value, as the server stores metadata and stream fields. */
export type JSONValue = null | boolean | number | string | JSONValue[] | { [name: string]: JSONValue };

/** The person an event or snapshot is about: at least one identifier. */
export interface Actor {
  workerId?: string;
  externalId?: string;
  email?: string;
}

/** An event for `POST /api/v1/ingest/events`. */
export interface Event {
  eventType: string;
  category: string;
  actor: Actor;
  /** RFC 3339 with offset; the time of receipt when absent. */
  timestamp?: string;
  /** Seconds, 0 to 31 536 000. */
  duration?: number;
  metadata?: { [name: string]: JSONValue };
  /** The client's event id: a second event with the same id is a `duplicate`. */
  id?: string;
}

export interface RowError {
  code: string;
  message: string;
}

/** The outcome of one event, `index` counting the caller's events from 0. */
export interface RowResult {
  index: number;
  status: "accepted" | "duplicate" | "rejected";
  id?: string;
  workerId?: string;
  identity?: "matched" | "created";
  timestampCorrected?: boolean;
  error?: RowError;
}

export interface EventBatchResult {
  accepted: number;
  rejected: number;
  duplicates: number;
  /** One row per event, in the caller's order. */
  results: RowResult[];
  /** The `requestId` of each request, in order. */
  requestIds: string[];
}

export type SnapshotMetric = number | string | { value: number | string; unit?: string; label?: string };

export interface Snapshot {
  snapshotType: string;
  actor: Actor;
  /** 1 to 32 metrics, kept in their order. */
  metrics: { [name: string]: SnapshotMetric };
  timestamp?: string;
}

export interface SnapshotResult {
  id: string;
  workerId: string;
  replaced: boolean;
  requestId: string;
}

/** A lead event for `POST /ingest` and `POST /import/events`, as the wire has it. */
export interface LeadEvent {
  lead_id?: string;
  alias_kind?: "email" | "external_id" | "phone" | "cookie" | "social";
  alias?: string;
  event_type: string;
  timestamp?: string;
  metadata?: { [name: string]: JSONValue };
}

export interface LeadEventResult {
  status: "accepted";
  eventId: string;
  requestId: string;
}

export interface ImportResult {
  accepted: number;
  rejected: number;
  /** Refused rows: `index` over the whole import, `line` (1-based) for NDJSON. */
  rejections: { index: number; line?: number; error: RowError }[];
  /** Rows of chunks the server had already stored under the same key (a resumed import). */
  replayedRows: number;
}

export interface StreamPostResult {
  status: "accepted";
  received: number;
  stored: number;
  rejections: { index: number; error: RowError }[];
  items: { index: number; id: string; result: "created" | "updated" | "unchanged" }[];
  requestId: string;
}

export interface TimelineEvent {
  id: string;
  eventType: string;
  category: string;
  source: string;
  app: string | null;
  workerId: string;
  timestamp: string;
  receivedAt: string;
  duration: number | null;
  metadata: { [name: string]: JSONValue } | null;
  timestampCorrected: boolean;
}

export interface Worker {
  id: string;
  identifiers: { kind: string; value: string; app?: string }[];
  activityScore: number;
  scores: { [ruleset: string]: number };
  strip: { app: string; metrics: { name: string; value: number | string; unit?: string; label?: string }[] }[];
  createdAt: string;
  snapshots?: { current: object[]; history: object[] };
}

export interface Lead {
  id: string;
  unit: string | null;
  aliases: { kind: string; value: string }[];
  scores: { [ruleset: string]: number };
  milestones: { name: string; ruleset: string; reachedAt: string }[];
}

export interface StreamItem {
  id: string;
  fields: { [name: string]: JSONValue };
  createdAt: string;
  updatedAt: string;
}

export interface Ping {
  ok: true;
  organizationId: string;
  app: string;
  keyId: string;
}

export interface RetryOptions {
  /** Attempts in all, the first included (default 8). */
  maxAttempts?: number;
  /** The first backoff's ceiling in ms; each retry doubles it (default 500). */
  baseMs?: number;
  /** The largest ceiling in ms (default 30 000). */
  capMs?: number;
  /** How long a call may take with its retries, in ms (default none). */
  deadlineMs?: number | null;
}

export interface UndeliveredEvent {
  event: Event;
  error: InletError;
}

export interface InletClientOptions {
  /** An app's `wp_live_` key, or a stream's `ik_live_` key. */
  apiKey: string;
  baseUrl: string | URL;
  /** The fetch to send with (default: the platform's). */
  fetch?: typeof fetch;
  /** How long one request may wait for its answer (default 30 000 ms). */
  timeoutMs?: number;
  retry?: RetryOptions;
  /** The server's body limit on `/api/v1/ingest/*` (default 5 MiB): larger batches are split. */
  bodyLimit?: number;
  /** Events `enqueue` holds at most before it refuses (default 10 000). */
  queueCapacity?: number;
  /** Events per request of the buffered sender (default and at most 500). */
  batchSize?: number;
  /** How long an enqueued event waits at most for its batch to fill (default 5 000 ms). */
  flushIntervalMs?: number;
  /** Batch requests of the buffered sender in flight at once (default 8). */
  concurrentBatches?: number;
  /** Told of every enqueued event that could not be delivered, and why. */
  onUndelivered?: ((report: UndeliveredEvent) => void) | null;
}

/** Why a call failed: the server's error, or no answer (`status` null). */
export declare class InletError extends Error {
  status: number | null;
  /** `invalid_key`, `rate_limited`, … or `connection_failed`, `timeout`, `queue_full`, `shut_down`. */
  code: string;
  requestId: string | null;
  /** Whether the same call may succeed if made again. */
  retryable: boolean;
  /** Seconds the server asked to wait. */
  retryAfter: number | null;
}

/** NDJSON to import: a string, bytes, a ReadableStream, or an async iterable of chunks (a Node file stream). */
export type NDJSONSource = string | Uint8Array | ArrayBuffer | ReadableStream<Uint8Array> | AsyncIterable<Uint8Array | string>;

export declare class InletClient {
  constructor(options: InletClientOptions);
  ping(): Promise<Ping>;
  /** Splits over 500 events or the body limit into requests keyed `<key>.<position>`; one row per event in order. */
  ingestEvents(events: Event[], options?: { idempotencyKey?: string; sentAt?: string | Date }): Promise<EventBatchResult>;
  ingestSnapshot(snapshot: Snapshot, options?: { idempotencyKey?: string }): Promise<SnapshotResult>;
  setActiveUnit(unitId: string, options?: { idempotencyKey?: string }): Promise<{ ouId: string; name: string; requestId: string }>;
  ingestLeadEvent(event: LeadEvent, options?: { idempotencyKey?: string }): Promise<LeadEventResult>;
  /** Chunks keyed as `inlet import` keys them, so a second run resumes. */
  importEvents(source: LeadEvent[] | NDJSONSource, options?: { rowsPerChunk?: number; onProgress?: (result: ImportResult) => void }): Promise<ImportResult>;
  postToStream(stream: string, items: { [name: string]: JSONValue }[], options?: { itemKey?: string; idempotencyKey?: string }): Promise<StreamPostResult>;
  timeline(query?: { from?: string | Date; to?: string | Date; workerId?: string; source?: string; eventType?: string; pageSize?: number }): AsyncIterable<TimelineEvent>;
  workers(options?: { pageSize?: number }): AsyncIterable<Worker>;
  worker(id: string): Promise<Worker>;
  lead(id: string | { aliasKind: string; alias: string }): Promise<Lead>;
  streamItems(stream: string, options?: { where?: { [field: string]: string }; pageSize?: number }): AsyncIterable<StreamItem>;
  streamItem(stream: string, id: string): Promise<StreamItem>;
  /** Throws `queue_full` when the queue is full, `shut_down` after `shutdown`. */
  enqueue(event: Event): void;
  flush(): Promise<void>;
  shutdown(timeoutMs?: number): Promise<void>;
}
