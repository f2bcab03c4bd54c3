#!/usr/bin/env bash
# Pre-fetch the Gephi toolkit (org.gephi:gephi-toolkit:0.10.1, classifier "all",
# ~80 MB, Maven Central only) and the Maven plugins that build tests/gephi, so
# `pytest -m gephi` runs offline afterwards (CI caches ~/.m2).
#
# Needs a JDK (>= 11) and Maven; installs them with apt-get when run as root on Debian/Ubuntu.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if ! command -v java >/dev/null || ! command -v mvn >/dev/null; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        apt-get update -q && apt-get install -y -q default-jdk-headless maven
    else
        echo "install_gephi.sh: java and mvn are needed; run: sudo apt-get install -y default-jdk-headless maven" >&2
        exit 1
    fi
fi

build_dir="$(mktemp -d)"
trap 'rm -rf "$build_dir"' EXIT
# Building once resolves the compiler/jar/dependency plugins as well as the toolkit.
mvn -B -q -Dstyle.color=never -f "$repo/tests/gephi/pom.xml" -Dkg.build.dir="$build_dir" \
    package dependency:build-classpath -Dmdep.outputFile="$build_dir/classpath.txt"
echo "Gephi toolkit ready: $(cat "$build_dir/classpath.txt")"
