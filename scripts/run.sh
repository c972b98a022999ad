#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The README's launch command: installs what is missing, builds, and starts the app. With no
# camera it plays the bundled demo clip. Arguments go to the app (e.g. --source 0, --alpha 0.5).
# Without a display (a server, a container) it runs under Xvfb, which makes sense together with
# --screenshot FILE.
set -euo pipefail
cd "$(dirname "$0")/.."
MNL_TARGETS=mobilenet-lab scripts/build.sh >&2  # the app and what it loads, not the tests
app="${MNL_BUILD_DIR:-build}/app/gui/mobilenet-lab"
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "run: no display found; running under Xvfb" >&2
  exec xvfb-run -a -s "-screen 0 1600x1000x24" "$app" "$@"
fi
exec "$app" "$@"
