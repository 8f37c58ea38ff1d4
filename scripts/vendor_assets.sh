#!/usr/bin/env bash
# Vendor the front-end libraries into static/vendor/ from the npm registry.
#
# Usage:  scripts/vendor_assets.sh
#         HTMX_VERSION=2.0.12 scripts/vendor_assets.sh   # to bump one library
#
# Installs the pinned packages into a temporary directory (never into the repo),
# then copies only the minified builds, their CSS/images and their licence into
# versioned folders: static/vendor/<name>-<version>/.  Files are copied
# byte-for-byte (source maps are not shipped).  After a version bump, update the
# paths in the templates and static/vendor/README.md, and delete the old folder.
set -euo pipefail

HTMX_VERSION="${HTMX_VERSION:-2.0.11}"
LEAFLET_VERSION="${LEAFLET_VERSION:-1.9.4}"
MARKERCLUSTER_VERSION="${MARKERCLUSTER_VERSION:-1.5.3}"

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
vendor_dir="$repo_root/static/vendor"

command -v npm >/dev/null 2>&1 || { echo "npm is required" >&2; exit 1; }

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

echo "Installing htmx.org@$HTMX_VERSION leaflet@$LEAFLET_VERSION leaflet.markercluster@$MARKERCLUSTER_VERSION into $tmp"
(
  cd "$tmp"
  npm init -y >/dev/null
  npm install --no-save --ignore-scripts --no-audit --no-fund --loglevel=error \
    "htmx.org@$HTMX_VERSION" \
    "leaflet@$LEAFLET_VERSION" \
    "leaflet.markercluster@$MARKERCLUSTER_VERSION"
)
nm="$tmp/node_modules"

# Fail loudly if npm resolved something other than the requested version.
check_version() { # <package> <expected>
  local got
  got="$(node -p "require('$nm/$1/package.json').version")"
  if [ "$got" != "$2" ]; then
    echo "Expected $1@$2, npm installed $got" >&2
    exit 1
  fi
}
check_version htmx.org "$HTMX_VERSION"
check_version leaflet "$LEAFLET_VERSION"
check_version leaflet.markercluster "$MARKERCLUSTER_VERSION"

license_of() { node -p "require('$nm/$1/package.json').license"; }

# write_readme <dest> <package> <version>
write_readme() {
  printf '%s %s (%s licence), copied from the npm package %s@%s (https://www.npmjs.com/package/%s) by scripts/vendor_assets.sh.\n' \
    "$2" "$3" "$(license_of "$2")" "$2" "$3" "$2" > "$1/README.md"
}

# --- htmx ---------------------------------------------------------------
dest="$vendor_dir/htmx-$HTMX_VERSION"
rm -rf "$dest"; mkdir -p "$dest"
cp "$nm/htmx.org/dist/htmx.min.js" "$dest/"
cp "$nm/htmx.org/LICENSE" "$dest/LICENSE"
write_readme "$dest" htmx.org "$HTMX_VERSION"

# --- Leaflet ------------------------------------------------------------
dest="$vendor_dir/leaflet-$LEAFLET_VERSION"
rm -rf "$dest"; mkdir -p "$dest/images"
cp "$nm/leaflet/dist/leaflet.js" "$nm/leaflet/dist/leaflet.css" "$dest/"
cp "$nm/leaflet/dist/images/"*.png "$dest/images/"
cp "$nm/leaflet/LICENSE" "$dest/LICENSE"
write_readme "$dest" leaflet "$LEAFLET_VERSION"

# --- Leaflet.markercluster ----------------------------------------------
dest="$vendor_dir/leaflet.markercluster-$MARKERCLUSTER_VERSION"
rm -rf "$dest"; mkdir -p "$dest"
cp "$nm/leaflet.markercluster/dist/leaflet.markercluster.js" \
   "$nm/leaflet.markercluster/dist/MarkerCluster.css" \
   "$nm/leaflet.markercluster/dist/MarkerCluster.Default.css" "$dest/"
cp "$nm/leaflet.markercluster/MIT-LICENCE.txt" "$dest/LICENSE"
write_readme "$dest" leaflet.markercluster "$MARKERCLUSTER_VERSION"

echo "Done. Vendored files:"
(cd "$vendor_dir" && find "htmx-$HTMX_VERSION" "leaflet-$LEAFLET_VERSION" \
  "leaflet.markercluster-$MARKERCLUSTER_VERSION" -type f | sort)
