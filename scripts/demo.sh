#!/usr/bin/env bash
# Install murmur in .venv (and PortAudio where possible), then run the demo.
set -euo pipefail
source "$(dirname "$0")/_setup.sh" libportaudio2
"$PY" -m pip install -q --disable-pip-version-check -e .
exec .venv/bin/murmur demo "$@"
