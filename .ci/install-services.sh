#!/usr/bin/env bash
# Services the tests need, from Debian's packages: Java (Spark local mode) and a PostgreSQL server
# on 127.0.0.1:5432 with a role and database for the tests. Idempotent and quiet: safe to run twice.
# The tests find the server through MARSAD_TEST_POSTGRES (default below).
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive

missing=()
command -v java >/dev/null 2>&1 || missing+=(default-jre-headless)
command -v pg_ctlcluster >/dev/null 2>&1 && ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 \
  || missing+=(postgresql)
if ((${#missing[@]})); then
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

version=$(ls /usr/lib/postgresql | sort -n | tail -1)
if ! pg_lsclusters -h | awk '{print $1, $2}' | grep -qx "$version main"; then
  pg_createcluster --port 5432 "$version" main >/dev/null
fi
if ! pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" {print $4}' | grep -q online; then
  pg_ctlcluster "$version" main start
fi
for _ in $(seq 1 30); do
  runuser -u postgres -- pg_isready -q -h 127.0.0.1 -p 5432 && break
  sleep 1
done

psql_admin() { runuser -u postgres -- psql -q -v ON_ERROR_STOP=1 -p 5432 -d postgres "$@"; }
if [ "$(psql_admin -tAc "SELECT 1 FROM pg_roles WHERE rolname = 'marsad'")" != 1 ]; then
  psql_admin -c "CREATE ROLE marsad LOGIN PASSWORD 'marsad' CREATEDB"
fi
if [ "$(psql_admin -tAc "SELECT 1 FROM pg_database WHERE datname = 'marsad_test'")" != 1 ]; then
  psql_admin -c "CREATE DATABASE marsad_test OWNER marsad ENCODING 'UTF8' TEMPLATE template0"
fi
