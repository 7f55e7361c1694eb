#!/usr/bin/env python3
"""Client side of bench/recovery: submits jobs, waits for their recovery, checks every original id.

Standard library only. Subcommands:
  submit N OUT.json   submit N jobs of small, unique audio; write [{"id","sha256"}] to OUT.json
  watch SIM_ADMIN TARGET_CREATED OUT.json [BASELINE [LIMIT_S]]
                      poll the simulator's /__sim/stats until jobsCreated reaches TARGET or LIMIT_S (default
                      1800) pass; write the times (seconds since the watch began) of the first and the last
                      resubmission (null when not reached), how many were created and the seconds watched;
                      BASELINE is jobsCreated before the wipe (default: the first poll's, late if the watch
                      starts late)
  verify JOBS.json    GET every original id until completed; check each transcript is the sha256 of its audio
"""
import concurrent.futures
import hashlib
import http.client
import json
import os
import sys
import threading
import time

AUTH = "Basic YXBpa2V5Ong="  # apikey:x
GW_PORT = int(os.environ["BENCH_GW_PORT"])
THREADS = int(os.environ.get("BENCH_CLIENT_THREADS", "8"))
_local = threading.local()


def conn():
    c = getattr(_local, "conn", None)
    if c is None:
        c = _local.conn = http.client.HTTPConnection("127.0.0.1", GW_PORT, timeout=60)
    return c


def call(method, path, body=None, headers=None):
    for attempt in range(3):
        try:
            c = conn()
            c.request(method, path, body=body, headers={"Authorization": AUTH, **(headers or {})})
            r = c.getresponse()
            return r.status, r.read()
        except (http.client.HTTPException, OSError):
            _local.conn = None
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def submit_one(i):
    audio = os.urandom(200) + i.to_bytes(4, "big")
    status, body = call("POST", "/v1/recognitions", audio, {"Content-Type": "audio/wav"})
    if status != 201:
        raise SystemExit(f"submit {i}: HTTP {status} {body[:200]!r}")
    return {"id": json.loads(body)["id"], "sha256": hashlib.sha256(audio).hexdigest()}


def submit(n, out):
    start = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(THREADS) as pool:
        jobs = list(pool.map(submit_one, range(n)))
    with open(out, "w") as f:
        json.dump(jobs, f)
    print(f"submitted {n} jobs in {time.monotonic() - start:.1f} s", file=sys.stderr)


def watch(sim_admin, target, out, baseline=None, limit_s=1800):
    host, port = sim_admin.split(":")
    start = time.monotonic()
    first = last = None
    while time.monotonic() - start < limit_s:
        c = http.client.HTTPConnection(host, int(port), timeout=10)
        c.request("GET", "/__sim/stats")
        created = json.loads(c.getresponse().read())["jobsCreated"]
        c.close()
        baseline = created if baseline is None else baseline
        now = time.monotonic() - start
        if first is None and created > baseline:
            first = now
        if created >= target:
            last = now
            break
        time.sleep(0.05)
    with open(out, "w") as f:
        json.dump({"first": first, "last": last, "created": created - baseline, "seconds": now}, f)


def check_one(job):
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        status, body = call("GET", "/v1/recognitions/" + job["id"])
        if status == 200:
            doc = json.loads(body)
            if doc.get("status") == "completed":
                transcript = doc["results"][0]["results"][0]["alternatives"][0]["transcript"]
                return doc["id"] == job["id"] and transcript == "sha256:" + job["sha256"]
        time.sleep(0.5)
    return False


def verify(jobs_file):
    with open(jobs_file) as f:
        jobs = json.load(f)
    with concurrent.futures.ThreadPoolExecutor(THREADS) as pool:
        ok = sum(pool.map(check_one, jobs))
    print(f"{ok} {len(jobs)}")


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "submit":
        submit(int(sys.argv[2]), sys.argv[3])
    elif cmd == "watch":
        watch(sys.argv[2], int(sys.argv[3]), sys.argv[4], int(sys.argv[5]) if len(sys.argv) > 5 else None,
              float(sys.argv[6]) if len(sys.argv) > 6 else 1800)
    elif cmd == "verify":
        verify(sys.argv[2])
    else:
        raise SystemExit("usage: see the module docstring")
