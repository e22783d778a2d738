# Stand-in for mcr.microsoft.com/dotnet/sdk:10.0, built by tests/containers/prepare.sh only where no registry
# serves the real image. Like the real one: the .NET SDK at /usr/share/dotnet with `dotnet` on PATH, ICU, tzdata
# and git, the user `app` (uid 1654) and the same environment. Unlike it: Debian bookworm instead of Ubuntu, and
# the SDK is the one installed on the machine that builds it (context folder dotnet/).
ARG BASE
FROM ${BASE}
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends libicu72 tzdata git procps \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --gid 1654 app \
    && useradd --no-log-init --uid 1654 --gid 1654 --create-home --shell /bin/bash app
COPY dotnet/ /usr/share/dotnet/
RUN ln -s /usr/share/dotnet/dotnet /usr/bin/dotnet
ARG DOTNET_VERSION
ARG ASPNET_VERSION
ARG DOTNET_SDK_VERSION
ENV APP_UID=1654 \
    ASPNETCORE_HTTP_PORTS=8080 \
    DOTNET_RUNNING_IN_CONTAINER=true \
    DOTNET_USE_POLLING_FILE_WATCHER=true \
    DOTNET_GENERATE_ASPNET_CERTIFICATE=false \
    DOTNET_NOLOGO=true \
    NUGET_XMLDOC_MODE=skip \
    DOTNET_VERSION=${DOTNET_VERSION} \
    ASPNET_VERSION=${ASPNET_VERSION} \
    DOTNET_SDK_VERSION=${DOTNET_SDK_VERSION}
