#!/usr/bin/env bash
# Start-up of the kubelogin launcher on a cache-hit get-token (int128 flags, token cached on disk;
# Azure spn flags, token in msal_token_cache.json), against a JVM hello world on the same JDK and
# the floor of an exec plugin that only cats a saved ExecCredential. "kubectl's call" cases set
# KUBERNETES_EXEC_INFO as kubectl does, so the launcher serves the prepared response Java wrote on
# the call before; the others run Java (the first call after installing is the "no start-up cache"
# case). Prints the median wall time of each case, the ratios and the peak RSS of a hit.
# Usage: benchmarks/startup.sh [runs]   (JDK17 and JDK25 homes: JDK17_HOME, JDK25_HOME)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-21}
jdk17=${JDK17_HOME:-/usr/lib/jvm/java-17-openjdk-amd64}
jdk25=${JDK25_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
./mvnw -q -B -ntp -pl kubelogin-cli -am package -DskipTests
dist=$(ls -d kubelogin-cli/target/kubelogin-*/kubelogin-*/ | head -1)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export HOME=$work/home XDG_CACHE_HOME=$work/xdg
mkdir -p "$HOME"

# a cached token where int128's get-token looks for it
cat > "$work/Seed.java" <<'JAVA'
import dev.kubelogin.core.store.FileTokenStore;
import dev.kubelogin.oidc.GetTokenOptions;
import dev.kubelogin.oidc.cache.CachedTokens;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
public class Seed {
  public static void main(String[] args) {
    GetTokenOptions o = GetTokenOptions.parse(List.of(args));
    Path home = Path.of(System.getenv("HOME"));
    Base64.Encoder b = Base64.getUrlEncoder().withoutPadding();
    String jwt = b.encodeToString("{\"alg\":\"RS256\"}".getBytes())
        + "." + b.encodeToString("{\"sub\":\"bench\",\"exp\":4070908800}".getBytes()) + ".c2ln";
    FileTokenStore.create(o.cacheDirectory(Map.of(), home), CachedTokens.CODEC)
        .store(o.cacheKey(home).fileName(), new CachedTokens(jwt, null));
  }
}
JAVA
args=(--oidc-issuer-url=https://issuer.example --oidc-client-id=kubernetes)
"$jdk17/bin/java" -cp "$dist/lib/*" "$work/Seed.java" "${args[@]}"
KUBELOGIN_STARTUP_CACHE=off JAVA_HOME=$jdk17 "$dist/bin/kubelogin" get-token "${args[@]}" > "$work/cred.json"
# a cached Entra ID token where Azure's get-token (spn) looks for it
azargs=(--login spn --server-id 6dae42f8-4368-4678-94ff-3960e28e3630 --client-id spn-client
  --tenant-id 11111111-2222-3333-4444-555555555555 --client-secret unused)
mkdir -p "$HOME/.kube/cache/kubelogin"
cat > "$HOME/.kube/cache/kubelogin/msal_token_cache.json" <<'JSON'
{"AccessToken":{"k":{"environment":"login.windows.net","credential_type":"AccessToken",
"client_id":"spn-client","secret":"bench-app-token","realm":"11111111-2222-3333-4444-555555555555",
"target":"6dae42f8-4368-4678-94ff-3960e28e3630/.default","cached_at":"1700000000",
"expires_on":"4070908800"}}}
JSON
printf 'public class Hello { public static void main(String[] a) { System.out.println("hello"); } }\n' > "$work/Hello.java"
"$jdk17/bin/javac" -d "$work" "$work/Hello.java"

median() { # command... -> median milliseconds over $runs runs after 3 warm-ups
  local t=() i s e
  for i in 1 2 3; do "$@" > /dev/null; done
  for ((i = 0; i < runs; i++)); do
    s=$(date +%s%N); "$@" > /dev/null; e=$(date +%s%N)
    t+=($(( (e - s) / 10000 )))
  done
  local m
  m=$(printf '%s\n' "${t[@]}" | sort -n | sed -n "$(( (runs + 1) / 2 ))p")
  printf '%d.%02d' $((m / 100)) $((m % 100))
}
get_token() { JAVA_HOME=$1 KUBELOGIN_STARTUP_CACHE=$2 "$dist/bin/kubelogin" get-token "${args[@]}"; }
azure_token() { JAVA_HOME=$1 KUBELOGIN_STARTUP_CACHE=$2 "$dist/bin/kubelogin" get-token "${azargs[@]}"; }
info='{"kind":"ExecCredential","apiVersion":"client.authentication.k8s.io/v1","spec":{"interactive":false}}'
# as kubectl calls it; the first call (Java) writes the prepared response the others print
kubectl_get_token() { KUBERNETES_EXEC_INFO=$info get_token "$@"; }
kubectl_azure_token() { KUBERNETES_EXEC_INFO=$info azure_token "$@"; }
rss() { # JAVA_HOME [exec info] -> peak RSS in MB of an int128 cache hit, or n/a without GNU time
  local info_env=(-u KUBERNETES_EXEC_INFO)
  [ -z "${2:-}" ] || info_env=(KUBERNETES_EXEC_INFO="$2")
  if [ -x /usr/bin/time ]; then
    /usr/bin/time -f %M -o "$work/rss" env "${info_env[@]}" JAVA_HOME="$1" \
      "$dist/bin/kubelogin" get-token "${args[@]}" > /dev/null
    awk '{ printf "%.1f", $1 / 1024 }' "$work/rss"
  else
    printf n/a
  fi
}
JAVA_HOME=$jdk17 KUBELOGIN_STARTUP_CACHE=sync "$dist/bin/kubelogin" get-token "${args[@]}" > /dev/null
JAVA_HOME=$jdk25 KUBELOGIN_STARTUP_CACHE=sync "$dist/bin/kubelogin" get-token "${args[@]}" > /dev/null

declare -A r
r[floor]=$(median cat "$work/cred.json")
r[hello17]=$(median "$jdk17/bin/java" -Xshare:auto -cp "$work" Hello)
r[hello25]=$(median "$jdk25/bin/java" -Xshare:auto -cp "$work" Hello)
r[tok17]=$(median get_token "$jdk17" off)
r[tok17c]=$(median get_token "$jdk17" on)
r[tok25]=$(median get_token "$jdk25" off)
r[tok25c]=$(median get_token "$jdk25" on)
r[az17]=$(median azure_token "$jdk17" off)
r[az25c]=$(median azure_token "$jdk25" on)
r[fast17]=$(median kubectl_get_token "$jdk17" on)
r[fast25]=$(median kubectl_get_token "$jdk25" on)
r[fastaz17]=$(median kubectl_azure_token "$jdk17" on)
r[fastaz25]=$(median kubectl_azure_token "$jdk25" on)
cmp -s <(kubectl_get_token "$jdk17" on) <(KUBELOGIN_PREPARED_RESPONSE=off kubectl_get_token "$jdk17" on) ||
  { echo "the prepared response differs from what Java prints" >&2; exit 1; }

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
echo "median of $runs runs (ms), $(nproc) cores; /hello is the hello world on the same JDK"
printf '%-58s %8s %8s %8s\n' case ms "/hello" "/floor"
for k in floor hello17 hello25 tok17 tok17c tok25 tok25c az17 az25c fast17 fast25 fastaz17 fastaz25; do
  case $k in
    floor) name="exec plugin floor: cat a saved ExecCredential" ;;
    hello17) name="JVM hello world, JDK 17" ;;
    hello25) name="JVM hello world, JDK 25" ;;
    tok17) name="get-token cache hit, JDK 17, no start-up cache" ;;
    tok17c) name="get-token cache hit, JDK 17, AppCDS" ;;
    tok25) name="get-token cache hit, JDK 25, no start-up cache" ;;
    tok25c) name="get-token cache hit, JDK 25, AOT cache" ;;
    az17) name="Azure spn cache hit, JDK 17, no start-up cache" ;;
    az25c) name="Azure spn cache hit, JDK 25, AOT cache" ;;
    fast17) name="get-token cache hit, kubectl's call, JAVA_HOME JDK 17" ;;
    fast25) name="get-token cache hit, kubectl's call, JAVA_HOME JDK 25" ;;
    fastaz17) name="Azure spn cache hit, kubectl's call, JAVA_HOME JDK 17" ;;
    fastaz25) name="Azure spn cache hit, kubectl's call, JAVA_HOME JDK 25" ;;
  esac
  case $k in *25*) hello=${r[hello25]} ;; *) hello=${r[hello17]} ;; esac
  printf '%-58s %8s %8s %8s\n' "$name" "${r[$k]}" "$(ratio "${r[$k]}" "$hello")" \
    "$(ratio "${r[$k]}" "${r[floor]}")"
done
echo "peak RSS (MB) of an int128 cache hit: served by the launcher $(rss "$jdk17" "$info")," \
  "JDK 17 with AppCDS $(rss "$jdk17"), JDK 25 with AOT cache $(rss "$jdk25")"
