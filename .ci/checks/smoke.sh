#!/usr/bin/env bash
# Real-window smoke test: start the app on a sample map under Xvfb with software GL,
# take a screenshot and check it shows a map (many colours, status colours present).
# Needs xvfb, x11-utils (xwininfo), imagemagick and mesa (.ci/run installs them).
set -euo pipefail
cd "$(dirname "$0")/../.."
target="${CARGO_TARGET_DIR:-target}"
map="${1:-sample_maps/stroke.json}"
shot="$target/smoke.png"

cargo build --quiet --bin estate-map
app_bin="$target/debug/estate-map"

# A free display number.
display=99
while [ -e "/tmp/.X11-unix/X$display" ] || [ -e "/tmp/.X$display-lock" ]; do
  display=$((display + 1))
done
export DISPLAY=":$display"

Xvfb "$DISPLAY" -screen 0 1600x1000x24 -nolisten tcp >/dev/null 2>&1 &
xvfb_pid=$!
app_pid=""
cleanup() {
  [ -n "$app_pid" ] && kill "$app_pid" 2>/dev/null || true
  kill "$xvfb_pid" 2>/dev/null || true
}
trap cleanup EXIT

for _ in $(seq 50); do
  xwininfo -root >/dev/null 2>&1 && break
  sleep 0.2
done

# Wait for the window (titled after the file), then for a few frames to be drawn.
# Xvfb now and then refuses a new client ("Failed to open connection to X server"):
# only that is retried.
found=""
for attempt in 1 2 3; do
  LIBGL_ALWAYS_SOFTWARE=1 "$app_bin" "$map" >"$target/smoke-app.log" 2>&1 &
  app_pid=$!
  exited=""
  for _ in $(seq 150); do
    if xwininfo -root -tree 2>/dev/null | grep -q "Estate Map"; then
      found=yes
      break
    fi
    if ! kill -0 "$app_pid" 2>/dev/null; then
      exited=yes
      break
    fi
    sleep 0.2
  done
  [ -n "$found" ] && break
  if [ -n "$exited" ] && grep -q "connection to X server" "$target/smoke-app.log"; then
    echo "smoke: the X server refused the app (attempt $attempt); starting it again"
    continue
  fi
  if [ -n "$exited" ]; then
    echo "smoke: the app exited early:" >&2
    cat "$target/smoke-app.log" >&2
    exit 1
  fi
  break
done
if [ -z "$found" ]; then
  echo "smoke: no Estate Map window appeared within 30 s" >&2
  cat "$target/smoke-app.log" >&2
  exit 1
fi
sleep 3
import -window root "$shot"
if ! kill -0 "$app_pid" 2>/dev/null; then
  echo "smoke: the app crashed after opening its window:" >&2
  cat "$target/smoke-app.log" >&2
  exit 1
fi

colours=$(convert "$shot" -format %k info:)
# Share of pixels near a status colour (Okabe-Ito, as in the legend).
share() {
  convert "$shot" -fuzz 8% -fill black +opaque "$1" -fill white -opaque "$1" \
    -format "%[fx:mean]" info:
}
supported=$(share "#009E73")
extended=$(share "#E69F00")
echo "smoke: $shot: $colours colours; supported green $supported, extended orange $extended"
if [ "$colours" -lt 64 ]; then
  echo "smoke: screenshot looks blank ($colours colours)" >&2
  exit 1
fi
awk -v g="$supported" -v o="$extended" 'BEGIN { exit !(g > 0.002 && o > 0.0002) }' || {
  echo "smoke: status colours missing from the screenshot" >&2
  exit 1
}
echo "smoke: ok"
