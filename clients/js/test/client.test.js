// The JavaScript client against the real `inlet` binary, on SQLite and
// PostgreSQL: the seed's calls, retries through injected faults, splitting,
// the buffered sender, streams, leads, imports, and a process stopped by SIGTERM.

import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { createReadStream, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { InletClient, InletError } from "../src/index.js";
import { binary, faultyFetch, startServer, stores, ticket } from "./support.js";

for (const store of stores) {
  describe(`InletClient on ${store}`, () => {
    let server;
    before(async () => {
      server = await startServer(store);
    });
    after(() => server.stop());

    test("the seed's calls work as written", async () => {
      const client = new InletClient({ apiKey: server.key, baseUrl: server.baseUrl });
      const ping = await client.ping();
      assert.equal(ping.ok, true);
      assert.match(ping.organizationId, /^org_/);
      const [jobId, attempt] = ["job-42", 1];
      const metadata = { ticket_id: "SUP-431", priority: "high", nested: { z: 1, a: [true, null, 2.5] } };
      const result = await client.ingestEvents(
        [{ eventType: "ticket.seed", category: "project_management", actor: { email: "alex@acme.com" }, duration: 240, metadata }],
        { idempotencyKey: `${jobId}:${attempt}` },
      );
      assert.equal(result.accepted, 1);
      const snapshot = await client.ingestSnapshot({
        snapshotType: "tickets_open",
        actor: { externalId: "crm-user-42" },
        metrics: { tickets_open: 7, sla_attainment: { value: 0.92, unit: "ratio", label: "SLA" } },
      });
      assert.match(snapshot.id, /^snp_/);
      const stored = await server.stored("ticket.seed");
      assert.equal(stored.length, 1);
      assert.deepEqual(stored[0].metadata, metadata);
      assert.deepEqual(Object.keys(stored[0].metadata), ["ticket_id", "priority", "nested"]);
      const worker = await client.worker(snapshot.workerId);
      assert.deepEqual(worker.strip[0].metrics.map((metric) => metric.name), ["tickets_open", "sla_attainment"]);
    });

    test("an answer lost after the commit is retried with the same key and stored once", async () => {
      const fetch = faultyFetch([{ lose: true }, { lose: true }]);
      const result = await server.client({ fetch }).ingestEvents([ticket(1, "ticket.lost"), ticket(2, "ticket.lost")]);
      assert.equal(result.accepted, 2);
      assert.equal(fetch.sent.length, 3);
      assert.equal(new Set(fetch.sent.map((request) => request.key)).size, 1);
      assert.match(fetch.sent[0].key, /^[0-9a-f]{32}$/);
      assert.equal((await server.stored("ticket.lost")).length, 2);
    });

    test("503 and 429 are retried no sooner than Retry-After", async () => {
      const fetch = faultyFetch([
        { status: 503, code: "unavailable", retryAfter: 1 },
        { status: 503, code: "overloaded", retryAfter: 1 },
        { status: 429, code: "rate_limited", retryAfter: 1 },
      ]);
      const result = await server.client({ fetch }).ingestEvents([ticket(1, "ticket.waited")]);
      assert.equal(result.accepted, 1);
      const times = fetch.sent.map((request) => request.at);
      assert.equal(times.length, 4);
      for (let index = 1; index < times.length; index++) assert.ok(times[index] - times[index - 1] >= 1000, `retried after ${times[index] - times[index - 1]} ms`);
      assert.equal((await server.stored("ticket.waited")).length, 1);
    });

    test("a timeout is retried; other client errors surface typed at once", async () => {
      const hanging = faultyFetch([{ hangMs: 30_000 }]);
      assert.equal((await server.client({ fetch: hanging, timeoutMs: 3000 }).ingestEvents([ticket(1, "ticket.timeout")])).accepted, 1);
      assert.equal(hanging.sent.length, 2);

      const once = faultyFetch();
      await assert.rejects(
        server.client({ fetch: once }).ingestSnapshot({ snapshotType: "tickets_open", actor: { workerId: "wrk_unknown" }, metrics: { open: 1 } }),
        (error) => error instanceof InletError && error.status === 422 && error.code === "unknown_worker" && !error.retryable && /^req_/.test(error.requestId),
      );
      assert.equal(once.sent.length, 1);
      await assert.rejects(server.client({ apiKey: "wp_live_nope" }).ping(), (error) => error.status === 401 && error.code === "invalid_key");
    });

    test("1 234 events in one call: three requests, every row in order, stored once", async () => {
      const fetch = faultyFetch();
      const client = server.client({ fetch });
      const events = Array.from({ length: 1234 }, (_, n) => ticket(n, "ticket.split"));
      events[700] = { ...events[700], eventType: "not a type!" };
      const result = await client.ingestEvents(events, { idempotencyKey: "split-1" });
      assert.deepEqual(fetch.sent.map((request) => request.key), ["split-1.0", "split-1.1", "split-1.2"]);
      assert.deepEqual(result.results.map((row) => row.index), [...Array(1234).keys()]);
      assert.equal(result.accepted, 1233);
      assert.equal(result.results[700].status, "rejected");
      assert.equal(result.results[700].error.code, "invalid_event");
      const again = await client.ingestEvents(events, { idempotencyKey: "split-1" });
      assert.deepEqual(again.results, result.results);
      assert.equal((await server.stored("ticket.split")).length, 1233);

      const small = server.client({ fetch, bodyLimit: 4000 });
      assert.equal((await small.ingestEvents(Array.from({ length: 40 }, (_, n) => ticket(n, "ticket.small")))).accepted, 40);
      assert.ok(fetch.sent.length > 7);
    });

    test("10 000 events enqueued from several tasks are all stored once after shutdown", async () => {
      const undelivered = [];
      const client = server.client({ onUndelivered: (report) => undelivered.push(report) });
      await Promise.all(
        [0, 1, 2, 3].map(async (task) => {
          for (let n = 0; n < 2500; n++) {
            client.enqueue(ticket(task * 2500 + n, "ticket.buffered"));
            if (n % 100 === 0) await new Promise((resolve) => setImmediate(resolve));
          }
        }),
      );
      await client.shutdown(60_000);
      assert.deepEqual(undelivered, []);
      const stored = await server.stored("ticket.buffered");
      assert.equal(stored.length, 10_000);
      assert.equal(new Set(stored.map((event) => event.metadata.n)).size, 10_000);
      assert.throws(() => client.enqueue(ticket(0)), (error) => error.code === "shut_down");
    });

    test("a full queue refuses, and undeliverable events reach the handler", async () => {
      const undelivered = [];
      const client = server.client({ queueCapacity: 10, onUndelivered: (report) => undelivered.push(report) });
      for (let n = 0; n < 9; n++) client.enqueue(ticket(n, "ticket.queued"));
      client.enqueue(ticket(9, "not a type!"));
      assert.throws(() => client.enqueue(ticket(10, "ticket.queued")), (error) => error.code === "queue_full" && error.retryable);
      await client.flush();
      assert.equal((await server.stored("ticket.queued")).length, 9);
      assert.deepEqual(undelivered.map((report) => report.error.code), ["invalid_event"]);

      const lost = [];
      const unreachable = new InletClient({
        apiKey: server.key,
        baseUrl: "http://127.0.0.1:1",
        retry: { maxAttempts: 2, baseMs: 10 },
        onUndelivered: (report) => lost.push(report),
      });
      for (let n = 0; n < 3; n++) unreachable.enqueue(ticket(n));
      await unreachable.shutdown(10_000);
      assert.deepEqual(lost.map((report) => report.error.code), ["connection_failed", "connection_failed", "connection_failed"]);
    });

    test("stream items with an item key, and lead events with the active unit", async () => {
      const stream = await server.admin("POST", "/api/v1/admin/orgs/default/streams", { name: "stores" });
      const streamClient = server.client({ apiKey: stream.key });
      const posted = await streamClient.postToStream(
        "stores",
        [
          { sku: "a-1", stock: 3, place: { city: "Leeds" } },
          { sku: "b-2", stock: 0 },
        ],
        { itemKey: "sku" },
      );
      assert.equal(posted.stored, 2);
      const items = [];
      for await (const item of streamClient.streamItems("stores", { where: { "place.city": "Leeds" } })) items.push(item);
      assert.deepEqual(items.map((item) => [item.id, item.fields.stock]), [["a-1", 3]]);

      const client = server.client();
      await client.setActiveUnit("unit_default");
      const accepted = await client.ingestLeadEvent({ alias_kind: "email", alias: "ada@example.com", event_type: "page_view", metadata: { path: "/pricing" } });
      assert.match(accepted.eventId, /^evt_/);
      let lead;
      for (let tries = 0; !lead && tries < 100; tries++) {
        lead = await client.lead({ aliasKind: "email", alias: "ADA@example.com" }).catch(() => undefined);
        if (!lead) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      assert.ok(lead.aliases.some((alias) => alias.kind === "email"));
    });

    test("an import resumes what `inlet import` began, with the same chunk keys", async () => {
      const directory = mkdtempSync(join(tmpdir(), "inlet-js-import-"));
      try {
        const lines = Array.from({ length: 2500 }, (_, n) =>
          JSON.stringify({ alias_kind: "email", alias: `p${n % 40}@example.com`, event_type: "page_view", timestamp: "2026-11-20T10:00:00Z" }),
        );
        lines.splice(1200, 0, "{broken");
        writeFileSync(join(directory, "full.ndjson"), lines.join("\n") + "\n");
        writeFileSync(join(directory, "partial.ndjson"), lines.slice(0, 1000).join("\n") + "\n");
        const cli = spawnSync(binary, ["import", join(directory, "partial.ndjson"), "--url", server.baseUrl, "--key", server.key, "--unit", "unit_default"]);
        assert.equal(cli.status, 0, String(cli.stderr));
        const client = server.client();
        await client.setActiveUnit("unit_default");
        const result = await client.importEvents(createReadStream(join(directory, "full.ndjson"), { highWaterMark: 4096 }));
        assert.equal(result.replayedRows, 1000);
        assert.equal(result.accepted, 2500);
        assert.deepEqual(result.rejections.map((rejection) => [rejection.index, rejection.line, rejection.error.code]), [[1200, 1201, "invalid_event"]]);
      } finally {
        rmSync(directory, { recursive: true, force: true });
      }
    });

    test("a process that calls shutdown on SIGTERM loses nothing", async () => {
      const script = `
        import { InletClient } from ${JSON.stringify(new URL("../src/index.js", import.meta.url).href)};
        const client = new InletClient({ apiKey: process.argv[1], baseUrl: process.argv[2] });
        let enqueued = 0;
        const timer = setInterval(() => { for (let i = 0; i < 50; i++) client.enqueue({ eventType: "ticket.sigterm", category: "ops", actor: { externalId: "p" + (enqueued % 9) }, metadata: { n: enqueued++ } }); }, 5);
        process.on("SIGTERM", async () => { clearInterval(timer); await client.shutdown(30000); console.log(enqueued); process.exit(0); });
        console.log("ready");
      `;
      const child = spawn(process.execPath, ["--input-type=module", "-e", script, server.key, server.baseUrl], { stdio: ["ignore", "pipe", "inherit"] });
      let output = "";
      child.stdout.on("data", (chunk) => (output += chunk));
      while (!output.includes("ready")) await new Promise((resolve) => setTimeout(resolve, 20));
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      assert.equal(await exited, 0);
      const enqueued = Number(output.trim().split("\n").at(-1));
      assert.ok(enqueued > 1000, `only ${enqueued} events were enqueued`);
      const stored = await server.stored("ticket.sigterm");
      assert.equal(stored.length, enqueued);
      assert.equal(new Set(stored.map((event) => event.metadata.n)).size, enqueued);
    });
  });
}
