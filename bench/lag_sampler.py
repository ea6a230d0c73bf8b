"""The lead processor's lag and the door's waits during one cell of bench/run.

lag_sampler.py PORT SECONDS [RESULTS KEY]: reads /metrics every quarter second
for SECONDS, then prints the max and p99 of `inlet_lead_queue_lag_seconds` and
`inlet_lead_queue_events`, and how many requests waited at the door for the
backlog, and for how long in all (`inlet_lead_backlog_waits_total`,
`inlet_lead_backlog_wait_seconds_total`) over those seconds. With RESULTS and
KEY, also appends `KEY.lag_p99_s`, `KEY.lag_max_s` and `KEY.door_waits` lines
to the file RESULTS.
"""
import re
import sys
import time
import urllib.request


def metrics(port):
    text = urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5).read().decode()
    value = lambda name: float((re.search(rf"^{name} (\S+)$", text, re.M) or [0, 0])[1])
    return {name: value(name) for name in ("inlet_lead_queue_lag_seconds", "inlet_lead_queue_events",
                                           "inlet_lead_backlog_waits_total", "inlet_lead_backlog_wait_seconds_total")}


def percentile(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main():
    port, seconds = int(sys.argv[1]), float(sys.argv[2])
    first = metrics(port)
    samples = []
    end = time.time() + seconds
    while time.time() < end:
        time.sleep(0.25)
        samples.append(metrics(port))
    last = samples[-1] if samples else first
    lags = [s["inlet_lead_queue_lag_seconds"] for s in samples] or [0]
    depths = [s["inlet_lead_queue_events"] for s in samples] or [0]
    waits = last["inlet_lead_backlog_waits_total"] - first["inlet_lead_backlog_waits_total"]
    waited = last["inlet_lead_backlog_wait_seconds_total"] - first["inlet_lead_backlog_wait_seconds_total"]
    print(f"    lead processor: lag p99 {percentile(lags, 0.99):.2f} s, max {max(lags):.2f} s;"
          f" queue p99 {percentile(depths, 0.99):.0f}, max {max(depths):.0f} events;"
          f" door waits {waits:.0f} ({waited:.1f} s in all)")
    if len(sys.argv) > 4:
        key = sys.argv[4]
        with open(sys.argv[3], "a") as results:
            results.write(f"{key}.lag_p99_s {percentile(lags, 0.99)}\n{key}.lag_max_s {max(lags)}\n{key}.door_waits {waits}\n")


main()
