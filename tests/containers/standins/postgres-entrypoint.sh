#!/usr/bin/env bash
# Entry point of the PostgreSQL stand-in (see postgres.Dockerfile): on a first start with an empty data
# directory it creates the cluster with POSTGRES_USER (default postgres) and POSTGRES_PASSWORD (required unless
# POSTGRES_HOST_AUTH_METHOD=trust) and the database POSTGRES_DB (default: the user's name), with the server
# reachable only through its socket until then; it then runs the server as the postgres user.
set -Eeuo pipefail

if [ "${1:0:1}" = '-' ]; then
    set -- postgres "$@"
fi

if [ "$1" != postgres ]; then
    exec "$@"
fi

if [ "$(id -u)" = 0 ]; then
    mkdir -p "$PGDATA"
    chown postgres:postgres "$PGDATA"
    chmod 700 "$PGDATA"
    exec setpriv --reuid=postgres --regid=postgres --init-groups "${BASH_SOURCE[0]}" "$@"
fi

if [ ! -s "$PGDATA/PG_VERSION" ]; then
    POSTGRES_USER=${POSTGRES_USER:-postgres}
    POSTGRES_DB=${POSTGRES_DB:-$POSTGRES_USER}
    auth=${POSTGRES_HOST_AUTH_METHOD:-scram-sha-256}
    if [ -z "${POSTGRES_PASSWORD:-}" ] && [ "$auth" != trust ]; then
        cat >&2 <<'MESSAGE'
Error: Database is uninitialized and superuser password is not specified.
       You must specify POSTGRES_PASSWORD to a non-empty value for the superuser.
       For example, "-e POSTGRES_PASSWORD=password" on "docker run".
MESSAGE
        exit 1
    fi

    initdb --username="$POSTGRES_USER" --pwfile=<(printf '%s\n' "${POSTGRES_PASSWORD:-}") \
        --auth-local=trust --auth-host="$auth" ${POSTGRES_INITDB_ARGS:-}
    printf '\nhost all all all %s\n' "$auth" >> "$PGDATA/pg_hba.conf"

    # Until the database exists the server answers on its socket only, so a TCP readiness probe
    # (pg_isready --host localhost) cannot report ready too early.
    pg_ctl -D "$PGDATA" -o "-c listen_addresses=''" -w start
    if [ "$POSTGRES_DB" != postgres ]; then
        psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres --no-psqlrc \
            --set db="$POSTGRES_DB" <<'SQL'
CREATE DATABASE :"db";
SQL
    fi
    for script in /docker-entrypoint-initdb.d/*; do
        case "$script" in
            *.sql) psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" --no-psqlrc -f "$script" ;;
            *.sh) . "$script" ;;
        esac
    done
    pg_ctl -D "$PGDATA" -m fast -w stop
    echo 'PostgreSQL init process complete; ready for start up.'
fi

exec "$@"
