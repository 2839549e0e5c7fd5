# Shared by demo.sh and test.sh: system packages (Debian/Ubuntu) and the venv.
# Usage: source scripts/_setup.sh PACKAGE...   (then use $PY)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

_murmur_apt() {
  command -v apt-get >/dev/null 2>&1 || { echo "note: no apt-get here; install $* with your package manager" >&2; return 0; }
  local need=() p
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || need+=("$p"); done
  [ ${#need[@]} -eq 0 ] && return 0
  local sudo=""
  if [ "$(id -u)" != 0 ]; then
    if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
      echo "note: cannot install ${need[*]} (not root, no sudo); playback or window tests may be skipped" >&2; return 0
    fi
  fi
  echo "installing system packages: ${need[*]}" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
}

_murmur_apt "$@"
if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
PY=.venv/bin/python
# Before issue 12 the distribution was called "murmur" (on the package index an unrelated hash library):
# a venv from then has it; remove it before murmur-auscultation is installed (it owns bin/murmur too).
if "$PY" -m pip show -q murmur >/dev/null 2>&1; then "$PY" -m pip uninstall -y -q murmur >/dev/null; fi
