#!/usr/bin/env bash
# A newcomer's Maven project (release/consumer: imports kubelogin-bom, depends on
# kubelogin-fabric8 and kubelogin-oidc without versions) resolves every kubelogin artifact, with
# its sources and Javadoc jars, from the staging bundle alone: its own local repository holds no
# kubelogin artifact beforehand, third-party ones come from Maven Central.
# Usage: release/check-consumer.sh [bundle directory, default target/staging-deploy]
set -euo pipefail
cd "$(dirname "$0")/.."
bundle=$(cd "${1:-target/staging-deploy}" && pwd)
repo=$(mktemp -d)
trap 'rm -rf "$repo"' EXIT
# Third-party artifacts are copied from the build's repository to save the downloads.
src="${MAVEN_REPO_LOCAL:-$HOME/.m2/repository}"
if [ -d "$src" ]; then
  cp -a "$src/." "$repo/"
fi
rm -rf "$repo/dev/kubelogin"
mvn_c() { ./mvnw -q -B -ntp -f release/consumer/pom.xml -Dmaven.repo.local="$repo" \
  -Dkubelogin.bundle="file://$bundle" "$@"; }
mvn_c dependency:resolve
mvn_c dependency:resolve -Dclassifier=sources
mvn_c dependency:resolve -Dclassifier=javadoc
missing=0
for a in kubelogin-fabric8 kubelogin-oidc kubelogin-core; do
  for kind in "" -sources -javadoc; do
    if ! ls "$repo/dev/kubelogin/$a"/*/"$a"-*"$kind.jar" 2>/dev/null | grep -q .; then
      echo "the consumer did not get $a$kind.jar" >&2
      missing=$((missing + 1))
    fi
  done
done
[ "$missing" = 0 ] || exit 1
echo "consumer OK: kubelogin-fabric8, -oidc and -core resolved through the BOM with sources and Javadoc"
