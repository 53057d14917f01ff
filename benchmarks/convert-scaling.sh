#!/usr/bin/env bash
# How convert-kubeconfig scales with the number of users: kubeconfigs of 100 to 1600 Azure users
# (with a cluster and a context each, about 2 KB per entry), converted to azurecli by the packaged
# launcher. Prints the median wall time per size, the time per user, and the ratio to the smallest
# size; linear work keeps ms/user about flat (JVM start-up dominates the small sizes).
# Usage: benchmarks/convert-scaling.sh [runs]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
./mvnw -q -B -ntp -pl kubelogin-cli -am package -DskipTests
dist=$(ls -d kubelogin-cli/target/kubelogin-*/kubelogin-*/ | head -1)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export HOME=$work/home KUBELOGIN_STARTUP_CACHE=off
mkdir -p "$HOME"

kubeconfig() { # users -> a kubeconfig on stdout
  awk -v n="$1" 'BEGIN {
    ca = ""; for (i = 0; i < 200; i++) ca = ca "QUJD"
    print "apiVersion: v1\nkind: Config\ncurrent-context: ctx0\nclusters:"
    for (i = 0; i < n; i++) printf "- name: c%d\n  cluster:\n    server: https://c%d.hcp.eastus.azmk8s.io:443\n    certificate-authority-data: %s\n", i, i, ca
    print "contexts:"
    for (i = 0; i < n; i++) printf "- name: ctx%d\n  context:\n    cluster: c%d\n    user: u%d\n", i, i, i
    print "users:"
    for (i = 0; i < n; i++) printf "- name: u%d\n  user:\n    exec:\n      apiVersion: client.authentication.k8s.io/v1beta1\n      command: kubelogin\n      args: [get-token, --environment, AzurePublicCloud, --server-id, 6dae42f8-4368-4678-94ff-3960e28e3630, --client-id, 80faf920-1908-4b52-b5ef-a8e7bedfc67a, --tenant-id, 72f988bf-86f1-41af-91ab-2d7cd011db47, --login, devicecode]\n", i
  }'
}

printf '%6s %9s %10s %8s\n' users ms ms/user ratio
first=""
for n in 100 200 400 800 1600; do
  kubeconfig "$n" > "$work/original"
  t=()
  for ((i = 0; i < runs; i++)); do
    cp "$work/original" "$work/config"
    s=$(date +%s%N)
    "$dist/bin/kubelogin" convert-kubeconfig --kubeconfig "$work/config" -l azurecli > /dev/null 2>&1
    e=$(date +%s%N)
    t+=($(((e - s) / 1000000)))
  done
  ms=$(printf '%s\n' "${t[@]}" | sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}')
  first=${first:-$ms}
  awk -v n="$n" -v ms="$ms" -v first="$first" 'BEGIN { printf "%6d %9d %10.2f %8.1f\n", n, ms, ms / n, ms / first }'
done
