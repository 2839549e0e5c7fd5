#!/usr/bin/env bash
# Install what the tests need (PortAudio, Xvfb, Tk, Chromium and its WebDriver), then run the whole suite.
# Extra arguments go to pytest, e.g. scripts/test.sh -k timeline
set -euo pipefail
pkgs=(libportaudio2 xvfb chromium chromium-driver)  # the web page and quiz page tests drive Chromium
python3 -c "import tkinter" 2>/dev/null || pkgs+=(python3-tk)
source "$(dirname "$0")/_setup.sh" "${pkgs[@]}"
"$PY" -m pip install -q --disable-pip-version-check -e '.[test]'
exec "$PY" -m pytest "$@"
