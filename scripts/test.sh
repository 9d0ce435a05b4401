#!/usr/bin/env bash
# Runs the test suite (mvn verify) with a JDK 21+ found on this machine. Tests start their own embedded
# PostgreSQL unless ORMBENCH_JDBC_URL / PG* variables point at a server. ORMBENCH_HIBERNATE (e.g. 6.6.13.Final), or
# -Dhibernate.version, picks the Hibernate line; the pom's 7.x otherwise.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
find_jdk
maven_quiet
cd "$ROOT"
exec mvn "${MVN_FLAGS[@]}" verify ${ORMBENCH_HIBERNATE:+"-Dhibernate.version=$ORMBENCH_HIBERNATE"} "$@"
