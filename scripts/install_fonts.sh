#!/usr/bin/env bash
# Install a CJK font (Debian's fonts-noto-cjk) so `kg report` plots and the
# screenshots of `kg view` show Chinese names instead of empty boxes.
# Skipped when fontconfig already knows a CJK font.  kg report still works
# without one (it warns and draws the labels with the default font).
set -euo pipefail

if command -v fc-list >/dev/null && fc-list :lang=zh | grep -q .; then
    exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q fonts-noto-cjk fontconfig
else
    echo "install_fonts.sh: no CJK font found; run: sudo apt-get install -y fonts-noto-cjk" >&2
    exit 1
fi
