"""Exports every event of a running server's organization through
GET /api/v1/export/events, reading as fast as it can, while sampling the
server's resident memory every 50 ms; prints the events, their rate, and how
far the server's RSS rose above what it was before the export.

Usage: python3 bench/export_sample.py PORT KEY SERVER_PID
"""

import http.client
import sys
import threading
import time

port, key, pid = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])


def rss_mb():
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


before = rss_mb()
peak = before
done = threading.Event()


def sample():
    global peak
    while not done.is_set():
        peak = max(peak, rss_mb())
        time.sleep(0.05)


sampler = threading.Thread(target=sample)
sampler.start()
start = time.time()
connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
connection.request("GET", "/api/v1/export/events", headers={"Authorization": "Bearer " + key})
response = connection.getresponse()
lines, tail = 0, b""
while chunk := response.read(1 << 16):
    lines += chunk.count(b"\n")
    tail = chunk[-1:]
elapsed = time.time() - start
done.set()
sampler.join()
complete = response.status == 200 and tail in (b"\n", b"")
print(f"export: {lines} events in {elapsed:.1f} s, {lines / elapsed:.0f} events/s, status {response.status}"
      f"{'' if complete else ' (cut short)'}; server RSS {before:.0f} MB before, at most {peak:.0f} MB during (+{peak - before:.1f} MB)")
