# shellcheck shell=bash
# shellcheck disable=SC2034  # WRK_*, UPLOAD_*, SIM_PID, GW_PID, NGINX_PID are outputs for the caller.
# Shared helpers for the benchmark scripts in bench/. Source it; do not run it.
#
# Everything here talks to 127.0.0.1 only. Processes started through these helpers are
# recorded and stopped by bench_cleanup, which bench_init installs as the EXIT trap.

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$BENCH_DIR/.." && pwd)"
JAR="${BENCH_JAR:-$REPO_ROOT/target/stt-recovery-gateway.jar}"
# Authorization the simulator accepts: Basic base64("apikey:x").
BENCH_AUTH_HEADER="Authorization: Basic YXBpa2V5Ong="

_BENCH_PIDS=()        # processes to stop on exit, in start order
_BENCH_NGINX=()       # "prefix|conf" pairs to stop with nginx -s quit
_BENCH_PORTS=()       # ports already handed out in this run
_BENCH_TEMP=()        # files to delete on exit
_BENCH_TEMP_DIRS=()   # directories (under bench/out/) to delete on exit
_BENCH_CLEANED=0

log()  { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
warn() { printf '[%s] WARNING: %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die()  { printf '[%s] ERROR: %s\n' "$(date +%H:%M:%S)" "$*" >&2; exit 1; }

# bench_init NAME: cd to the repo root, make bench/out/NAME-<timestamp>/, install the traps.
# Sets OUT_DIR.
bench_init() {
  local name="$1"
  cd "$REPO_ROOT" || die "cannot cd to $REPO_ROOT"
  OUT_DIR="$REPO_ROOT/bench/out/$name-$(date +%Y%m%d-%H%M%S)"
  mkdir -p "$OUT_DIR"
  trap bench_cleanup EXIT
  trap 'log "interrupted"; exit 130' INT
  trap 'log "terminated"; exit 143' TERM
}

# Stops every process this run started: TERM, up to 10 s grace, then KILL.
bench_cleanup() {
  local rc=$?
  [ "$_BENCH_CLEANED" = 1 ] && return "$rc"
  _BENCH_CLEANED=1
  local entry prefix conf pid i f
  for entry in "${_BENCH_NGINX[@]+"${_BENCH_NGINX[@]}"}"; do
    prefix="${entry%%|*}"; conf="${entry#*|}"
    nginx -p "$prefix" -c "$conf" -e "$prefix/error.log" -s quit 2>/dev/null || true
  done
  for ((i = ${#_BENCH_PIDS[@]} - 1; i >= 0; i--)); do
    pid="${_BENCH_PIDS[$i]}"
    if kill -0 "$pid" 2>/dev/null; then kill -TERM "$pid" 2>/dev/null || true; fi
  done
  for pid in "${_BENCH_PIDS[@]+"${_BENCH_PIDS[@]}"}"; do
    for ((i = 0; i < 100; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then
      warn "process $pid did not stop after TERM; killing it"
      kill -KILL "$pid" 2>/dev/null || true
    fi
  done
  if [ "${#_BENCH_PIDS[@]}" -gt 0 ]; then log "stopped everything this run started"; fi
  for f in "${_BENCH_TEMP[@]+"${_BENCH_TEMP[@]}"}"; do rm -f "$f"; done
  for f in "${_BENCH_TEMP_DIRS[@]+"${_BENCH_TEMP_DIRS[@]}"}"; do rm -rf -- "$f"; done
  return "$rc"
}

# bench_track PID: stop PID on exit.
bench_track() { _BENCH_PIDS+=("$1"); }

# bench_temp FILE: delete FILE on exit.
bench_temp() { _BENCH_TEMP+=("$1"); }

# bench_temp_dir DIR: delete DIR and everything in it on exit (after the processes are stopped).
# Only directories under bench/out/ are accepted.
bench_temp_dir() {
  case "$1" in
    "$REPO_ROOT/bench/out/"?*) _BENCH_TEMP_DIRS+=("$1") ;;
    *) die "bench_temp_dir: refusing to schedule '$1' for deletion (not under $REPO_ROOT/bench/out/)" ;;
  esac
}

# ensure_cmd CMD DEBIAN_PACKAGE: install the package with apt-get when CMD is missing.
ensure_cmd() {
  local cmd="$1" pkg="$2"
  command -v "$cmd" >/dev/null 2>&1 && return 0
  log "'$cmd' not found; installing Debian package '$pkg'"
  local sudo=""
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null 2>&1 || die "'$cmd' is missing and we are not root: install '$pkg' first"
    sudo="sudo"
  fi
  export DEBIAN_FRONTEND=noninteractive
  if ! $sudo apt-get install -y -qq "$pkg" >"$OUT_DIR/apt-$pkg.log" 2>&1; then
    $sudo apt-get update -qq >>"$OUT_DIR/apt-$pkg.log" 2>&1 || true
    $sudo apt-get install -y -qq "$pkg" >>"$OUT_DIR/apt-$pkg.log" 2>&1 \
      || die "apt-get install $pkg failed; see $OUT_DIR/apt-$pkg.log"
  fi
  command -v "$cmd" >/dev/null 2>&1 || die "installed '$pkg' but '$cmd' is still not on PATH"
}

# port_in_use PORT: true when something accepts connections on 127.0.0.1:PORT.
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# pick_port START: prints the first port >= START that is free and not handed out yet
# (use alloc_port to also reserve it: $(pick_port ...) runs in a subshell).
pick_port() {
  local p="$1" used
  while [ "$p" -lt 65000 ]; do
    used=0
    for q in "${_BENCH_PORTS[@]+"${_BENCH_PORTS[@]}"}"; do [ "$q" = "$p" ] && used=1 && break; done
    if [ "$used" = 0 ] && ! port_in_use "$p"; then
      echo "$p"
      return 0
    fi
    p=$((p + 1))
  done
  die "no free port at or above $1"
}
# alloc_port VAR START: picks a port like pick_port, reserves it for this run, stores it in VAR.
alloc_port() {
  local __p
  __p="$(pick_port "$2")"
  _BENCH_PORTS+=("$__p")
  printf -v "$1" '%s' "$__p"
}

# wait_http URL TIMEOUT_S PID LOGFILE [curl args...]: poll until URL answers 200.
# Fails early (with the log's tail) when PID dies.
wait_http() {
  local url="$1" timeout="$2" pid="$3" logfile="$4"; shift 4
  local deadline=$((SECONDS + timeout)) code
  while :; do
    code="$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$@" "$url" 2>/dev/null || true)"
    [ "$code" = 200 ] && return 0
    if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then
      [ -n "$logfile" ] && { echo "---- last lines of $logfile ----" >&2; tail -n 40 "$logfile" >&2; }
      die "process $pid exited before $url answered 200"
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      [ -n "$logfile" ] && { echo "---- last lines of $logfile ----" >&2; tail -n 40 "$logfile" >&2; }
      die "$url did not answer 200 within ${timeout}s (last status: ${code:-none})"
    fi
    sleep 0.25
  done
}

# build_jar: mvn package when the jar is missing (or BENCH_REBUILD=1).
build_jar() {
  if [ -f "$JAR" ] && [ "${BENCH_REBUILD:-0}" != 1 ]; then
    log "using existing $JAR (BENCH_REBUILD=1 rebuilds it)"
    ensure_cds_archive
    return 0
  fi
  ensure_cmd mvn maven
  log "building the jar: mvn -B -q -DskipTests package (log: $OUT_DIR/build.log)"
  if ! (cd "$REPO_ROOT" && mvn -B -q -DskipTests package) >"$OUT_DIR/build.log" 2>&1; then
    tail -n 40 "$OUT_DIR/build.log" >&2
    die "the build failed; see $OUT_DIR/build.log"
  fi
  [ -f "$JAR" ] || die "the build succeeded but $JAR is missing"
  ensure_cds_archive
}

# start_simulator PORT ADMIN_PORT [SIMULATOR_FLAGS...]: sets SIM_PID; waits until GET /v1/models answers 200.
# Extra flags (e.g. --max-bytes N) are passed to the simulator command as they are.
start_simulator() {
  local port="$1" admin="$2" logfile="$OUT_DIR/simulator.log"
  shift 2
  log "starting the simulator on 127.0.0.1:$port (admin $admin)${*:+ with $*}"
  # shellcheck disable=SC2086
  java ${BENCH_SIM_JAVA_OPTS:-} -jar "$JAR" simulator --host 127.0.0.1 --port "$port" --admin-port "$admin" "$@" \
    >"$logfile" 2>&1 &
  SIM_PID=$!
  bench_track "$SIM_PID"
  wait_http "http://127.0.0.1:$port/v1/models" 60 "$SIM_PID" "$logfile" -H "$BENCH_AUTH_HEADER"
  log "simulator ready (pid $SIM_PID)"
}

# sim_calls ADMIN_PORT [COUNTER]: upstream job status checks plus list calls the simulator has answered since it
# started (or only COUNTER of its /__sim/stats).
sim_calls() {
  curl -sS "http://127.0.0.1:$1/__sim/stats" | python3 -c 'import json,sys; d=json.load(sys.stdin)
print(d[sys.argv[1]] if len(sys.argv) > 1 else d["jobChecks"] + d["jobLists"])' ${2:+"$2"}
}

# start_gateway NAME PORT ADMIN_PORT CLUSTER_PORT UPSTREAM_URL [VAR=VALUE...]: sets GW_PID; waits for
# /health/ready. Embedded object store (unless a VAR=VALUE sets another) and a single Hazelcast member, data under
# $OUT_DIR/NAME-data.
start_gateway() {
  launch_gateway "$@"
  wait_http "http://127.0.0.1:$3/health/ready" "${BENCH_READY_TIMEOUT_S:-120}" "$GW_PID" "$OUT_DIR/$1.log"
  log "gateway '$1' ready (pid $GW_PID)"
}

# launch_gateway NAME PORT ADMIN_PORT CLUSTER_PORT UPSTREAM_URL [DATA_DIR] [VAR=VALUE...]: as start_gateway,
# without waiting.
# ensure_cds_archive: the class-data-sharing archive beside the jar, made (as the build makes it: pom.xml,
# "cds-training") when it is missing or older than the jar; an archive only serves the jar file it was made from, so
# a copied jar (BENCH_JAR) gets its own. BENCH_CDS=0: none, to measure a start without it.
ensure_cds_archive() {
  local archive="${JAR%.jar}.jsa"
  [ "${BENCH_CDS:-1}" != 0 ] || return 0
  if [ ! -f "$archive" ] || [ "$archive" -ot "$JAR" ]; then
    log "making the class-data-sharing archive $archive"
    rm -f -- "$archive"
    java -XX:ArchiveClassesAtExit="$archive" -Dgateway.cdsTraining=true -jar "$JAR" >"$OUT_DIR/cds-training.log" 2>&1 \
      || die "the class-data-sharing training run failed; see $OUT_DIR/cds-training.log"
  fi
}

# gateway_cds_opts: the flag of the README's run command, when ensure_cds_archive made the archive.
gateway_cds_opts() {
  local archive="${JAR%.jar}.jsa"
  if [ "${BENCH_CDS:-1}" != 0 ] && [ -f "$archive" ]; then echo "-XX:SharedArchiveFile=$archive"; fi
}

launch_gateway() {
  local name="$1" port="$2" admin="$3" cluster="$4" upstream="$5"
  shift 5
  local logfile="$OUT_DIR/$name.log" data="$OUT_DIR/$name-data"
  if [ $# -gt 0 ] && [[ "$1" != *=* ]]; then data="$1"; shift; fi
  mkdir -p "$data"
  log "starting gateway '$name' on 127.0.0.1:$port (admin $admin, cluster $cluster) -> $upstream"
  local config_args=()
  [ -n "${BENCH_GATEWAY_CONFIG:-}" ] && config_args=(--config "$BENCH_GATEWAY_CONFIG")
  # shellcheck disable=SC2086
  # Unset, not empty: the config file's defaults (embedded store, one member) apply.
  env -u GATEWAY_OBJECT_STORE_ENDPOINT -u GATEWAY_CLUSTER_MEMBERS -u GATEWAY_CLUSTER_PUBLIC_ADDRESS \
      GATEWAY_UPSTREAM_URL="$upstream" \
      GATEWAY_HOST=127.0.0.1 GATEWAY_PORT="$port" \
      GATEWAY_ADMIN_HOST=127.0.0.1 GATEWAY_ADMIN_PORT="$admin" \
      GATEWAY_DATA_DIR="$data" GATEWAY_CLUSTER_PORT="$cluster" "$@" \
    java $(gateway_cds_opts) ${BENCH_GATEWAY_JAVA_OPTS:-} -jar "$JAR" serve "${config_args[@]+"${config_args[@]}"}" \
    >"$logfile" 2>&1 &
  GW_PID=$!
  bench_track "$GW_PID"
}

# start_nginx_proxy NAME LISTEN_PORT UPSTREAM_PORT: a plain streaming reverse proxy to
# 127.0.0.1:UPSTREAM_PORT, config and runtime files under $OUT_DIR/NAME. Sets NGINX_PID (master).
start_nginx_proxy() {
  local name="$1" port="$2" upstream_port="$3"
  local prefix="$OUT_DIR/$name" conf
  conf="$prefix/nginx.conf"
  ensure_cmd nginx nginx
  mkdir -p "$prefix"/{client_body,proxy,fastcgi,uwsgi,scgi}
  cat >"$conf" <<EOF
# Written by bench/lib.sh for one benchmark run. A plain streaming reverse proxy.
worker_processes ${BENCH_NGINX_WORKERS:-auto};
user root root;
daemon on;
pid $prefix/nginx.pid;
error_log $prefix/error.log warn;

events {
    worker_connections 4096;
}

http {
    access_log off;
    default_type application/octet-stream;
    client_body_temp_path $prefix/client_body;
    proxy_temp_path $prefix/proxy;
    fastcgi_temp_path $prefix/fastcgi;
    uwsgi_temp_path $prefix/uwsgi;
    scgi_temp_path $prefix/scgi;

    upstream upstream_stt {
        server 127.0.0.1:$upstream_port;
        keepalive 64;
    }

    server {
        listen 127.0.0.1:$port;
        client_max_body_size 0;

        location / {
            proxy_pass http://upstream_stt;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_request_buffering off;
            proxy_buffering off;
            proxy_connect_timeout 10s;
            proxy_send_timeout 600s;
            proxy_read_timeout 600s;
        }
    }
}
EOF
  nginx -t -q -p "$prefix" -c "$conf" -e "$prefix/error.log" >"$prefix/configtest.log" 2>&1 \
    || { cat "$prefix/configtest.log" >&2; die "nginx rejected $conf"; }
  log "starting nginx on 127.0.0.1:$port -> 127.0.0.1:$upstream_port (config: $conf)"
  nginx -p "$prefix" -c "$conf" -e "$prefix/error.log" >"$prefix/start.log" 2>&1 \
    || { cat "$prefix/start.log" "$prefix/error.log" >&2 2>/dev/null; die "nginx did not start"; }
  _BENCH_NGINX+=("$prefix|$conf")
  local i
  for ((i = 0; i < 50; i++)); do [ -s "$prefix/nginx.pid" ] && break; sleep 0.1; done
  [ -s "$prefix/nginx.pid" ] || die "nginx wrote no pid file ($prefix/nginx.pid)"
  NGINX_PID="$(cat "$prefix/nginx.pid")"
  bench_track "$NGINX_PID"
  wait_http "http://127.0.0.1:$port/v1/models" 20 "$NGINX_PID" "$prefix/error.log" -H "$BENCH_AUTH_HEADER"
  log "nginx ready (master pid $NGINX_PID)"
}

# check_route URL: one authorized GET that must answer 200; dies with the body otherwise.
check_route() {
  local url="$1" body code
  body="$(mktemp "$OUT_DIR/check.XXXXXX")"
  code="$(curl -s -o "$body" -w '%{http_code}' --max-time 10 -H "$BENCH_AUTH_HEADER" "$url" || true)"
  if [ "$code" != 200 ]; then
    head -c 500 "$body" >&2; echo >&2
    die "GET $url answered ${code:-nothing} (expected 200)"
  fi
  rm -f "$body"
}

# to_ms VALUE: wrk's "812.00us" / "1.23ms" / "2.01s" / "1.5m" -> milliseconds.
to_ms() {
  awk -v v="$1" 'BEGIN {
    n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
    if (u == "us") n /= 1000; else if (u == "s") n *= 1000; else if (u == "m") n *= 60000
    printf "%.2f", n }'
}

# run_wrk LABEL URL DURATION_S: runs wrk, keeps its output in $OUT_DIR/wrk-LABEL.txt and sets
# WRK_RPS, WRK_P50_MS, WRK_P99_MS, WRK_ERRORS (non-2xx/3xx responses + socket errors).
run_wrk() {
  local label="$1" url="$2" duration="$3" file
  file="$OUT_DIR/wrk-$label.txt"
  wrk -t "${BENCH_THREADS:-2}" -c "${BENCH_CONNECTIONS:-50}" -d "${duration}s" --timeout 10s --latency \
    -H "$BENCH_AUTH_HEADER" "$url" >"$file" 2>&1 || { cat "$file" >&2; die "wrk failed against $url"; }
  WRK_RPS="$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$file")"
  WRK_P50_MS="$(to_ms "$(awk '$1 == "50%" { print $2 }' "$file")")"
  WRK_P99_MS="$(to_ms "$(awk '$1 == "99%" { print $2 }' "$file")")"
  WRK_ERRORS="$(awk '
    /Non-2xx or 3xx responses:/ { e += $NF }
    /Socket errors:/ { for (i = 3; i <= NF; i += 2) e += $(i + 1) + 0 }
    END { print e + 0 }' "$file")"
  [ -n "$WRK_RPS" ] || { cat "$file" >&2; die "could not read wrk's output ($file)"; }
  if [ "$WRK_ERRORS" != 0 ]; then warn "$label: $WRK_ERRORS failed requests/socket errors (see $file)"; fi
}

# timed_upload URL FILE: one POST of FILE with curl; sets UPLOAD_S (seconds) and UPLOAD_CODE.
timed_upload() {
  local url="$1" file="$2" out
  out="$(curl -sS -o "$OUT_DIR/upload-response.json" -w '%{http_code} %{time_total}' --max-time 600 \
    -H "$BENCH_AUTH_HEADER" -H 'Content-Type: audio/wav' -H 'Expect:' \
    --data-binary @"$file" "$url" 2>"$OUT_DIR/upload-curl.err" || true)"
  UPLOAD_CODE="${out%% *}"
  UPLOAD_S="$(awk -v t="${out#* }" 'BEGIN { printf "%.2f", t }')"
  if [ "$UPLOAD_CODE" != 200 ]; then
    warn "POST $url answered ${UPLOAD_CODE:-nothing}: $(head -c 300 "$OUT_DIR/upload-response.json" 2>/dev/null) $(cat "$OUT_DIR/upload-curl.err")"
  fi
}

# proc_rss_mb PID [FIELD]: VmRSS (or another /proc/PID/status field, e.g. VmHWM) in MiB.
proc_rss_mb() {
  awk -v f="${2:-VmRSS}:" '$1 == f { printf "%.0f", $2 / 1024 }' "/proc/$1/status" 2>/dev/null || echo "n/a"
}

# proc_tree_cpu_s PID: user+system CPU seconds of PID and its direct children.
proc_tree_cpu_s() {
  local pid="$1" hz pids
  hz="$(getconf CLK_TCK)"
  if command -v pgrep >/dev/null 2>&1; then
    pids="$pid $({ pgrep -P "$pid" || true; } | tr '\n' ' ')"
  else
    pids="$pid $({ cat "/proc/$pid/task/"*/children 2>/dev/null || true; } | tr '\n' ' ')"
  fi
  for p in $pids; do cat "/proc/$p/stat" 2>/dev/null || true; done |
    awk -v hz="$hz" '{ sub(/^.*\) /, ""); t += $12 + $13 } END { printf "%.1f", t / hz }'
}

# jvm_heap_after_gc_mb PID: forces a GC and prints the heap in use afterwards, in MiB.
jvm_heap_after_gc_mb() {
  local pid="$1" used
  if command -v jcmd >/dev/null 2>&1 && jcmd "$pid" GC.run >/dev/null 2>&1; then
    # G1: " garbage-first heap   total 262144K, used 23456K [...]"
    used="$(jcmd "$pid" GC.heap_info 2>/dev/null | awk '/ heap .*used/ {
      for (i = 1; i <= NF; i++) if ($i == "used") { v = $(i + 1); sub(/K.*/, "", v); printf "%.0f", v / 1024; exit } }' || true)"
  fi
  if [ -z "${used:-}" ] && command -v jstat >/dev/null 2>&1; then
    # Without jcmd's GC we still get the heap in use: S0U S1U EU OU (KiB).
    used="$(jstat -gc "$pid" 2>/dev/null | awk 'NR == 2 { printf "%.0f", ($3 + $4 + $6 + $8) / 1024 }' || true)"
  fi
  echo "${used:-n/a}"
}

# ratio A B: A/B with two decimals, "n/a" when either is missing or B is zero.
ratio() {
  awk -v a="$1" -v b="$2" 'BEGIN {
    if (a !~ /^[0-9.]+$/ || b !~ /^[0-9.]+$/ || b + 0 == 0) print "n/a"; else printf "%.2f", a / b }'
}
