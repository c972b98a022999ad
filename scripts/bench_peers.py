#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""MobileNet Lab against the engines people reach for, in one run, on one machine.

Runs the same MobileNet v1 (same architecture, TensorFlow SAME padding, seeded random weights,
same input sizes, same thread count) in:
  - this project's core (mobilenet-lab-cli bench --json),
  - PyTorch eager (NCHW and channels-last), from the same wheel the project links,
  - PyTorch frozen TorchScript + optimize_for_inference, where it works,
  - torch.compile (CPU: default mode with freezing; CUDA: mode="max-autotune"), where it works,
  - ONNX Runtime (CPU), on an ONNX export of the same PyTorch model,
  - OpenVINO (CPU, fp32, latency hint), on the same ONNX export,
  - with --engines onnxruntime-int8,openvino-int8: both again in int8, ONNX Runtime on a static
    QDQ model of that export (quantize_static: per-channel s8 weights, u8 activations),
    OpenVINO on NNCF's quantisation of it (nncf.quantize), both calibrated on random inputs, as
    the weights are random (until 2026-12-07 OpenVINO ran the QDQ model), beside this project's
    `bench --precision int8` (speed only: random weights have no accuracy to keep),
Every engine runs in a process of its own, as this project's does (`bench` is a program): the
thread pools of an engine just timed (libgomp's spinning OpenMP threads, ONNX Runtime's and
OpenVINO's pools) would otherwise still hold the cores while the next one runs. Until
2026-12-06 the peers shared one Python process, and the tables' ONNX Runtime times were
1.5-3.5x what it takes alone (docs/benchmarks.md says what changed). Rounds are interleaved:
each round times every engine once, in turn.
It writes a Markdown table with medians and the ratio of each peer to this project, headed by
the CPU's model and the instruction sets its vector code can use (AVX2, AVX-512, AMX): a speed
holds for the ISA it was measured on. --engines picks the peers (the 16-point grid with all of
them takes long: torch.compile compiles each configuration).

On CUDA every engine runs in each --precisions (fp32 with TF32 off everywhere, as this project
runs it, so that all do the same arithmetic; fp16 for the whole model), and this project also
without its CUDA graphs, to show what they are worth.
"""
import argparse
import datetime
import json
import os
import platform
import signal
import statistics
import subprocess
import sys
import time

# The heap settings mobilenet-lab-cli makes for itself (core/system/include/mnl/heap_policy.h), given
# to every engine: with glibc's defaults a batch's large activations are mapped and faulted in
# afresh on every run, which slows PyTorch's batch-8 runs as much as ours did (torch.compile at
# 1.0/224 batch 8: 104 ms without, 65 ms with). glibc reads them only when a process starts,
# so the script starts itself again with them; the engines it runs inherit them.
HEAP_SETTINGS = "glibc.malloc.mmap_threshold=33554432:glibc.malloc.trim_threshold=134217728"
_tunables = os.environ.get("GLIBC_TUNABLES", "")
if HEAP_SETTINGS not in _tunables:  # added to the caller's own tunables, if any
    os.execve(sys.executable, sys.orig_argv,
              {**os.environ, "GLIBC_TUNABLES": ":".join(filter(None, [_tunables, HEAP_SETTINGS]))})



def onnx_path(alpha, res, batch, int8=False):
    """The ONNX export ONNX Runtime and OpenVINO both run, made once per configuration; with
    int8, its static QDQ quantisation."""
    return f"/tmp/mnl_bench_{alpha}_{res}_{batch}{'_int8' if int8 else ''}.onnx"


def nncf_path(alpha, res, batch):
    """OpenVINO's int8 model of the configuration's export: NNCF's post-training quantisation,
    saved as OpenVINO IR."""
    return f"/tmp/mnl_bench_{alpha}_{res}_{batch}_nncf.xml"


def quantize_export(alpha, res, batch):
    """The int8 models of the configuration's export, calibrated on eight random inputs in
    [-1, 1]: ONNX Runtime's static QDQ (per-channel s8 weights, u8 activations) and, for
    OpenVINO, NNCF's `nncf.quantize` with its defaults (what OpenVINO's own documentation has a
    person do)."""
    import numpy as np
    from onnxruntime.quantization import (CalibrationDataReader, QuantFormat, QuantType,
                                          quantize_static)

    class RandomFrames(CalibrationDataReader):
        def __init__(self):
            rng = np.random.default_rng(2)
            self.frames = iter([{"x": rng.uniform(-1, 1, (batch, 3, res, res)).astype(np.float32)}
                                for _ in range(8)])

        def get_next(self):
            return next(self.frames, None)

    from onnxruntime.quantization.shape_inference import quant_pre_process
    # ONNX Runtime's own advice before quantising: shapes inferred, the graph optimised (each
    # Conv + Clip fused, so the quantised graph has no Q/DQ pair between them).
    prepared = onnx_path(alpha, res, batch) + ".prepared.onnx"
    quant_pre_process(onnx_path(alpha, res, batch), prepared)
    quantize_static(prepared, onnx_path(alpha, res, batch, True),
                    RandomFrames(), quant_format=QuantFormat.QDQ, per_channel=True,
                    activation_type=QuantType.QUInt8, weight_type=QuantType.QInt8)
    import nncf
    import openvino as ov
    frames = [f["x"] for f in RandomFrames().frames]
    ov.save_model(nncf.quantize(ov.Core().read_model(onnx_path(alpha, res, batch)),
                                nncf.Dataset(frames), subset_size=len(frames)),
                  nncf_path(alpha, res, batch))


def run_exported_peer():
    """--peer onnxruntime|openvino: the engine alone in this process, without PyTorch (importing
    it loads its OpenMP runtime beside the engine's own threads), on the parent's ONNX export.
    Prints {name: median ms} as JSON."""
    import argparse as ap
    q = ap.ArgumentParser()
    for name in ("--peer", "--configs", "--precisions", "--compile", "--device"):
        q.add_argument(name)
    for name in ("--threads", "--iters", "--warmup"):
        q.add_argument(name, type=int)
    a = q.parse_args()
    import numpy as np
    alpha, res, batch = float(a.configs.split(":")[0]), *map(int, a.configs.split(":")[1:])
    x = np.random.default_rng(1).uniform(-1, 1, (batch, 3, res, res)).astype(np.float32)
    int8 = a.peer.endswith("-int8")
    suffix = (" int8 (NNCF)" if a.peer.startswith("openvino") else " int8 (QDQ)") if int8 else ""
    if a.peer.startswith("onnxruntime"):
        import onnxruntime as ort
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = a.threads
        opts.inter_op_num_threads = 1
        opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        sess = ort.InferenceSession(onnx_path(alpha, res, batch, int8), opts,
                                    providers=["CPUExecutionProvider"])
        name, run = f"ONNX Runtime {ort.__version__}{suffix}", lambda: sess.run(None, {"x": x})
    else:
        import openvino as ov
        core = ov.Core()
        # fp32 throughout (the CPU plugin would otherwise pick bf16 where the CPU has it), one
        # stream, the thread count of the others.
        # (The NNCF model's int8 layers run int8 whatever the hint: the hint keeps the rest f32.)
        model = nncf_path(alpha, res, batch) if int8 else onnx_path(alpha, res, batch)
        compiled = core.compile_model(core.read_model(model), "CPU", {
            "PERFORMANCE_HINT": "LATENCY", "INFERENCE_NUM_THREADS": a.threads,
            "INFERENCE_PRECISION_HINT": "f32", "NUM_STREAMS": 1})
        request = compiled.create_infer_request()
        name, run = (f"OpenVINO {ov.__version__.split('-')[0]}{suffix}",
                     lambda: request.infer({0: x}))
    print(json.dumps({name: time_it(run, a.iters, a.warmup, lambda: None)}))


def time_it(fn, iters, warmup, sync):
    for _ in range(warmup):
        fn()
    sync()
    samples = []
    for _ in range(iters):
        start = time.perf_counter()
        fn()
        sync()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


if __name__ == "__main__" and "--peer" in sys.argv[:-1] and \
        sys.argv[sys.argv.index("--peer") + 1] in ("onnxruntime", "openvino", "onnxruntime-int8",
                                                   "openvino-int8"):
    run_exported_peer()
    sys.exit(0)

import torch
import torch.nn as nn
import torch.nn.functional as F

BLOCKS = [(1, 64), (2, 128), (1, 128), (2, 256), (1, 256), (2, 512), (1, 512), (1, 512),
          (1, 512), (1, 512), (1, 512), (2, 1024), (1, 1024)]


def scaled(alpha, channels):
    return max(8, int(alpha * channels))


class ConvBnRelu(nn.Module):
    def __init__(self, cin, cout, kernel, stride, groups):
        super().__init__()
        self.kernel, self.stride = kernel, stride
        self.conv = nn.Conv2d(cin, cout, kernel, stride, 0, groups=groups, bias=False)
        self.bn = nn.BatchNorm2d(cout, eps=1e-3)

    def forward(self, x):
        if self.kernel > 1:  # TensorFlow SAME: the odd padding pixel goes bottom/right
            h, w = x.shape[-2:]
            ph = max((-(-h // self.stride) - 1) * self.stride + self.kernel - h, 0)
            pw = max((-(-w // self.stride) - 1) * self.stride + self.kernel - w, 0)
            x = F.pad(x, (pw // 2, pw - pw // 2, ph // 2, ph - ph // 2))
        return F.relu6(self.bn(self.conv(x)))


class MobileNetV1(nn.Module):
    def __init__(self, alpha, classes=1000):
        super().__init__()
        c = scaled(alpha, 32)
        layers = [ConvBnRelu(3, c, 3, 2, 1)]
        for stride, n in BLOCKS:
            n = scaled(alpha, n)
            layers += [ConvBnRelu(c, c, 3, stride, c), ConvBnRelu(c, n, 1, 1, 1)]
            c = n
        self.features = nn.Sequential(*layers)
        self.classifier = nn.Linear(c, classes)

    def forward(self, x):
        return self.classifier(self.features(x).mean((2, 3)))


def randomized(alpha):
    torch.manual_seed(1)
    model = MobileNetV1(alpha).eval()
    with torch.no_grad():  # non-trivial BN statistics, as trained weights would have
        for m in model.modules():
            if isinstance(m, nn.BatchNorm2d):
                m.running_mean.uniform_(-0.1, 0.1)
                m.running_var.uniform_(0.5, 1.5)
    return model


COMPILE_LIMIT_S = int(os.environ.get("MNL_COMPILE_LIMIT_S", "600"))  # per compile


def _compile_took_too_long(signum, frame):
    raise TimeoutError(f"torch.compile did not finish within {COMPILE_LIMIT_S} s")


signal.signal(signal.SIGALRM, _compile_took_too_long)


PEERS = ("eager", "channels-last", "torchscript", "compile", "onnxruntime", "openvino",
         "onnxruntime-int8", "openvino-int8")

# The paper's 16 points at batch 1, then the two batch-8 points of the speed issue.
GRID = ",".join(f"{a}:{r}:1" for a in (1.0, 0.75, 0.5, 0.25) for r in (224, 192, 160, 128)) + \
    ",1.0:224:8,0.5:160:8"


def cpu_fields():
    """The first processor's lines of /proc/cpuinfo, {key: value} (empty where it is absent)."""
    fields = {}
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if not line.strip():
                    break
                key, _, value = line.partition(":")
                fields[key.strip()] = value.strip()
    except OSError:
        pass
    return fields


def machine_kind(fields):
    """The kind of machine a table is kept for: the widest vector ISA oneDNN may use here (avx2,
    avx512, amx), as avx2-on-<kind> when ONEDNN_MAX_CPU_ISA=AVX2 holds oneDNN below it."""
    flags = set(fields.get("flags", "").split())
    kind = "amx" if "amx_tile" in flags else "avx512" if "avx512f" in flags else "avx2"
    if os.environ.get("ONEDNN_MAX_CPU_ISA", "").lower() == "avx2":
        kind = f"avx2-on-{kind}"
    return kind


def cpu_description(fields):
    """The CPU's model name and the vector instruction sets it offers; and oneDNN's ceiling when
    ONEDNN_MAX_CPU_ISA lowers it (that limits this project and PyTorch, not ONNX Runtime or
    OpenVINO, whose kernels pick their own)."""
    model = fields.get("model name", platform.processor() or platform.machine())
    if "cpu family" in fields and "model" in fields:  # e.g. AMD 25/1 is Zen 3, 25/17 Zen 4
        model += f" (family {fields['cpu family']}, model {fields['model']})"
    flags = set(fields.get("flags", "").split())
    isa = []
    if "avx2" in flags:
        isa.append("AVX2")
    if "avx512f" in flags:
        extras = [name for flag, name in (("avx512_vnni", "VNNI"), ("avx512_bf16", "BF16"))
                  if flag in flags]
        isa.append("AVX-512" + (f" ({', '.join(extras)})" if extras else ""))
    if "amx_tile" in flags:
        isa.append("AMX")
    text = f"{model}, {' + '.join(isa) or 'no AVX2'}"
    if os.environ.get("ONEDNN_MAX_CPU_ISA"):
        text += f"; oneDNN limited to {os.environ['ONEDNN_MAX_CPU_ISA']}"
    return text


def peers(alpha, res, batch, device, threads, compile_mode, dtype=torch.float32, wanted=PEERS):
    """The peers, built, compiled and run once each: {name: callable running one batch}, and
    the synchronisation to time them with. A peer that does not build is reported, not fatal."""
    engines = {}
    model = randomized(alpha).to(device, dtype)
    x = (torch.rand(batch, 3, res, res, device=device) * 2 - 1).to(dtype)
    sync = (lambda: torch.cuda.synchronize()) if device == "cuda" else (lambda: None)

    def inference_mode(fn):
        def run():
            with torch.inference_mode():
                return fn()
        return run

    def no_grad(fn):
        def run():
            with torch.no_grad():
                return fn()
        return run

    if "eager" in wanted:
        engines["PyTorch eager (NCHW)"] = inference_mode(lambda: model(x))
    if "channels-last" in wanted:
        cl_model = randomized(alpha).to(device, dtype).to(memory_format=torch.channels_last)
        xc = x.contiguous(memory_format=torch.channels_last)
        engines["PyTorch eager (channels-last)"] = inference_mode(lambda: cl_model(xc))
    try:
        if "torchscript" not in wanted:
            raise RuntimeError("skipped (--engines)")
        with torch.no_grad():
            frozen = torch.jit.optimize_for_inference(torch.jit.freeze(torch.jit.script(randomized(alpha).to(device, dtype).eval())))
            for _ in range(3):
                frozen(x)
        engines["TorchScript frozen + optimize_for_inference"] = no_grad(lambda: frozen(x))
    except Exception as e:  # noqa: BLE001 — a peer that does not run is reported, not fatal
        print(f"TorchScript: {type(e).__name__}: {str(e)[:200]}", file=sys.stderr)
    try:
        if compile_mode == "none" or "compile" not in wanted:
            raise RuntimeError("skipped (--compile none or --engines)")
        import torch._dynamo as dynamo
        import torch._inductor.config as inductor
        inductor.freezing = True
        mode = compile_mode
        # A fresh compile per configuration, for its static shapes: after a second shape dynamo
        # would recompile with symbolic shapes, which took over 14 minutes here and is not what
        # a deployment of one size would run.
        dynamo.reset()
        compiled = torch.compile(randomized(alpha).to(device, dtype), mode=mode, dynamic=False)
        signal.alarm(COMPILE_LIMIT_S)  # a compile that never ends is reported, not waited for
        try:
            with torch.no_grad():
                for _ in range(3):
                    compiled(x)
        finally:
            signal.alarm(0)
        engines[f"torch.compile ({mode}, frozen)"] = no_grad(lambda: compiled(x))
    except Exception as e:  # noqa: BLE001
        print(f"torch.compile: {type(e).__name__}: {str(e)[:200]}", file=sys.stderr)
    path = onnx_path(alpha, res, batch)
    if device == "cpu" and {"onnxruntime", "openvino"} & set(wanted) and not os.path.exists(path):
        torch.onnx.export(randomized(alpha), (x,), path, input_names=["x"], output_names=["y"],
                          dynamo=False)
    if device == "cpu" and "onnxruntime" in wanted:
        try:
            import onnxruntime as ort
            opts = ort.SessionOptions()
            opts.intra_op_num_threads = threads
            opts.inter_op_num_threads = 1
            opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
            sess = ort.InferenceSession(path, opts, providers=["CPUExecutionProvider"])
            xn = x.numpy()
            sess.run(None, {"x": xn})
            engines[f"ONNX Runtime {ort.__version__}"] = lambda: sess.run(None, {"x": xn})
        except Exception as e:  # noqa: BLE001
            print(f"ONNX Runtime: {type(e).__name__}: {str(e)[:200]}", file=sys.stderr)
    if device == "cpu" and "openvino" in wanted:
        try:
            import openvino as ov
            core = ov.Core()
            # fp32 throughout (the CPU plugin would otherwise pick bf16 where the CPU has it),
            # one stream, the thread count of the others.
            compiled = core.compile_model(core.read_model(path), "CPU", {
                "PERFORMANCE_HINT": "LATENCY", "INFERENCE_NUM_THREADS": threads,
                "INFERENCE_PRECISION_HINT": "f32", "NUM_STREAMS": 1})
            request = compiled.create_infer_request()
            xo = x.numpy()
            request.infer({0: xo})
            engines[f"OpenVINO {ov.__version__.split('-')[0]}"] = lambda: request.infer({0: xo})
        except Exception as e:  # noqa: BLE001
            print(f"OpenVINO: {type(e).__name__}: {str(e)[:200]}", file=sys.stderr)
    return engines, sync


def peer_alone(a, peer, config, precision, mode):
    """One peer, built, warmed up and timed in a process of its own (this script with --peer):
    {engine name: median ms}, empty when it does not build."""
    out = subprocess.run([sys.executable, os.path.abspath(__file__), "--peer", peer,
                          "--configs", config, "--precisions", precision, "--compile", mode,
                          "--device", a.device, "--threads", str(a.threads),
                          "--iters", str(a.iters), "--warmup", str(a.warmup)],
                         check=True, stdout=subprocess.PIPE, text=True).stdout
    return json.loads(out)


def run_peer(a):
    """--peer: time one peer at one configuration and print {name: median ms} as JSON."""
    alpha, res, batch = float(a.configs.split(":")[0]), *map(int, a.configs.split(":")[1:])
    dtype = torch.float16 if a.precisions == "fp16" else torch.float32
    engines, sync = peers(alpha, res, batch, a.device, a.threads, a.compile, dtype, [a.peer])
    print(json.dumps({name: time_it(fn, a.iters, a.warmup, sync) for name, fn in engines.items()}))


def ours(cli, alpha, res, batch, device, iters, warmup, threads, precision="fp32", extra=()):
    if "--precision" in extra:  # a variant in a format of its own
        precision = extra[extra.index("--precision") + 1]
        extra = [e for i, e in enumerate(extra)
                 if e != "--precision" and (i == 0 or extra[i - 1] != "--precision")]
    out = subprocess.run([cli, "bench", "--alpha", str(alpha), "--resolution", str(res),
                          "--batch", str(batch), "--device", device, "--threads", str(threads),
                          "--iters", str(iters), "--warmup", str(warmup), "--no-layers",
                          "--precision", precision, "--json", *extra],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out)["median_ms"]


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--cli", help="path to mobilenet-lab-cli (required unless --machine-kind)")
    p.add_argument("--machine-kind", action="store_true",
                   help="print the kind of machine the table is kept for (avx2, avx512, amx, "
                        "avx2-on-…) and exit")
    p.add_argument("--device", default="cpu", choices=["cpu", "cuda"])
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--iters", type=int, default=100)
    p.add_argument("--warmup", type=int, default=10)
    p.add_argument("--compile", default="auto",
                   help="torch.compile mode: auto (max-autotune on CUDA, default on CPU), a mode, "
                        "or none; max-autotune spends minutes tuning each configuration")
    p.add_argument("--configs", default="1.0:224:1,0.5:160:1,0.25:128:1,1.0:224:8,0.5:160:8",
                   help="alpha:resolution:batch,… in the order to run them, or 'grid': the "
                        "paper's 16 points at batch 1, then 1.0/224 and 0.5/160 at batch 8")
    p.add_argument("--engines", default=",".join(PEERS),
                   help="the peers to run, of " + ", ".join(PEERS))
    p.add_argument("--compile-configs", default="all",
                   help="the configurations torch.compile runs for (alpha:resolution:batch,… or "
                        "all): max-autotune tunes for minutes per configuration")
    p.add_argument("--compile-precisions", default="all",
                   help="the precisions torch.compile runs in (fp32, fp16, or all)")
    p.add_argument("--precisions", default="fp32",
                   help="fp32, fp16 or both (fp32,fp16); fp16 on CUDA only")
    p.add_argument("--rounds", type=int, default=3,
                   help="times every engine is timed, in turn; each row is the median of the "
                        "rounds' medians")
    p.add_argument("--out", default="-", help="Markdown file to write ('-': stdout)")
    p.add_argument("--peer", choices=PEERS, help=argparse.SUPPRESS)  # one peer, in a child
    a = p.parse_args()
    if a.peer:
        torch.set_num_threads(a.threads)
        run_peer(a)
        return
    if a.machine_kind:
        print(machine_kind(cpu_fields()))
        return
    if not a.cli:
        p.error("--cli is required")
    if a.configs == "grid":
        a.configs = GRID
    wanted = a.engines.split(",")
    if set(wanted) - set(PEERS):
        p.error(f"--engines: unknown {', '.join(sorted(set(wanted) - set(PEERS)))}")
    torch.set_num_threads(a.threads)
    precisions = a.precisions.split(",")
    if a.device == "cuda":
        # This project turns TF32 off (compute_device.cpp); PyTorch's cuDNN default is on.
        torch.backends.cudnn.allow_tf32 = False
        torch.backends.cuda.matmul.allow_tf32 = False
    elif precisions != ["fp32"]:
        p.error("--precisions other than fp32 need --device cuda")

    rows = []
    for config in a.configs.split(","):
        alpha, res, batch = float(config.split(":")[0]), *map(int, config.split(":")[1:])
        compiles = a.compile_configs == "all" or config in a.compile_configs.split(",")
        auto_mode = "max-autotune" if a.device == "cuda" else "default"
        for precision in precisions:
            compiles_here = compiles and a.compile_precisions in ("all", precision)
            mode = (a.compile if a.compile != "auto" else auto_mode) if compiles_here else "none"
            # This project's variants: each a `mobilenet-lab-cli bench` run, which builds the
            # network, warms up and times; on CUDA also without its CUDA graphs.
            variants = [("MobileNet Lab (this project)", [])]
            if {"onnxruntime-int8", "openvino-int8"} & set(wanted):
                variants.append(("MobileNet Lab int8", ["--precision", "int8"]))
            if a.device == "cuda":
                variants.append(("MobileNet Lab, no CUDA graphs", ["--no-cuda-graphs"]))
            else:
                # Its default is OpenMP's own: threads spin a few milliseconds, then sleep (the
                # window runs them passive, mnl/openmp_wait.h). The peers' threads spin; this
                # variant spins until the next region.
                variants.append(("MobileNet Lab, OpenMP active wait", ["--openmp-wait", "active"]))
                # Before the direct oneDNN path: every layer through LibTorch (`--no-direct`).
                variants.append(("MobileNet Lab, LibTorch per layer", ["--no-direct"]))
            samples = {}  # engine name → one median per round

            def measured_ours():
                return {name: ours(a.cli, alpha, res, batch, a.device, a.iters, a.warmup,
                                   a.threads, precision, extra) for name, extra in variants}

            try:
                first = measured_ours()
            except subprocess.CalledProcessError as e:  # reported, and the other rows still run
                print(f"ours {config} {precision}: exit {e.returncode}: {e.stderr[-300:]}", file=sys.stderr)
                continue
            for name, ms in first.items():
                samples.setdefault(name, []).append(ms)
            # This project's rows first: a peer that hangs must not take them along.
            write(a, rows + table_rows(alpha, res, batch, precision, samples))
            # One ONNX export for ONNX Runtime and OpenVINO, made here; they run it in
            # processes without PyTorch (run_exported_peer).
            exported = onnx_path(alpha, res, batch)
            if os.path.exists(exported):
                os.remove(exported)
            if a.device == "cpu" and {"onnxruntime", "openvino", "onnxruntime-int8",
                                      "openvino-int8"} & set(wanted):
                torch.onnx.export(randomized(alpha), (torch.zeros(batch, 3, res, res),), exported,
                                  input_names=["x"], output_names=["y"], dynamo=False)
            if a.device == "cpu" and {"onnxruntime-int8", "openvino-int8"} & set(wanted):
                quantize_export(alpha, res, batch)
            # Rounds, each timing every engine once, in turn: this machine's speed drifts over
            # minutes, and a drift then moves all engines alike instead of whichever ran last.
            for round_ in range(a.rounds):
                if round_ > 0:
                    settle(a.device)
                    try:
                        for name, ms in measured_ours().items():
                            samples[name].append(ms)
                    except subprocess.CalledProcessError as e:  # the other rounds still count
                        print(f"ours {config} {precision} round {round_ + 1}: exit {e.returncode}",
                              file=sys.stderr)
                for peer in wanted:
                    settle(a.device)
                    try:
                        for name, ms in peer_alone(a, peer, config, precision, mode).items():
                            samples.setdefault(name, []).append(ms)
                    except subprocess.CalledProcessError as e:  # reported; the rest still run
                        print(f"{peer} {config} {precision}: exit {e.returncode}", file=sys.stderr)
            rows += table_rows(alpha, res, batch, precision, samples)
            print(f"done {alpha}/{res} batch {batch} {precision}", file=sys.stderr)
            write(a, rows)  # after each configuration, so a run cut short still leaves its table


def settle(device):
    """On the CPU, a pause between engines, each in its own process: the machine's clock and
    caches settle after a process ends."""
    if device == "cpu":
        time.sleep(1.0)


def table_rows(alpha, res, batch, precision, samples):
    """One row per engine: the median over rounds of each round's median."""
    ours_ms = statistics.median(samples["MobileNet Lab (this project)"])
    return [(alpha, res, batch, "int8" if "int8" in name else precision, name,
             statistics.median(ms), ours_ms, ms)
            for name, ms in samples.items()]


def write(a, rows):

    machine = torch.cuda.get_device_name(0) if a.device == "cuda" else cpu_description(cpu_fields())
    lines = [f"### {a.device.upper()}: {machine}, {a.threads} threads — {datetime.date.today()}", "",
             f"PyTorch {torch.__version__}, Python {platform.python_version()}, "
             f"{a.rounds} rounds, each timing every engine in turn ({a.iters} timed runs after "
             f"{a.warmup} warm-up runs); median ms is the median of the rounds' medians, and the "
             f"rounds column gives each round's median."
             + (f" Every engine ran with `GLIBC_TUNABLES={os.environ['GLIBC_TUNABLES']}`."
                if os.environ.get("GLIBC_TUNABLES") else ""), "",
             "| α/size | batch | precision | engine | median ms | peer ÷ ours | rounds (ms) |",
             "|---|---|---|---|---|---|---|"]
    for alpha, res, batch, precision, name, ms, ours_ms, rounds in rows:
        each = " / ".join(f"{r:.2f}" for r in rounds)
        lines.append(f"| {alpha}/{res} | {batch} | {precision} | {name} | {ms:.3f} | "
                     f"{ms / ours_ms:.2f} | {each} |")
    text = "\n".join(lines) + "\n"
    if a.out == "-":
        print(text)
    else:
        with open(a.out, "w") as f:
            f.write(text)


if __name__ == "__main__":
    main()
