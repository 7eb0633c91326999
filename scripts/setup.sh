#!/usr/bin/env bash
# Create .venv and install billwatch (editable) with its dependencies.
# --test also installs the test tools and Debian's chromium + chromium-driver for
# the browser tests (never a browser download from a test tool).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
if [ "${1:-}" = "--test" ]; then
  .venv/bin/python -m pip install --quiet -e ".[test]"
  # Browser tests drive Debian's Chromium through its chromedriver.
  if ! { [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; }; then
    if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
        chromium chromium-driver >/dev/null
    else
      echo "note: chromium/chromedriver missing and not installable here; browser tests skip" >&2
    fi
  fi
else
  .venv/bin/python -m pip install --quiet -e .
fi
