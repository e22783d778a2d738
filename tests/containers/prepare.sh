#!/usr/bin/env bash
# Makes this machine ready for the container tests: a Docker engine that answers, `docker compose`, and every image
# that src/*/Dockerfile, docker-compose.yml and the Testcontainers tests name.
#
#   tests/containers/prepare.sh [STATE_DIR]
#
# - Engine: one that already answers is used as it is. Otherwise dockerd is installed (Debian's docker.io) when
#   missing and started; its pid and log go to STATE_DIR, and tests/containers/teardown.sh STATE_DIR stops it.
# - Compose: `docker compose` (v2) when the engine has it. Where the package archive only has Compose v1
#   (docker-compose), a CLI plugin is installed that hands `docker compose ...` to it, so the commands of docs/deployment.md run.
# - Images: one present, or served by its registry, is left alone: on a machine that reaches the registries
#   nothing is built. Otherwise a stand-in is built under the exact name, from a Debian root made with debootstrap
#   and the .NET SDK installed on this machine (see standins/*.Dockerfile for what each is and is not). Stand-ins
#   are labelled with a digest of what went into them and reused while it matches.
# - STATE_DIR/env gets the variables the tests need with this engine (Testcontainers' API version, its reaper).
#
# Any step that fails stops the script with the step's name and the end of its log.
set -euo pipefail
cd "$(dirname "$0")/../.."

state=${1:-${TMPDIR:-/tmp}/clbworker-containers}
mkdir -p "$state"
: > "$state/env"
here=tests/containers
label=org.clbworker.standin
base_image=clbworker-standin/debian:bookworm
debian_mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
started_at=$SECONDS
summary=()

say() { printf '[containers] %s\n' "$*"; }

# step NAME COMMAND...: runs COMMAND with its output in STATE_DIR/NAME.log; on failure shows the log and stops.
# COMMAND runs as a background job so that `set -e` holds inside it (bash ignores it in an `if` condition).
step() {
    local name=$1; shift
    local log="$state/$name.log" begun=$SECONDS pid code=0
    "$@" > "$log" 2>&1 < /dev/null &
    pid=$!
    wait "$pid" || code=$?
    if [ "$code" != 0 ]; then
        say "FAILED: step '$name' exited with code $code; the end of its log, $log:"
        tail -n 60 "$log" | sed 's/^/    /'
        exit 1
    fi
    say "$name: done in $((SECONDS - begun)) s"
}

apt_install() {
    [ -n "${apt_updated:-}" ] || { apt-get update -qq; apt_updated=1; }
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@"
}

engine_answers() { timeout 10 docker info > /dev/null 2>&1; }

start_engine() {
    local pidfile=/var/run/docker.pid
    # A daemon that was killed leaves its pid file behind, and a new one then refuses to start.
    if [ -f "$pidfile" ] && ! kill -0 "$(cat "$pidfile")" 2>/dev/null; then rm -f "$pidfile"; fi
    setsid dockerd > "$state/dockerd.log" 2>&1 < /dev/null &
    echo $! > "$state/dockerd.pid"
    for _ in $(seq 1 60); do
        if engine_answers; then return 0; fi
        if ! kill -0 "$(cat "$state/dockerd.pid")" 2>/dev/null; then
            echo "dockerd exited; its log:"; cat "$state/dockerd.log"; return 1
        fi
        sleep 1
    done
    echo "dockerd did not answer within 60 s; its log:"; cat "$state/dockerd.log"; return 1
}

# --- engine -------------------------------------------------------------------------------------------------
if engine_answers; then
    say "engine: a Docker engine already answers; it is used as it is and left running"
else
    if ! command -v dockerd > /dev/null; then
        step install-docker apt_install docker.io
    fi
    step start-dockerd start_engine
    say "engine: started dockerd (pid $(cat "$state/dockerd.pid"), log $state/dockerd.log)"
fi
engine_api=$(docker version --format '{{.Server.APIVersion}}')
say "engine: Docker $(docker version --format '{{.Server.Version}}'), API $engine_api"
# Testcontainers asks for API 1.44 unless told otherwise; an older engine (Debian bookworm's 20.10 speaks 1.41)
# refuses that, so it is told the engine's own version.
if [ "$(printf '%s\n1.44\n' "$engine_api" | sort -V | head -n1)" != 1.44 ]; then
    echo "export DOCKER_API_VERSION=$engine_api" >> "$state/env"
