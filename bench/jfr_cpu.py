#!/usr/bin/env python3
"""CPU samples of a JFR recording by component and by activity.

Usage: bench/jfr_cpu.py RECORDING.jfr [THREAD_REGEX [FROM TO]]
Runs `jfr print --events jdk.ExecutionSample --stack-depth 96` and counts each sample twice: once under the
component its stack belongs to (the first matching rule below, looked up from the stack's top), once under
what the top frames do (hashing, copying, socket or file I/O). THREAD_REGEX keeps only threads whose name
matches; FROM and TO (HH:MM:SS, the recording's clock) keep only samples taken between them, e.g. the
window of one workload as bench/submit logs it. Standard library only.
"""
import collections
import re
import subprocess
import sys

# (component, frame regex): the first frame from the top that matches any rule names the component.
COMPONENTS = [
    ("embedded S3 server (S3Proxy, Jetty, jclouds)", r"^(org\.gaul|org\.eclipse\.jetty|org\.jclouds)"),
    ("MinIO client and OkHttp", r"^(io\.minio|okhttp3|okio)"),
    ("journal: tee and sinks", r"^com\.sttgateway\.journal\."),
    ("Vert.x / Netty I/O", r"^(io\.vertx|io\.netty)"),
    ("Hazelcast", r"^com\.hazelcast"),
    ("gateway, other", r"^com\.sttgateway\."),
]
ACTIVITIES = [
    ("hashing (SHA-256, MD5)", r"sun\.security\.provider\.|java\.security\.MessageDigest|com\.google\.common\.hash"),
    ("copying and allocating buffers", r"System\.arraycopy|Arrays\.copyOf|BufferImpl\.getBytes|safeBuffer|"
     r"allocateArray|allocateUninitializedArray|readNBytes|transferTo|ByteArrayOutputStream|okio\.Segment|"
     r"okio\.Buffer\.(write|read)|HeapByteBuffer|copyMemory"),
    ("socket I/O", r"sun\.nio\.ch\.(SocketDispatcher|SocketChannelImpl|IOUtil|EPoll|NioSocketImpl)|"
     r"SocketOutputStream|SocketInputStream|io\.netty\.channel\.epoll\.Native"),
    ("file I/O", r"sun\.nio\.ch\.(FileDispatcherImpl|FileChannelImpl)|FileOutputStream|FileInputStream|"
     r"sun\.nio\.fs\.|UserDefinedFileAttributeView"),
]
TOP_FRAMES = 6  # activity: what the first few frames from the top do


def samples(path):
    out = subprocess.run(["jfr", "print", "--events", "jdk.ExecutionSample", "--stack-depth", "96", path],
                         check=True, capture_output=True, text=True).stdout
    thread, frames, in_stack, at = None, [], False, ""
    for line in out.splitlines():
        s = line.strip()
        if s.startswith("jdk.ExecutionSample"):
            thread, frames, in_stack, at = None, [], False, ""
        elif s.startswith("startTime"):
            at = s.split("=", 1)[1].strip()[:8]
        elif s.startswith("sampledThread"):
            m = re.search(r'"([^"]*)"', s)
            thread = m.group(1) if m else "?"
        elif s.startswith("stackTrace = ["):
            in_stack = True
        elif in_stack and s == "]":
            in_stack = False
        elif in_stack and s and s != "...":
            frames.append(s)
        elif s == "}" and thread is not None:
            yield thread, frames, at
            thread = None


def first_match(rules, frames, default):
    for frame in frames:
        for name, rx in rules:
            if re.search(rx, frame):
                return name
    return default


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    keep = re.compile(sys.argv[2]) if len(sys.argv) > 2 else None
    start, end = (sys.argv[3], sys.argv[4]) if len(sys.argv) > 4 else ("", "99")
    by_component, by_activity, by_thread = collections.Counter(), collections.Counter(), collections.Counter()
    total = 0
    for thread, frames, at in samples(sys.argv[1]):
        if keep and not keep.search(thread) or not start <= at <= end:
            continue
        total += 1
        by_component[first_match(COMPONENTS, frames, "JVM and JDK (GC, JIT, other)")] += 1
        by_activity[first_match(ACTIVITIES, frames[:TOP_FRAMES], "other")] += 1
        by_thread[re.sub(r"-?\d+$", "-N", thread)] += 1
    print(f"{total} CPU samples (jdk.ExecutionSample, Java code only: GC and JIT threads are not sampled)")
    for title, counter in (("component", by_component), ("activity (top frames)", by_activity),
                           ("thread (numbers folded)", by_thread)):
        print(f"\n| {title} | samples | share |\n|---|---|---|")
        for name, n in counter.most_common(12):
            print(f"| {name} | {n} | {100.0 * n / max(total, 1):.0f}% |")


if __name__ == "__main__":
    main()
