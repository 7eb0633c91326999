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
else
  .venv/bin/python -m pip install --quiet -e .
fi
