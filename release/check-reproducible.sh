#!/usr/bin/env bash
# Builds the published modules twice from clean and compares every artifact byte for byte:
# jars, sources, Javadoc, SBOMs and the CLI's archives must come out identical
# (project.build.outputTimestamp fixes the time in every archive entry).
# Usage: release/check-reproducible.sh
set -euo pipefail
cd "$(dirname "$0")/.."
modules=kubelogin-bom,kubelogin-core,kubelogin-oidc,kubelogin-azure,kubelogin-fabric8,kubelogin-kubernetes-client,kubelogin-testing,kubelogin-cli
first=$(mktemp -d)
trap 'rm -rf "$first"' EXIT

artifacts() { # the artifacts a build left in the modules' target directories
  find kubelogin-*/target -maxdepth 1 -type f \
    \( -name '*.jar' -o -name '*.tar.gz' -o -name '*.zip' -o -name 'bom.json' \) | sort
}
build() {
  ./mvnw -q -B -ntp clean package -DskipTests -Dspotless.check.skip=true -pl "$modules" -am
}

build
artifacts | while read -r f; do mkdir -p "$first/$(dirname "$f")"; cp "$f" "$first/$f"; done
build
count=0 differ=0
while read -r f; do
  count=$((count + 1))
  if ! cmp -s "$f" "$first/$f"; then
    echo "differs between two builds: $f" >&2
    differ=$((differ + 1))
  fi
done < <(artifacts)
[ "$count" -gt 0 ] || { echo "no artifacts were built" >&2; exit 1; }
if [ "$differ" -gt 0 ]; then
  echo "$differ of $count artifacts are not reproducible" >&2
  exit 1
fi
echo "reproducible: $count artifacts identical across two clean builds"
