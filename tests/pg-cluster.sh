#!/usr/bin/env bash
# A throw-away PostgreSQL cluster for the tests (Debian's `postgresql` package; `make test`
# installs it when missing). One implementation for the Rust tests and the end-to-end tests.
#
#   tests/pg-cluster.sh start DIR   initdb in DIR/data, start on 127.0.0.1 and a free port with
#                                   its socket in DIR; prints the port. The superuser is
#                                   `postgres` with password `operator-secret` (scram), and a
#                                   database `haven` is made.
#   tests/pg-cluster.sh resume DIR  starts a stopped cluster of DIR again, on the same port.
#   tests/pg-cluster.sh stop DIR    stops it (fast shutdown: a checkpoint first, so every page
#                                   is on disk for a scan of DIR/data).
#
# initdb refuses to run as root: as root, the cluster runs as the `postgres` user the package
# created, and DIR is handed to it.
set -euo pipefail

cmd=${1:?start, resume or stop}
dir=${2:?a directory}

bindir=""
for d in /usr/lib/postgresql/*/bin; do
	[ -x "$d/initdb" ] && bindir=$d
done
if [ -z "$bindir" ]; then
	bindir=$(dirname "$(command -v initdb 2>/dev/null || echo /nonexistent/initdb)")
fi
if [ ! -x "$bindir/initdb" ]; then
	echo "pg-cluster: PostgreSQL's initdb was not found: install Debian's postgresql package (make test does)" >&2
	exit 1
fi

as_owner() {
	if [ "$(id -u)" = 0 ]; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}

case "$cmd" in
start)
	mkdir -p "$dir"
	if [ "$(id -u)" = 0 ]; then chown postgres: "$dir"; fi
	pwfile="$dir/pwfile"
	echo operator-secret >"$pwfile"
	if [ "$(id -u)" = 0 ]; then chown postgres: "$pwfile"; fi
	as_owner "$bindir/initdb" -D "$dir/data" -U postgres --pwfile="$pwfile" \
		--auth-local=scram-sha-256 --auth-host=scram-sha-256 -E UTF8 --no-locale >"$dir/initdb.log" 2>&1 || {
		cat "$dir/initdb.log" >&2
		exit 1
	}
	rm -f "$pwfile"
	port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
	as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
		-o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null || {
		cat "$dir/server.log" >&2
		exit 1
	}
	echo "$port" >"$dir/port"
	PGPASSWORD=operator-secret "$bindir/psql" -q -h 127.0.0.1 -p "$port" -U postgres -d postgres \
		-c 'CREATE DATABASE haven' >/dev/null
	echo "$port"
	;;
resume)
	port=$(cat "$dir/port")
	as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
		-o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null || {
		cat "$dir/server.log" >&2
		exit 1
	}
	;;
stop)
	if [ -f "$dir/data/postmaster.pid" ]; then
		as_owner "$bindir/pg_ctl" -D "$dir/data" -m fast -w -t 60 stop >/dev/null 2>&1 || true
	fi
	;;
*)
	echo "pg-cluster: start, resume or stop" >&2
	exit 2
	;;
esac
