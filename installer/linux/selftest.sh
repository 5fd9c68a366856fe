#!/usr/bin/env bash
# Run an installed or unpacked app's --self-test the way a user's desktop would start it, with a
# minimal environment (env -i: no virtual environment, no PYTHONPATH, no LANG, a fresh HOME):
#
#   installer/linux/selftest.sh EXE PLATFORM...     PLATFORM: offscreen, xcb (a real X window under
#                                                   Xvfb) or wayland (weston's headless compositor)
#
# Each run must print '"ok": true' as its last line, and nothing on stderr about the locale or Qt's
# platform plugin. Any failure fails the script.
set -euo pipefail
exe=$(readlink -f "$1")
shift
work=$(mktemp -d)
cleanup() {
  [[ -n "${weston_pid:-}" ]] && kill "$weston_pid" 2>/dev/null && wait "$weston_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
mkdir -p "$work/home"
minimal=(HOME="$work/home" PATH=/usr/bin:/bin)

check_output() {  # LABEL SECONDS: the JSON verdict and a quiet stderr
  local label=$1 seconds=$2
  if ! tail -n 1 "$work/out" | grep -q '"ok": true'; then
    echo "self-test ($label) FAILED:" >&2
    cat "$work/out" "$work/err" >&2
    return 1
  fi
  if grep -E -i 'Detected locale|platform plugin|could not connect|QStandardPaths' "$work/err" >&2; then
    echo "self-test ($label): unexpected warnings on stderr (above)" >&2
    return 1
  fi
  echo "self-test ($label): ok in ${seconds} s — $(tail -n 1 "$work/out" | cut -c1-160)" >&2
}

run_offscreen() {
  env -i "${minimal[@]}" QT_QPA_PLATFORM=offscreen "$exe" --self-test >"$work/out" 2>"$work/err" || true
}

run_xcb() {
  command -v xvfb-run >/dev/null || { echo "xvfb-run not found: apt-get install xvfb xauth" >&2; return 1; }
  # xvfb-run exports DISPLAY and XAUTHORITY; pass only those on into the minimal environment
  xvfb-run -a -s "-screen 0 1280x800x24 -nolisten tcp" sh -c \
    'exec env -i "$@" DISPLAY="$DISPLAY" XAUTHORITY="$XAUTHORITY" QT_QPA_PLATFORM=xcb "$0" --self-test' \
    "$exe" "${minimal[@]}" >"$work/out" 2>"$work/err" || true
}

run_wayland() {
  command -v weston >/dev/null || { echo "weston not found: apt-get install weston" >&2; return 1; }
  local runtime="$work/xdg-runtime"
  mkdir -m 700 -p "$runtime"
  local options=(--backend=headless-backend.so --use-pixman)      # weston 10 and 11
  weston --help 2>&1 | grep -q -- '--renderer' && options=(--backend=headless --renderer=pixman)
  XDG_RUNTIME_DIR="$runtime" weston "${options[@]}" --socket=aigc-test --idle-time=0 \
    >"$work/weston.log" 2>&1 &
  weston_pid=$!
  for _ in $(seq 100); do [[ -S "$runtime/aigc-test" ]] && break; sleep 0.1; done
  [[ -S "$runtime/aigc-test" ]] || { echo "weston did not start:" >&2; cat "$work/weston.log" >&2; return 1; }
  env -i "${minimal[@]}" XDG_RUNTIME_DIR="$runtime" WAYLAND_DISPLAY=aigc-test QT_QPA_PLATFORM=wayland \
    "$exe" --self-test >"$work/out" 2>"$work/err" || true
  kill "$weston_pid" 2>/dev/null; wait "$weston_pid" 2>/dev/null || true
  weston_pid=
}

for platform in "$@"; do
  start=$(date +%s)
  case $platform in
    offscreen) run_offscreen ;;
    xcb) run_xcb ;;
    wayland) run_wayland ;;
    *) echo "unknown platform: $platform" >&2; exit 2 ;;
  esac
  check_output "$platform" $(( $(date +%s) - start ))
done
