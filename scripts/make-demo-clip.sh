#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Rebuilds resources/demo/demo.avi (10 s, 640x480, 15 fps, Motion JPEG in AVI: OpenCV reads it
# with no codec installed) from the Apache-2.0 photos of google-coral/test_data, by default the
# copies in tests/data. Needs a C++ compiler, OpenCV's development files and ffmpeg
# (apt-get install g++ libopencv-dev ffmpeg). The clip is committed: the app never reads the
# photos.
#
# usage: scripts/make-demo-clip.sh [PHOTO_DIR]
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
photos=${1:-$root/tests/data}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

c++ -std=c++20 -O2 -o "$work/make_demo_clip" "$root/scripts/make_demo_clip.cpp" \
  $(pkg-config --cflags opencv4 | sed 's/-I/-isystem /g') $(pkg-config --libs opencv4)
mkdir -p "$work/frames" "$root/resources/demo"
"$work/make_demo_clip" "$work/frames" \
  "$photos/parrot.jpg" "$photos/cat_720p.jpg" "$photos/hot_dog.jpg" \
  "$photos/sunflower.bmp" "$photos/missvickie_potato_chips.bmp"
# -q:v 11: JPEG quantiser (2 best … 31 worst), 4:2:0 chroma: about 17 kB a frame, under 3 MB.
ffmpeg -loglevel error -y -framerate 15 -i "$work/frames/frame-%04d.png" \
  -c:v mjpeg -q:v 11 -pix_fmt yuvj420p "$root/resources/demo/demo.avi"
ls -l "$root/resources/demo/demo.avi"
