#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""A small folder of examples to teach from, made from the bundled test photos.

Four classes (bird, cat, crisps, flower), each the random crops of one photo of tests/data
(uncompressed BMPs, read with the standard library alone), written as PPM files in
torchvision's ImageFolder layout. The demo clip pans over the same subjects, so a model taught
from this folder has something to recognise in it: the README's Teach screenshot is
    scripts/make_teach_example.py /tmp/teach-example
    mobilenet-lab --no-saved-settings --teach /tmp/teach-example --screenshot teach.png
"""
import os
import random
import struct
import sys

PHOTOS = {"bird": "bird.bmp", "cat": "cat.bmp", "crisps": "missvickie_potato_chips.bmp",
          "flower": "sunflower.bmp"}


def read_bmp(path):
    """24-bit uncompressed BMP as (width, height, rows of RGB bytes, top row first)."""
    data = open(path, "rb").read()
    offset, = struct.unpack_from("<I", data, 10)
    width, height = struct.unpack_from("<ii", data, 18)
    bits, compression = struct.unpack_from("<HI", data, 28)
    if bits != 24 or compression != 0:
        sys.exit(f"{path}: not a 24-bit uncompressed BMP")
    stride = (width * 3 + 3) & ~3
    rows = []
    for y in range(abs(height)):
        start = offset + y * stride
        bgr = data[start:start + width * 3]
        rgb = bytearray(len(bgr))
        rgb[0::3], rgb[1::3], rgb[2::3] = bgr[2::3], bgr[1::3], bgr[0::3]
        rows.append(bytes(rgb))
    if height > 0:  # stored bottom-up
        rows.reverse()
    return width, abs(height), rows


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: make_teach_example.py OUT_DIR")
    out = sys.argv[1]
    data = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "data")
    rng = random.Random(1)
    for name, photo in PHOTOS.items():
        width, height, rows = read_bmp(os.path.join(data, photo))
        os.makedirs(os.path.join(out, name), exist_ok=True)
        for i in range(12):
            side = rng.randrange(min(width, height) * 3 // 5, min(width, height) + 1)
            x, y = rng.randrange(width - side + 1), rng.randrange(height - side + 1)
            with open(os.path.join(out, name, f"{i:02d}.ppm"), "wb") as f:
                f.write(b"P6\n%d %d\n255\n" % (side, side))
                for row in rows[y:y + side]:
                    f.write(row[3 * x:3 * (x + side)])


if __name__ == "__main__":
    main()
