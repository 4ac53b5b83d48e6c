#!/usr/bin/env bash
# The configurations issue 16's targets compare (realistic audit events, Merkle tree included), each beside its raw
# RocksDB baseline of the same stored bytes, with a profile tight enough to decide them: 2 forks, 5 x 2 s warmup
# (the JIT needs ~6 s to settle on the append path), 5 x 2 s measurement. About 20 minutes on 2 cores.
#
#   benchmarks/targets.sh [--no-build] [--name NAME]     results: benchmarks/results/NAME.{md,json,...} (default targets-i16)
#
# Environment as for run.sh (CHAINLOG_BENCH_DIR, JAVA), and to re-run some configurations with more samples:
#   TARGETS_TIMING  JMH timing options instead of the default, e.g. '-f 3 -wi 5 -w 2s -i 8 -r 2s'
#   TARGETS_RUNS    ';'-separated DURABILITY:CHAINLOG_METHODS:RAW_METHODS (regex alternatives), e.g. 'NONE:append:put'
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
name=targets-i16
build=1
while [[ $# -gt 0 ]]; do
  case "$1" in
    --no-build) build=0 ;;
    --name) shift; name="$1" ;;
    -h|--help) sed -n '2,8p' "$0"; exit 0 ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
  shift
done
java_bin="${JAVA:-java}"
jar="$here/target/benchmarks.jar"
results="$here/results"
data="${CHAINLOG_BENCH_DIR:-$here/target/bench-data}"
. "$here/common.sh"
if [[ $build == 1 ]]; then
  bench_build
fi
mkdir -p "$results" "$data"
read -r -a timing <<< "${TARGETS_TIMING:--f 2 -wi 5 -w 2s -i 5 -r 2s}"
machine="$results/$name-machine.txt"
{
  echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC'), profile \`targets\` (JMH \`${timing[*]}\`), jar built from commit $(bench_commit)"
  bench_machine_lines
  echo "- command: \`${TARGETS_TIMING:+TARGETS_TIMING='$TARGETS_TIMING' }${TARGETS_RUNS:+TARGETS_RUNS='$TARGETS_RUNS' }benchmarks/targets.sh$([[ $name != targets-i16 ]] && echo " --name $name")\`"
} > "$machine"
cat "$machine"
# durability : chainlog methods : raw methods
runs=(
  'WAL:append|append_t04|append_t16|appendAsync_t04|appendAsync_t16:put|put_t04|put_t16'
  'SYNC:append|append_t64|batch1000:put|put_t64|batch1000'
  'NONE:append:put'
)
if [[ -n ${TARGETS_RUNS:-} ]]; then
  IFS=';' read -r -a runs <<< "$TARGETS_RUNS"
fi
jsons=()
start=$(date +%s)
for run in "${runs[@]}"; do
  IFS=: read -r d mine raw <<< "$run"
  json="$results/$name-$d.json"
  "$java_bin" -jar "$jar" "bench\.(AuditAppendBenchmark\.($mine)|RawAuditBenchmark\.($raw))\$" -p durability="$d" \
    "${timing[@]}" -jvmArgsPrepend "-Dchainlog.bench.dir=$data" -rf json -rff "$json"
  jsons+=(--json "$json")
done
echo "== JMH took $(( $(date +%s) - start )) s"
"$java_bin" -Djava.awt.headless=true -cp "$jar" dev.chainlog.bench.report.Report "${jsons[@]}" \
  --out "$results" --name "$name" --machine "$machine"
