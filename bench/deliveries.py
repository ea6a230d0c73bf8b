"""The hooks section's steps against a running server (admin token "bench").

  endpoints PORT COUNT     creates COUNT endpoints for event types the bench's
                           ingest never sends (deploy.*, milestone.reached, …)
  clear PORT               deletes every endpoint of the default organization
  latency PORT KEY RATE SECONDS RESULTS CELL
                           runs a receiver on a loopback port, subscribes one
                           endpoint to bench.hook, sends RATE such events a
                           second for SECONDS (10 per request), and prints the
                           time from each event's 2xx to its arrival at the
                           receiver: p50, p99, max; appends CELL.p50_ms and
                           CELL.p99_ms to RESULTS
"""

import http.client
import http.server
import json
import sys
import threading
import time

from admin_http import request

command, port = sys.argv[1], int(sys.argv[2])


def endpoints():
    _, body = request(port, "GET", "/api/v1/admin/orgs/default/webhooks")
    return [item["id"] for item in json.loads(body)["items"]]


def clear():
    for endpoint in endpoints():
        request(port, "DELETE", f"/api/v1/admin/orgs/default/webhooks/{endpoint}")


def create(url, event_types):
    status, body = request(port, "POST", "/api/v1/admin/orgs/default/webhooks", json.dumps({"url": url, "eventTypes": event_types}))
    assert status == 201, body


if command == "endpoints":
    for n in range(int(sys.argv[3])):
        create(f"http://127.0.0.1:9/unused-{n}", [f"deploy{n}.*", "milestone.reached", f"release.{n}"])
elif command == "clear":
    clear()
elif command == "latency":
    key, rate, seconds, results, cell = sys.argv[3], int(sys.argv[4]), int(sys.argv[5]), sys.argv[6], sys.argv[7]
    arrivals, answered = {}, {}
    lock = threading.Lock()

    class Receiver(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self):
            self.rfile.read(int(self.headers["Content-Length"]))
            with lock:
                arrivals.setdefault(self.headers["webhook-id"], time.perf_counter())
            self.send_response(204)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    receiver = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    threading.Thread(target=receiver.serve_forever, daemon=True).start()
    create(f"http://127.0.0.1:{receiver.server_address[1]}/hook", ["bench.hook"])
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Authorization": f"Bearer {key}", "Content-Type": "application/json"}
    start = time.perf_counter()
    for n in range(rate * seconds // 10):
        # 10 events per request, a request every 10 ms of the schedule.
        time.sleep(max(0.0, start + n * 10 / rate - time.perf_counter()))
        events = [{"eventType": "bench.hook", "category": "bench", "actor": {"externalId": f"hook-{n % 100}"}} for _ in range(10)]
        connection.request("POST", "/api/v1/ingest/events", body=json.dumps({"events": events}), headers=headers)
        response = connection.getresponse()
        at = time.perf_counter()
        for row in json.loads(response.read()).get("results", []):
            if row.get("status") == "accepted":
                answered[row["id"]] = at
    deadline = time.perf_counter() + 60
    while time.perf_counter() < deadline:
        with lock:
            if all(event in arrivals for event in answered):
                break
        time.sleep(0.05)
    receiver.shutdown()
    clear()
    latencies = sorted((arrivals[event] - at) * 1000 for event, at in answered.items() if event in arrivals)
    missing = len(answered) - len(latencies)
    pick = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))]
    print(f"webhook delivery at {rate} matching events/s: {len(latencies)} delivered ({missing} not within 60 s), "
          f"2xx → receiver p50 {pick(0.5):.1f} ms, p99 {pick(0.99):.1f} ms, max {latencies[-1]:.1f} ms")
    with open(results, "a") as file:
        file.write(f"{cell}.p50_ms {pick(0.5)}\n{cell}.p99_ms {pick(0.99)}\n{cell}.missing {missing}\n")
else:
    sys.exit(__doc__)
