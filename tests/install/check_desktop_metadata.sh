#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# usage: check_desktop_metadata.sh BUILD DESKTOP_FILE_VALIDATE APPSTREAMCLI
# The menu entry and the AppStream data as installed, judged by freedesktop's and AppStream's
# own validators (no network: the screenshot's address is not fetched). Both fail on an error;
# the validators' warnings fail too, so that software centres show the entry as written.
set -euo pipefail
build=$1 validate_desktop=$2 appstreamcli=$3
id=io.github.mobilenetlab.MobileNetLab
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cmake --install "$build" --prefix "$work" >/dev/null
desktop=$work/share/applications/$id.desktop
metainfo=$work/share/metainfo/$id.metainfo.xml

out=$("$validate_desktop" "$desktop" 2>&1) || { echo "$out"; exit 1; }
[[ -z $out ]] || { echo "desktop-file-validate: $out"; exit 1; }
"$appstreamcli" validate --no-net --strict "$metainfo"

# What the entry promises exists in the installed tree: the program it starts, its icon, and
# "Open with" for videos and images (files handed over as %F).
grep -qx "Exec=mobilenet-lab %F" "$desktop"
[[ -x $work/bin/$(sed -n 's/^TryExec=//p' "$desktop") ]]
icon=$(sed -n 's/^Icon=//p' "$desktop")
[[ -f $work/share/icons/hicolor/scalable/apps/$icon.svg ]]
grep -q '^MimeType=.*video/mp4;.*image/jpeg;' "$desktop"
grep -q "<launchable type=\"desktop-id\">$id.desktop</launchable>" "$metainfo"
echo "desktop entry and AppStream data valid"
