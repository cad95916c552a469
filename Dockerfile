# syntax=docker/dockerfile:1
# The TVM service (backend/): `docker build -t grafana-tvm-service .` or `docker compose build`.
# The Grafana plugin is not in this image: Grafana mounts the host's ./dist (npm run build:plugin).

# ---------------------------------------------------------------------------------------- build
FROM node:20-bookworm-slim AS build
# better-sqlite3 compiles from source when no prebuilt binary fits.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
COPY backend ./backend
# Exactly the lockfile; the package's prepare script compiles the service into backend/dist.
RUN npm ci --no-audit --no-fund \
 && test -f backend/dist/cli.js \
 && npm prune --omit=dev --no-audit --no-fund

# -------------------------------------------------------------------------------------- runtime
FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    TVM_DB=/data/tvm.sqlite \
    TVM_PORT=8080
WORKDIR /app
# Only what the service runs: production dependencies, the compiled service, its rules and CLI.
COPY --from=build --chown=root:root /app/package.json ./package.json
COPY --from=build --chown=root:root /app/node_modules ./node_modules
COPY --from=build --chown=root:root /app/backend/bin ./backend/bin
COPY --from=build --chown=root:root /app/backend/dist ./backend/dist
COPY --from=build --chown=root:root /app/backend/rules ./backend/rules
# The demo fleet's offline knowledge: an empty store seeds itself unless TVM_DEMO=false.
COPY --from=build --chown=root:root /app/backend/demo ./backend/demo
COPY --chown=root:root deploy/docker/healthcheck.js ./deploy/docker/healthcheck.js
# The code stays root-owned and read-only to the service; only /data (the database) is writable.
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME /data
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "deploy/docker/healthcheck.js"]
CMD ["node", "backend/bin/tvm.js", "serve"]
