#!/usr/bin/env bash
# How chainlog's costs grow with the log (issue 17): builds an N-entry log of realistic audit events (AuditEvents:
# kind, source, world_id meta, a 3-field map payload; batches of 1,000, WAL mode) and measures, one JVM per phase:
# append rate, folder size, open (vs an empty log), one-shot verify (in a fresh JVM, and `chainlog verify` from the
# command line), get / findByUuid / read(random, 100) latency on the warm log, and a cut of the older half while
# single appends go on beside it (their latency), the folder before, right after, and after the space came back.
#
#   benchmarks/scale.sh N [--no-build] [--name NAME] [--keep]
#       results: benchmarks/results/NAME.md and NAME-raw.txt (default NAME: scale-N, e.g. scale-10000000)
#       --keep   keep the log folder (under $CHAINLOG_BENCH_DIR) afterwards; it is deleted by default
#
# Environment as for run.sh (CHAINLOG_BENCH_DIR, JAVA). Not part of `mvn verify`. 10M entries take ~10 minutes on
# 2 cores and ~1.5 GB; 100M ~2 hours and ~15 GB.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
java_bin="${JAVA:-java}"
data="${CHAINLOG_BENCH_DIR:-$here/target/bench-data}"
. "$here/common.sh"
n=
build=1
keep=0
name=
while [[ $# -gt 0 ]]; do
  case "$1" in
    --no-build) build=0 ;;
    --keep) keep=1 ;;
    --name) shift; name="$1" ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) [[ -z $n && $1 =~ ^[0-9]+$ ]] || { echo "usage: benchmarks/scale.sh N [--no-build] [--name NAME] [--keep]" >&2; exit 2; }
       n="$1" ;;
  esac
  shift
done
[[ -n $n ]] || { echo "usage: benchmarks/scale.sh N [--no-build] [--name NAME] [--keep]" >&2; exit 2; }
name="${name:-scale-$n}"
jar="$here/target/benchmarks.jar"
results="$here/results"
if [[ $build == 1 ]]; then
  bench_build
  (cd "$root" && ./chainlog --version >/dev/null) # builds the command-line jar too
fi
[[ -f $jar ]] || { echo "missing $jar (run without --no-build)" >&2; exit 1; }
mkdir -p "$results" "$data"
bench_check_disk
log="$data/$name"
empty="$data/$name-empty"
raw="$results/$name-raw.txt"
rm -rf "$log" "$empty"
: > "$raw"

phase() { # phase NAME ARGS...: one JVM; its RESULT line goes to the raw file
  "$java_bin" -Xmx4g -cp "$jar" dev.chainlog.bench.ScaleRun "$@" | tee -a "$raw" | grep '^RESULT' || true
}
get() { # get PHASE KEY [NTH]: a value from the raw file (NTH RESULT line of that phase, default the last)
  grep "^RESULT phase=$1 " "$raw" | sed -n "${3:-\$}p" | tr ' ' '\n' | sed -n "s/^$2=//p"
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
mb() { awk -v b="$1" 'BEGIN {printf "%.0f MB", b / 1e6}'; }

started=$(date +%s)
echo "== build: $n entries into $log"
phase build "$log" "$n"
echo "== open: 5 fresh JVMs each, the empty log and the $n-entry log"
phase build "$empty" 0 >/dev/null
for i in 1 2 3 4 5; do phase open "$empty" >/dev/null; done
for i in 1 2 3 4 5; do phase open "$log"; done
echo "== verify (one shot, fresh JVM)"
phase verify "$log"
echo "== chainlog verify (the command line, JVM start included)"
t0=$(date +%s%N)
(cd "$root" && ./chainlog verify --log "$log") | tee -a "$raw"
t1=$(date +%s%N)
echo "RESULT phase=cliverify seconds=$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.1f", (b - a) / 1e9}')" | tee -a "$raw"
echo "== reads (warm)"
phase reads "$log" 20000
echo "== cut of the older half, with single appends beside it"
phase cut "$log"
echo "== open after the cut"
for i in 1 2 3; do phase open "$log" >/dev/null; done
elapsed=$(( $(date +%s) - started ))

