#!/usr/bin/env bash
# chainlog benchmarks: builds the JMH jar, runs the suite, writes JMH JSON and renders a Markdown table and a PNG
# chart into benchmarks/results/.
#
#   benchmarks/run.sh            quick profile: 1 fork, 2 x 1 s warmup, 3 x 1 s measurement (~9 min on 2 cores)
#   benchmarks/run.sh --full     full profile:  2 forks, 2 x 2 s warmup, 5 x 2 s measurement (~45 min)
#   benchmarks/run.sh [--quick|--full] [--no-build] [--name NAME] [JMH args...]
#                                extra arguments go to JMH, e.g. a benchmark regex ('Append|RawRocksPut') or
#                                '-prof jfr'; the output is then named custom.* (or NAME.*) instead of quick.*/full.*
#
# Environment: CHAINLOG_BENCH_DIR  where trials create their folders (default benchmarks/target/bench-data);
#                                  it must be a real disk, not tmpfs, or fsync costs nothing.
#              JAVA                the java binary (default: java on the PATH)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
profile=quick
build=1
extra=()
name_arg=
while [[ $# -gt 0 ]]; do
  case "$1" in
    --full) profile=full ;;
    --quick) profile=quick ;;
    --no-build) build=0 ;;
    --name) shift; name_arg="$1" ;;
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
    *) extra+=("$1") ;;
  esac
  shift
done

java_bin="${JAVA:-java}"
jar="$here/target/benchmarks.jar"
results="$here/results"
data="${CHAINLOG_BENCH_DIR:-$here/target/bench-data}"
. "$here/common.sh"
name="$profile"
[[ ${#extra[@]} -gt 0 ]] && name=custom
[[ -n $name_arg ]] && name="$name_arg"

if [[ $build == 1 ]]; then
  bench_build
fi
[[ -f $jar ]] || { echo "missing $jar (run without --no-build)" >&2; exit 1; }

case "$profile" in
  quick) timing=(-f 1 -wi 2 -w 1s -i 3 -r 1s) ;;
  full)  timing=(-f 2 -wi 2 -w 2s -i 5 -r 2s) ;;
esac

mkdir -p "$results" "$data"
machine="$results/$name-machine.txt"
{
  echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC'), profile \`$profile\`, jar built from commit $(bench_commit)"
  bench_machine_lines
  echo "- command: \`benchmarks/run.sh$([[ $profile == full ]] && echo ' --full')${extra[*]:+ ${extra[*]}}\`"
} > "$machine"
cat "$machine"
bench_check_disk

json="$results/$name.json"
echo "== running JMH ($profile) -> $json"
start=$(date +%s)
"$java_bin" -jar "$jar" "${timing[@]}" -jvmArgsPrepend "-Dchainlog.bench.dir=$data" \
  -rf json -rff "$json" "${extra[@]}"
echo "== JMH took $(( $(date +%s) - start )) s"

echo "== rendering table and chart"
"$java_bin" -Djava.awt.headless=true -cp "$jar" dev.chainlog.bench.report.Report \
  --json "$json" --out "$results" --name "$name" --machine "$machine"
echo "done: $results/$name.md, $results/$name-threads.png"
