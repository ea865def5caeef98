#!/usr/bin/env bash
# End-to-end tests in the real desktop window (tauri-driver + WebKitWebDriver).
# Needs the built desktop binary (target/debug/haven-desktop or $HAVEN_DESKTOP_BIN).
# Without a display, runs under a virtual X server. Exits with node's exit code.
set -u
cd "$(dirname "$0")/../.."
shopt -s nullglob
files=(tests/e2e/*.test.mjs)
if [ ${#files[@]} -eq 0 ]; then
  echo "no e2e tests found in tests/e2e" >&2
  exit 1
fi
cmd=(node --test --test-concurrency=1 "${files[@]}")
if [ -z "${DISPLAY:-}" ]; then
  exec xvfb-run -a -s "-screen 0 1280x800x24" "${cmd[@]}"
fi
exec "${cmd[@]}"
