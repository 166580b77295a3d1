#!/usr/bin/env bash
# Render a report.html in headless Chromium and save a full-page PNG, to look
# at what a reader sees (and print to PDF, to check the print layout).
#
#   bash scripts/screenshot-report.sh REPORT.html OUT_PREFIX
#
# Needs Debian's chromium (apt-get install chromium). Writes OUT_PREFIX.png
# (1000 px wide, the whole page) and OUT_PREFIX.pdf (A4).
set -euo pipefail
report="$(realpath "$1")"
out="$2"
flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run
       --disable-background-networking --disable-component-update --disable-sync
       --hide-scrollbars --user-data-dir="$(mktemp -d)")
chromium "${flags[@]}" --window-size=1000,9000 --screenshot="$out.png" "file://$report" 2>/dev/null
chromium "${flags[@]}" --no-pdf-header-footer --print-to-pdf="$out.pdf" "file://$report" 2>/dev/null
echo "wrote $out.png and $out.pdf"
