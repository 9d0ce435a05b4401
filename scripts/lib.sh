# Shared by the scripts: find a JDK 21+ and the repository root. Source it, do not run it.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

java_major() { # prints the major version of the java binary $1, or nothing
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p' | head -n 1
}

jdk_major() { # prints the major version of the JDK in directory $1: from its release file (no JVM start), or java
  local v
  v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release" 2>/dev/null | head -n 1)
  if [ -n "$v" ] && [ "$v" != 1 ]; then echo "$v"; else java_major "$1/bin/java"; fi
}

is_jdk21() { # is $1 a JDK (with javac) of version 21 or newer?
  local major
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 1
  major=$(jdk_major "$1")
  [ -n "$major" ] && [ "$major" -ge 21 ]
}

# Sets JAVA_HOME to a JDK 21 or newer: $JAVA_HOME if it is one, else the newest among the java on PATH and
# the JDKs under the usual directories. One clear line and exit 1 if there is none.
find_jdk() {
  local c major best="" best_major=0
  if [ -n "${JAVA_HOME:-}" ] && is_jdk21 "$JAVA_HOME"; then
    best="$JAVA_HOME"
  else
    for c in "$(dirname "$(dirname "$(readlink -f "$(command -v java || echo /nonexistent)")")")" \
             /usr/lib/jvm/* /opt/java/* /opt/jdk* "$HOME"/.sdkman/candidates/java/*; do
      is_jdk21 "$c" || continue
      major=$(jdk_major "$c")
      if [ "$major" -gt "$best_major" ]; then best="$c"; best_major=$major; fi
    done
  fi
  if [ -z "$best" ]; then
    echo "ormbench: no JDK 21 or newer found (looked at JAVA_HOME, java on PATH, /usr/lib/jvm); install one and set JAVA_HOME" >&2
    exit 1
  fi
  export JAVA_HOME="$best"
  export PATH="$JAVA_HOME/bin:$PATH"
}

# JVM flags for the launcher: on JDK 23+ JMH's use of sun.misc.Unsafe warns on every JVM start.
java_flags() {
  local major
  major=$(jdk_major "$JAVA_HOME")
  if [ "$major" -ge 23 ]; then echo "--sun-misc-unsafe-memory-access=allow"; fi
}

# Maven's own JVM: on JDK 23+ its bundled Guava warns about sun.misc.Unsafe on every start. Its console library
# also writes colour resets even in batch mode (-B): jansi.noreset keeps them out of piped logs.
maven_quiet() {
  export MAVEN_OPTS="${MAVEN_OPTS:-} $(java_flags) -Djansi.noreset=true"
}

# Maven in batch mode, plain text: no colours, no download progress.
MVN_FLAGS=(-B --no-transfer-progress -Dstyle.color=never)

# The Hibernate line to build and run: ORMBENCH_HIBERNATE (a hibernate-core version, e.g. 6.6.13.Final), else the
# pom's default (7.x).
hibernate_version() {
  if [ -n "${ORMBENCH_HIBERNATE:-}" ]; then echo "$ORMBENCH_HIBERNATE"; return; fi
  sed -n 's:.*<hibernate.version>\(.*\)</hibernate.version>.*:\1:p' "$ROOT/pom.xml" | head -n 1
}

# Builds benchmarks.jar when it is missing, a source (code, fixtures, pom files) is newer, or it was built with
# another Hibernate than hibernate_version (the build writes the manifest of the hibernate-core it shaded in beside
# the jar); else nothing, in milliseconds: the shade of the jar alone takes seconds.
build_jar() {
  local jar="$ROOT/benchmarks/target/benchmarks.jar" want built
  want=$(hibernate_version)
  # No jar built yet (a fresh clone): no marker, so nothing is reused. (|| true: under set -e and pipefail a
  # missing file would otherwise end the calling script without a word.)
  built=$(sed -n 's/^Implementation-Version: *\([^[:space:]]*\).*/\1/p' \
    "$ROOT/benchmarks/target/benchmarks.jar.hibernate/META-INF/MANIFEST.MF" 2>/dev/null | head -n 1 || true)
  if [ -f "$jar" ] && [ "$built" = "$want" ] && [ -z "$(find "$ROOT/benchmarks/src" "$ROOT/fixtures" "$ROOT/pom.xml" \
        "$ROOT/benchmarks/pom.xml" "$ROOT/.mvn" -newer "$jar" -print -quit 2>/dev/null)" ]; then
    return 0
  fi
  maven_quiet
  (cd "$ROOT" && mvn "${MVN_FLAGS[@]}" -q -DskipTests "-Dhibernate.version=$want" package) \
    || { echo "ormbench: build failed (mvn -DskipTests -Dhibernate.version=$want package)" >&2; exit 1; }
}

# The Testcontainers path (a Docker engine answers): the launcher removes its container itself at the end of a
# run, after a failure and on Ctrl-C, so Ryuk (an image pulled from a registry) is not needed.
export TESTCONTAINERS_RYUK_DISABLED="${TESTCONTAINERS_RYUK_DISABLED:-true}"
