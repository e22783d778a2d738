# Stand-in for the official postgres images (postgres:15.18-bookworm in docker-compose.yml, postgres:15-alpine for
# Testcontainers), built by tests/containers/prepare.sh only where no registry serves them. It behaves like them
# where ClbWorker and Testcontainers rely on it: POSTGRES_USER / POSTGRES_PASSWORD / POSTGRES_DB on first start, the
# data directory /var/lib/postgresql/data (a volume), password logins from any address, a first start that
# listens on TCP only once the database exists, pg_isready on PATH, the user postgres (uid 999), SIGINT to stop.
# Unlike them: Debian bookworm's PostgreSQL 15 (whatever point release the archive has), and no
# /docker-entrypoint-initdb.d scripts beyond *.sql and *.sh.
ARG BASE
FROM ${BASE}
RUN set -eu; \
    groupadd --system --gid 999 postgres; \
    useradd --system --uid 999 --gid 999 --home-dir /var/lib/postgresql --shell /bin/bash postgres; \
    mkdir -p /etc/postgresql-common/createcluster.d /var/lib/postgresql; \
    echo 'create_main_cluster = false' > /etc/postgresql-common/createcluster.d/no-main-cluster.conf; \
    apt-get update; \
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postgresql-15; \
    rm -rf /var/lib/apt/lists/*; \
    sed -ri "s!^#?(listen_addresses)\s*=\s*\S+.*!\1 = '*'!" /usr/share/postgresql/15/postgresql.conf.sample; \
    mkdir -p /var/run/postgresql /var/lib/postgresql/data /docker-entrypoint-initdb.d; \
    chown -R postgres:postgres /var/run/postgresql /var/lib/postgresql; \
    chmod 3777 /var/run/postgresql; \
    chmod 1777 /var/lib/postgresql/data
# initdb takes its encoding from the locale: UTF8, as in the official images (which set en_US.utf8).
ENV LANG=C.UTF-8 \
    PG_MAJOR=15 \
    PATH=/usr/lib/postgresql/15/bin:$PATH \
    PGDATA=/var/lib/postgresql/data
COPY postgres-entrypoint.sh /usr/local/bin/docker-entrypoint.sh
VOLUME /var/lib/postgresql/data
ENTRYPOINT ["docker-entrypoint.sh"]
STOPSIGNAL SIGINT
EXPOSE 5432
CMD ["postgres"]
