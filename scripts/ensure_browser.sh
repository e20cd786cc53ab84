#!/usr/bin/env bash
# Browser tests drive Debian's chromium through Playwright. Install it when we can
# (root with apt-get); otherwise the browser tests skip and say why.
set -uo pipefail
if [ -x /usr/bin/chromium ]; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "== installing Debian's chromium for the browser tests"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/dev/null 2>&1 \
    || echo "could not install chromium: browser tests will be skipped"
else
  echo "no /usr/bin/chromium and no way to install it: browser tests will be skipped"
fi
