#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Renders the icon's PNG sizes from packaging/icons/mobilenet-lab.svg (committed, so a build
# needs no SVG renderer). Run it after editing the SVG; needs rsvg-convert (Debian: librsvg2-bin).
set -euo pipefail
cd "$(dirname "$0")/../packaging/icons"
id=io.github.mobilenetlab.MobileNetLab
for size in 16 24 32 48 64 128 256 512; do
  mkdir -p "hicolor/${size}x${size}/apps"
  rsvg-convert -w "$size" -h "$size" mobilenet-lab.svg -o "hicolor/${size}x${size}/apps/$id.png"
done
echo "rendered $(ls hicolor | wc -l) sizes of $id"
