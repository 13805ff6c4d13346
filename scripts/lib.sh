# lib.sh — shared helpers of odoo-release's scripts (sourced, not run).
# bump the revision when the recipe below changes: machines rebuild instead of reusing a stale image
BASE_IMAGE=${ODOO_RELEASE_BASE_IMAGE:-odoo-release/base:bookworm-r2}
CACHE_DIR=${ODOO_RELEASE_CACHE:-$HOME/.cache/odoo-release}
STATE_DIR=${ODOO_RELEASE_STATE:-/var/lib/odoo-release}

step() { printf '\n==> %s\n' "$*" >&2; }
ok()   { printf '    ok: %s\n' "$*" >&2; }
warn() { printf '    warning: %s\n' "$*" >&2; }
die()  { printf 'error: %s\n' "$*" >&2; exit 1; }

have_jdk17() {
  command -v javac >/dev/null || return 1
  local v; v=$(javac -version 2>&1 | awk '{print $2}' | cut -d. -f1)
  [ "${v:-0}" -ge 17 ]
}

LIB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

# The host programs the build, engine, tests and demo run: "program package where why" lines of host-requirements.
requirements() { grep -v -E '^[[:space:]]*(#|$)' "$LIB_DIR/host-requirements"; }

# Whether a required program is there: on the PATH, or ("pgbin") in the newest PostgreSQL bin directory.
have_program() {
  local program=$1 where=$2 d
  [ "$program" = javac ] && { have_jdk17; return; }
  case "$where" in
    pgbin) d=$(pg_bindir 2>/dev/null) && [ -x "$d/$program" ] ;;
    *) command -v "$program" >/dev/null 2>&1 ;;
  esac
}

# Packages only the Docker part needs (skipped with --no-docker).
docker_package() { case "$1" in docker.io|debootstrap|docker-registry) return 0 ;; *) return 1 ;; esac; }

# The newest PostgreSQL server bin directory (initdb + pg_ctl), found, not hard-coded.
pg_bindir() {
  local d
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k4,4 -n -r); do
    [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && { echo "$d"; return 0; }
  done
  return 1
}

apt_updated=0
apt_install() {
  [ $# -gt 0 ] || return 0
  if [ "$(id -u)" != 0 ]; then
    die "missing Debian packages: $*. Install them (sudo apt-get install -y $*) and run this again."
  fi
  if [ $apt_updated = 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null || die "apt-get update failed: are Debian's package mirrors reachable?"
    apt_updated=1
  fi
  echo "    installing: $*" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/tmp/odoo-release-apt.log 2>&1 \
    || { tail -20 /tmp/odoo-release-apt.log >&2; die "apt-get install $* failed (log above)"; }
}

docker_answers() { timeout 10 docker info >/dev/null 2>&1; }

start_dockerd() {
  if docker_answers; then return 0; fi
  [ "$(id -u)" = 0 ] || die "no Docker engine answers and we are not root to start one: start dockerd (or set DOCKER_HOST) and run again."
  command -v dockerd >/dev/null || die "dockerd is missing: apt-get install docker.io"
  mkdir -p "$STATE_DIR"
  echo "    starting dockerd --storage-driver=vfs (log: $STATE_DIR/dockerd.log)" >&2
  # setsid: the engine outlives this script (CI steps and later test runs reuse it)
  setsid nohup dockerd --storage-driver=vfs >"$STATE_DIR/dockerd.log" 2>&1 < /dev/null &
  local i
  for i in $(seq 1 60); do
    docker_answers && return 0
    sleep 1
  done
  tail -20 "$STATE_DIR/dockerd.log" >&2
  die "dockerd did not answer within 60 s (log above)"
}

# The Debian mirror this machine's apt uses (so nothing here names a host of its own).
debian_mirror() {
  local u
  u=$(grep -h -E '^\s*URIs:' /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '{print $2}' | grep -v security | head -1)
  [ -n "$u" ] || u=$(grep -h -E '^\s*deb\s' /etc/apt/sources.list 2>/dev/null | grep -v security | awk '{print $2}' | head -1)
  [ -n "$u" ] || die "cannot find a Debian mirror in /etc/apt/sources.list*: set DEBIAN_MIRROR"
  echo "$u"
}

ensure_base_image() {
  if docker image inspect "$BASE_IMAGE" >/dev/null 2>&1; then return 0; fi
  mkdir -p "$CACHE_DIR"
  local tarball="$CACHE_DIR/${BASE_IMAGE##*:}-rootfs.tar"
  if [ ! -s "$tarball" ]; then
    command -v debootstrap >/dev/null || die "debootstrap is missing: apt-get install debootstrap"
    local root; root=$(mktemp -d "$CACHE_DIR/rootfs.XXXXXX")
    local mirror=${DEBIAN_MIRROR:-$(debian_mirror)}
    echo "    debootstrap --variant=minbase bookworm (python3, python3-psycopg2), about a minute" >&2
    local t0=$SECONDS
    debootstrap --variant=minbase --include=python3,python3-psycopg2,ca-certificates \
        bookworm "$root" "$mirror" >"$CACHE_DIR/debootstrap.log" 2>&1 \
      || { tail -20 "$CACHE_DIR/debootstrap.log" >&2; rm -rf "$root"; die "debootstrap failed (log above)"; }
    # mktemp made the root 0700: a non-root container user (Odoo runs as uid 101) could not reach /
    chmod 755 "$root"
    # keep the image small: no apt lists, docs or caches
    rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/* "$root"/usr/share/doc/* "$root"/usr/share/man/* "$root"/usr/share/locale/*
    tar -C "$root" -cf "$tarball.tmp" . && mv "$tarball.tmp" "$tarball"
    rm -rf "$root"
    echo "    rootfs built in $((SECONDS - t0)) s, cached at $tarball" >&2
  else
    echo "    importing cached rootfs $tarball" >&2
  fi
  docker import -c 'CMD ["/bin/bash"]' "$tarball" "$BASE_IMAGE" >/dev/null || die "docker import of $tarball failed"
}
