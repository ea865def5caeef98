#!/usr/bin/env bash
# End-to-end tests in the real desktop window (tauri-driver + WebKitWebDriver).
# Needs the built desktop binary (target/debug/haven-desktop or $HAVEN_DESKTOP_BIN).
# Without a display, runs under a virtual X server. Exits with node's exit code.
# With arguments, runs only those test files (paths from the repository root):
#   tests/e2e/run.sh tests/e2e/lifecycle.test.mjs
set -u
cd "$(dirname "$0")/../.."
shopt -s nullglob
if [ $# -gt 0 ]; then
  files=("$@")
else
  files=(tests/e2e/*.test.mjs)
fi
if [ ${#files[@]} -eq 0 ]; then
  echo "no e2e tests found in tests/e2e" >&2
  exit 1
fi
cmd=(node --test --test-concurrency=1 "${files[@]}")
if [ -z "${DISPLAY:-}" ]; then
  exec xvfb-run -a -s "-screen 0 1280x800x24" "${cmd[@]}"
fi
exec "${cmd[@]}"
