# Stand-in for mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled, built by tests/containers/prepare.sh only where
# no registry serves the real image. Like the real one, a root with nothing but what the ASP.NET Core runtime
# loads: the C and C++ runtime libraries, OpenSSL, the CA certificates, passwd/group with root and `app` (uid
# 1654), the runtime at /usr/share/dotnet; no shell, no package manager; runs as `app` with invariant globalization.
# Unlike it: the libraries come from Debian bookworm instead of Ubuntu 24.04, and the runtime is the one installed
# on the machine that builds it (context folder dotnet/).
ARG BASE
FROM ${BASE} AS slices
COPY dotnet/ /rootfs/usr/share/dotnet/
# Library files only (no gconv modules, debugging helpers, docs or programs), at their merged-/usr paths.
RUN set -eu; \
    mkdir -p /rootfs/usr/bin /rootfs/usr/sbin /rootfs/usr/lib/x86_64-linux-gnu /rootfs/etc/ssl/certs /rootfs/home/app; \
    for dir in bin sbin lib lib64; do ln -s usr/$dir /rootfs/$dir; done; \
    cp -a /usr/lib64 /rootfs/usr/; \
    dpkg -L libc6 libgcc-s1 libssl3 libstdc++6 \
      | grep -E '/x86_64-linux-gnu/[^/]+\.so(\.[0-9.]+)?$|/(engines-3|ossl-modules)/' \
      | grep -v -E 'libc_malloc_debug|libmemusage|libpcprofile|libthread_db|libBrokenLocale' \
      | while read -r path; do \
          [ -f "$path" ] || [ -L "$path" ] || continue; \
          case "$path" in /lib/*) target="/rootfs/usr$path" ;; *) target="/rootfs$path" ;; esac; \
          mkdir -p "$(dirname "$target")"; cp -a "$path" "$target"; \
        done; \
    cp /etc/ssl/certs/ca-certificates.crt /rootfs/etc/ssl/certs/; \
    cp /usr/lib/os-release /rootfs/usr/lib/; ln -s ../usr/lib/os-release /rootfs/etc/os-release; \
    printf 'root:x:0:0:root:/root:/sbin/nologin\napp:x:1654:1654::/home/app:/bin/false\n' > /rootfs/etc/passwd; \
    printf 'root:x:0:\napp:x:1654:\n' > /rootfs/etc/group; \
    mkdir -m 1777 /rootfs/tmp; \
    ln -s /usr/share/dotnet/dotnet /rootfs/usr/bin/dotnet

FROM scratch
COPY --from=slices /rootfs /
ARG DOTNET_VERSION
ARG ASPNET_VERSION
ENV APP_UID=1654 \
    ASPNETCORE_HTTP_PORTS=8080 \
    DOTNET_RUNNING_IN_CONTAINER=true \
    DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=true \
    DOTNET_VERSION=${DOTNET_VERSION} \
    ASPNET_VERSION=${ASPNET_VERSION}
# COPY --from does not carry the folder's owner over (as in the real image's recipe).
COPY --from=slices --chown=1654:1654 /rootfs/home/app /home/app
USER 1654
ENTRYPOINT ["/usr/bin/dotnet"]
CMD ["--info"]