fi

# --- compose ------------------------------------------------------------------------------------------------
install_compose_bridge() {
    install -D -m 755 "$here/docker-compose-v1-bridge" /usr/local/lib/docker/cli-plugins/docker-compose
    docker compose version
}
if ! docker compose version > /dev/null 2>&1; then
    if ! command -v docker-compose > /dev/null; then
        step install-compose apt_install docker-compose
    fi
    if ! docker compose version > /dev/null 2>&1; then
        step install-compose-bridge install_compose_bridge
    fi
fi
say "compose: $(docker compose version 2>&1 | head -n1)"

# --- images -------------------------------------------------------------------------------------------------
# Every image the repository's container files name: FROM lines of the Dockerfiles (not their own stages),
# image: lines of the compose file, and the image constants of the container tests.
named_images() {
    local dockerfile
    for dockerfile in src/*/Dockerfile; do
        awk 'toupper($1) == "FROM" { for (i = 2; i <= NF; i++) if ($i !~ /^--/) { print $i; break } }' "$dockerfile" \
            | grep -v -x -F -f <(awk 'toupper($1) == "FROM" && toupper($(NF-1)) == "AS" { print $NF }' "$dockerfile") || true
    done
    sed -n -E 's/^ *image: *"?([^" ]+)"?.*$/\1/p' docker-compose.yml
    grep -rhoE 'ContainerImage = "[^"]+"' tests --include='*.cs' | sed -E 's/.*"(.+)"/\1/'
}

# The stand-in recipe of an image name, or nothing when there is none.
recipe_of() {
    case "$1" in
        mcr.microsoft.com/dotnet/sdk:10.0) echo sdk ;;
        mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled) echo aspnet-chiseled ;;
        postgres:15-alpine | postgres:15.*-bookworm) echo postgres ;;
    esac
}

dotnet_root=${DOTNET_ROOT:-$(dirname "$(readlink -f "$(command -v dotnet)")")}
dotnet_runtime=$(ls "$dotnet_root/shared/Microsoft.NETCore.App" | sort -V | tail -n1)
aspnet_runtime=$(ls "$dotnet_root/shared/Microsoft.AspNetCore.App" | sort -V | tail -n1)
dotnet_sdk=$(ls "$dotnet_root/sdk" | sort -V | tail -n1)

# Certificate authorities this machine added to Debian's (a TLS-inspecting proxy's, for instance): the stand-ins
# trust them too, so that restore inside a build reaches NuGet exactly as the host does.
extra_cas() { find /usr/local/share/ca-certificates -type f -name '*.crt' 2>/dev/null | sort; }

base_digest() {
    { echo "bookworm minbase ca-certificates $debian_mirror"; extra_cas | xargs -r cat; } | sha256sum | cut -c1-16
}

build_base() {
    local root="$state/debian-root"
    command -v debootstrap > /dev/null || apt_install debootstrap
    rm -rf "$root"
    debootstrap --variant=minbase --include=ca-certificates bookworm "$root" "$debian_mirror"
    extra_cas | xargs -r -I{} cp {} "$root/usr/local/share/ca-certificates/"
    chroot "$root" update-ca-certificates
    rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*
    tar -C "$root" -c . | docker import --change "LABEL $label=$(base_digest)" - "$base_image"
    rm -rf "$root"
}

# The build context of a recipe: its Dockerfile, the files next to it, and the part of the .NET installation it
# copies (hard links where the file system allows, so nothing is copied twice).
context_of() {
    local recipe=$1 context="$state/context-$1"
    rm -rf "$context"
    mkdir -p "$context/dotnet/shared"
    cp "$here/standins/$recipe.Dockerfile" "$context/Dockerfile"
    case "$recipe" in
        sdk) cp -al "$dotnet_root/." "$context/dotnet/" 2>/dev/null || cp -a "$dotnet_root/." "$context/dotnet/" ;;
        aspnet-chiseled)
            local part
            for part in dotnet host LICENSE.txt ThirdPartyNotices.txt \
                shared/Microsoft.NETCore.App/"$dotnet_runtime" shared/Microsoft.AspNetCore.App/"$aspnet_runtime"; do
                mkdir -p "$(dirname "$context/dotnet/$part")"
                cp -al "$dotnet_root/$part" "$context/dotnet/$part" 2>/dev/null || cp -a "$dotnet_root/$part" "$context/dotnet/$part"
            done ;;
        postgres) rm -rf "$context/dotnet"; cp "$here/standins/postgres-entrypoint.sh" "$context/" ;;
    esac
    echo "$context"
}

recipe_digest() {
    local recipe=$1
    {
        docker image inspect --format '{{.Id}}' "$base_image"
        cat "$here/standins/$recipe.Dockerfile"
        case "$recipe" in
            sdk) echo "sdk $dotnet_sdk runtime $dotnet_runtime aspnet $aspnet_runtime" ;;
            aspnet-chiseled) echo "runtime $dotnet_runtime aspnet $aspnet_runtime" ;;
            postgres) cat "$here/standins/postgres-entrypoint.sh" ;;
        esac
    } | sha256sum | cut -c1-16
}

build_standin() {
    local image=$1 recipe=$2 digest=$3 context
    context=$(context_of "$recipe")
    # The legacy builder needs no buildx plugin; host networking lets apt-get and the copy reach the archive
    # the way the host does. Only stand-ins are built this way: the project's Dockerfiles build as compose says.
    DOCKER_BUILDKIT=0 docker build --network host --label "$label=$digest" \
        --build-arg BASE="$base_image" --build-arg DOTNET_VERSION="$dotnet_runtime" \
        --build-arg ASPNET_VERSION="$aspnet_runtime" --build-arg DOTNET_SDK_VERSION="$dotnet_sdk" \
        -t "$image" "$context"
    rm -rf "$context"
}

registry_serves() {
    # A manifest look-up downloads no layers; engines whose CLI has no `docker manifest` try a pull instead.
    if docker manifest --help > /dev/null 2>&1; then
        timeout 30 docker manifest inspect "$1" > /dev/null 2>&1
    else
        timeout 600 docker pull "$1" > /dev/null 2>&1
    fi
}

ensure_base() {
    local digest
    digest=$(base_digest)
    if [ "$(docker image inspect --format "{{index .Config.Labels \"$label\"}}" "$base_image" 2>/dev/null)" != "$digest" ]; then
        local begun=$SECONDS
        step debootstrap-base build_base
        summary+=("$base_image: built (debootstrap of Debian bookworm, docker import) in $((SECONDS - begun)) s")
    fi
}

mapfile -t images < <(named_images | sort -u)
[ "${#images[@]}" -gt 0 ] || { say "FAILED: found no image names in the Dockerfiles, docker-compose.yml or the tests"; exit 1; }
for image in "${images[@]}"; do
    recipe=$(recipe_of "$image")
    found=$(docker image inspect --format "present {{index .Config.Labels \"$label\"}}" "$image" 2>/dev/null || true)
    if [ "$found" = "present " ]; then
        summary+=("$image: present (the real image)")
        continue
    fi
    if [ -z "$found" ] && registry_serves "$image"; then
        summary+=("$image: its registry serves it; left to be pulled")
        continue
    fi
    case "${image%%/*}" in *.*) ;; *) docker_hub_unreachable=1 ;; esac
    if [ -z "$recipe" ]; then
        say "FAILED: $image is named in the repository, no registry serves it here and there is no stand-in recipe"
        say "        for it; add one to tests/containers/standins and recipe_of in $0"
        exit 1
    fi
    ensure_base
    digest=$(recipe_digest "$recipe")
    if [ "$found" = "present $digest" ]; then
        summary+=("$image: cached stand-in ($recipe)")
        continue
    fi
    begun=$SECONDS
    step "stand-in-$(basename "$image" | tr ':' '-')" build_standin "$image" "$recipe" "$digest"
    summary+=("$image: built stand-in ($recipe) in $((SECONDS - begun)) s")
done

# Testcontainers starts its resource reaper (Ryuk) from a Docker Hub image; where Docker Hub does not answer,
# the tests do without it and teardown.sh removes what they leave.
if [ -n "${docker_hub_unreachable:-}" ]; then
    echo "export TESTCONTAINERS_RYUK_DISABLED=true" >> "$state/env"
    summary+=("testcontainers/ryuk: Docker Hub does not answer; Testcontainers runs without its reaper")
fi

for line in "${summary[@]}"; do say "$line"; done
say "ready in $((SECONDS - started_at)) s; test environment: $(tr '\n' ' ' < "$state/env")"
