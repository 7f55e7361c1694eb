#!/usr/bin/env python3
"""Fuzz client for bench/fuzz: hostile requests over raw sockets to one gateway, 127.0.0.1 only.

Every request is one connection. Categories: every route with its mutations, made-up methods, bad queries,
odd headers and Content-Types, random bodies, framing errors, slow senders (complete requests sent in pieces),
and abrupt disconnects (partial requests then a reset). A complete request must be answered within --timeout;
abrupt disconnects and deliberately incomplete requests expect nothing. A 5xx is "gateway-made" unless the same
request sent straight to the simulator also gets a 5xx. Standard library only. Prints one JSON object.
"""
import argparse, json, random, socket, struct, sys, threading, time
from collections import Counter

AUTH = "Basic YXBpa2V5Ong="
JOB = "0f8fad5b-d9cb-469f-a165-70867728950e"
ROUTES = [
    ("GET", "/v1/models"), ("GET", "/v1/models/en-US_BroadbandModel"), ("POST", "/v1/recognize"),
    ("POST", "/v1/recognitions"), ("GET", "/v1/recognitions"), ("GET", "/v1/recognitions/" + JOB),
    ("DELETE", "/v1/recognitions/" + JOB), ("POST", "/v1/register_callback"), ("POST", "/v1/unregister_callback"),
    ("GET", "/v1/customizations"), ("GET", "/v1/acoustic_customizations"), ("POST", "/__gateway/relay"),
    ("GET", "/__gateway/relay"), ("GET", "/instances/abc/v1/models"), ("GET", "/"), ("GET", "/v1/../etc/passwd"),
]
METHODS = ["GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS", "PATCH", "TRACE", "get", "CONNECT"]
QUERIES = ["", "?%", "?%zz", "?a=%", "?model=%zz", "?callback_url=%zz", "?callback_url=http://169.254.169.254/",
           "?callback_url=http%3A%2F%2F%5B%3A%3A1%5D%3A9%2F", "?&&&=&=", "?model=" + "x" * 4000,
           "?challenge_string=abc", "?events=bogus&user_token=" + "%00" * 10, "?limit=-1", "?a=1&a=2&a=3",
           "?callback_url=http://2130706433:9/", "?%F0%9F%92%A9=%C0%AF"]
CTYPES = [None, "", "audio/wav", "audio/", ";;;", "application/json", "multipart/form-data",
          "multipart/form-data; boundary=", "audio/l16; rate=abc", "x" * 3000, "audio/wav\u00e9"]


