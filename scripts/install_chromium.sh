#!/usr/bin/env bash
# Install Debian's headless-capable Chromium for the browser test of `kg view`
# (tests/test_view.py drives it through Playwright with executable_path=/usr/bin/chromium;
# Playwright's own browser download is never used).  Skipped when /usr/bin/chromium exists.
set -euo pipefail

if [ -x /usr/bin/chromium ]; then
    exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium
else
    echo "install_chromium.sh: /usr/bin/chromium is missing; run: sudo apt-get install -y chromium" >&2
    exit 1
fi
