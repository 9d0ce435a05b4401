#!/usr/bin/env bash
# Runs the test suite (mvn verify) with a JDK 21+ found on this machine. Tests start their own embedded
# PostgreSQL unless ORMBENCH_JDBC_URL / PG* variables point at a server.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
find_jdk
maven_quiet
cd "$ROOT"
exec mvn "${MVN_FLAGS[@]}" verify "$@"