open_empty=$(grep '^RESULT phase=open ' "$raw" | head -5 | tr ' ' '\n' | sed -n 's/^openMs=//p' | median)
open_full=$(grep '^RESULT phase=open ' "$raw" | sed -n '6,10p' | tr ' ' '\n' | sed -n 's/^openMs=//p' | median)
open_after=$(grep '^RESULT phase=open ' "$raw" | sed -n '11,13p' | tr ' ' '\n' | sed -n 's/^openMs=//p' | median)
verify_s=$(get verify seconds)
cli_s=$(get cliverify seconds)
rss_reads=$(get reads rssPeakKiB); rss_cut=$(get cut rssPeakKiB)
out="$results/$name.md"
{
  echo "# chainlog at $n entries (benchmarks/scale.sh)"
  echo
  echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC'), jar built from commit $(bench_commit); the run took ${elapsed} s"
  bench_machine_lines
  echo "- command: \`benchmarks/scale.sh $n$([[ $name != scale-$n ]] && echo " --name $name")\`"
  echo
  echo "Realistic audit events (\`AuditEvents\`), batches of 1,000, \`WAL\`, default settings; one JVM per phase."
  echo "Latencies in µs. Raw figures: [$name-raw.txt]($name-raw.txt)."
  echo
  echo "| | $n entries |"
  echo "|---|---:|"
  echo "| append (batches of 1,000) | $(get build appendsPerSec 1)/s ($(get build seconds 1) s) |"
  echo "| folder after appending and close | $(mb "$(get build folderBytes 1)") ($(get build tableFiles 1) table files) |"
  echo "| open, first in the JVM (median of 5; empty log: ${open_empty} ms) | ${open_full} ms ($(awk -v a="$open_full" -v b="$open_empty" 'BEGIN {printf "%.2f", a / b}')× empty) |"
  echo "| \`verify()\` one shot, fresh JVM | $(get verify entriesPerSec)/s (${verify_s} s) |"
  echo "| \`chainlog verify\`, JVM start included | $(awk -v c="$(get verify checked)" -v s="$cli_s" 'BEGIN {printf "%.0f", c / s}')/s (${cli_s} s) |"
  echo "| \`get(random)\` p50 / p99 / max | $(get reads getP50Us) / $(get reads getP99Us) / $(get reads getMaxUs) |"
  echo "| \`findByUuid\` p50 / p99 / max | $(get reads uuidP50Us) / $(get reads uuidP99Us) / $(get reads uuidMaxUs) |"
  echo "| \`read(random, 100)\` p50 / p99 / max | $(get reads pageP50Us) / $(get reads pageP99Us) / $(get reads pageMaxUs) |"
  echo "| peak RSS of the reads phase | $(( ${rss_reads:-0} / 1024 )) MiB |"
  echo "| cut of the older half ($(get cut pruned) entries): \`applyRetention()\` until removed | $(get cut seconds) s |"
  echo "| single appends beside the cut: count, p50 / p99 / max | $(get cut appendsDuringCut), $(get cut appendP50Us) / $(get cut appendP99Us) / $(get cut appendMaxUs) |"
  echo "| folder before the cut / right after / after \`reclaimSpace()\` ($(get cut reclaimSeconds) s) | $(mb "$(get cut folderBytesBefore)") / $(mb "$(get cut folderBytesAfterCut)") / $(mb "$(get cut folderBytesAfterReclaim)") |"
  echo "| peak RSS of the cut phase | $(( ${rss_cut:-0} / 1024 )) MiB |"
  echo "| open after the cut (median of 3) | ${open_after} ms |"
} > "$out"
cat "$out"
[[ $keep == 1 ]] || rm -rf "$log" "$empty"
