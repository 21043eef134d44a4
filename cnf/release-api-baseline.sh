#!/usr/bin/env bash
# Records the current frontend-api build as the released API that every later build is
# baselined against (docs/api-versioning.md). Run deliberately, on a green main, after
# `./hv build`: ./cnf/release-api-baseline.sh 1.0.0
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
version="${1:?usage: release-api-baseline.sh VERSION}"
jar="$root/frontend-api.bundle/target/frontend-api.bundle-1.0.0-SNAPSHOT.jar"
[ -f "$jar" ] || { echo "build first: $jar is missing" >&2; exit 1; }
dir="$root/cnf/baseline-repo/org/paravane/frontend-api.bundle/$version"
mkdir -p "$dir"
cp "$jar" "$dir/frontend-api.bundle-$version.jar"
# The released bundle carries the release version (the working tree's bnd.bnd is one
# minor ahead, so that additions made after the release pass the baseline).
tmp="$(mktemp -d)"
printf 'Bundle-Version: %s\n' "$version" >"$tmp/MANIFEST.MF"
"${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/jar" --update --file "$dir/frontend-api.bundle-$version.jar" --manifest "$tmp/MANIFEST.MF"
rm -rf "$tmp"
cat >"$dir/frontend-api.bundle-$version.pom" <<POM
<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>org.paravane</groupId>
  <artifactId>frontend-api.bundle</artifactId>
  <version>$version</version>
</project>
POM
echo "baseline $version recorded in $dir"
