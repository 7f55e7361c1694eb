#!/usr/bin/env bash
# thread_cpu.sh PID > snapshot: CPU seconds (user+system) of each thread of PID, summed by thread name with the
# trailing number folded (vert.x-eventloop-thread-0 and -1 are one line). Diff two snapshots with
#   join -t $'\t' -a1 -a2 -e0 -o0,1.2,2.2 BEFORE AFTER | awk -F'\t' '{ printf "%s\t%.1f\n", $1, $3 - $2 }'
set -euo pipefail
pid="$1"
hz="$(getconf CLK_TCK)"
for t in /proc/"$pid"/task/*; do
  name="$(cat "$t/comm" 2>/dev/null || true)"
  stat="$(cat "$t/stat" 2>/dev/null || true)"
  [ -n "$stat" ] || continue
  printf '%s\t%s\n' "$(echo "$name" | sed 's/[-#]*[0-9]*$//')" "$(echo "${stat##*) }" | awk '{ print $12 + $13 }')"
done | awk -F'\t' -v hz="$hz" '{ t[$1] += $2 } END { for (n in t) printf "%s\t%.2f\n", n, t[n] / hz }' | sort -t $'\t' -k1,1
