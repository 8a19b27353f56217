#!/bin/sh
# The HTML summary in a real browser (ctest labels browser, e2e): runs the [browser] Catch2
# cases, which load the page in headless Chromium. Skipped (exit 77) when chromium is missing,
# so a machine without a browser still passes. Usage: check_html.sh PATH/TO/threadlens_tests
command -v chromium >/dev/null 2>&1 || { echo "chromium not installed: browser test skipped"; exit 77; }
exec "$1" "[browser]"
