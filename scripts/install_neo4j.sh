#!/usr/bin/env bash
# Install what kg's Neo4j tests and `kg neo4j start` need, so that a fresh machine
# (CI included) has the server before the tests run:
#   - Java 17+ and Maven from Debian when missing (the machine image has both; this
#     is for a bare one), then
#   - `kg neo4j install`: builds kg's Neo4j 5.26 launcher with Maven (downloads
#     ~125 MB of org.neo4j artifacts from Maven Central on the first run) and caches
#     it under the user data dir; later runs find the cache and return at once.
# Prints how long each step took. Usage: scripts/install_neo4j.sh  (from anywhere)
set -euo pipefail

cd "$(dirname "$0")/.."
KG="${KG:-.venv/bin/kg}"

started=$(date +%s)
if ! command -v java >/dev/null 2>&1 || ! command -v mvn >/dev/null 2>&1; then
    echo "install_neo4j: Java or Maven missing, installing openjdk-17-jdk-headless and maven from Debian" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-17-jdk-headless maven >/dev/null
fi
java_done=$(date +%s)
echo "install_neo4j: Java and Maven ready ($((java_done - started)) s): $(java -version 2>&1 | head -1)" >&2

"$KG" neo4j install
echo "install_neo4j: done in $(($(date +%s) - started)) s" >&2
