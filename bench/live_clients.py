"""Live-stream clients for bench/run's live section.

fanout PORT KEY CLIENTS EVENTS: connects CLIENTS to /api/v1/live, then posts
EVENTS single events one after another (20 per second) and prints the p50, p99
and max time from each event's 2xx to its frame at every client.

hold PORT KEY CLIENTS QUERY: connects CLIENTS to /api/v1/live?QUERY, prints
"connected N" once all are open, and reads what they are sent until killed.
"""
import asyncio
import http.client
import json
import sys
import threading
import time


async def connect(port, key, query=""):
    reader, writer = await asyncio.open_connection("127.0.0.1", port, limit=1 << 20)
    writer.write(f"GET /api/v1/live{query} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {key}\r\n\r\n".encode())
    await writer.drain()
    head = await reader.readuntil(b"\r\n\r\n")
    if not head.startswith(b"HTTP/1.1 200"):
        raise RuntimeError(head.decode(errors="replace"))
    return reader, writer


async def frames(reader):
    """Yields the ids of event frames (chunked encoding is skipped line by line)."""
    while True:
        line = await reader.readline()
        if not line:
            return
        if line.startswith(b"id: "):
            yield line[4:].strip().decode()


async def fanout(port, key, clients, events):
    connections = await asyncio.gather(*(connect(port, key) for _ in range(clients)))
    received = [dict() for _ in range(clients)]

    async def read(index, reader):
        async for event_id in frames(reader):
            received[index][event_id] = time.perf_counter()

    readers = [asyncio.create_task(read(i, reader)) for i, (reader, _) in enumerate(connections)]
    answered = {}

    def post():
        connection = http.client.HTTPConnection("127.0.0.1", port)
        for n in range(events):
            body = json.dumps({"events": [{"eventType": "fanout.probe", "category": "bench", "actor": {"externalId": "probe"}}]})
            connection.request("POST", "/api/v1/ingest/events", body, {"Authorization": "Bearer " + key, "Content-Type": "application/json"})
            response = connection.getresponse()
            payload = json.loads(response.read())
            answered[payload["results"][0]["id"]] = time.perf_counter()
            time.sleep(0.05)

    await asyncio.get_running_loop().run_in_executor(None, post)
    await asyncio.sleep(1)
    for task in readers:
        task.cancel()
    latencies = sorted(max(0.0, seen[event_id] - at) * 1000 for event_id, at in answered.items() for seen in received if event_id in seen)
    missing = len(answered) * clients - len(latencies)
    pick = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))]
    print(f"fan-out to {clients} live clients: {len(latencies)} frames, p50 {pick(0.5):.1f} ms, p99 {pick(0.99):.1f} ms,"
          f" max {latencies[-1]:.1f} ms from the 2xx to the frame; {missing} missing")


async def hold(port, key, clients, query):
    connections = []
    for start in range(0, clients, 100):
        connections += await asyncio.gather(*(connect(port, key, query) for _ in range(start, min(clients, start + 100))))
    print(f"connected {len(connections)}", flush=True)

    async def drain(reader):
        while await reader.read(65536):
            pass

    await asyncio.gather(*(drain(reader) for reader, _ in connections))


if __name__ == "__main__":
    mode, port, key, clients = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
    if mode == "fanout":
        asyncio.run(fanout(port, key, clients, int(sys.argv[5])))
    else:
        asyncio.run(hold(port, key, clients, sys.argv[5]))
