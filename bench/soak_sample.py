"""The soak's helpers (bench/soak).

soak_sample.py background PORT ADMIN_TOKEN: signs in to the dashboard, then
    every second loads one of its pages and opens one stalled connection (half
    a request head, then nothing), until killed; prints what it did each minute.
soak_sample.py sample PORT PID WRK_OUT LAG_OUT SECONDS: one line of the
    server's RSS, open descriptors, the lead lag p99 of LAG_OUT (lag_sampler),
    the v1 p99 and req/s of WRK_OUT, and the v1 rows stored and the 5xx
    answered so far (/metrics).
soak_sample.py summary SAMPLES: the spread of RSS and descriptors after the
    first 5 minutes, the worst lag p99 and v1 p99, and the 5xx.
soak_sample.py idle PORT COUNT: opens COUNT connections that send nothing,
    prints "connected", and holds them until killed.
soak_sample.py compare ALONE_OUT HELD_OUT: v1 p99 and req/s of two wrk runs.
"""
import os
import re
import socket
import sys
import time
import urllib.parse
import urllib.request

def metrics(port):
    return urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=10).read().decode()


def wrk_figures(path):
    out = open(path).read()
    m = re.search(r"\s99%\s+([\d.]+)(us|ms|s)", out)
    value, unit = float(m.group(1)), m.group(2)
    p99 = value / 1000 if unit == "us" else value * 1000 if unit == "s" else value
    return p99, float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))


def background(port, token):
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())
    opener.open(urllib.request.Request(f"http://127.0.0.1:{port}/dashboard/signin",
                                       data=urllib.parse.urlencode({"token": token}).encode()), timeout=10)
    pages = ["/dashboard", "/dashboard/people", "/dashboard/leads", "/dashboard/streams/soak", "/dashboard/dead-letters"]
    stalled, loads, failures, opened, tick = [], 0, 0, 0, 0
    while True:
        started = time.monotonic()
        try:
            opener.open(f"http://127.0.0.1:{port}{pages[tick % len(pages)]}", timeout=30).read()
            loads += 1
        except Exception:
            failures += 1
        s = socket.create_connection(("127.0.0.1", port))
        s.sendall(b"POST /api/v1/ingest/events HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        s.setblocking(False)
        stalled.append(s)
        opened += 1
        still = []
        for s in stalled:
            try:
                if s.recv(1) == b"":
                    s.close()
                    continue
            except BlockingIOError:
                pass
            except OSError:
                s.close()
                continue
            still.append(s)
        stalled = still
        tick += 1
        if tick % 60 == 0:
            print(f"{loads} page loads ({failures} failed), {opened} stalled connections opened, {len(stalled)} still open", flush=True)
        time.sleep(max(0, 1 - (time.monotonic() - started)))


def sample(port, pid, wrk_out, lag_out, seconds):
    rss = int(re.search(r"VmRSS:\s+(\d+)", open(f"/proc/{pid}/status").read()).group(1)) // 1024
    fds = len(os.listdir(f"/proc/{pid}/fd"))
    lag = float((re.search(r"lag p99 ([\d.]+) s", open(lag_out).read()) or [0, 0])[1])
    p99, rps = wrk_figures(wrk_out)
    text = metrics(port)
    errors = sum(float(v) for v in re.findall(r'^inlet_http_requests_total\{[^}]*status="5\d\d"[^}]*\} (\S+)$', text, re.M))
    stored = sum(float(v) for v in re.findall(r'^inlet_event_rows_total\{[^}]*outcome="accepted"[^}]*\} (\S+)$', text, re.M))
    print(f"{seconds / 60:6.1f} {rss:8d} {fds:6d} {lag:10.2f} {p99:10.2f} {rps:9.0f} {stored:13.0f} {errors:4.0f}", flush=True)


def summary(path):
    rows = [line.split() for line in open(path) if line.strip()]
    rows = [[float(x) for x in row] for row in rows]
    settled = [row for row in rows if row[0] >= 5] or rows
    spread = lambda column: max(r[column] for r in settled) / max(1, min(r[column] for r in settled)) - 1
    print(f"  after 5 min: RSS {min(r[1] for r in settled):.0f}-{max(r[1] for r in settled):.0f} MB ({spread(1) * 100:.1f} %),"
          f" descriptors {min(r[2] for r in settled):.0f}-{max(r[2] for r in settled):.0f} ({spread(2) * 100:.1f} %);"
          f" lag p99 at most {max(r[3] for r in rows):.2f} s; v1 p99 at most {max(r[4] for r in rows):.1f} ms;"
          f" 5xx {rows[-1][7]:.0f}")


def idle(port, count):
    held, start = [], time.monotonic()
    for _ in range(count):
        held.append(socket.create_connection(("127.0.0.1", port)))
    print(f"connected {len(held)} in {time.monotonic() - start:.1f} s", flush=True)
    time.sleep(3600)


def compare(alone, held):
    (p_a, r_a), (p_h, r_h) = wrk_figures(alone), wrk_figures(held)
    print(f"  v1 single events, 64 connections: alone p99 {p_a:.2f} ms, {r_a:.0f} req/s;"
          f" with the idle connections p99 {p_h:.2f} ms ({p_h / p_a:.2f}×), {r_h:.0f} req/s ({r_h / r_a:.2f}×)")


if __name__ == "__main__":
    mode, args = sys.argv[1], sys.argv[2:]
    if mode == "background":
        background(int(args[0]), args[1])
    elif mode == "sample":
        sample(int(args[0]), int(args[1]), args[2], args[3], float(args[4]))
    elif mode == "summary":
        summary(args[0])
    elif mode == "idle":
        idle(int(args[0]), int(args[1]))
    elif mode == "compare":
        compare(args[0], args[1])
