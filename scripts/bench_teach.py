#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""How fast `mobilenet-lab-cli teach` is, and what memory it takes, as the examples grow.

Draws a folder of labelled examples (PPM files: coloured squares of ten colours, one colour
per class, at random places on noise; the standard library only, no numpy), then runs
`teach DIR --alpha A --json` in a process of its own for each α and head and reads from its
report the embedding time (the backbone over every image, in batches) and the head's time,
and from the kernel the process's peak resident memory. Then the same with ten times the
examples: the memory a project takes should grow with the embeddings (N x 1024·α floats),
not with the images.

Writes a Markdown table headed by the CPU's model and vector instruction sets (a speed holds
for the ISA it was measured on).
    scripts/bench_teach.py --cli build/app/cli/mobilenet-lab-cli --out docs/measurements/teach-cpu.md
"""
import argparse
import datetime
import json
import os
import random
import subprocess
import sys
import tempfile

COLOURS = [(220, 30, 30), (30, 40, 220), (30, 190, 40), (230, 200, 20), (200, 40, 200),
           (20, 200, 200), (240, 130, 20), (120, 60, 20), (250, 250, 250), (10, 10, 10)]


def draw_folder(root, per_class, classes, size=96, seed=1):
    rng = random.Random(seed)
    for c in range(classes):
        folder = os.path.join(root, f"class_{c:02d}")
        os.makedirs(folder, exist_ok=True)
        colour = bytes(COLOURS[c % len(COLOURS)])
        for i in range(per_class):
            pixels = bytearray(rng.randbytes(size * size * 3))
            side = size // 3 + rng.randrange(size // 3)
            x, y = rng.randrange(size - side), rng.randrange(size - side)
            for row in range(y, y + side):
                start = (row * size + x) * 3
                pixels[start:start + 3 * side] = colour * side
            with open(os.path.join(folder, f"{i:05d}.ppm"), "wb") as f:
                f.write(b"P6\n%d %d\n255\n" % (size, size))
                f.write(pixels)


def cpu_description():
    model, flags = "unknown CPU", set()
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name") and model == "unknown CPU":
                model = line.split(":", 1)[1].strip()
            elif line.startswith("flags") and not flags:
                flags = set(line.split(":", 1)[1].split())
    isa = [name for name, flag in [("AVX2", "avx2"), ("AVX-512F", "avx512f"),
                                   ("AVX-512 VNNI", "avx512_vnni"), ("AVX-512 BF16", "avx512_bf16"),
                                   ("AMX", "amx_tile")] if flag in flags]
    return f"{model}, {os.cpu_count()} logical CPUs, {' + '.join(isa) or 'no AVX2'}"


def teach(cli, folder, alpha, head):
    """One run in a process of its own: its report, and its peak resident memory in KiB from
    the kernel (wait4's rusage, this child's alone)."""
    with tempfile.TemporaryFile() as err:
        process = subprocess.Popen([cli, "teach", folder, "--alpha", str(alpha), "--head", head,
                                    "--json"], stdout=subprocess.PIPE, stderr=err)
        out = process.stdout.read()
        process.stdout.close()
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            err.seek(0)
            sys.exit(f"teach failed ({process.returncode}): {err.read().decode()}")
    return json.loads(out), usage.ru_maxrss


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cli", required=True)
    parser.add_argument("--per-class", type=int, default=100, help="examples per class (x10 classes)")
    parser.add_argument("--alphas", default="0.25,0.5,0.75,1.0")
    parser.add_argument("--scale", type=int, default=10,
                        help="the second folder has this many times the examples (alpha 0.25)")
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        small, large = os.path.join(tmp, "small"), os.path.join(tmp, "large")
        draw_folder(small, args.per_class, 10)
        draw_folder(large, args.per_class * args.scale, 10)
        runs = [(small, float(a), head) for a in args.alphas.split(",") for head in ("linear", "knn")]
        runs += [(large, 0.25, "linear")]
        for folder, alpha, head in runs:
            report, peak_kib = teach(args.cli, folder, alpha, head)
            n = report["examples"]
            rows.append((n, alpha, head, report["backbone"]["dimensions"], report["embed_seconds"],
                         n / report["embed_seconds"], report["train_seconds"],
                         report["evaluation"]["top1"], peak_kib / 1024))
            print(rows[-1], file=sys.stderr)
    lines = [f"# `teach`: time and memory ({datetime.date.today()})", "",
             f"Machine: {cpu_description()}. One `mobilenet-lab-cli teach DIR --json` process "
             "per row (scripts/bench_teach.py), the machine otherwise idle; examples are "
             "96x96 PPM files of ten classes, 15 % of each held out. Embedding: decoding and "
             "the backbone over every example, 16 at a time; head: training the linear head "
             "(early-stopped) or choosing k for k-NN, after the embeddings exist.", "",
             "| examples | α | head | values per example | embedding (s) | examples/s "
             "| head (s) | held-out top-1 | peak memory (MiB) |",
             "|---:|---:|---|---:|---:|---:|---:|---:|---:|"]
    for n, alpha, head, dims, embed, rate, train, top1, rss in rows:
        lines.append(f"| {n} | {alpha:g} | {head} | {dims} | {embed:.2f} | {rate:.0f} | "
                     f"{train:.3f} | {top1:.3f} | {rss:.0f} |")
    with open(args.out, "w") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
