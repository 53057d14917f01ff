#!/usr/bin/env bash
# Azure CLI logins: the in-process read of the CLI's MSAL cache (kubelogin-azure) against running
# `az` (what Azure kubelogin runs on every call), both on a throw-away AZURE_CONFIG_DIR without
# network: the in-process path serves the cached token; for az, `account show` is timed, a lower
# bound for `account get-access-token` (which also makes MSAL's discovery request).
# Usage: benchmarks/azurecli.sh   (az comes from Debian's azure-cli package when installed)
set -euo pipefail
cd "$(dirname "$0")/.."
server=6dae42f8-4368-4678-94ff-3960e28e3630
tenant=11111111-2222-3333-4444-555555555555
client=04b07795-8ddb-461a-bbee-02f9e1bf7b46
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
now=$(date +%s); later=$((now + 86400 * 365))
home_id="bench-uid.$tenant"
cat > "$dir/msal_token_cache.json" <<JSON
{"AccessToken": {"$home_id-login.microsoftonline.com-accesstoken-$client-$tenant-$server/.default": {
  "credential_type": "AccessToken", "secret": "bench-access-token", "home_account_id": "$home_id",
  "environment": "login.microsoftonline.com", "client_id": "$client", "target": "$server/.default",
  "realm": "$tenant", "token_type": "Bearer", "cached_at": "$now", "expires_on": "$later",
  "extended_expires_on": "$later"}},
 "Account": {"$home_id-login.microsoftonline.com-$tenant": {
  "home_account_id": "$home_id", "environment": "login.microsoftonline.com", "realm": "$tenant",
  "local_account_id": "bench-uid", "username": "bench@example.test", "authority_type": "MSSTS"}},
 "IdToken": {}, "RefreshToken": {}, "AppMetadata": {}}
JSON
printf '\xef\xbb\xbf{"subscriptions": [{"id": "00000000-0000-0000-0000-000000000001", "name": "bench", "state": "Enabled", "tenantId": "%s", "user": {"name": "bench@example.test", "type": "user"}, "isDefault": true, "environmentName": "AzureCloud", "homeTenantId": "%s"}], "installationId": "bench"}' \
  "$tenant" "$tenant" > "$dir/azureProfile.json"

./mvnw -q -B -ntp -pl benchmarks -am package -DskipTests
java -jar benchmarks/target/benchmarks.jar AzureCliCacheBenchmark -f 1 -wi 3 -i 5 -w 1s -r 1s \
  -jvmArgs "-Dkubelogin.bench.azureConfigDir=$dir -Dkubelogin.bench.serverId=$server" \
  -rf csv -rff benchmarks/target/azurecli.csv > benchmarks/target/azurecli.log
inproc=$(awk -F, '$1 ~ /p0.50/ { gsub(/"/, ""); print $5 }' benchmarks/target/azurecli.csv)
echo "in-process (new provider per call, warm JVM): median ${inproc} ms"

if command -v az > /dev/null; then
  times=()
  for i in $(seq 1 10); do
    start=$(date +%s%N)
    # `az account show` reads the same profile without network; get-access-token does at least this
    # much work plus MSAL's discovery request, so this median is a lower bound for it
    AZURE_CONFIG_DIR="$dir" az account show -o json > /dev/null
    times+=($(( ($(date +%s%N) - start) / 1000000 )))
  done
  median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{ a[NR] = $1 } END { print (a[int((NR+1)/2)] + a[int(NR/2)+1]) / 2 }')
  echo "az account show (lower bound of az account get-access-token): median ${median} ms over 10 runs"
  awk -v a="$median" -v b="$inproc" 'BEGIN { if (b > 0) printf "ratio az / in-process: %.0fx\n", a / b }'
else
  echo "az not installed (Debian: apt-get install azure-cli); only the in-process number is shown"
fi
