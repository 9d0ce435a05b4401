#!/usr/bin/env bash
# Builds a PostgreSQL image from Debian's own packages, for a Docker engine that cannot pull from a registry
# (offline, behind a proxy, CI without registry access). The image behaves like the official `postgres` one where
# the suite (and Testcontainers) relies on it: POSTGRES_USER, POSTGRES_PASSWORD, POSTGRES_DB,
# POSTGRES_HOST_AUTH_METHOD and POSTGRES_INITDB_ARGS, extra `postgres -c name=value` arguments, and the
# "database system is ready to accept connections" line once the server takes connections.
#
#   sudo scripts/postgres-image.sh [IMAGE]      # default ormbench/postgres:<major>-<Debian release>
#   ORMBENCH_IMAGE=<the printed name> scripts/bench.sh ...
#
# Needs root, debootstrap and a Docker engine (DOCKER_HOST is honoured). The Debian mirror is the one apt is
# configured with (/etc/apt/sources.list, /etc/apt/sources.list.d/); ORMBENCH_DEBIAN_MIRROR and
# ORMBENCH_DEBIAN_RELEASE override it and this machine's release. The root file system is cached as a tar in
# ORMBENCH_IMAGE_CACHE (default ~/.cache/ormbench-image), keyed by this script's content, so a rebuild after
# `docker image rm` skips debootstrap; an image already built from this very script is reused as it is.
# Prints the image name as its last line.
set -euo pipefail

fail() { echo "ormbench: postgres-image: $*" >&2; exit 2; }

[ "$(id -u)" -eq 0 ] || fail "debootstrap needs root: run it with sudo"
command -v debootstrap >/dev/null || fail "debootstrap is not installed (apt-get install debootstrap)"
command -v docker >/dev/null || fail "the docker client is not installed (apt-get install docker.io)"
docker version --format '{{.Server.Version}}' >/dev/null 2>&1 \
  || fail "no Docker engine answers${DOCKER_HOST:+ at DOCKER_HOST=$DOCKER_HOST}"

# The Debian mirror apt uses: the first "deb" source of this release (not its -security or -updates suite),
# from one-line .list files or deb822 .sources files.
apt_mirror() {
  local release="$1" f
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -f "$f" ] || continue
    awk -v r="$release" '$1 == "deb" { sub(/\[[^]]*\]/, ""); if ($3 == r) { print $2; exit } }' "$f"
  done
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    # deb822: blank-line separated stanzas with Types:, URIs: and Suites: fields.
    awk -v r="$release" 'BEGIN { RS = ""; FS = "\n" }
      { types = uris = suites = ""
        for (i = 1; i <= NF; i++) {
          if ($i ~ /^Types:/) types = $i; else if ($i ~ /^URIs:/) uris = $i; else if ($i ~ /^Suites:/) suites = $i
        }
        if (types ~ /(^|[ \t])deb([ \t]|$)/ && (" " suites " ") ~ (" " r " ")) { split(uris, u, /[ \t]+/); print u[2]; exit } }' "$f"
  done
}

release="${ORMBENCH_DEBIAN_RELEASE:-$(. /etc/os-release 2>/dev/null && echo "${VERSION_CODENAME:-}")}"
[ -n "$release" ] || fail "cannot tell this machine's Debian release from /etc/os-release: set ORMBENCH_DEBIAN_RELEASE"
mirror="${ORMBENCH_DEBIAN_MIRROR:-$(apt_mirror "$release" | head -n 1)}"
[ -n "$mirror" ] || fail "no Debian mirror for '$release' in apt's sources: set ORMBENCH_DEBIAN_MIRROR"

recipe=$(sha256sum "${BASH_SOURCE[0]}" | cut -c1-12)-$release
# An image from this very recipe is reused, under the name asked for.
existing=$(docker images --filter "label=dev.ormbench.recipe=$recipe" --format '{{.Repository}}:{{.Tag}}' | head -n 1)
if [ -n "$existing" ] && [ "$existing" != "<none>:<none>" ]; then
  if [ -n "${1:-}" ] && [ "$1" != "$existing" ]; then docker tag "$existing" "$1"; existing="$1"; fi
  echo "ormbench: postgres-image: $existing is already built from this recipe" >&2
  echo "$existing"
  exit 0
fi

cache="${ORMBENCH_IMAGE_CACHE:-$HOME/.cache/ormbench-image}"
tarball="$cache/rootfs-$recipe.tar"
work=$(mktemp -d /tmp/ormbench-image.XXXXXX)
trap 'rm -rf "$work"' EXIT

