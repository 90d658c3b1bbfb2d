# Image of the Interline airline node, which also contains the passenger console. Every airline
# runs the same image, and its environment chooses which airline it is (see docker-compose.yml).
#
# Both stages use the same base image, so the better-sqlite3 binary compiled in the first one
# matches the Node.js that runs it. Node.js 20 is the version CI uses.
ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app

# better-sqlite3 compiles from source when no prebuilt binary can be fetched, which needs
# python3, make and a C++ compiler.
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*

# The npm release CI uses. It reads the install-script approvals in package.json (allowScripts),
# which older npm releases ignore.
RUN npm install --global --no-audit --no-fund npm@11.19.1

# The same install and build steps as .ci/run, then the dev dependencies are dropped.
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production
WORKDIR /app

COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist

# INTERLINE_DATA_DIR in docker-compose.yml, owned by the node user so the node can write there
# without root. A named volume mounted here starts with the same owner.
RUN mkdir /data && chown node:node /data

# The unprivileged user of the official Node.js image.
USER node
CMD ["node", "dist/apps/airline/src/main.js"]
