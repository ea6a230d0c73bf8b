// Starts the real `inlet` binary (INLET_BINARY) for the client tests, on a
// fresh SQLite file and, when INLET_TEST_POSTGRES_URL names a server, on a
// fresh PostgreSQL database; and a fetch that injects faults.

import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { InletClient } from "../src/index.js";

export const adminToken = "js-client-admin-token";
export const binary = process.env.INLET_BINARY;
export const stores = ["sqlite", ...(process.env.INLET_TEST_POSTGRES_URL ? ["postgres"] : [])];

const psql = process.env.INLET_TEST_POSTGRES_BIN ? join(process.env.INLET_TEST_POSTGRES_BIN, "psql") : "psql";

/** A fresh database of `store`, as `--database` names it, and how to remove it. */
function freshDatabase(store) {
  if (store === "sqlite") {
    const directory = mkdtempSync(join(tmpdir(), "inlet-js-"));
    return { location: join(directory, "inlet.sqlite"), remove: () => rmSync(directory, { recursive: true, force: true }) };
  }
  const server = process.env.INLET_TEST_POSTGRES_URL;
  const name = `inlet_js_${process.pid}_${Math.random().toString(16).slice(2, 10)}`;
  const run = (sql) => spawnSync(psql, ["-q", server, "-c", sql], { stdio: "ignore" });
  if (run(`CREATE DATABASE ${name}`).status !== 0) throw new Error("cannot create a PostgreSQL database");
  return { location: `${server.slice(0, server.lastIndexOf("/"))}/${name}`, remove: () => run(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

/** Starts `inlet serve` on a fresh database of `store`; resolves once it listens, with its port and app key. */
export async function startServer(store) {
  if (!binary) throw new Error("INLET_BINARY must name the inlet binary (scripts/test sets it)");
  const database = freshDatabase(store);
  const child = spawn(binary, ["serve", "--database", database.location, "--port", "0", "--log-level", "info"], {
    env: { ...process.env, INLET_ADMIN_TOKEN: adminToken },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const ready = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`inlet did not start:\n${output}`)), 30_000);
    const read = (chunk) => {
      output += chunk;
      const port = /listening on 127\.0\.0\.1:(\d+)/.exec(output);
      const key = /wp_live_[A-Za-z0-9_]+/.exec(output);
      if (port && key) {
        clearTimeout(timer);
        resolve({ port: Number(port[1]), key: key[0] });
      }
    };
    child.stdout.on("data", read);
    child.stderr.on("data", read);
    child.on("exit", () => reject(new Error(`inlet exited:\n${output}`)));
  });
  const { port, key } = await ready;
  const baseUrl = `http://127.0.0.1:${port}`;
  return {
    port,
    key,
    baseUrl,
    database: database.location,
    /** A client with quick retries (the policy's shape, shorter waits). */
    client(options = {}) {
      return new InletClient({ apiKey: key, baseUrl, retry: { maxAttempts: 6, baseMs: 50, capMs: 400 }, ...options });
    },
    async admin(method, path, body) {
      const response = await fetch(baseUrl + path, {
        method,
        headers: { Authorization: `Bearer ${adminToken}`, "Content-Type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return response.json();
    },
    /** Every timeline event with this event type. */
    async stored(eventType) {
      const events = [];
      for await (const event of this.client().timeline({ eventType, pageSize: 100 })) events.push(event);
      return events;
    },
    async stop() {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
      database.remove();
    },
  };
}

/**
 * A fetch in front of the real one that injects one fault per request, in
 * order (`{lose: true}`: the request reaches the server and its answer is
 * lost; `{status, code, retryAfter}`: that answer, the server not asked;
 * `{hangMs}`: no answer for that long), and records each request.
 */
export function faultyFetch(faults = []) {
  const sent = [];
  const faulty = async (url, init) => {
    sent.push({ path: new URL(url).pathname, key: init.headers["Idempotency-Key"], at: Date.now() });
    const fault = faults.shift();
    if (!fault) return fetch(url, init);
    if (fault.lose) {
      await (await fetch(url, init)).text();
      throw new TypeError("fetch failed: the connection was reset");
    }
    if (fault.hangMs) {
      await new Promise((resolve, reject) => {
        const timer = setTimeout(resolve, fault.hangMs);
        init.signal?.addEventListener("abort", () => {
          clearTimeout(timer);
          reject(new DOMException("aborted", "AbortError"));
        });
      });
      throw new TypeError("fetch failed");
    }
    const headers = { "Content-Type": "application/json", ...(fault.retryAfter ? { "Retry-After": String(fault.retryAfter) } : {}) };
    return new Response(JSON.stringify({ error: { code: fault.code, message: "injected", requestId: "req_fault" } }), { status: fault.status, headers });
  };
  return Object.assign(faulty, { sent });
}

export function ticket(n, eventType = "ticket.resolved") {
  return {
    eventType,
    category: "project_management",
    actor: { externalId: `crm-user-${n % 7}` },
    duration: 240,
    metadata: { ticket_id: `SUP-${n}`, priority: "high", n },
  };
}
