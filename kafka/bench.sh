#!/usr/bin/env bash
# The forwarding benchmark (kafka/src/test/java/dev/chainlog/kafka/ForwardBenchmark.java): forwarder throughput vs
# the bare transactional producer sending the same pre-built records, interleaved rounds, medians and ratio; then
# end-to-end latency from append to a read_committed consumer. A one-broker KRaft cluster runs in the benchmark's
# JVM, which runs in a network namespace holding only loopback (as the tests do).
# Usage: kafka/bench.sh [ENTRIES=200000] [ROUNDS=5] [APPENDS_PER_SECOND=2000]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
(cd "$here/.." && mvn -B -q install -DskipTests -pl kafka -am)
cp_file="$here/target/bench-classpath.txt"
(cd "$here" && mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cp_file")
export CHAINLOG_TEST_JAVA="${JAVA_HOME:-/usr}/bin/java"
exec "$here/src/test/loopback-jvm/bin/java" -Xmx2g -XX:+UseParallelGC \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -Dchainlog.kafka.out="$here/target/bench" \
  -Djava.io.tmpdir="$here/target" \
  -cp "$here/target/test-classes:$here/target/classes:$(cat "$cp_file")" dev.chainlog.kafka.ForwardBenchmark "$@"
