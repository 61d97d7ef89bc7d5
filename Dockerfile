# Bosun container image: a drop-in for containrrr/watchtower (mount the Docker socket, same flags,
# env vars and labels).
#
#   docker build -t bosun .                      compiles from source (default target `release`)
#   docker run -d --name bosun -v /var/run/docker.sock:/var/run/docker.sock bosun --interval 300
#
# Targets:
#   release   (default) `npm ci`, `npm run build` and `npm prune --omit=dev` in a build stage FROM
#             ${BUILD_IMAGE}, then only bin/, dist/, package.json and the production node_modules/
#             are copied onto ${BASE_IMAGE}.
#   prebuilt  for machines that cannot pull a Node image with npm (the e2e tests, air-gapped hosts):
#             the same runtime stage, with the app taken as is from `.bosun-prebuilt/` in the build
#             context (bin/, dist/, package.json and production-only node_modules/, made on the host).
#             Pair it with a local base made by scripts/build-node-base.sh:
#               docker build --target prebuilt --build-arg BASE_IMAGE=bosun-test/node-base:local .
#
# Works with BuildKit and with the legacy builder (DOCKER_BUILDKIT=0). The legacy builder runs every
# stage before the target, so `prebuilt` comes before `build` (it then never needs npm), and its
# COPY also matches `package.json`, so a context without `.bosun-prebuilt/` still builds `release`.

ARG BASE_IMAGE=node:22-bookworm-slim
ARG BUILD_IMAGE=node:22-bookworm-slim

# --- runtime: everything but the app -------------------------------------------------------------
FROM ${BASE_IMAGE} AS runtime
# Marks the container as an instance of Bosun/Watchtower: it updates itself last, and a new
# instance retires the older ones in its scope.
LABEL com.centurylinklabs.watchtower="true" \
      org.opencontainers.image.title="bosun" \
      org.opencontainers.image.description="Keeps running Docker containers on the newest image of their tag, safely: a drop-in replacement for Watchtower." \
      org.opencontainers.image.licenses="Apache-2.0"
# One V8 worker thread instead of four: an idle daemon then holds ~71 MiB every time, instead of
# ~82 MiB in about half the starts, when a worker keeps a 10 MiB malloc arena (docs/performance.md).
# Bosun's work is I/O; a NODE_OPTIONS of the user's replaces this.
ENV NODE_ENV=production \
    NODE_OPTIONS=--v8-pool-size=1
WORKDIR /app
# `/watchtower` is where Watchtower's image keeps its binary: compose files that name it (a custom
# `healthcheck: ["CMD", "/watchtower", "--health-check"]`, an `entrypoint`) keep working.
RUN ln -s /app/bin/bosun /usr/local/bin/bosun && ln -s /app/bin/bosun /watchtower
# The HTTP API's default port (--http-api-port), as Watchtower's image declares it.
EXPOSE 8080
# --state-dir: what must survive a restart (images --auto-rollback rejected), also a self-update.
VOLUME /var/lib/bosun
# Exits 0 when the HTTP API is off; otherwise asks the instance's /v1/health.
HEALTHCHECK --interval=30s --timeout=10s --start-period=10s --retries=3 CMD ["bosun", "--health-check"]
ENTRYPOINT ["bosun"]
# No arguments = the defaults (a session every 24 hours), as Watchtower; Node images set CMD ["node"].
CMD []

# --- prebuilt: the app made on the host (see above) ----------------------------------------------
FROM runtime AS prebuilt
COPY package.json .bosun-prebuil[t] /app/

# --- build: compile from source (needs npm) ------------------------------------------------------
FROM ${BUILD_IMAGE} AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

# --- release (default) ---------------------------------------------------------------------------
FROM runtime AS release
COPY bin /app/bin
COPY --from=build /src/package.json /app/package.json
COPY --from=build /src/dist /app/dist
COPY --from=build /src/node_modules /app/node_modules
