"""The purge section's steps against a running server.

  load PORT KEY COUNT      stores COUNT events timestamped 2020-01-01 (500 per
                           request, 4 connections); prints the time it took
  limit PORT DAYS|null     sets the default organization's retentionDays
  deleted PORT             prints inlet_retention_deleted_rows_total{kind="events"}
  drained PORT TOTAL       waits (up to 10 min) until that counter reaches
                           TOTAL; prints the seconds waited
  settled PORT             waits (up to 5 min) until the lead processor's
                           queue reads 0 twice, a second apart

The admin token is "bench", as bench/run starts the servers.
"""

import http.client
import json
import sys
import threading
import time

from admin_http import request

command, port = sys.argv[1], int(sys.argv[2])


def deleted():
    _, text = request(port, "GET", "/metrics")
    for line in text.decode().splitlines():
        if line.startswith('inlet_retention_deleted_rows_total{kind="events"}'):
            return int(float(line.split()[-1]))
    return 0


if command == "load":
    key, count = sys.argv[3], int(sys.argv[4])
    event = {"eventType": "ticket.resolved", "category": "project_management", "actor": {"externalId": "old-1"},
             "timestamp": "2020-01-01T00:00:00Z", "metadata": {"ticket_id": "SUP-1"}}
    body = json.dumps({"events": [event] * 500})
    requests = count // 500
    lock = threading.Lock()
    remaining = [requests]
    failures = []

    def post():
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        headers = {"Authorization": f"Bearer {key}", "Content-Type": "application/json"}
        while True:
            with lock:
                if remaining[0] == 0:
                    return
                remaining[0] -= 1
            connection.request("POST", "/api/v1/ingest/events", body=body, headers=headers)
            response = connection.getresponse()
            response.read()
            if response.status != 200:
                failures.append(response.status)

    start = time.monotonic()
    threads = [threading.Thread(target=post) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        sys.exit(f"{len(failures)} requests failed: {failures[:5]}")
    print(f"{time.monotonic() - start:.1f}")
elif command == "limit":
    status, body = request(port, "PATCH", "/api/v1/admin/orgs/default", json.dumps({"retentionDays": json.loads(sys.argv[3])}))
    if status != 200:
        sys.exit(f"PATCH answered {status}: {body[:200]}")
elif command == "deleted":
    print(deleted())
elif command == "settled":
    start, zeros = time.monotonic(), 0
    while zeros < 2 and time.monotonic() - start < 300:
        _, text = request(port, "GET", "/metrics")
        zeros = zeros + 1 if "\ninlet_lead_queue_events 0" in text.decode() else 0
        time.sleep(1)
elif command == "drained":
    total, start = int(sys.argv[3]), time.monotonic()
    while deleted() < total and time.monotonic() - start < 600:
        time.sleep(0.2)
    print(f"{time.monotonic() - start:.1f}")
