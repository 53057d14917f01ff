#!/usr/bin/env bash
# Runs the JMH benchmarks and prints ns/op per benchmark and thread count.
# Usage: benchmarks/run.sh [extra JMH options]; the defaults give a quick, rough run
# (1 fork, 3 warm-up and 5 measured iterations of 1 s). Numbers are for notes, not for tests.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B -ntp -pl benchmarks -am package -DskipTests
jar=benchmarks/target/benchmarks.jar
for threads in 1 2; do
  java -jar "$jar" -f 1 -wi 3 -i 5 -w 1s -r 1s -t "$threads" -rf csv -rff "benchmarks/target/jmh-t$threads.csv" "$@" \
    > "benchmarks/target/jmh-t$threads.log"
  awk -F, -v t="$threads" 'NR > 1 { gsub(/"/, ""); printf "%-60s threads=%s %10.1f ns/op (± %.1f)\n", $1, t, $5, $6 }' \
    "benchmarks/target/jmh-t$threads.csv"
done
