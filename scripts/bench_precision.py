#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""What a number format buys on this CPU: `mobilenet-lab-cli bench` in fp32, bf16 and int8 at
the paper's corner points, each run a process of its own, the rounds interleaved (each round
times every precision of every point once, in turn, so that a machine drifting during the run
does not turn into a difference between the formats); the median of the rounds' medians, and
each format's speed-up over fp32 from the same rounds.

Then the accuracy the formats cost: `classify --json` of the shared test photos and of every
frame of the demo clip in each format, counted (not sampled): in how many the top-1 is fp32's.
Int8's scales and both formats' channel means (bias correction) come from `calibrate` on the
demo clip for the photos, and on the photos for the clip, so that no picture is judged by
scales measured on itself.

Writes a Markdown table headed by the CPU's model and vector instruction sets (a speed holds
for the ISA it was measured on). A format the CPU lacks is left out, with the CLI's reason.

Beside them, fp32's own floor: fp32 against itself on the same pictures changed in a way no eye
sees (every 8-bit value moved by -1, 0 or +1 at random, one set per seed; and each picture saved
again as a JPEG of quality 95), written as PNG files with the unchanged pictures beside them, all
read by the CLI as it reads any image. Where fp32's first two classes are close, such a change
turns its top-1 too: a format that keeps fp32's top-1 as often as this is as stable as fp32
is. Needs numpy and OpenCV's Python module (pip install numpy opencv-python-headless);
--floor-seeds 0 leaves it out.

With MNL_BF16_EMULATION=1 on an AVX-512 CPU without AVX512_BF16, bf16 runs in oneDNN's software
conversion (onednn_network.h): its agreement is bf16's, its time is not, and it is not timed.
--agreement-only leaves the timing out altogether.
    scripts/bench_precision.py --cli build/app/cli/mobilenet-lab-cli \\
        --out docs/measurements/precision-cpu-avx512.md
