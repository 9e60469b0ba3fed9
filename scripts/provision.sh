#!/usr/bin/env bash
# Installs what ssot needs on a Debian/Ubuntu machine, and nothing else.
#
#   scripts/provision.sh          install what is missing (root), a no-op when all is there
#   scripts/provision.sh --check  report what is missing, exit 1 if anything is
#
# Needs: PostgreSQL 15 server (preinstalled), pg_cron, pgTAP (+ pg_prove), the server headers,
# plpgsql_check (`ssot check` runs it over every function; Supabase ships it too), Chromium (the
# browser `ssot report` is tested in), and pgvector. pgvector is not packaged for Debian 12, so it is built from the `pgvector`
# source package of the next Debian suite, fetched through a private apt configuration that
# reuses the mirror URIs of this machine's own apt sources (the system's suites stay untouched).
set -euo pipefail

PG_MAJOR="${SSOT_PG_MAJOR:-15}"
PG_BIN="/usr/lib/postgresql/${PG_MAJOR}/bin"
PG_SHARE="/usr/share/postgresql/${PG_MAJOR}"
PG_LIB="/usr/lib/postgresql/${PG_MAJOR}/lib"
PGVECTOR_SUITE="${SSOT_PGVECTOR_SUITE:-trixie}"
CACHE_DIR="${SSOT_PROVISION_CACHE:-/var/cache/ssot-provision}"
mode="${1:-install}"

say() { printf 'provision: %s\n' "$*" >&2; }

# name | test | apt package ("" = built from source) | how to get it by hand
need=()
check() {
  need=()
  [ -x "$PG_BIN/postgres" ]                      || need+=("postgresql-${PG_MAJOR}")
  [ -f "$PG_LIB/pg_cron.so" ]                    || need+=("postgresql-${PG_MAJOR}-cron")
  [ -f "$PG_SHARE/extension/pgtap.control" ]     || need+=("postgresql-${PG_MAJOR}-pgtap")
  command -v pg_prove >/dev/null 2>&1            || need+=("pgtap")
  [ -f "$PG_LIB/pgxs/src/makefiles/pgxs.mk" ]    || need+=("postgresql-server-dev-${PG_MAJOR}")
  [ -f "$PG_SHARE/extension/plpgsql_check.control" ] || need+=("postgresql-${PG_MAJOR}-plpgsql-check")
  command -v chromium >/dev/null 2>&1            || need+=("chromium")
  [ -f "$PG_SHARE/extension/vector.control" ]    || need+=("pgvector")
}

explain() {
  say "missing: ${need[*]}"
  cat >&2 <<TXT
provision: ssot needs PostgreSQL ${PG_MAJOR} with pg_cron, pgTAP (pg_prove), plpgsql_check and pgvector, and Chromium.
provision: on Debian/Ubuntu run this script as root:  sudo bash scripts/provision.sh
provision:   (apt-get install postgresql-${PG_MAJOR} postgresql-${PG_MAJOR}-cron postgresql-${PG_MAJOR}-pgtap pgtap
provision:    postgresql-${PG_MAJOR}-plpgsql-check chromium postgresql-server-dev-${PG_MAJOR},
provision:    and postgresql-${PG_MAJOR}-pgvector where your distribution has it)
provision: elsewhere, with Docker: docker compose up -d, then set DATABASE_URL and ROOT_DATABASE_URL
provision:   as shown in docker-compose.yml (the supabase/postgres image has every extension).
TXT
}

