#!/usr/bin/env bash
# Fuzzes each @FuzzTest target in turn (Jazzer, coverage-guided), one JVM per target with a 256 MB
# heap, for the given time. Inputs that fail are written by Jazzer under the target's
# src/test/resources/.../<Class>Inputs/<method>/ directory, where the normal build replays them.
# Each input has its own bound: the target's @Timeout, which Jazzer hands to libFuzzer as its
# per-input timeout (JUnit's own timeout handling is off here, or it would bound the whole run).
# Prints executions per target; exits non-zero when any target found something or none matched.
# Usage: fuzz/run.sh [duration per target, e.g. 30s or 10m] [substring of the targets to run]
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${1:-10m}
filter=${2:-}
# Every @FuzzTest method of every module, found in the sources so that none is forgotten.
targets=()
while IFS= read -r file; do
  module=${file%%/src/*}
  class=${file#*/src/test/java/}
  class=${class%.java}
  class=${class//\//.}
  while IFS= read -r method; do
    targets+=("$module:$class#$method")
  done < <(awk '/@FuzzTest/ { want = 1 }
    want && match($0, /void [A-Za-z0-9_]+\(/) { print substr($0, RSTART + 5, RLENGTH - 6); want = 0 }' "$file")
done < <(grep -rl --include='*.java' '@FuzzTest' -- */src/test/java | sort)
matched=0
for t in "${targets[@]}"; do [[ -z "$filter" || "$t" == *"$filter"* ]] && matched=$((matched + 1)); done
if [[ "$matched" == 0 ]]; then
  echo "no @FuzzTest target matches \"$filter\"" >&2
  exit 2
fi
./mvnw -q -B -ntp install -DskipTests
logs=target/fuzz
mkdir -p "$logs"
failed=0
printf '%-100s %12s %s\n' target executions result
for t in "${targets[@]}"; do
  [[ -z "$filter" || "$t" == *"$filter"* ]] || continue
  module=${t%%:*}
  test=${t#*:}
  log=$logs/${test##*.}.log
  if JAZZER_FUZZ=1 ./mvnw -B -ntp -pl "$module" surefire:test -Dtest="$test" \
    -DargLine="-Xmx256m -Djazzer.max_duration=$duration -Djunit.jupiter.execution.timeout.mode=disabled" \
    >"$log" 2>&1; then
    result=ok
  else
    result="FOUND (see $log)"
    failed=1
  fi
  runs=$(grep -aoE '^#[0-9]+[[:space:]]+DONE' "$log" | tail -1 | grep -oE '[0-9]+' || true)
  printf '%-100s %12s %s\n' "$test" "${runs:-?}" "$result"
done
exit "$failed"
