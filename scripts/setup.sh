#!/usr/bin/env bash
# Set up everything CWSW Desktop needs on this machine: a virtual environment with the app and
# its test tools, and (on Debian/Ubuntu) the system libraries Qt needs. Safe to run again: it
# only does what is missing. Usage: scripts/setup.sh [gui|test]
set -euo pipefail
cd "$(dirname "$0")/.."
purpose="${1:-test}"

say() { printf '%s\n' "$*" >&2; }

# 1. Python 3.11 or newer.
PYTHON=""
for candidate in python3.13 python3.12 python3.11 python3; do
  if command -v "$candidate" >/dev/null 2>&1 &&
     "$candidate" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null; then
    PYTHON="$(command -v "$candidate")"; break
  fi
done
if [ -z "$PYTHON" ]; then
  say "CWSW Desktop needs Python 3.11 or newer. Install it (e.g. 'apt-get install python3.11 python3.11-venv') and run this again."
  exit 1
fi

# 2. System libraries for Qt (headless for tests; X11 as well to open a window).
need_libs=(libGL.so.1:libgl1 libEGL.so.1:libegl1 libfontconfig.so.1:libfontconfig1
           libxkbcommon.so.0:libxkbcommon0 libglib-2.0.so.0:libglib2.0-0 libdbus-1.so.3:libdbus-1-3)
if [ "$purpose" = gui ]; then
  need_libs+=(libxcb-cursor.so.0:libxcb-cursor0 libxcb-icccm.so.4:libxcb-icccm4 libxcb-image.so.0:libxcb-image0
              libxcb-keysyms.so.1:libxcb-keysyms1 libxcb-randr.so.0:libxcb-randr0
              libxcb-render-util.so.0:libxcb-render-util0 libxcb-shape.so.0:libxcb-shape0
              libxcb-xinerama.so.0:libxcb-xinerama0 libxcb-xkb.so.1:libxcb-xkb1
              libxkbcommon-x11.so.0:libxkbcommon-x11-0)
fi
missing=()
if [ "$(uname -s)" = Linux ]; then
  ldconfig_bin="$(command -v ldconfig || echo /sbin/ldconfig)"  # /sbin is not on every user's PATH
  libs="$("$ldconfig_bin" -p 2>/dev/null || true)"
  for pair in "${need_libs[@]}"; do
    lib="${pair%%:*}"; pkg="${pair##*:}"
    if ! grep -q "$lib" <<<"$libs"; then missing+=("$pkg"); fi
  done
  # Without a font every letter is a box: look for any TrueType/OpenType font.
  if ! find /usr/share/fonts /usr/local/share/fonts "$HOME/.local/share/fonts" \
        \( -name '*.ttf' -o -name '*.otf' \) -print -quit 2>/dev/null | grep -q .; then
    missing+=(fonts-dejavu-core)
  fi
fi
if [ "${#missing[@]}" -gt 0 ]; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    say "Installing system libraries for Qt: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq --no-install-recommends "${missing[@]}" fontconfig >/dev/null
  elif command -v apt-get >/dev/null 2>&1 && command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    say "Installing system libraries for Qt: ${missing[*]}"
    sudo apt-get update -qq >/dev/null
    sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" fontconfig >/dev/null
  else
    say "Qt needs these system packages, which are missing: ${missing[*]}"
    say "Install them (Debian/Ubuntu: sudo apt-get install ${missing[*]}) and run this again."
    exit 1
  fi
fi

# 3. The virtual environment, reinstalled only when pyproject.toml changes.
if [ ! -x .venv/bin/python ]; then
  if ! "$PYTHON" -m venv .venv 2>/dev/null; then
    rm -rf .venv
    if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
      ver="$("$PYTHON" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')"
      apt-get install -y -qq "python${ver}-venv" >/dev/null || apt-get install -y -qq python3-venv >/dev/null
      "$PYTHON" -m venv .venv
    else
      say "Python's venv module is missing (Debian/Ubuntu: sudo apt-get install python3-venv)."
      exit 1
    fi
  fi
fi
stamp=".venv/.cwsw-installed"
want="$(cat pyproject.toml | sha256sum | cut -d' ' -f1)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  say "Installing CWSW Desktop and its dependencies into .venv …"
  .venv/bin/python -m pip install --quiet --upgrade pip >/dev/null 2>&1 || true
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".[test]"
  echo "$want" > "$stamp"
fi
