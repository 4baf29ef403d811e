#!/usr/bin/env bash
# Kill test (issues 4 and 10): start the real app on a copy of a map, add components,
# SIGKILL it 5 s after the last edit (the recovery copy follows every change within about
# 2 s), check the user's file is unchanged and the copy holds the edits, then restart,
# accept the recovery offer, save, and check the file has the edits.
#
# What it needs from the app (the contract the app implements):
#   - the window title contains "Estate Map";
#   - with the pointer over the canvas, "n", a name and Return add one component (ux.md: N);
#   - the recovery prompt at start takes Return as "Restore";
#   - Ctrl+S saves to the file the recovery copy came from;
#   - recovery copies live in $XDG_DATA_HOME/estate-map/recovery/ (ui::files::AppDirs).
# Runs under Xvfb with xdotool; .ci/run installs Xvfb, this script adds xdotool.
set -euo pipefail
cd "$(dirname "$0")/../.."

EDITS=3 # far fewer than the 20 edits that also force a copy: the 2 s delay must do it

cargo build --quiet
bin="$(realpath "${CARGO_TARGET_DIR:-target}")/debug/estate-map"

work=$(mktemp -d)
app_pid=""
xvfb_pid=""
cleanup() {
  [ -n "$app_pid" ] && kill -KILL "$app_pid" 2>/dev/null || true
  [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

export HOME="$work/home" XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data"
mkdir -p "$HOME"
recovery_dir="$XDG_DATA_HOME/estate-map/recovery"
map="$work/stroke.json"
if [ -f sample_maps/stroke.json ]; then
  cp sample_maps/stroke.json "$map"
else
  "$bin" generate --components 30 --seed 4 -o "$map"
fi

if ! command -v xdotool >/dev/null; then
  apt-get install -y -qq --no-install-recommends xdotool >/dev/null
fi

fail() {
  echo "FAIL: $*" >&2
  if [ -n "$xvfb_pid" ] && ! kill -0 "$xvfb_pid" 2>/dev/null; then
    echo "-- Xvfb ($DISPLAY) is no longer running" >&2
  fi
  if [ -s "$work/app.log" ]; then
    echo "-- app log:" >&2
    cat "$work/app.log" >&2
  fi
  exit 1
}

components_in() { # FILE -> number of components, via `estate-map check`
  "$bin" check "$1" 2>/dev/null | sed -n 's/.*: ok: \([0-9]*\) components.*/\1/p' || true
}

wait_until() { # SECONDS DESCRIPTION COMMAND...
  local limit=$1 what=$2
  shift 2
  for _ in $(seq $((limit * 4))); do
    "$@" && return 0
    sleep 0.25
  done
  fail "timed out after ${limit}s waiting for $what"
}

recovery_copy() { # the newest recovery copy, if any
  ls -t "$recovery_dir"/*.json 2>/dev/null | head -n 1
}

has_recovery_with_edits() {
  local copy
  copy=$(recovery_copy)
  [ -n "$copy" ] && [ "$(components_in "$copy")" -ge $((before + EDITS)) ] 2>/dev/null
}

window_shown() { xdotool search --onlyvisible --name "Estate Map" >/dev/null; }

# Starts the app and waits for its window. Under Xvfb a new client is now and then
# refused ("Failed to open connection to X server"): only that is retried.
start_app() {
  local attempt
  for attempt in 1 2 3; do
    : >"$work/app.log"
    "$bin" "$map" >>"$work/app.log" 2>&1 &
    app_pid=$!
    for _ in $(seq 240); do
      window_shown && break
      kill -0 "$app_pid" 2>/dev/null || break
      sleep 0.25
    done
    window_shown && break
    if kill -0 "$app_pid" 2>/dev/null || ! grep -q "connection to X server" "$work/app.log"; then
      fail "the app window did not appear"
    fi
    echo "-- the X server refused the app (attempt $attempt); starting it again"
  done
  window_shown || fail "the app could not connect to the X server"
  window=$(xdotool search --onlyvisible --name "Estate Map" | head -n 1)
  xdotool windowactivate --sync "$window" 2>/dev/null || xdotool windowfocus "$window"
  # Pointer over the middle of the window, where the canvas is.
  eval "$(xdotool getwindowgeometry --shell "$window")"
  xdotool mousemove --window "$window" $((WIDTH / 2)) $((HEIGHT / 2))
  sleep 1
}

# A free display number, chosen by Xvfb: other jobs may run their own.
Xvfb -displayfd 5 -screen 0 1280x800x24 -nolisten tcp 5>"$work/display" &
xvfb_pid=$!
display_ready() { [ -s "$work/display" ]; }
wait_until 10 "Xvfb" display_ready
export DISPLAY=":$(head -n 1 "$work/display")" LIBGL_ALWAYS_SOFTWARE=1
# The display number can come before the server takes connections.
x_server_up() { xdotool getdisplaygeometry >/dev/null 2>&1; }
wait_until 10 "the X server to take connections" x_server_up

before=$(components_in "$map")
original_sum=$(sha256sum "$map" | cut -d' ' -f1)

echo "-- session 1: $EDITS edits on a map of $before components"
start_app
for i in $(seq "$EDITS"); do
  xdotool key --clearmodifiers n
  sleep 0.1
  xdotool type --delay 20 "Server $i"
  xdotool key --clearmodifiers Return
  sleep 0.1
done
sleep 5
kill -KILL "$app_pid"
wait "$app_pid" 2>/dev/null || true
app_pid=""
has_recovery_with_edits || fail "5 s after the last edit, no recovery copy holds all $EDITS edits"

[ "$(sha256sum "$map" | cut -d' ' -f1)" = "$original_sum" ] ||
  fail "the app wrote the user's file without Save"
copy=$(recovery_copy)
edited=$(components_in "$copy")
echo "-- killed; recovery copy $(basename "$copy") holds $edited components"

echo "-- session 2: restore the offered recovery and save"
start_app
xdotool key --clearmodifiers Return
sleep 1
xdotool key --clearmodifiers ctrl+s
file_has_edits() { [ "$(components_in "$map")" = "$edited" ]; }
wait_until 20 "the restored map to be saved" file_has_edits
recovery_removed() { [ -z "$(recovery_copy)" ]; }
wait_until 10 "the recovery copy to be removed after saving" recovery_removed
kill "$app_pid"
wait "$app_pid" 2>/dev/null || true
app_pid=""
echo "OK: the edits survived SIGKILL 5 s after the last one; the file changed only on Save"
