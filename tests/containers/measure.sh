#!/usr/bin/env bash
# Image facts of ClbWorker's containers, measured: image sizes, cold start to /readyz Healthy, resident memory.
#
#   tests/containers/measure.sh [RUNS]        (after tests/containers/prepare.sh; RUNS cold starts, default 3)
#
# It builds the three images from src/*/Dockerfile (the build cache makes that quick after the compose tests),
# then, on a network of its own, starts PostgreSQL and the CLB simulator and measures ClbWorker:
# - cold start: from `docker run` of a new ClbWorker container to the first /readyz answering "Healthy", on an empty
#   database (migrations included) and again on the migrated one, RUNS times each;
# - resident memory (VmRSS of the container's process, read from the host): idle 10 s after ready, and after
#   polling 500 simulated tasks to their end (and its peak, VmHWM); the simulator and the receiver idle.
# It prints a Markdown table and one `figure<TAB>name<TAB>value<TAB>unit` line per figure, for the benchmark
# harness. Everything it starts is removed at the end. Ports: 127.0.0.1:5480-5481.
set -euo pipefail
cd "$(dirname "$0")/../.."

runs=${1:-3}
tag=clbworker-measure
network=$tag-net
worker_port=5480
simulator_port=5481
secret_id=AKIDSIMULATOR000000000000000000000000
secret_key=simulator-secret-key-not-for-production
api_key=measure-admin-key-not-for-production
figures=()

say() { printf '[measure] %s\n' "$*" >&2; }
figure() { figures+=("$1"$'\t'"$2"$'\t'"$3"); }
cleanup() {
    docker ps -aq --filter "label=$tag" | xargs -r docker rm -f -v > /dev/null 2>&1 || true
    docker network rm "$network" > /dev/null 2>&1 || true
}
trap cleanup EXIT
cleanup

now_ms() { date +%s%3N; }
rss_kib() { awk -v key="$2:" '$1 == key { print $2 }' "/proc/$(docker inspect --format '{{.State.Pid}}' "$1")/status"; }

for app in ClbWorker ClbWorker.Simulator ClbWorker.WebhookReceiver; do
    image="$tag/$(echo "$app" | tr '[:upper:].' '[:lower:]-')"
    say "building $image"
    docker build -q -f "src/$app/Dockerfile" -t "$image" . > /dev/null
    figure "image size $app" "$(( $(docker image inspect --format '{{.Size}}' "$image") / 1000000 ))" MB
done
base=mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled
figure "image size $base (the runtime under each)" "$(( $(docker image inspect --format '{{.Size}}' "$base") / 1000000 ))" MB

docker network create --label "$tag" "$network" > /dev/null
docker run -d --label "$tag" --network "$network" --name "$tag-postgres" \
    -e POSTGRES_USER=clbworker -e POSTGRES_PASSWORD=measure -e POSTGRES_DB=postgres postgres:15.18-bookworm > /dev/null
docker run -d --label "$tag" --network "$network" --name "$tag-simulator" --read-only --tmpfs /tmp -p "127.0.0.1:$simulator_port:8080" \
    -e Simulator__Credentials__0__SecretId=$secret_id -e Simulator__Credentials__0__SecretKey=$secret_key \
    -e Simulator__RateLimitPerSecond=20 "$tag/clbworker-simulator" > /dev/null
docker run -d --label "$tag" --network "$network" --name "$tag-receiver" --read-only --tmpfs /tmp \
    -e Receiver__Secrets__0=whsec_GzjZrlcausmTf/x5xhNl69Ab7vyZX9kGhpw/9Ys+ySg= "$tag/clbworker-webhookreceiver" > /dev/null
until docker exec "$tag-postgres" pg_isready -q -h localhost -U clbworker; do sleep 0.5; done
until curl -sf "http://127.0.0.1:$simulator_port/_sim/stats" > /dev/null; do sleep 0.5; done

