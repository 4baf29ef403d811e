#!/usr/bin/env bash
# OWM and Mermaid check (needs node, npm and the Debian package chromium): our exports
# read back by the real parsers, not by our reading of their grammars.
# - OnlineWardleyMaps' own parser: the npm package wmlandscape (damonsk's engine of
#   OnlineWardleyMaps and its VS Code extension, MIT) ships OWM's text converter
#   (frontend/src/conversion, UnifiedConverter); owm-parsers.js runs it in node.
# - Mermaid wardley-beta (mermaid 11.14+): its grammar (@mermaid-js/parser) in node,
#   then mermaid.parse and mermaid.render in headless Chromium through playwright-core,
#   from mermaid's dist bundle on a file:// page.
# Maps: the sample maps, a generated 200-component map, awkward names (those our export
# writes as they are: keywords, quotes, backslashes, digits), and each OWM fixture in
# tests/fixtures/owm imported with `estate-map import` (checked against OWM's own
# reading of the original text). Every map is exported to .owm and .mmd; OWM must read
# every component at our coordinates, every pipeline, link, evolution, note and
# annotation, with no errors; Mermaid's grammar must read the same components,
# pipelines, links and evolutions, and mermaid must render it with a text element per
# component name. No network but npm install.
set -euo pipefail
cd "$(dirname "$0")/../.."

out=$(mktemp -d)
js=$(mktemp -d)
trap 'rm -rf "$out" "$js"' EXIT

(cd "$js" && npm init -y >/dev/null &&
  npm install --silent --no-audit --no-fund --legacy-peer-deps \
    mermaid@11.17.2 wmlandscape@3.0.1 lodash.merge@4 playwright-core@1 >/dev/null)

cargo build --quiet
bin=target/debug/estate-map
cases="$out/cases.json"
echo "[" > "$cases"
sep=""
add_case() { # NAME MAP.json [SOURCE.owm]
  "$bin" export "$2" -o "$out/$1.owm"
  "$bin" export "$2" -o "$out/$1.mmd"
  local source=""
  [ -n "${3:-}" ] && source=",\"source\":\"$(realpath "$3")\""
  printf '%s{"name":"%s","json":"%s","owm":"%s","mmd":"%s"%s}\n' "$sep" "$1" "$(realpath "$2")" \
    "$out/$1.owm" "$out/$1.mmd" "$source" >> "$cases"
  sep=","
}
for map in sample_maps/*.json; do
  add_case "$(basename "$map" .json)" "$map"
done
"$bin" generate --components 200 --seed 7 -o "$out/generated.json"
add_case generated "$out/generated.json"
add_case awkward-names tests/fixtures/owm/awkward-names.json
for fixture in tests/fixtures/owm/*.owm; do
  [ -e "$fixture" ] || continue
  name=$(basename "$fixture" .owm)
  "$bin" import "$fixture" -o "$out/$name.json" ||
    { echo "owm check failed: estate-map import reported lines of $fixture"; exit 1; }
  add_case "$name" "$out/$name.json" "$fixture"
done
echo "]" >> "$cases"

NODE_PATH="$js/node_modules" CASES="$cases" node .ci/checks/owm-parsers.js
