// Cutting work into requests: event batches by count and bytes, NDJSON
// imports by rows and bytes (exactly as `inlet import` does, so that their
// chunk keys match).

import { importChunkKey } from "./keys.js";

/** The most events one request carries. */
export const eventsPerRequest = 500;
/** The server's most rows per import request. */
export const maximumImportRows = 10_000;

/**
 * Consecutive [start, end) ranges of at most 500 items whose sizes (plus a
 * separator each) fit `limit`; an item alone over it goes alone.
 */
export function eventChunks(sizes, limit) {
  const chunks = [];
  let start = 0;
  let bytes = 0;
  sizes.forEach((size, index) => {
    if (index > start && (index - start === eventsPerRequest || bytes + size + 1 > limit)) {
      chunks.push([start, index]);
      start = index;
      bytes = 0;
    }
    bytes += size + 1;
  });
  if (start < sizes.length || sizes.length === 0) chunks.push([start, sizes.length]);
  return chunks;
}

const newline = 0x0a;

/** The lines of NDJSON given as a string, bytes, a ReadableStream or an async iterable of chunks, without their newline. */
export async function* ndjsonLines(source) {
  const encoder = new TextEncoder();
  const asBytes = (chunk) => (typeof chunk === "string" ? encoder.encode(chunk) : new Uint8Array(chunk.buffer ?? chunk, chunk.byteOffset ?? 0, chunk.byteLength));
  let pending = new Uint8Array(0);
  for await (const chunk of iterate(source)) {
    const bytes = asBytes(chunk);
    let data = pending.length ? concat(pending, bytes) : bytes;
    let start = 0;
    for (let index = data.indexOf(newline); index !== -1; index = data.indexOf(newline, start)) {
      yield data.subarray(start, index);
      start = index + 1;
    }
    pending = data.slice(start);
  }
  if (pending.length) yield pending;
}

async function* iterate(source) {
  if (typeof source === "string" || source instanceof Uint8Array || source instanceof ArrayBuffer) {
    yield source;
  } else if (typeof source?.getReader === "function") {
    const reader = source.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        yield value;
      }
    } finally {
      reader.releaseLock();
    }
  } else {
    yield* source;
  }
}

function concat(a, b) {
  const joined = new Uint8Array(a.length + b.length);
  joined.set(a);
  joined.set(b, a.length);
  return joined;
}

const blank = new Set([0x20, 0x09, 0x0d]);

/** Groups NDJSON lines into import chunks of at most `rowsPerChunk` rows and `bytesPerChunk` bytes. */
export class ImportChunker {
  constructor(rowsPerChunk = 1000, bytesPerChunk = 32 * 2 ** 20) {
    this.rowsPerChunk = Math.max(1, Math.min(rowsPerChunk, maximumImportRows));
    this.bytesPerChunk = bytesPerChunk;
    this.pending = null;
    this.nextIndex = 0;
    this.rows = 0;
  }

  /** Adds line `number` (1-based, without its newline); returns a chunk when one is full. */
  add(line, number) {
    if (line.every((byte) => blank.has(byte))) return null;
    let full = null;
    if (this.pending && (this.pending.lines.length >= this.rowsPerChunk || this.pending.size + line.length + 1 > this.bytesPerChunk)) {
      full = this.pending;
      this.pending = null;
    }
    if (!this.pending) this.pending = { index: this.nextIndex++, firstRow: this.rows, lines: [], parts: [], size: 0 };
    this.rows += 1;
    this.pending.lines.push(number);
    this.pending.parts.push(line);
    this.pending.size += line.length + 1;
    return full;
  }

  /** The last chunk, if rows are left. */
  finish() {
    const last = this.pending;
    this.pending = null;
    return last;
  }

  /** A chunk's NDJSON body (each row ended by a newline) and idempotency key. */
  static async body(chunk) {
    const body = new Uint8Array(chunk.size);
    let offset = 0;
    for (const part of chunk.parts) {
      body.set(part, offset);
      body[offset + part.length] = newline;
      offset += part.length + 1;
    }
    return { body, key: await importChunkKey(chunk.index, body) };
  }
}