def request_bytes(rng, host_header=True):
    kind = rng.random()
    method, path = rng.choice(ROUTES)
    if kind < 0.15:
        method = "M%d" % rng.randrange(100000)
    elif kind < 0.25:
        method = rng.choice(METHODS)
    query = rng.choice(QUERIES) if rng.random() < 0.5 else ""
    headers = []
    if host_header:
        headers.append("Host: 127.0.0.1")
    r = rng.random()
    headers.append("Authorization: " + (AUTH if r < 0.6 else rng.choice(["Basic !!!", "Bearer ", "Basic", "x" * 500])))
    ctype = rng.choice(CTYPES)
    if ctype is not None:
        headers.append("Content-Type: " + ctype)
    for _ in range(rng.randrange(3)):
        headers.append(rng.choice(["X-Watson-Learning-Opt-Out: true", "Accept: */*", "Expect: 100-continue",
                                   "Connection: keep-alive, Upgrade", "Upgrade: websocket", "TE: trailers",
                                   "X-Odd:\t tab", "Accept-Encoding: gzip", "Content-Encoding: gzip",
                                   "Transfer-Encoding: identity", "X-Forwarded-For: 169.254.169.254"]))
    body = b""
    if method in ("POST", "PUT", "PATCH") or rng.random() < 0.1:
        size = rng.choice([0, 1, 100, 4096, rng.randrange(0, 20000)])
        body = rng.choice([bytes(rng.getrandbits(8) for _ in range(min(size, 2000))) * (size // 2000 + 1),
                           b'{"id":"x","event":"recognitions.completed"}', b"{", b"\x00" * size])[:size]
    return method, path + query, headers, body


def frame(method, target, headers, body, chunked):
    head = "%s %s HTTP/1.1\r\n" % (method, target)
    if chunked:
        payload = b"".join(b"%x\r\n%s\r\n" % (len(body[i:i + 1000]), body[i:i + 1000]) for i in range(0, len(body), 1000))
        payload += b"0\r\n\r\n"
        headers = headers + ["Transfer-Encoding: chunked"]
    else:
        payload = body
        headers = headers + ["Content-Length: %d" % len(body)]
    return (head + "\r\n".join(headers + ["Connection: close"]) + "\r\n\r\n").encode("utf-8", "surrogatepass") + payload


# Bytes that are not (yet) a request: the server rightly waits for more, so no answer is expected.
INCOMPLETE = [b"\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03" + b"\x00" * 40, b"\r\n\r\n\r\n",
              b"POST /v1/recognize HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nshort"]
FRAMING = [
    b"GET /v1/models HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n0\r\n\r\n",
    b"POST /v1/recognize HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\nzz\r\nabc\r\n",
    b"GET /v1/models HTTP/1.1\r\nHost: x\r\nBad Header\r\nConnection: close\r\n\r\n",
    b"GET /v1/models HTTP/2.0\r\nHost: x\r\nConnection: close\r\n\r\n",
    b"GET /v1/models\r\n\r\n",
    b"GET http://evil.example/v1/models HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    b"GET /v1/models HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\nConnection: close\r\n\r\n",
    b"GET /v1/models HTTP/1.1\r\nHost: x\r\nContent-Length: 1, 2\r\nConnection: close\r\n\r\n",
    b"GET /" + b"a" * 140000 + b" HTTP/1.1\r\nHost: x\r\n\r\n",
    b"GET /v1/models HTTP/1.1\r\nHost: x\r\nX-Big: " + b"h" * 70000 + b"\r\n\r\n",
    b"GET /v1/models HTTP/1.1\r\nHost: x\r\nX-Nul: a\x00b\r\nConnection: close\r\n\r\n",
    b"GET /v1/models HTTP/1.1\nHost: x\nConnection: close\n\n",
]


def read_response(sock, timeout):
    sock.settimeout(timeout)
    data = b""
    try:
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                break
            data += chunk
            if len(data) > 2_000_000:
                break
    except socket.timeout:
        return data, "timeout"
    except OSError:
        return data, "reset"
    return data, "closed"


def status_of(data):
    """The final status: interim answers (100 Continue) are skipped."""
    try:
        while data.startswith(b"HTTP/1.1 1"):
            data = data.split(b"\r\n\r\n", 1)[1]
        line = data.split(b"\r\n", 1)[0].decode("latin-1")
        return int(line.split(" ")[1]) if line.startswith("HTTP/") else None
    except (IndexError, ValueError):
        return None


def send(port, raw, timeout, slow=None, abort_after=None):
    sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    try:
        if abort_after is not None:
            sock.sendall(raw[:abort_after])
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            return None, "aborted"
        if slow:
            for i in range(0, len(raw), slow):
                sock.sendall(raw[i:i + slow])
                time.sleep(0.01)
        else:
            sock.sendall(raw)
        return read_response(sock, timeout)
    except OSError:
        return read_response(sock, 1) if abort_after is None else (None, "aborted")
    finally:
        sock.close()


def one(rng, args, stats, lock):
    pick = rng.random()
    slow = abort = None
    if pick < 0.01:
        cat, raw, abort = "incomplete", rng.choice(INCOMPLETE), None
        sock = socket.create_connection(("127.0.0.1", args.port), timeout=args.timeout)
        sock.sendall(raw)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        sock.close()
        with lock:
            stats["requests"] += 1
            stats["category:" + cat] += 1
        return
    if pick < 0.10:
        cat, raw = "framing", rng.choice(FRAMING)
    else:
        method, target, headers, body = request_bytes(rng, host_header=rng.random() > 0.05)
        chunked = bool(body) and rng.random() < 0.3
        raw = frame(method, target, headers, body, chunked)
        cat = "route"
        if pick < 0.16:
            cat, abort = "abort", rng.randrange(1, max(2, len(raw)))
        elif pick < 0.19:
            cat, slow = "slow", rng.choice([1, 7, 64])
            # At most 300 pieces, 10 ms apart: a long request goes in larger pieces. (It used to be cut to its first
            # 3,000 bytes, which left an incomplete request, often mid-header, that no server can answer.)
            slow = max(slow, len(raw) // 300 + 1)
    data, how = send(args.port, raw, args.timeout, slow, abort)
    with lock:
        stats["requests"] += 1
        stats["category:" + cat] += 1
        if how == "aborted":
            return
        status = status_of(data or b"")
        if status is None:
            if raw.startswith(b"GET /v1/models HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length"):
                pass
            stats["unanswered:" + how] += 1
            if len(stats["unanswered_samples"]) < 15:
                stats["unanswered_samples"].append({"how": how, "request": raw[:160].decode("latin-1")})
            return
        stats["status:%d" % status] += 1
        if status >= 500:
            stats["5xx_samples"].append((raw, data[:600]))


def classify_5xx(args, stats):
    made = []
    for raw, data in stats.pop("5xx_samples"):
        direct, _ = send(args.sim_port, raw, args.timeout)
        direct_status = status_of(direct or b"")
        body = data.split(b"\r\n\r\n", 1)[-1][:300].decode("utf-8", "replace")
        if direct_status is None or direct_status < 500:
            made.append({"request": raw[:200].decode("latin-1"), "status": status_of(data), "body": body,
                         "simulator_status": direct_status})
    return made


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--sim-port", type=int, required=True)
    p.add_argument("--requests", type=int, default=20000)
    p.add_argument("--seconds", type=int, default=900, help="stop starting new requests after this long")
    p.add_argument("--threads", type=int, default=16)
    p.add_argument("--timeout", type=float, default=5.0)
    p.add_argument("--seed", type=int, default=10)
    args = p.parse_args()
    stats = Counter()
    stats["unanswered_samples"] = []
    stats["5xx_samples"] = []
    lock = threading.Lock()
    counter = iter(range(args.requests))
    deadline = time.time() + args.seconds

    def worker(n):
        rng = random.Random(args.seed * 1000 + n)
        while time.time() < deadline:
            with lock:
                if next(counter, None) is None:
                    return
            try:
                one(rng, args, stats, lock)
            except OSError as e:
                with lock:
                    stats["connect_errors"] += 1
                    stats["last_connect_error"] = str(e)

    start = time.time()
    threads = [threading.Thread(target=worker, args=(i,)) for i in range(args.threads)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    stats["seconds"] = round(time.time() - start, 1)
    made = classify_5xx(args, stats)
    samples = stats.pop("unanswered_samples")
    out = dict(sorted(stats.items()))
    out["gateway_made_5xx"] = len(made)
    kinds = Counter()
    for m in made:
        line = m["request"].split("\r\n")[0].split(" ")
        path = line[1].split("?")[0] if len(line) > 1 else "?"
        error = m["body"].split('"error":"')[-1][:70] if '"error":"' in m["body"] else m["body"][:70]
        kinds["%s %s %s: %s" % (m["status"], line[0] if line[0].isupper() and len(line[0]) < 8 else "(made-up)",
                                path, error)] += 1
    out["gateway_made_5xx_by_kind"] = dict(kinds.most_common())
    out["gateway_made_5xx_samples"] = made[:30]
    out["unanswered_samples"] = samples
    json.dump(out, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
