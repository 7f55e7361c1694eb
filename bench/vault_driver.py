#!/usr/bin/env python3
"""Client side of bench/vault: builds custom models through the gateway, wipes the simulator, times the restore.

Standard library only; every call goes to 127.0.0.1. Subcommands:
  build LMS AMS OUT.json   LMS language models (3 corpora, 1 grammar, 50 words, trained) and AMS acoustic models
                           (5 audio resources, trained), one thread per model; writes {"language": [...],
                           "acoustic": [...]} (the ids) and the build time to OUT.json
  restore MODELS.json SIM_ADMIN OUT.json
                           POST /__sim/wipe to the simulator's admin port, then polls every model through the
                           gateway (GET /v1/customizations/{id}, /v1/acoustic_customizations/{id}) until each is
                           "available"; writes the seconds from the wipe to each model's first "available"
Environment: BENCH_GW_PORT (required), BENCH_TIMEOUT_S (default 900: every wait is bounded by it),
  BENCH_AUDIO_BYTES (default 4000000: the simulator takes 32,000 bytes a second, and an acoustic model needs 600 s).
"""
import concurrent.futures
import http.client
import json
import os
import sys
import time

AUTH = "Basic YXBpa2V5Ong="  # apikey:x
GW_PORT = int(os.environ["BENCH_GW_PORT"])
TIMEOUT_S = float(os.environ.get("BENCH_TIMEOUT_S", "900"))
AUDIO_BYTES = int(os.environ.get("BENCH_AUDIO_BYTES", "4000000"))
BASE = "en-US_BroadbandModel"
GRAMMAR = "#ABNF 1.0;\nlanguage en-US;\nroot $call;\n$call = call $name | hello $name;\n$name = Zorblax | Quibbleton;\n"


def call(method, path, body=None, ctype=None, port=GW_PORT):
    """One request on a fresh connection; (status, parsed JSON or None)."""
    headers = {"Authorization": AUTH}
    if ctype:
        headers["Content-Type"] = ctype
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        c.request(method, path, body=body, headers=headers)
        r = c.getresponse()
        data = r.read()
    finally:
        c.close()
    try:
        return r.status, json.loads(data) if data else None
    except ValueError:
        return r.status, None


def until_accepted(method, path, body=None, ctype=None, ok=(200, 201)):
    """Repeats the call while the model is busy (409) or the service asks to wait (429, 503); bounded."""
    deadline = time.monotonic() + TIMEOUT_S
    while True:
        status, reply = call(method, path, body, ctype)
        if status in ok:
            return reply
        if status not in (409, 429, 503) or time.monotonic() > deadline:
            raise RuntimeError("%s %s answered %s: %s" % (method, path, status, reply))
        time.sleep(0.05)


def await_status(kind, cid, wanted):
    deadline = time.monotonic() + TIMEOUT_S
    while time.monotonic() < deadline:
        status, reply = call("GET", "/v1/%s/%s" % (kind, cid))
        if status == 200 and reply.get("status") == wanted:
            return
        time.sleep(0.05)
    raise RuntimeError("%s %s did not become %s within %ss" % (kind, cid, wanted, TIMEOUT_S))


def build_language(i):
    lm = until_accepted("POST", "/v1/customizations", json.dumps(
        {"name": "bench-lm-%d" % i, "base_model_name": BASE, "description": "bench/vault"}), "application/json",
        ok=(201,))["customization_id"]
    for c in range(3):
        text = " ".join("Report %d-%d mentions Zorblax%d and Quibbleton%d." % (i, c, n, n) for n in range(40))
        until_accepted("POST", "/v1/customizations/%s/corpora/corpus-%d" % (lm, c), text.encode(), "text/plain")
    until_accepted("POST", "/v1/customizations/%s/grammars/calls" % lm, GRAMMAR.encode(), "application/srgs")
    words = [{"word": "benchword%d%d" % (i, n), "sounds_like": ["bench word %d %d" % (i, n)]} for n in range(50)]
    until_accepted("POST", "/v1/customizations/%s/words" % lm, json.dumps({"words": words}), "application/json")
    until_accepted("POST", "/v1/customizations/%s/train" % lm)
    await_status("customizations", lm, "available")
    return lm


def build_acoustic(i):
    am = until_accepted("POST", "/v1/acoustic_customizations", json.dumps(
        {"name": "bench-am-%d" % i, "base_model_name": BASE}), "application/json", ok=(201,))["customization_id"]
    for a in range(5):
        until_accepted("POST", "/v1/acoustic_customizations/%s/audio/call-%d" % (am, a), os.urandom(AUDIO_BYTES),
                       "audio/wav")
    until_accepted("POST", "/v1/acoustic_customizations/%s/train" % am)
    await_status("acoustic_customizations", am, "available")
    return am


def build(lms, ams, out):
    t0 = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(max_workers=lms + ams) as pool:
        language = [pool.submit(build_language, i) for i in range(lms)]
        acoustic = [pool.submit(build_acoustic, i) for i in range(ams)]
        models = {"language": [f.result() for f in language], "acoustic": [f.result() for f in acoustic]}
    models["build_s"] = time.monotonic() - t0
    json.dump(models, open(out, "w"), indent=1)


def restore(models_file, sim_admin, out):
    models = json.load(open(models_file))
    pending = {("customizations", m) for m in models["language"]}
    pending |= {("acoustic_customizations", m) for m in models["acoustic"]}
    status, _ = call("POST", "/__sim/wipe", port=int(sim_admin))
    t0 = time.monotonic()
    if status != 200:
        raise RuntimeError("the simulator's wipe answered %s" % status)
    seen, done = {}, {}
    while pending and time.monotonic() - t0 < TIMEOUT_S:
        for kind, cid in sorted(pending):
            code, reply = call("GET", "/v1/%s/%s" % (kind, cid))
            state = reply.get("status") if code == 200 and reply else "http %d" % code
            seen.setdefault(cid, set()).add(state)
            if state == "available" and (reply.get("customization_id") == cid):
                done[cid] = time.monotonic() - t0
                pending.discard((kind, cid))
        time.sleep(0.1)
    result = {"restored": len(done), "models": len(done) + len(pending), "seconds": done,
              "last_s": max(done.values()) if done else None, "first_s": min(done.values()) if done else None,
              "unrestored": sorted(cid for _, cid in pending), "states_seen": {k: sorted(v) for k, v in seen.items()}}
    json.dump(result, open(out, "w"), indent=1)
    if pending:  # reported, not fatal: bench/vault prints its figures and then exits 1
        print("%d model(s) not available within %ss: %s" % (len(pending), TIMEOUT_S, result["unrestored"]),
              file=sys.stderr)


if __name__ == "__main__":
    if sys.argv[1:2] == ["build"] and len(sys.argv) == 5:
        build(int(sys.argv[2]), int(sys.argv[3]), sys.argv[4])
    elif sys.argv[1:2] == ["restore"] and len(sys.argv) == 5:
        restore(sys.argv[2], sys.argv[3], sys.argv[4])
    else:
        sys.exit(__doc__)