"""
import argparse
import datetime
import glob
import json
import os
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass

POINTS = [(1.0, 224), (0.75, 192), (0.5, 160), (0.25, 128)]
FORMATS = ["fp32", "bf16", "int8"]


def cpu_description():
    model, family, number, flags = "unknown CPU", "", "", set()
    with open("/proc/cpuinfo") as f:
        for line in f:
            key, _, value = line.partition(":")
            key, value = key.strip(), value.strip()
            if key == "model name" and model == "unknown CPU":
                model = value
            elif key == "cpu family" and not family:
                family = value
            elif key == "model" and not number:
                number = value
            elif key == "flags" and not flags:
                flags = set(value.split())
    isa = [name for name, flag in [("AVX2", "avx2"), ("AVX-VNNI", "avx_vnni"),
                                   ("AVX-512F", "avx512f"), ("AVX-512 VNNI", "avx512_vnni"),
                                   ("AVX-512 BF16", "avx512_bf16"), ("AMX", "amx_tile")]
           if flag in flags]
    return (f"{model} (family {family}, model {number}), {os.cpu_count()} logical CPUs, "
            f"{' + '.join(isa) or 'no AVX2'}")


def bf16_emulated():
    """True where the CLI runs bf16 in software (see the module's text)."""
    with open("/proc/cpuinfo") as f:
        native = "avx512_bf16" in f.read().split()
    return os.environ.get("MNL_BF16_EMULATION") == "1" and not native


def run(cli, *args):
    done = subprocess.run([cli, *args], capture_output=True, text=True)
    return done.returncode, done.stdout, done.stderr


def bench(cli, fmt, alpha, res, iters, threads):
    code, out, err = run(cli, "bench", "--alpha", str(alpha), "--resolution", str(res),
                         "--precision", fmt, "--iters", str(iters), "--warmup", "20",
                         "--threads", str(threads), "--no-layers", "--json")
    if code != 0:
        return None, err.strip()
    return json.loads(out)["median_ms"], ""


def ranked(cli, fmt, alpha, inputs, calibration):
    """Each picture's top-1 and its lead over the second class, in probability."""
    extra = ["--calibration", calibration] if fmt in ("int8", "bf16") and calibration else []
    code, out, err = run(cli, "classify", *inputs, "--alpha", str(alpha), "--top", "2",
                         "--precision", fmt, "--json", *extra)
    if code != 0:
        sys.exit(f"classify {fmt} failed: {err}")
    return [(r["top"][0]["index"], r["top"][0]["prob"] - r["top"][1]["prob"])
            for r in json.loads(out)]


def top1s(cli, fmt, alpha, inputs, calibration):
    return [index for index, _ in ranked(cli, fmt, alpha, inputs, calibration)]


@dataclass
class FloorSets:
    clean: list      # the pictures as PNG files, unchanged
    moved: list      # one list of PNG files a seed, every value moved by -1, 0 or +1
    jpeg: list       # the same pictures saved as JPEG (quality 95), as PNG files


def floor_sets(photos, clip, seeds, folder):
    """The test photos and every clip frame as PNG files: unchanged, moved, re-saved."""
    import cv2
    import numpy as np
    pictures = [(os.path.basename(p), cv2.imread(p, cv2.IMREAD_COLOR)) for p in photos]
    video = cv2.VideoCapture(clip)
    while True:
        ok, frame = video.read()
        if not ok:
            break
        pictures.append((f"frame{len(pictures):04d}", frame))

    def write(name, change):
        os.makedirs(os.path.join(folder, name))
        paths = []
        for stem, image in pictures:
            paths.append(os.path.join(folder, name, stem + ".png"))
            if not cv2.imwrite(paths[-1], change(image)):
                sys.exit(f"cannot write {paths[-1]}")
        return paths

    def resaved(image):
        ok, data = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, 95])
        return cv2.imdecode(data, cv2.IMREAD_COLOR)

    moved = []
    for seed in range(seeds):
        rng = np.random.default_rng(seed)
        moved.append(write(f"moved{seed}", lambda image: np.clip(
            image.astype(np.int16) + rng.integers(-1, 2, image.shape), 0, 255).astype(np.uint8)))
    return FloorSets(write("clean", lambda image: image), moved, write("jpeg95", resaved))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cli", required=True)
    parser.add_argument("--photos", default="tests/data")
    parser.add_argument("--clip", default="resources/demo/demo.avi")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--iters", type=int, default=200)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--agreement-only", action="store_true",
                        help="count the top-1 agreement, time nothing")
    parser.add_argument("--floor-seeds", type=int, default=3,
                        help="pixel-noise sets for fp32's own floor (0: no floor)")
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    emulated = bf16_emulated()

    formats, refused = [], {}
    for fmt in FORMATS:
        ms, reason = bench(args.cli, fmt, 0.25, 128, 5, args.threads)
        if ms is None:
            refused[fmt] = reason
        else:
            formats.append(fmt)
    timed = [] if args.agreement_only else \
        [f for f in formats if not (f == "bf16" and emulated)]
    samples = {(p, f): [] for p in POINTS for f in timed}
    for r in range(args.rounds if timed else 0):
        order = POINTS if r % 2 == 0 else POINTS[::-1]
        for point in order:
            for fmt in (timed if r % 2 == 0 else timed[::-1]):
                ms, reason = bench(args.cli, fmt, *point, args.iters, args.threads)
                if ms is None:
                    sys.exit(f"bench {fmt} {point} failed: {reason}")
                samples[(point, fmt)].append(ms)
                print(f"round {r + 1}: {point} {fmt} {ms:.3f} ms", file=sys.stderr)

    photos = sorted(glob.glob(os.path.join(args.photos, "*.jpg")) +
                    glob.glob(os.path.join(args.photos, "*.bmp")))
    agreement, floor, floor_turned, floor_problem = {}, {}, {}, ""
    with tempfile.TemporaryDirectory() as tmp:
        sets = None
        if args.floor_seeds > 0:
            try:
                sets = floor_sets(photos, args.clip, args.floor_seeds, os.path.join(tmp, "floor"))
            except ImportError as e:
                floor_problem = (f"not measured: {e.name} is missing (pip install numpy "
                                 "opencv-python-headless)")
                print(floor_problem, file=sys.stderr)
        for alpha, _ in POINTS:
            on_clip, on_photos = os.path.join(tmp, "clip.json"), os.path.join(tmp, "photos.json")
            if "int8" in formats or "bf16" in formats:
                for inputs, out in (([args.clip], on_clip), (photos, on_photos)):
                    code, _, err = run(args.cli, "calibrate", *inputs, "--alpha", str(alpha),
                                       "--out", out)
                    if code != 0:
                        sys.exit(f"calibrate failed: {err}")
            reference_photos = top1s(args.cli, "fp32", alpha, photos, None)
            reference_clip = top1s(args.cli, "fp32", alpha, [args.clip], None)
            for fmt in formats[1:]:
                got_photos = top1s(args.cli, fmt, alpha, photos, on_clip)
                got_clip = top1s(args.cli, fmt, alpha, [args.clip], on_photos)
                agreement[(alpha, fmt)] = (
                    sum(a == b for a, b in zip(reference_photos, got_photos)), len(photos),
                    sum(a == b for a, b in zip(reference_clip, got_clip)), len(reference_clip))
            if sets:
                unchanged = ranked(args.cli, "fp32", alpha, sets.clean, None)
                reference = [index for index, _ in unchanged]
                turned = lambda got: {i for i, (a, b) in enumerate(zip(reference, got)) if a != b}
                noise = [turned(top1s(args.cli, "fp32", alpha, paths, None))
                         for paths in sets.moved + [sets.jpeg]]
                floor[alpha] = ([len(reference) - len(t) for t in noise], len(reference))
                # Which pictures each format turns, on the same PNG files and calibrated as
                # above: how many of them the noise turns in fp32 too, and how far fp32's
                # first class led its second on them.
                noisy = set().union(*noise)
                for fmt in formats[1:]:
                    got = top1s(args.cli, fmt, alpha, sets.clean[:len(photos)], on_clip) + \
                        top1s(args.cli, fmt, alpha, sets.clean[len(photos):], on_photos)
                    mine = turned(got)
                    floor_turned[(alpha, fmt)] = (
                        len(mine), len(mine & noisy), len(noisy),
                        max((unchanged[i][1] for i in mine), default=None))

    timing = (f"`scripts/bench_precision.py`: one `mobilenet-lab-cli bench --precision F` "
              f"process per run, batch 1, {args.iters} timed runs after 20 untimed, "
              f"{args.rounds} interleaved rounds; the median of the rounds' medians, and the "
              "speed-up over fp32 from the same rounds. " if timed else
              "`scripts/bench_precision.py --agreement-only`: nothing timed. ")
    lines = [f"### Number formats on the CPU: {cpu_description()}, {args.threads} threads "
             f"— {datetime.date.today()}", "",
             timing + "The direct oneDNN path in each format (conv0, dw1, the pool and the "
             "classifier in fp32). Agreement: the top-1 of every test photo and of every frame "
             "of the demo clip against fp32's, int8 and bf16 calibrated on the other set." +
             (" bf16 emulated (MNL_BF16_EMULATION=1: oneDNN's software bf16 on a CPU without "
              "AVX512_BF16): its agreement, not its speed." if emulated and "bf16" in formats
              else "") +
             (" fp32's own floor: fp32 against itself on the same pictures (photos and clip "
              "frames as PNG) with every 8-bit value moved by −1, 0 or +1 at random (one set a "
              "seed), and saved again as JPEG of quality 95." if floor else ""), ""]
    speeds = [f for f in timed if f != "fp32"]
    header = "| network | " + "".join(f"{f} (ms) | " for f in timed) + \
        "".join(f"{f} ÷ fp32 speed | " for f in speeds) + \
        " | ".join(f"{f} top-1 as fp32: photos, clip" for f in formats[1:]) + \
        (" | fp32 as fp32, pixels ±1 (seeds) | fp32 as fp32, JPEG 95" if floor else "") + " |"
    lines += [header, "|" + "---|" * (1 + len(timed) + len(speeds) + len(formats) - 1 +
                                      (2 if floor else 0))]
    for point in POINTS:
        medians = {f: statistics.median(samples[(point, f)]) for f in timed}
        speedups = [statistics.median(a / b for a, b in zip(samples[(point, "fp32")],
                                                              samples[(point, f)]))
                    for f in speeds]
        agree = []
        for f in formats[1:]:
            p, pn, c, cn = agreement[(point[0], f)]
            agree.append(f"{p}/{pn}, {c}/{cn} ({100 * (p + c) / (pn + cn):.1f} %)")
        if floor:
            (*moved, jpeg), n = floor[point[0]]
            agree.append(", ".join(f"{m}/{n}" for m in moved) +
                         f" ({100 * min(moved) / n:.1f}–{100 * max(moved) / n:.1f} %)")
            agree.append(f"{jpeg}/{n} ({100 * jpeg / n:.1f} %)")
        lines.append(f"| {point[0]:g}/{point[1]} | " +
                     "".join(f"{medians[f]:.3f} | " for f in timed) +
                     "".join(f"{s:.2f}× | " for s in speedups) + " | ".join(agree) + " |")
    if floor_turned:
        lines += ["", "The pictures each format turns, on the same PNG files (calibrated as above): "
                  "how many of them the noise turns in fp32 too (any seed, or the JPEG re-save), "
                  "and fp32's largest lead of its first class over its second on them.", "",
                  "| network | " + " | ".join(f"{f}: turned, also by the noise, fp32's lead"
                                             for f in formats[1:]) + " |",
                  "|---|" + "---|" * len(formats[1:])]
        for alpha, res in POINTS:
            cells = []
            for f in formats[1:]:
                mine, common, noisy, lead = floor_turned[(alpha, f)]
                cells.append(f"{mine}, {common} (of the noise's {noisy})" +
                             (f", ≤ {lead:.4f}" if lead is not None else ""))
            lines.append(f"| {alpha:g}/{res} | " + " | ".join(cells) + " |")
    if floor_problem:
        lines += ["", f"fp32's own floor: {floor_problem}"]
    for fmt, reason in refused.items():
        lines += ["", f"{fmt}: not run here — {reason}"]
    with open(args.out, "w") as f:
        f.write("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
