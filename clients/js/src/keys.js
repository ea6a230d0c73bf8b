// Idempotency keys: one per logical call, one per chunk of a call that takes
// several requests, and the import chunk keys `inlet import` uses.

// Web Crypto is global everywhere the client runs except Node 18, whose own
// module provides it.
const crypto = globalThis.crypto ?? (await import("node:crypto")).webcrypto;

function hex(bytes) {
  let text = "";
  for (const byte of bytes) text += byte.toString(16).padStart(2, "0");
  return text;
}

/** 128 random bits as 32 hex digits. */
export function randomKey() {
  return hex(crypto.getRandomValues(new Uint8Array(16)));
}

/** The SHA-256 of bytes, in hex. */
export async function sha256Hex(bytes) {
  return hex(new Uint8Array(await crypto.subtle.digest("SHA-256", bytes)));
}

/**
 * The key of chunk `position` of a call keyed `key`: `<key>.<position>`, or,
 * when that would pass the server's 255 characters, the first 32 hex digits of
 * the key's SHA-256 in its place.
 */
export async function chunkKey(key, position) {
  const derived = `${key}.${position}`;
  if (new TextEncoder().encode(derived).length <= 255) return derived;
  return `${(await sha256Hex(new TextEncoder().encode(key))).slice(0, 32)}.${position}`;
}

/** `import-<index>-<first 32 hex digits of the body's SHA-256>`, as `inlet import` keys its chunks. */
export async function importChunkKey(index, body) {
  return `import-${index}-${(await sha256Hex(body)).slice(0, 32)}`;
}
