#!/usr/bin/env bash
# Fuzzes each @FuzzTest target in turn (Jazzer, coverage-guided), one JVM per target with a 256 MB
# heap, for the given time. Inputs that fail are written by Jazzer under the target's
# src/test/resources/.../<Class>Inputs/<method>/ directory, where the normal build replays them.
# Each input has its own bound: the target's @Timeout, which Jazzer hands to libFuzzer as its
# per-input timeout (JUnit's own timeout handling is off here, or it would bound the whole run). Prints executions per target; exits non-zero when any target found something.
# Usage: fuzz/run.sh [duration per target, e.g. 30s or 10m] [substring of the targets to run]
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${1:-10m}
filter=${2:-}
targets=(
  kubelogin-core:dev.kubelogin.core.kubeconfig.KubeconfigFuzzTest#loadAndResolve_anyBytes_onlyOurExceptions
  kubelogin-core:dev.kubelogin.core.kubeconfig.KubeconfigFuzzTest#writeThenRead_anyLoadableKubeconfig_sameModel
  kubelogin-core:dev.kubelogin.core.exec.ExecCredentialFuzzTest#readPluginOutput_anyBytes_credentialOrAuthenticationFailed
  kubelogin-core:dev.kubelogin.core.exec.ExecCredentialFuzzTest#readExecInfo_anyText_infoOrInvalidConfiguration
  kubelogin-core:dev.kubelogin.core.internal.PemFuzzTest#certificatesAndPrivateKey_anyText_valuesOrSecurityExceptions
  kubelogin-oidc:dev.kubelogin.oidc.UntrustedInputFuzzTest#cacheRecord_anyFileContent_missOrTokensWhoseExpiryReads
  kubelogin-oidc:dev.kubelogin.oidc.UntrustedInputFuzzTest#providerAnswers_anyBody_parsedOrAuthenticationFailed
  kubelogin-oidc:dev.kubelogin.oidc.UntrustedInputFuzzTest#loopbackServer_anyRawRequest_keepsAnswering
  kubelogin-oidc:dev.kubelogin.oidc.UntrustedInputFuzzTest#getTokenFlags_anyArguments_optionsOrInvalidConfiguration
  kubelogin-oidc:dev.kubelogin.oidc.IdpAnswersFuzzTest#idToken_anyTokenKeysOrClaims_claimsOrAuthenticationFailed
  kubelogin-oidc:dev.kubelogin.oidc.IdpAnswersFuzzTest#deviceAuthorization_anyAnswer_endsAndShowsOnlyPrintableText
  kubelogin-azure:dev.kubelogin.azure.UntrustedInputFuzzTest#msalCacheFile_anyContent_foundOrNot
  kubelogin-azure:dev.kubelogin.azure.UntrustedInputFuzzTest#azureCliProfile_anyContent_cachedTokenOrNothing
  kubelogin-azure:dev.kubelogin.azure.UntrustedInputFuzzTest#flags_anyArgumentsAndEnvironment_optionsOrInvalidConfiguration
)
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
