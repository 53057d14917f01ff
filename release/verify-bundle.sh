#!/usr/bin/env bash
# Checks a staging bundle made by `./mvnw -Prelease deploy -DskipTests` before anything is uploaded:
# every published artifact has its POM (with the metadata Maven Central requires), jar, sources,
# Javadoc and SBOM, each with MD5 and SHA-1 checksums that match; jars carry their module name;
# with signatures (or REQUIRE_SIGNATURES=1) every file has a .asc, verified when gpg is present.
# Usage: release/verify-bundle.sh [bundle directory, default target/staging-deploy]
set -euo pipefail
bundle=${1:-target/staging-deploy}
root="$bundle/dev/kubelogin"
jars=(kubelogin-core kubelogin-oidc kubelogin-azure kubelogin-fabric8 kubelogin-kubernetes-client
  kubelogin-testing kubelogin-cli)
poms=(kubelogin-parent kubelogin-bom)
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

[ -d "$root" ] || { echo "no bundle at $root (run ./mvnw -Prelease deploy -DskipTests)" >&2; exit 1; }

# The newest file of an artifact with a classifier suffix ("-sources"), or with none (""),
# in a release or snapshot layout; empty when there is none.
with_suffix() { # artifactId suffix extension
  local a=$1 suffix=$2 ext=$3 dir
  dir=$(ls -d "$root/$a"/*/ 2>/dev/null | sort | tail -1 || true)
  if [ -z "$suffix" ]; then
    ls "$dir$a"-*".$ext" 2>/dev/null | grep -Ev -- '-(sources|javadoc|tests|cyclonedx)\.' \
      | sort | tail -1 || true
  else
    ls "$dir$a"-*"$suffix.$ext" 2>/dev/null | sort | tail -1 || true
  fi
}

signed=${REQUIRE_SIGNATURES:-0}
if find "$root" -name '*.asc' | grep -q .; then signed=1; fi

check_file() { # path description
  local f=$1 what=$2
  if [ -z "$f" ] || [ ! -s "$f" ]; then fail "$what missing"; return; fi
  [ "$(md5sum < "$f" | cut -d' ' -f1)" = "$(tr -d ' \n' < "$f.md5" 2>/dev/null)" ] \
    || fail "$what: MD5 missing or wrong ($f.md5)"
  [ "$(sha1sum < "$f" | cut -d' ' -f1)" = "$(tr -d ' \n' < "$f.sha1" 2>/dev/null)" ] \
    || fail "$what: SHA-1 missing or wrong ($f.sha1)"
  if [ "$signed" = 1 ]; then
    if [ ! -s "$f.asc" ]; then
      fail "$what: no signature ($f.asc)"
    elif command -v gpg > /dev/null && ! gpg --batch --verify "$f.asc" "$f" 2> /dev/null; then
      fail "$what: signature does not verify"
    fi
  fi
}

pom_has() { # pom element description
  grep -q "<$2>" "$1" || fail "$3: POM lacks <$2>"
}

for a in "${poms[@]}" "${jars[@]}"; do
  pom=$(with_suffix "$a" "" pom)
  check_file "$pom" "$a POM"
  [ -n "$pom" ] || continue
  pom_has "$pom" name "$a"
  pom_has "$pom" description "$a"
  if [ "$a" = kubelogin-parent ] || [ "$a" = kubelogin-bom ]; then
    for e in url licenses developers scm; do pom_has "$pom" "$e" "$a"; done
  else
    grep -q '<artifactId>kubelogin-parent</artifactId>' "$pom" \
      || fail "$a: POM does not inherit url, licenses, developers and scm from kubelogin-parent"
  fi
done

# The BOM manages exactly the bundle's modules, at the bundle's version.
bom=$(with_suffix kubelogin-bom "" pom)
if [ -n "$bom" ]; then
  version=$(basename "$(dirname "$bom")")
  for a in "${jars[@]}"; do
    grep -A1 "<artifactId>$a</artifactId>" "$bom" | grep -q "<version>$version</version>" \
      || fail "kubelogin-bom does not manage $a at $version"
  done
fi

for a in "${jars[@]}"; do
  jar=$(with_suffix "$a" "" jar)
  check_file "$jar" "$a jar"
  if [ -n "$jar" ]; then
    unzip_list=$(jar tf "$jar")
    grep -q '^dev/kubelogin/.*\.class$' <<< "$unzip_list" || fail "$a jar has no classes"
    abs="$(cd "$(dirname "$jar")" && pwd)/$(basename "$jar")"
    manifest=$(cd "$(mktemp -d)" && jar xf "$abs" META-INF/MANIFEST.MF && cat META-INF/MANIFEST.MF)
    grep -q '^Automatic-Module-Name: dev\.kubelogin\.' <<< "$manifest" \
      || fail "$a jar has no Automatic-Module-Name"
  fi
  sources=$(with_suffix "$a" -sources jar)
  check_file "$sources" "$a sources"
  [ -z "$sources" ] || jar tf "$sources" | grep -q '\.java$' || fail "$a sources hold no .java"
  javadoc=$(with_suffix "$a" -javadoc jar)
  check_file "$javadoc" "$a Javadoc"
  [ -z "$javadoc" ] || jar tf "$javadoc" | grep -q '^index\.html$' || fail "$a Javadoc has no index.html"
  sbom=$(with_suffix "$a" -cyclonedx json)
  check_file "$sbom" "$a SBOM"
  [ -z "$sbom" ] || grep -q '"bomFormat" *: *"CycloneDX"' "$sbom" || fail "$a SBOM is not CycloneDX"
done

if [ "$failures" -gt 0 ]; then
  echo "$failures problem(s) in $bundle" >&2
  exit 1
fi
echo "bundle OK: ${#poms[@]} POMs and ${#jars[@]} modules with jar, sources, Javadoc, SBOM and checksums$([ "$signed" = 1 ] && echo ', signed')"
