# Shared by run.sh, targets.sh and scale.sh (sourced; expects $here, $root, $java_bin, $data to be set).

# Builds benchmarks/target/benchmarks.jar (offline first, online if something is missing from ~/.m2) and records the
# commit it was built from (with --no-build, HEAD may have moved since).
bench_build() {
  echo "== building benchmarks.jar (core, storage-rocksdb, benchmarks)"
  if ! mvn -B -q -o -f "$root/pom.xml" -pl benchmarks -am package -DskipTests; then
    mvn -B -q -f "$root/pom.xml" -pl benchmarks -am package -DskipTests
  fi
  { git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown; } | tr -d '\n' > "$here/target/benchmarks.commit"
  git -C "$root" diff --quiet HEAD -- core storage-rocksdb benchmarks 2>/dev/null || printf '+uncommitted changes' >> "$here/target/benchmarks.commit"
}

# The commit the jar was built from.
bench_commit() {
  cat "$here/target/benchmarks.commit" 2>/dev/null || echo unknown
}

# The machine, disk and JVM lines of a results file's header.
bench_machine_lines() {
  echo "- machine: $(nproc) cores ($(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -1)), $(free -g | awk '/^Mem:/{print $2}') GiB RAM, Linux $(uname -r)"
  echo "- disk: $(df -hT "$data" | awk 'NR==2{print $1" ("$2"), "$3" total, "$5" free, mounted on "$7}'); trial folders under \`${data/#$root\//}\`"
  echo "- JVM: $("$java_bin" -version 2>&1 | sed -n '2p')"
}

# Warns when the trial folders are on tmpfs, where fsync costs nothing.
bench_check_disk() {
  if df -T "$data" | awk 'NR==2{exit !($2=="tmpfs")}'; then
    echo "warning: $data is on tmpfs: fsync is free there, durable results are meaningless" >&2
  fi
}