check
if [ ${#need[@]} -eq 0 ]; then
  [ "$mode" = "--check" ] && say "everything is installed"
  exit 0
fi
if [ "$mode" = "--check" ]; then explain; exit 1; fi
if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null 2>&1; then
  [ "$(id -u)" != "0" ] && say "not root: cannot install"
  command -v apt-get >/dev/null 2>&1 || say "no apt-get: not a Debian/Ubuntu machine"
  explain; exit 1
fi

export DEBIAN_FRONTEND=noninteractive
apt_pkgs=()
for p in "${need[@]}"; do [ "$p" != "pgvector" ] && apt_pkgs+=("$p"); done
build_vector=0
for p in "${need[@]}"; do [ "$p" = "pgvector" ] && build_vector=1; done

if [ $build_vector = 1 ] && apt-cache show "postgresql-${PG_MAJOR}-pgvector" >/dev/null 2>&1; then
  apt_pkgs+=("postgresql-${PG_MAJOR}-pgvector"); build_vector=0
fi
if [ $build_vector = 1 ]; then
  for p in "postgresql-server-dev-${PG_MAJOR}" dpkg-dev make gcc; do
    case " ${apt_pkgs[*]} " in *" $p "*) ;; *) dpkg -s "$p" >/dev/null 2>&1 || apt_pkgs+=("$p");; esac
  done
fi

if [ ${#apt_pkgs[@]} -gt 0 ]; then
  say "apt-get update"
  apt-get update -qq
  # the preferred packaged pgvector may only be visible after the update
  if [ $build_vector = 1 ] && apt-cache show "postgresql-${PG_MAJOR}-pgvector" >/dev/null 2>&1; then
    apt_pkgs+=("postgresql-${PG_MAJOR}-pgvector"); build_vector=0
  fi
  say "installing ${apt_pkgs[*]}"
  apt-get install -y -qq --no-install-recommends "${apt_pkgs[@]}" >/dev/null
fi

mirror_uris() {
  # The URIs of the machine's own Debian sources (deb822 and one-line formats), security excluded.
  local files
  files=$(ls /etc/apt/sources.list /etc/apt/sources.list.d/*.sources /etc/apt/sources.list.d/*.list 2>/dev/null || true)
  [ -n "$files" ] || return 0
  # shellcheck disable=SC2086
  awk '/^URIs:/ { for (i = 2; i <= NF; i++) print $i }
       /^[[:space:]]*deb(-src)?[[:space:]]/ { sub(/\[[^]]*\]/, ""); print $2 }' $files \
    | awk '/\/debian\/?$/ && !/security/ && !seen[$0]++'
}

if [ $build_vector = 1 ]; then
  uris=$(mirror_uris)
  if [ -z "$uris" ]; then
    say "no Debian mirror URI found in /etc/apt/sources* to fetch the pgvector source package from"
    explain; exit 1
  fi
  keyring=/usr/share/keyrings/debian-archive-keyring.gpg
  work="$CACHE_DIR/pgvector"
  rm -rf "$work"; mkdir -p "$work/sources.list.d" "$work/lists/partial" "$work/src"
  {
    printf 'Types: deb-src\nURIs: %s\nSuites: %s\nComponents: main\n' "$(echo $uris)" "$PGVECTOR_SUITE"
    [ -f "$keyring" ] && printf 'Signed-By: %s\n' "$keyring"
  } > "$work/sources.list.d/ssot-pgvector.sources"
  aptopts=(-o "Dir::Etc::SourceList=/dev/null" -o "Dir::Etc::SourceParts=$work/sources.list.d"
           -o "Dir::State::Lists=$work/lists" -o "APT::Sandbox::User=root")
  say "fetching the pgvector source package ($PGVECTOR_SUITE)"
  apt-get "${aptopts[@]}" update -qq
  (cd "$work/src" && apt-get "${aptopts[@]}" source -qq pgvector >/dev/null)
  srcdir=$(find "$work/src" -maxdepth 1 -mindepth 1 -type d -name 'pgvector-*' | head -1)
  [ -n "$srcdir" ] || { say "apt-get source pgvector gave no source tree"; exit 1; }
  say "building pgvector in $srcdir"
  make -s -C "$srcdir" PG_CONFIG="$PG_BIN/pg_config" OPTFLAGS="" >/dev/null
  make -s -C "$srcdir" PG_CONFIG="$PG_BIN/pg_config" install >/dev/null
fi

check
if [ ${#need[@]} -gt 0 ]; then say "still missing after install: ${need[*]}"; exit 1; fi
say "done"
