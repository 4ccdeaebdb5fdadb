# crm-bridge: the server (default command) and the sample CRM (node dist/examples/sample-crm/main.js).
# The compiler and dev dependencies stay in `build`; the final image gets dist/ and the production
# node_modules of `deps`, without better-sqlite3's build leftovers. scripts/replay-image.mjs runs
# these steps without Docker (CI).
FROM node:24-bookworm-slim AS toolchain
WORKDIR /app
# better-sqlite3 compiles from source (.prebuild-installrc): no prebuilt binary is downloaded.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ \
    && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json .prebuild-installrc ./

FROM toolchain AS build
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY examples ./examples
# The declarative-provider JSON Schema is compiled into dist with the code that validates files.
COPY schemas ./schemas
RUN npm run build

FROM toolchain AS deps
# --omit=optional too: typescript is a dev dependency and an optional peer of @nestjs/swagger, which
# --omit=dev alone keeps. At run time better-sqlite3 loads lib/ and build/Release/*.node only.
RUN npm ci --omit=dev --omit=optional --no-audit --no-fund \
    && cd node_modules/better-sqlite3 \
    && mv build/Release/better_sqlite3.node . \
    && rm -rf build deps src binding.gyp \
    && mkdir -p build/Release && mv better_sqlite3.node build/Release/

FROM node:24-bookworm-slim
ENV NODE_ENV=production
# V8 keeps compiled code here: a restarted container skips most parsing.
ENV NODE_COMPILE_CACHE=/tmp/node-compile-cache
WORKDIR /app
COPY package.json ./
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
RUN mkdir -p /data && chown node:node /data
USER node
EXPOSE 3000
# Readiness (database, and Redis when set); the slim image has no curl. The sample CRM's compose
# service replaces this check with its own.
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 \
    CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT || 3000}/health`, { signal: AbortSignal.timeout(4000) }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# V8 on Node 24 sizes the young generation from the machine's memory (128 MB on 24 GB); 16 MB
# semi-spaces, Node 20's default, keep RSS lower (docs/performance.md, Memory).
CMD ["node", "--max-semi-space-size=16", "dist/src/main.js"]
