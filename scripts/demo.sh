#!/usr/bin/env bash
# Set up and run the demo: crawl the bundled offline copy of the site (sample data).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/billwatch demo "$@"
