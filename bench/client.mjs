// The JavaScript client's benchmark, one process per run (as bench/Client for
// the Swift client):
//   node bench/client.mjs send <base URL> <key> <seconds>: enqueues single
//     events through the buffered sender as fast as the queue takes them for
//     that long, shuts down, and prints the events delivered per second;
//   node bench/client.mjs memory <events>: queues that many events for a
//     server that does not answer and prints how much the heap and resident
//     memory grew, in MB.
import { InletClient } from "../clients/js/src/index.js";

const [mode, ...rest] = process.argv.slice(2);
const event = (n) => ({
  eventType: "ticket.resolved",
  category: "project_management",
  actor: { externalId: `person-${n % 50}` },
  duration: 240,
  metadata: { ticket_id: `SUP-${n}`, priority: "high" },
});

if (mode === "send") {
  const [baseUrl, apiKey, seconds] = rest;
  let undelivered = 0;
  const client = new InletClient({ apiKey, baseUrl, onUndelivered: () => undelivered++ });
  const start = performance.now();
  const end = start + Number(seconds) * 1000;
  let sent = 0;
  while (performance.now() < end) {
    try {
      client.enqueue(event(sent));
      sent += 1;
      if (sent % 500 === 0) await new Promise((resolve) => setImmediate(resolve));
    } catch (error) {
      if (error.code !== "queue_full") throw error;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }
  await client.shutdown(60_000);
  console.log(Math.round((sent - undelivered) / ((performance.now() - start) / 1000)));
} else if (mode === "memory") {
  const events = Number(rest[0] ?? 100_000);
  globalThis.gc?.();
  const before = process.memoryUsage();
  const client = new InletClient({
    apiKey: "wp_live_bench",
    baseUrl: "http://127.0.0.1:1",
    queueCapacity: events,
    retry: { maxAttempts: 1000, baseMs: 10_000, capMs: 10_000 },
  });
  for (let n = 0; n < events; n++) client.enqueue(event(n));
  globalThis.gc?.();
  const after = process.memoryUsage();
  console.log(((after.rss - before.rss) / 2 ** 20).toFixed(1), ((after.heapUsed - before.heapUsed) / 2 ** 20).toFixed(1));
  process.exit(0);
} else {
  console.log("usage: node bench/client.mjs send <base URL> <key> <seconds> | memory <events>");
}
