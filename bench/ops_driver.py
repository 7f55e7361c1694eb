#!/usr/bin/env python3
"""Client driver for bench/ops (standard library only).

fill DATA_DIR N     writes N job records (format version 1) straight into the embedded object store's folder
                    (DATA_DIR/objects/stt-gateway/jobs/{id}/record.json), as the gateway would have journaled them;
                    the gateway indexes them at start (JobJournal.reload). No audio objects are written: the ops
                    queries read only the index.
fill-submitted DATA_DIR N
                    writes N records of jobs waiting upstream (state submitted) with 200 bytes of audio each, as
                    bench/scale's upstream phase needs: the upstream ids are those of the simulator's
                    POST /__sim/seed?jobs=N (00005eed-0000-4000-8000- and the job's number in 12 hex digits), so
                    every job is alive upstream until the simulator is wiped; creation times spread over a week.
measure ADMIN_PORT TOKEN REPEATS OUT_JSON
                    times, over one keep-alive connection each: a filtered first page of /ops/jobs, every page of a
                    filtered query followed by its cursor, an unfiltered first page, and /ops/status. Prints
                    p50/p99 in ms and writes them to OUT_JSON.
"""
import hashlib
import http.client
import json
import os
import random
import sys
import time
import uuid
from datetime import datetime, timedelta, timezone

STATES = [("retrieved", 60), ("submitted", 12), ("queued", 10), ("completed", 5), ("dead", 5), ("failed", 4),
          ("deleted", 4)]
TENANTS = ["%064x" % random.Random(i).getrandbits(256) for i in range(10)]
CALLBACKS = ["https://client-%d.example.com/stt/notify" % i for i in range(5)]


def ts(dt):
    return dt.strftime("%Y-%m-%dT%H:%M:%S.") + "%06d000Z" % dt.microsecond


def record(rng, now, i):
    state = rng.choices([s for s, _ in STATES], [w for _, w in STATES])[0]
    created = now - timedelta(seconds=rng.uniform(0, 7 * 86400))
    updated = created + timedelta(seconds=rng.uniform(0, 3600))
    cid = str(uuid.UUID(int=rng.getrandbits(128), version=4))
    query = []
    if rng.random() < 0.4:
        query.append("callback_url=" + CALLBACKS[rng.randrange(len(CALLBACKS))].replace(":", "%3A").replace("/", "%2F"))
    if rng.random() < 0.5:
        query.append("user_token=batch-%d-item-%d" % (i % 97, i))
    attempts = 1 if rng.random() < 0.6 else rng.randint(2, 5)
    waiting = {"id": cid, "status": "waiting", "created": ts(created), "updated": ts(updated)}
    history = [{"at": ts(created), "event": "submitted" if state != "queued" else "queued", "detail": "bench fill"}]
    if attempts > 1:
        history.append({"at": ts(updated), "event": "resubmitted", "detail": "bench fill, attempt %d" % attempts})
    return cid, {
        "version": 1, "clientId": cid, "upstreamId": None if state == "queued" else str(uuid.uuid4()),
        "state": state, "tenant": TENANTS[rng.randrange(len(TENANTS))], "sealedAuthorization": None,
        "request": {"basePath": "", "query": "&".join(query),
                    "headers": {"Content-Type": "audio/wav"}},
        "audio": {"key": "audio/" + cid, "bytes": rng.randint(10_000, 5_000_000), "sha256": "%064x" % rng.getrandbits(256)},
        "created": ts(created), "updated": ts(updated), "attempts": attempts, "lastStatus": waiting,
        "retainUntil": None, "history": history,
    }


def fill(data_dir, n):
    rng = random.Random(7)
    now = datetime.now(timezone.utc)
    base = os.path.join(data_dir, "objects", "stt-gateway", "jobs")
    for i in range(n):
        cid, rec = record(rng, now, i)
        d = os.path.join(base, cid)
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, "record.json"), "w") as f:
            json.dump(rec, f, separators=(",", ":"))
    print("wrote %d records under %s" % (n, base))


def seeded_id(i):
    return "00005eed-0000-4000-8000-%012x" % i


