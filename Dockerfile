# crm-bridge: the server (default command) and the sample CRM (node dist/examples/sample-crm/main.js).
FROM node:24-bookworm-slim AS build
WORKDIR /app
# better-sqlite3 compiles from source (.prebuild-installrc): no prebuilt binary is downloaded.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ \
    && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json .prebuild-installrc ./
RUN npm ci
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY examples ./examples
# The declarative-provider JSON Schema is compiled into dist with the code that validates files.
COPY schemas ./schemas
RUN npm run build && npm prune --omit=dev

FROM node:24-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
RUN mkdir -p /data && chown node:node /data
USER node
EXPOSE 3000
CMD ["node", "dist/src/main.js"]
