# Shared by the scripts: find a JDK 21+ and the repository root. Source it, do not run it.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

java_major() { # prints the major version of the java binary $1, or nothing
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p' | head -n 1
}

is_jdk21() { # is $1 a JDK (with javac) of version 21 or newer?
  local major
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 1
  major=$(java_major "$1/bin/java")
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
      major=$(java_major "$c/bin/java")
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
  major=$(java_major "$JAVA_HOME/bin/java")
  if [ "$major" -ge 23 ]; then echo "--sun-misc-unsafe-memory-access=allow"; fi
}

# Maven's own JVM: on JDK 23+ its bundled Guava warns about sun.misc.Unsafe on every start.
maven_quiet() {
  export MAVEN_OPTS="${MAVEN_OPTS:-} $(java_flags)"
}

build_jar() {
  maven_quiet
  (cd "$ROOT" && mvn -B -q -DskipTests package) || { echo "ormbench: build failed (mvn -DskipTests package)" >&2; exit 1; }
}
