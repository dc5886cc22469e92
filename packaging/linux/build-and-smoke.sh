#!/usr/bin/env bash
# Build the Linux installers (.tar.gz, .deb) and start what they hold.
#
# The one Linux build path: .ci/run runs this script after the tests, and the installers
# workflow (.github/workflows/installers.yml) runs the same script in a debian:12
# container. Linux bundles are built on Debian 12 (glibc 2.36), the oldest system they
# support: a bundle carries the build machine's libraries and runs on that and newer.
set -euo pipefail
cd "$(dirname "$0")/../.."

export DEBIAN_FRONTEND=noninteractive
export LANG=C.UTF-8
export PIP_DISABLE_PIP_VERSION_CHECK=1

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

echo "== installers: build tools and the libraries the bundle links to"
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends \
  python3 python3-venv python3-pip binutils dpkg desktop-file-utils shared-mime-info \
  xvfb xauth fontconfig fonts-dejavu-core libegl1 libgl1 libfontconfig1 libdbus-1-3 \
  libglib2.0-0 libxkbcommon0 libxkbcommon-x11-0 libx11-xcb1 libxcb-cursor0 libxcb-icccm4 \
  libxcb-image0 libxcb-keysyms1 libxcb-randr0 libxcb-render-util0 libxcb-render0 \
  libxcb-shape0 libxcb-shm0 libxcb-sync1 libxcb-util1 libxcb-xfixes0 libxcb-xkb1 \
  libwayland-client0 libwayland-cursor0 libwayland-egl1 >/dev/null

python="${PYTHON:-python3}"
# PyInstaller bundles the shared Python library; Debian's own python3 is linked statically
# and finds it in the libpythonX.Y package.
if ! "$python" -c 'import sys, sysconfig; sys.exit(0 if sysconfig.get_config_var("Py_ENABLE_SHARED") else 1)'; then
  short=$("$python" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')
  $SUDO apt-get install -y -qq --no-install-recommends "libpython${short}" >/dev/null
fi

echo "== installers: build (packaging/build.py), then start the bundle, .tar.gz and .deb"
timeout 1800 "$python" packaging/smoke.py
