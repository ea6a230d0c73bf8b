// The Inlet client: the Ingest API, lead ingest, webhook streams and the
// reads, with idempotency by default and retries built in. No dependencies:
// the platform's fetch, AbortController and Web Crypto, so it runs on Node 18+,
// Deno, Bun, Cloudflare Workers and browsers.

import { EventBuffer } from "./buffer.js";
import { eventChunks, eventsPerRequest, ImportChunker, ndjsonLines } from "./chunks.js";
import { InletError } from "./errors.js";
import { chunkKey, randomKey } from "./keys.js";
import { backoff, defaultRetry, sleep } from "./retry.js";

export { InletError };

/** The version in the `User-Agent` (`inlet-js/<version>`). */
export const version = "0.1.0";

const encoder = new TextEncoder();

export class InletClient {
  #apiKey;
  #baseUrl;
  #fetch;
  #unitCookie = null;
  #buffer;

  /**
   * @param {import("../index.d.ts").InletClientOptions} options
   */
  constructor({
    apiKey,
    baseUrl,
    fetch = globalThis.fetch,
    timeoutMs = 30_000,
    retry = {},
    bodyLimit = 5 * 2 ** 20,
    queueCapacity = 10_000,
    batchSize = eventsPerRequest,
    flushIntervalMs = 5_000,
    concurrentBatches = 8,
    onUndelivered = null,
  }) {
    if (!apiKey) throw new TypeError("apiKey is required");
    if (!baseUrl) throw new TypeError("baseUrl is required");
    this.#apiKey = apiKey;
    this.#baseUrl = String(baseUrl).replace(/\/+$/, "");
    this.#fetch = fetch;
    this.timeoutMs = timeoutMs;
    this.retry = { ...defaultRetry, ...retry };
    this.bodyLimit = bodyLimit;
    this.onUndelivered = onUndelivered;
    this.#buffer = new EventBuffer({
      capacity: queueCapacity,
      batchSize: Math.max(1, Math.min(batchSize, eventsPerRequest)),
      flushIntervalMs,
      concurrentBatches: Math.max(1, concurrentBatches),
      send: (events, signal) => this.#deliver(events, signal),
    });
  }

  /** Checks the key: its organization, app and key id. */
  async ping() {
    return (await this.#request("GET", "/api/v1/ingest/ping")).body;
  }

  /**
   * Sends events to `POST /api/v1/ingest/events`. More than 500, or more than
   * the body limit once encoded, go as consecutive requests keyed by the call's
   * key and their position; calling again with the same `idempotencyKey` after
   * a failure replays what was stored and sends the rest. Rejected rows are a
   * result, not an error.
   */
  async ingestEvents(events, { idempotencyKey, sentAt, signal } = {}) {
    const key = idempotencyKey ?? randomKey();
    const encoded = events.map((event) => encoder.encode(JSON.stringify(event)));
    const suffix = encoder.encode(sentAt ? `],"sentAt":${JSON.stringify(new Date(sentAt).toISOString())}}` : "]}");
    const chunks = eventChunks(
      encoded.map((bytes) => bytes.length),
      this.bodyLimit - suffix.length - 16,
    );
    const result = { accepted: 0, rejected: 0, duplicates: 0, results: [], requestIds: [] };
    for (const [position, [start, end]] of chunks.entries()) {
      const parts = [encoder.encode('{"events":[')];
      for (let index = start; index < end; index++) {
        if (index > start) parts.push(encoder.encode(","));
        parts.push(encoded[index]);
      }
      parts.push(suffix);
      const answer = await this.#request("POST", "/api/v1/ingest/events", {
        body: join(parts),
        idempotencyKey: chunks.length === 1 ? key : await chunkKey(key, position),
        accept: (status) => (status >= 200 && status < 300) || status === 422,
        signal,
      });
      if (!Array.isArray(answer.body?.results)) throw InletError.fromResponse(answer.status, answer.headers, answer.body);
      for (const row of answer.body.results) {
        row.index += start;
        if (row.status === "rejected") result.rejected += 1;
        else result.accepted += 1;
        if (row.status === "duplicate") result.duplicates += 1;
        result.results.push(row);
      }
      result.requestIds.push(answer.body.requestId);
    }
    return result;
  }

  /** Sends a snapshot to `POST /api/v1/ingest/snapshots`; metrics keep their order. */
  async ingestSnapshot(snapshot, { idempotencyKey } = {}) {
    return (await this.#request("POST", "/api/v1/ingest/snapshots", { json: snapshot, idempotencyKey: idempotencyKey ?? randomKey() })).body;
  }

  /** Makes `unitId` the active org unit of this client's lead events (`POST /org-units/active`). */
  async setActiveUnit(unitId, { idempotencyKey } = {}) {
    return (await this.#request("POST", "/org-units/active", { json: { ouId: unitId }, idempotencyKey: idempotencyKey ?? randomKey() })).body;
  }

  /** Sends one lead event (`{alias_kind, alias}` or `{lead_id}`, `event_type`, …) to `POST /ingest`. */
  async ingestLeadEvent(event, { idempotencyKey } = {}) {
    return (await this.#request("POST", "/ingest", { json: event, idempotencyKey: idempotencyKey ?? randomKey() })).body;
  }

  /**
   * Imports historical lead events through `POST /import/events`, in chunks of
   * `rowsPerChunk` rows: an array of events, or NDJSON as a string, bytes, a
   * ReadableStream or an async iterable (a Node file stream). Chunks are keyed
   * by position and bytes as `inlet import` keys them, so importing the same
   * file again, by either, stores nothing twice.
   */
  async importEvents(source, { rowsPerChunk = 1000, onProgress } = {}) {
    const fromRows = Array.isArray(source);
    const lines = fromRows ? source.map((row) => encoder.encode(JSON.stringify(row))) : ndjsonLines(source);
    const chunker = new ImportChunker(rowsPerChunk);
    const result = { accepted: 0, rejected: 0, rejections: [], replayedRows: 0 };
    let number = 0;
    for await (const line of lines) {
      number += 1;
      const chunk = chunker.add(line, number);
      if (chunk) {
        await this.#sendImport(chunk, !fromRows, result);
        onProgress?.(result);
      }
    }
    const last = chunker.finish();
    if (last) await this.#sendImport(last, !fromRows, result);
    onProgress?.(result);
    return result;
  }

  async #sendImport(chunk, withLines, result) {
    const { body, key } = await ImportChunker.body(chunk);
    const answer = await this.#request("POST", "/import/events", { body, contentType: "application/x-ndjson", idempotencyKey: key });
    result.accepted += answer.body.accepted;
    result.rejected += answer.body.rejected;
    if (answer.headers.get("idempotent-replayed") === "true") result.replayedRows += chunk.lines.length;
    for (const rejection of answer.body.rejections) {
      result.rejections.push({
        index: chunk.firstRow + rejection.index,
        ...(withLines ? { line: chunk.lines[rejection.index] } : {}),
        error: rejection.error,
      });
    }
  }

  /** Posts items to a webhook stream with the stream's `ik_live_` key. */
  async postToStream(stream, items, { itemKey, idempotencyKey } = {}) {
    const headers = itemKey ? { "X-Item-Key": itemKey } : {};
    return (
      await this.#request("POST", `/api/webhook/${encodeURIComponent(stream)}`, { json: items, headers, idempotencyKey: idempotencyKey ?? randomKey() })
    ).body;
  }

  /** The organization's events, newest first, following `nextCursor` as it is iterated. */
  timeline({ from, to, workerId, source, eventType, pageSize } = {}) {
    const stamp = (time) => (time === undefined ? undefined : new Date(time).toISOString());
    return this.#pages("/api/v1/timeline", { from: stamp(from), to: stamp(to), workerId, source, eventType, limit: pageSize });
  }

  /** The organization's people, following `nextCursor` as it is iterated. */
  workers({ pageSize } = {}) {
    return this.#pages("/api/v1/workers", { limit: pageSize });
  }

  /** One person, with their snapshots. */
  async worker(id) {
    return (await this.#request("GET", `/api/v1/workers/${encodeURIComponent(id)}`)).body;
  }

  /** A lead by id, or by alias with `{aliasKind, alias}`. */
  async lead(id) {
    if (typeof id === "object") {
      return (await this.#request("GET", "/leads", { query: { alias_kind: id.aliasKind, alias: id.alias } })).body;
    }
    return (await this.#request("GET", `/leads/${encodeURIComponent(id)}`)).body;
  }

  /** A stream's items, those whose flattened fields equal `where` only, following `nextCursor`. */
  streamItems(stream, { where = {}, pageSize } = {}) {
    const query = { limit: pageSize };
    for (const [field, value] of Object.entries(where)) query[`where.${field}`] = value;
    return this.#pages(`/api/streams/${encodeURIComponent(stream)}/items`, query);
  }

  /** One item of a stream. */
  async streamItem(stream, id) {
    return (await this.#request("GET", `/api/streams/${encodeURIComponent(stream)}/items/${encodeURIComponent(id)}`)).body;
  }

  /**
   * Queues an event for the buffered sender: batches of up to 500 go when one
   * fills or after `flushIntervalMs`. Throws `queue_full` when the queue holds
   * `queueCapacity` events (the event is not queued), `shut_down` after
   * `shutdown`. An event that cannot be delivered reaches `onUndelivered`.
   */
  enqueue(event) {
    this.#buffer.add(event);
  }

  /** Resolves when every event enqueued before the call is delivered or was reported undelivered. */
  flush() {
    return this.#buffer.flush();
  }

  /**
   * Stops accepting events, sends what is queued and waits for requests in
   * flight, for at most `timeoutMs`; what is not delivered by then reaches
   * `onUndelivered` with code `shut_down`.
   */
  async shutdown(timeoutMs = 10_000) {
    const rest = await this.#buffer.close(timeoutMs);
    this.#report(rest, InletError.shutDown());
  }

  async #deliver(events, signal) {
    try {
      const result = await this.ingestEvents(events, { signal });
      for (const row of result.results) {
        if (row.status !== "rejected") continue;
        this.#report([events[row.index]], new InletError({ status: 422, ...row.error, requestId: result.requestIds[0], retryable: false }));
      }
    } catch (error) {
      this.#report(events, signal.aborted ? InletError.shutDown() : error instanceof InletError ? error : InletError.connectionFailed(error));
    }
  }

  #report(events, error) {
    if (!this.onUndelivered) return;
    for (const event of events) {
      try {
        this.onUndelivered({ event, error });
      } catch {
        // A handler's own failure must not stop the others being told.
      }
    }
  }

  #pages(path, query) {
    const client = this;
    return {
      async *[Symbol.asyncIterator]() {
        let cursor;
        do {
          const page = (await client.#request("GET", path, { query: { ...query, cursor } })).body;
          yield* page.items;
          cursor = page.nextCursor;
        } while (cursor);
      },
    };
  }

  /**
   * Sends a request with its retries: connection failures, timeouts, 409
   * `idempotency_in_progress`, 429 and 5xx, with full-jitter backoff, never
   * sooner than `Retry-After`. Returns `{status, headers, body}` when
   * `accept(status)`; throws an InletError otherwise.
   */
  async #request(method, path, { query, json, body, contentType = "application/json", headers = {}, idempotencyKey, signal, accept } = {}) {
    const url = new URL(this.#baseUrl + path);
    for (const [name, value] of Object.entries(query ?? {})) if (value !== undefined && value !== null) url.searchParams.set(name, String(value));
    const payload = json === undefined ? body : encoder.encode(JSON.stringify(json));
    const fields = {
      Authorization: `Bearer ${this.#apiKey}`,
      Accept: "application/json",
      "User-Agent": `inlet-js/${version}`,
      ...headers,
    };
    if (payload !== undefined) fields["Content-Type"] = contentType;
    if (idempotencyKey) fields["Idempotency-Key"] = idempotencyKey;
    const accepted = accept ?? ((status) => status >= 200 && status < 300);
    const started = Date.now();
    for (let attempt = 1; ; attempt++) {
      if (this.#unitCookie) fields.Cookie = `inlet_ou=${this.#unitCookie}`;
      let failure;
      try {
        const { response, text } = await this.#send(url, { method, headers: fields, body: payload }, signal);
        const cookie = /(?:^|[,\s])inlet_ou=([^;,\s]+)/.exec(response.headers.get("set-cookie") ?? "");
        if (cookie) this.#unitCookie = cookie[1];
        let parsed = null;
        try {
          parsed = text ? JSON.parse(text) : null;
        } catch {
          parsed = null;
        }
        if (accepted(response.status)) return { status: response.status, headers: response.headers, body: parsed };
        failure = InletError.fromResponse(response.status, response.headers, parsed);
      } catch (error) {
        if (signal?.aborted) throw InletError.shutDown();
        failure = error instanceof InletError ? error : InletError.connectionFailed(error);
      }
      if (!failure.retryable || attempt >= this.retry.maxAttempts) throw failure;
      const wait = backoff(this.retry, attempt, failure.retryAfter);
      if (this.retry.deadlineMs != null && Date.now() + wait > started + this.retry.deadlineMs) throw failure;
      await sleep(wait);
      if (signal?.aborted) throw InletError.shutDown();
    }
  }

  /** One attempt, its answer read whole, bounded by the request timeout. */
  async #send(url, init, signal) {
    const controller = new AbortController();
    const abort = () => controller.abort();
    signal?.addEventListener("abort", abort);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, this.timeoutMs);
    try {
      const response = await this.#fetch(url, { ...init, signal: controller.signal, redirect: "manual" });
      return { response, text: await response.text() };
    } catch (error) {
      throw timedOut ? InletError.timedOut(this.timeoutMs) : error;
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener("abort", abort);
    }
  }
}

function join(parts) {
  const bytes = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    bytes.set(part, offset);
    offset += part.length;
  }
  return bytes;
}
