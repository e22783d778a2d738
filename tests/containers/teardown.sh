#!/usr/bin/env bash
# Undoes what a CI run started for the container tests (tests/containers/prepare.sh STATE_DIR):
#
#   tests/containers/teardown.sh STATE_DIR
#
# Removes the containers, networks and volumes that the compose tests (projects named clbworker-compose-*) and
# Testcontainers (label org.testcontainers) left behind, and, when prepare.sh started dockerd, stops it and
# removes its bridge. An engine that was already running is left running, with everything else on it.
# Images and the build cache stay: they are what makes the next run on this machine warm.
set -uo pipefail

state=${1:?usage: teardown.sh STATE_DIR (the folder prepare.sh was given)}
say() { printf '[containers] %s\n' "$*"; }

if [ -f "$state/dockerd.pid" ]; then
    started=$(cat "$state/dockerd.pid")
fi

if timeout 10 docker info > /dev/null 2>&1; then
    label='{{.Label "com.docker.compose.project"}}'
    projects=$( { docker ps -a --format "$label"; docker network ls --format "$label"; docker volume ls --format "$label"; } \
        | grep -E '^clbworker-compose-' | sort -u || true)
    for project in $projects; do
        say "removing what compose project $project left"
        docker ps -aq --filter "label=com.docker.compose.project=$project" | xargs -r docker rm -f > /dev/null
        docker network ls -q --filter "label=com.docker.compose.project=$project" | xargs -r docker network rm > /dev/null
        docker volume ls -q --filter "label=com.docker.compose.project=$project" | xargs -r docker volume rm > /dev/null
    done
    left=$(docker ps -aq --filter label=org.testcontainers=true)
    if [ -n "$left" ]; then
        say "removing $(echo "$left" | wc -l) container(s) Testcontainers left"
        echo "$left" | xargs -r docker rm -f -v > /dev/null
    fi
    docker network ls -q --filter label=org.testcontainers=true | xargs -r docker network rm > /dev/null 2>&1
fi

if [ -n "${started:-}" ] && kill -0 "$started" 2> /dev/null; then
    say "stopping the dockerd that prepare.sh started (pid $started)"
    kill -TERM "$started"
    for _ in $(seq 1 30); do kill -0 "$started" 2> /dev/null || break; sleep 1; done
    if kill -0 "$started" 2> /dev/null; then
        say "dockerd did not stop within 30 s of SIGTERM; killing it"
        kill -KILL "$started"
    fi
    ip link delete docker0 2> /dev/null || true
    rm -f "$state/dockerd.pid"
fi
exit 0
