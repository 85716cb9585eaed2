#!/usr/bin/env bash
# The HTML report is tested in a real headless browser: Debian's Chromium, which playwright-core
# drives. `npm test` runs this first, so the README's test command stays one command on a fresh
# Debian machine. apt's progress goes to a log shown only if the install fails, so it never
# lands in the test output, whose last line must be `N passed, N failed`.
set -euo pipefail
[[ -x /usr/bin/chromium ]] && exit 0
if [[ $(id -u) -ne 0 ]] || ! command -v apt-get >/dev/null; then
  echo "Chromium is missing: the HTML report test will fail. Install it: sudo apt-get install chromium" >&2
  exit 0
fi
apt_log="$(mktemp)"
if ! { DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium; } \
  >"$apt_log" 2>&1 </dev/null; then
  cat "$apt_log" >&2
  exit 1
fi
rm -f "$apt_log"