# start_worker NAME DATABASE: a ClbWorker container as compose runs it (read-only, non-root), published on the
# worker port; prints the milliseconds from `docker run` to /readyz answering Healthy.
start_worker() {
    local began
    began=$(now_ms)
    docker run -d --label "$tag" --network "$network" --name "$1" --read-only --tmpfs /tmp -p "127.0.0.1:$worker_port:8080" \
        -e "ConnectionStrings__Postgres=Host=$tag-postgres;Database=$2;Username=clbworker;Password=measure" \
        -e Tencent__SecretId=$secret_id -e Tencent__SecretKey=$secret_key -e "Tencent__Endpoint=http://$tag-simulator:8080" \
        -e Api__Keys__measure__Key=$api_key -e Api__Keys__measure__Role=admin "$tag/clbworker" > /dev/null
    until curl -s "http://127.0.0.1:$worker_port/readyz" 2> /dev/null | grep -q '^{"status":"Healthy"'; do
        [ "$(docker inspect --format '{{.State.Running}}' "$1")" = true ] || { docker logs "$1" >&2; return 1; }
        sleep 0.05
    done
    echo $(( $(now_ms) - began ))
}

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

first=() again=()
for run in $(seq 1 "$runs"); do
    database="measure_$run"
    docker exec "$tag-postgres" psql -q -U clbworker -d postgres -c "CREATE DATABASE $database" > /dev/null
    first+=("$(start_worker "$tag-worker" "$database")")
    docker rm -f "$tag-worker" > /dev/null
    again+=("$(start_worker "$tag-worker" "$database")")
    say "run $run: ready in ${first[-1]} ms on an empty database, ${again[-1]} ms on the migrated one"
    [ "$run" = "$runs" ] || docker rm -f "$tag-worker" > /dev/null
done
figure "cold start to /readyz Healthy, empty database (median of $runs)" "$(printf '%s\n' "${first[@]}" | median)" ms
figure "cold start to /readyz Healthy, migrated database (median of $runs)" "$(printf '%s\n' "${again[@]}" | median)" ms

sleep 10
figure "RSS ClbWorker idle, 10 s after ready" "$(( $(rss_kib "$tag-worker" VmRSS) / 1024 ))" MiB
figure "RSS simulator idle" "$(( $(rss_kib "$tag-simulator" VmRSS) / 1024 ))" MiB
figure "RSS webhook receiver idle" "$(( $(rss_kib "$tag-receiver" VmRSS) / 1024 ))" MiB

# 500 tasks that finish after 2 s, enqueued in one batch and polled at the account's 20 requests/s.
ids=$(curl -s -X POST "http://127.0.0.1:$simulator_port/_sim/tasks" -H 'Content-Type: application/json' \
    -d '{"count":500,"delay":"00:00:02","outcome":"succeeded"}' | grep -o '"taskId":"[^"]*"' | cut -d'"' -f4)
batch=$(printf '%s\n' "$ids" | awk 'BEGIN { printf "{\"tasks\":[" } { printf "%s{\"taskId\":\"%s\",\"region\":\"ap-guangzhou\"}", (NR > 1 ? "," : ""), $1 } END { printf "]}" }')
curl -sf -X POST "http://127.0.0.1:$worker_port/api/tasks/batch" -H "Authorization: Bearer $api_key" \
    -H 'Content-Type: application/json' -d "$batch" > /dev/null
began=$(now_ms)
until [ "$(docker exec "$tag-postgres" psql -tA -U clbworker -d "measure_$runs" -c "SELECT count(*) FROM clb.tasks WHERE state = 'succeeded'")" = 500 ]; do
    [ $(( $(now_ms) - began )) -lt 300000 ] || { say "500 tasks not final within 5 minutes"; exit 1; }
    sleep 0.5
done
say "500 tasks final in $(( ($(now_ms) - began) / 1000 )) s"
figure "RSS ClbWorker after polling 500 tasks" "$(( $(rss_kib "$tag-worker" VmRSS) / 1024 ))" MiB
figure "RSS ClbWorker peak (VmHWM) over the whole run" "$(( $(rss_kib "$tag-worker" VmHWM) / 1024 ))" MiB

echo "| figure | value |"
echo "|---|---|"
for line in "${figures[@]}"; do IFS=$'\t' read -r name value unit <<< "$line"; echo "| $name | $value $unit |"; done
for line in "${figures[@]}"; do printf 'figure\t%s\n' "$line"; done