def fill_submitted(data_dir, n):
    rng = random.Random(11)
    now = datetime.now(timezone.utc)
    bucket = os.path.join(data_dir, "objects", "stt-gateway")
    os.makedirs(os.path.join(bucket, "audio"), exist_ok=True)
    for i in range(n):
        created = now - timedelta(seconds=7 * 86400 * (n - i) / n)  # in creation order of i
        cid = str(uuid.UUID(int=rng.getrandbits(128), version=4))
        audio = rng.getrandbits(1600).to_bytes(200, "big")
        with open(os.path.join(bucket, "audio", cid), "wb") as f:
            f.write(audio)
        d = os.path.join(bucket, "jobs", cid)
        os.makedirs(d, exist_ok=True)
        up = seeded_id(i)
        rec = {
            "version": 1, "clientId": cid, "upstreamId": up, "state": "submitted", "tenant": TENANTS[i % len(TENANTS)],
            "sealedAuthorization": None,
            "request": {"basePath": "", "query": "", "headers": {"Content-Type": "audio/wav"}},
            "audio": {"key": "audio/" + cid, "bytes": len(audio), "sha256": hashlib.sha256(audio).hexdigest()},
            "created": ts(created), "updated": ts(created), "attempts": 1,
            "lastStatus": {"id": up, "status": "waiting", "created": ts(created), "updated": ts(created)},
            "retainUntil": None, "history": [{"at": ts(created), "event": "submitted", "detail": "bench fill"}],
        }
        with open(os.path.join(d, "record.json"), "w") as f:
            json.dump(rec, f, separators=(",", ":"))
    print("wrote %d submitted records with audio under %s" % (n, bucket))


def pct(values, p):
    s = sorted(values)
    return s[min(len(s) - 1, int(round(p / 100.0 * (len(s) - 1))))]


def timed_get(conn, path, token):
    t0 = time.perf_counter()
    conn.request("GET", path, headers={"Authorization": "Bearer " + token})
    resp = conn.getresponse()
    body = resp.read()
    ms = (time.perf_counter() - t0) * 1000
    if resp.status != 200:
        raise SystemExit("GET %s answered %d: %s" % (path, resp.status, body[:300]))
    return ms, json.loads(body)


def measure(port, token, repeats, out):
    conn = http.client.HTTPConnection("127.0.0.1", int(port), timeout=60)
    filtered = "/ops/jobs?state=queued,dead,failed&tenant=%s&minAttempts=2&limit=50" % TENANTS[3]
    results = {}
    for name, path in [("filtered_first_page", filtered), ("unfiltered_first_page", "/ops/jobs?limit=50"),
                       ("status", "/ops/status")]:
        for _ in range(5):  # warm-up, not recorded
            timed_get(conn, path, token)
        times = [timed_get(conn, path, token)[0] for _ in range(repeats)]
        results[name] = times
    # Every page of the filtered query, following the cursor, a few times over.
    pages, rows = [], 0
    for _ in range(3):
        cursor, rows = None, 0
        while True:
            ms, body = timed_get(conn, filtered + ("&cursor=" + cursor if cursor else ""), token)
            pages.append(ms)
            rows += len(body["jobs"])
            cursor = body["next"]
            if not cursor:
                break
    results["filtered_every_page"] = pages
    summary = {k: {"n": len(v), "p50_ms": round(pct(v, 50), 2), "p99_ms": round(pct(v, 99), 2)}
               for k, v in results.items()}
    summary["filtered_rows"] = rows
    _, status = timed_get(conn, "/ops/status", token)
    summary["jobs"] = status["jobs"]
    with open(out, "w") as f:
        json.dump(summary, f, indent=1)
    print(json.dumps(summary, indent=1))


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "fill":
        fill(sys.argv[2], int(sys.argv[3]))
    elif len(sys.argv) == 4 and sys.argv[1] == "fill-submitted":
        fill_submitted(sys.argv[2], int(sys.argv[3]))
    elif len(sys.argv) == 6 and sys.argv[1] == "measure":
        measure(sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5])
    else:
        raise SystemExit(__doc__)