if [ ! -s "$tarball" ]; then
  echo "ormbench: postgres-image: debootstrap $release from $mirror (about a minute)" >&2
  root="$work/root"
  debootstrap --variant=minbase --include=postgresql "$release" "$root" "$mirror" >"$work/debootstrap.log" 2>&1 \
    || { tail -n 20 "$work/debootstrap.log" >&2; fail "debootstrap failed (log above)"; }
  # The package's own cluster and the download cache: the entrypoint makes its cluster from the environment.
  rm -rf "$root"/var/lib/postgresql/* "$root"/etc/postgresql/* "$root"/var/cache/apt/archives/*.deb \
         "$root"/var/lib/apt/lists/* "$root"/usr/share/doc/* "$root"/usr/share/man/*
  major=$(ls "$root/usr/lib/postgresql" | sort -n | tail -n 1)
  [ -x "$root/usr/lib/postgresql/$major/bin/postgres" ] || fail "no PostgreSQL server in the $release packages"
  echo "$major" > "$root/etc/ormbench-postgres-major"
  cat > "$root/usr/local/bin/docker-entrypoint.sh" <<'ENTRYPOINT'
#!/bin/sh
# Like the official postgres image: initialise PGDATA from POSTGRES_* on first start (with a temporary server
# on the Unix socket only, as that image does), then run `postgres "$@"` as the postgres user.
set -eu
PATH="/usr/lib/postgresql/$(cat /etc/ormbench-postgres-major)/bin:$PATH"
export PATH
case "${1:-postgres}" in -*) set -- postgres "$@" ;; esac
[ $# -gt 0 ] || set -- postgres
if [ "$1" != postgres ]; then exec "$@"; fi
if [ "$(id -u)" = 0 ]; then
  mkdir -p "$PGDATA" /var/run/postgresql
  chown -R postgres:postgres "$PGDATA" /var/run/postgresql
  chmod 700 "$PGDATA"
  exec setpriv --reuid=postgres --regid=postgres --init-groups "$0" "$@"
fi
user="${POSTGRES_USER:-postgres}"
db="${POSTGRES_DB:-$user}"
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  auth="${POSTGRES_HOST_AUTH_METHOD:-}"
  if [ -z "$auth" ]; then
    [ -n "${POSTGRES_PASSWORD:-}" ] || { echo "set POSTGRES_PASSWORD, or POSTGRES_HOST_AUTH_METHOD=trust" >&2; exit 1; }
    auth=scram-sha-256
  fi
  pwfile=$(mktemp)
  printf '%s\n' "${POSTGRES_PASSWORD:-}" > "$pwfile"
  # shellcheck disable=SC2086
  initdb --username="$user" --pwfile="$pwfile" --encoding=UTF8 --locale=C.UTF-8 ${POSTGRES_INITDB_ARGS:-} -D "$PGDATA" >/dev/null
  rm -f "$pwfile"
  echo "listen_addresses = '*'" >> "$PGDATA/postgresql.conf"
  printf 'local all all trust\nhost all all 127.0.0.1/32 trust\nhost all all ::1/128 trust\nhost all all all %s\n' "$auth" > "$PGDATA/pg_hba.conf"
  pg_ctl -D "$PGDATA" -o "-c listen_addresses=''" -w start
  if [ "$db" != postgres ]; then
    psql -v ON_ERROR_STOP=1 --username "$user" --dbname postgres -qc "CREATE DATABASE \"$db\""
  fi
  pg_ctl -D "$PGDATA" -m fast -w stop
fi
exec "$@"
ENTRYPOINT
  chmod 755 "$root/usr/local/bin/docker-entrypoint.sh"
  mkdir -p "$cache"
  tar -C "$root" -cf "$tarball.part" . && mv "$tarball.part" "$tarball"
fi

major=$(tar -xOf "$tarball" ./etc/ormbench-postgres-major)
image="${1:-ormbench/postgres:$major-$release}"
docker import \
  --change "ENV PGDATA=/var/lib/postgresql/data" \
  --change "ENV LANG=C.UTF-8" \
  --change "LABEL dev.ormbench.recipe=$recipe" \
  --change "EXPOSE 5432" \
  --change 'ENTRYPOINT ["/usr/local/bin/docker-entrypoint.sh"]' \
  --change 'CMD ["postgres"]' \
  - "$image" < "$tarball" >/dev/null
echo "ormbench: postgres-image: built $image (PostgreSQL $major from Debian $release)" >&2
echo "$image"
