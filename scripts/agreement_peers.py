#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""What int8 costs each engine in accuracy, on trained weights and the same pictures: the top-1
of each engine's int8 against that engine's own fp32, counted over the test photos and every
frame of the demo clip, at the four bundled widths (1.0/224, 0.75/192, 0.5/160, 0.25/128).

The networks are the bundled TFLite models (Google's quantisation-aware-trained MobileNet v1,
uint8 weights and activations). The float network every engine runs is those weights
dequantised, as this app reads them; the engines' int8:
  - this app: `classify --precision int8`, its own calibration (`calibrate`),
  - LiteRT: the TFLite file as Google ships it (uint8, the ranges learned in training): what
    the network was trained to become, so its agreement is what int8 can keep on this network,
  - ONNX Runtime: static QDQ (`quantize_static`, per-channel s8 weights, u8 activations),
  - OpenVINO: NNCF's post-training quantisation (`nncf.quantize`, its defaults),
the last two on an ONNX export of the float network (TensorFlow SAME padding, as the file has).
Every engine sees the same pixels: each picture cropped to its largest centred square and
resized to the network's side here (OpenCV, INTER_AREA) once, written as a BMP of that side,
which this app then reads as it is. Calibration, for every engine that calibrates, on the other
set: the clip's frames for the photos, the photos for the clip, so that no picture is judged by
scales measured on itself.

LiteRT's softmax output and logits are uint8: two classes can tie. A tie that holds fp32's
top-1 counts as agreement and is reported.
    scripts/agreement_peers.py --cli build/app/cli/mobilenet-lab-cli --out docs/measurements/…
"""
import argparse
import datetime
import glob
import json
import os
import subprocess
import sys
import tempfile

import cv2
import numpy as np
from bench_precision import cpu_description
import torch
import torch.nn.functional as F

POINTS = [(1.0, 224, ["mobilenet_v1_1.0_224_quant_embedding_extractor.tflite",
                      "mobilenet_quant_v1_224_head_layers.tflite"]),
          (0.75, 192, ["mobilenet_v1_0.75_192_quant.tflite"]),
          (0.5, 160, ["mobilenet_v1_0.5_160_quant.tflite"]),
          (0.25, 128, ["mobilenet_v1_0.25_128_quant.tflite"])]


def interpreter(path):
    from ai_edge_litert.interpreter import Interpreter, OpResolverType
    # Without XNNPACK: LiteRT's own uint8 kernels, and every tensor readable after a run (the
    # weights, and the logits before the softmax).
    it = Interpreter(model_path=path,
                     experimental_op_resolver_type=OpResolverType.BUILTIN_WITHOUT_DEFAULT_DELEGATES,
                     experimental_preserve_all_tensors=True)
    it.allocate_tensors()
    return it


def dequantized(it, index):
    detail = next(t for t in it.get_tensor_details() if t["index"] == index)
    scale, zero = detail["quantization"]
    return (it.get_tensor(index).astype(np.float64) - zero) * scale


def float_layers(paths):
    """Each convolution of the TFLite files, dequantised: (kind, weight OIHW, bias, stride)."""
    layers, strides = [], iter([2] + [s for s, _ in BLOCKS])  # conv0's, then each dw's
    for path in paths:
        it = interpreter(path)
        for op in it._get_ops_details():
            if op["op_name"] not in ("CONV_2D", "DEPTHWISE_CONV_2D"):
                continue
            w, b = dequantized(it, op["inputs"][1]), dequantized(it, op["inputs"][2])
            if op["op_name"] == "DEPTHWISE_CONV_2D":
                layers.append(("dw", w.transpose(3, 0, 1, 2), b, next(strides)))
            elif w.shape[0] == 1001:
                layers.append(("fc", w.reshape(1001, -1), b, 1))
            else:  # [out, kh, kw, in]: conv0 is the 3×3 one, the rest pointwise
                layers.append(("conv", w.transpose(0, 3, 1, 2), b,
                               next(strides) if w.shape[1] == 3 else 1))
    return layers


BLOCKS = [(1, 64), (2, 128), (1, 128), (2, 256), (1, 256), (2, 512), (1, 512), (1, 512),
          (1, 512), (1, 512), (1, 512), (2, 1024), (1, 1024)]


class FloatNetwork(torch.nn.Module):
    """The dequantised network in float32: TensorFlow SAME padding, ReLU6, average pool."""

    def __init__(self, layers):
        super().__init__()
        self.spec = [(kind, stride) for kind, _, _, stride in layers]
        def fixed(values):
            return torch.nn.Parameter(torch.tensor(values, dtype=torch.float32), False)
        self.weights = torch.nn.ParameterList([fixed(w) for _, w, _, _ in layers])
        self.biases = torch.nn.ParameterList([fixed(b) for _, _, b, _ in layers])

    def forward(self, x):
        for (kind, stride), w, b in zip(self.spec, self.weights, self.biases):
            if kind == "fc":
                return F.linear(x.mean((2, 3)), w, b)
            k = w.shape[-1]
            if k > 1:  # the odd padding pixel goes bottom/right, as TensorFlow's SAME
                h = x.shape[-1]
                pad = max((-(-h // stride) - 1) * stride + k - h, 0)
                x = F.pad(x, (pad // 2, pad - pad // 2, pad // 2, pad - pad // 2))
            x = F.relu6(F.conv2d(x, w, b, stride, groups=x.shape[1] if kind == "dw" else 1))
        raise ValueError("no classifier")


def square_pixels(image, side):
    h, w = image.shape[:2]
    s = min(h, w)
    crop = image[(h - s) // 2:(h - s) // 2 + s, (w - s) // 2:(w - s) // 2 + s]
    return cv2.cvtColor(cv2.resize(crop, (side, side), interpolation=cv2.INTER_AREA),
                        cv2.COLOR_BGR2RGB)


def pictures(photos, clip, side):
    """The photos and the clip's frames as RGB uint8 [side, side, 3], each set in order."""
    sets = {"photos": [square_pixels(cv2.imread(p), side) for p in photos], "clip": []}
    video = cv2.VideoCapture(clip)
    while True:
        ok, frame = video.read()
        if not ok:
            break
        sets["clip"].append(square_pixels(frame, side))
    return sets


def as_input(pixels):  # the bundled models' input: (p - 128) / 128, NCHW
    return ((pixels.astype(np.float32) - 128) / 128).transpose(2, 0, 1)[None]


def top1_sets(scores):
    """Each row's set of top-scoring classes (more than one where a uint8 output ties)."""
    return [set(np.flatnonzero(row == row.max())) for row in scores]


class Reader:  # ONNX Runtime's calibration interface over a list of inputs
    def __init__(self, inputs):
        self.inputs = iter([{"x": x} for x in inputs])

    def get_next(self):
        return next(self.inputs, None)


def engines_on(layers, tflite_paths, sets, tmp):
    """{engine: {set: (fp32 top-1s, int8 top-1 sets)}} for the peers (not this app)."""
    import nncf
    import onnx
    import onnxruntime as ort
    import openvino as ov
    from onnxruntime.quantization import QuantFormat, QuantType, quantize_static
    from onnxruntime.quantization.shape_inference import quant_pre_process

    side = sets["photos"][0].shape[0]
    model = FloatNetwork(layers).eval()
    exported = os.path.join(tmp, "float.onnx")
    torch.onnx.export(model, (torch.zeros(1, 3, side, side),), exported, input_names=["x"],
                      output_names=["y"], dynamo=False)
    prepared = os.path.join(tmp, "prepared.onnx")
    quant_pre_process(exported, prepared)
    classifier = [n.name for n in onnx.load(prepared).graph.node if n.op_type in ("Gemm", "MatMul")]
    inputs = {name: [as_input(p) for p in pixels] for name, pixels in sets.items()}
    other = {"photos": "clip", "clip": "photos"}
    options = ort.SessionOptions()
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    core = ov.Core()
    float_ort = ort.InferenceSession(exported, options, providers=["CPUExecutionProvider"])
    float_ov = core.compile_model(core.read_model(exported), "CPU",
                                  {"INFERENCE_PRECISION_HINT": "f32"})
    results = {"ONNX Runtime": {}, "OpenVINO (NNCF)": {}, "LiteRT (the file's uint8)": {}}
    for name, xs in inputs.items():
        calibration = inputs[other[name]]
        quantized = os.path.join(tmp, f"int8_{name}.onnx")
        # The classifier stays float, as this app's does: quantised, its output (the logits)
        # would come in 256 steps, and two classes could tie.
        quantize_static(prepared, quantized, Reader(calibration), quant_format=QuantFormat.QDQ,
                        per_channel=True, activation_type=QuantType.QUInt8,
                        weight_type=QuantType.QInt8, nodes_to_exclude=classifier)
        int8_ort = ort.InferenceSession(quantized, options, providers=["CPUExecutionProvider"])
        results["ONNX Runtime"][name] = (
            [int(np.argmax(float_ort.run(None, {"x": x})[0])) for x in xs],
            top1_sets(np.concatenate([int8_ort.run(None, {"x": x})[0] for x in xs])))
        nncf_model = nncf.quantize(core.read_model(exported),
                                   nncf.Dataset(calibration), subset_size=len(calibration))
        int8_ov = core.compile_model(nncf_model, "CPU", {"INFERENCE_PRECISION_HINT": "f32"})
        results["OpenVINO (NNCF)"][name] = (
            [int(np.argmax(float_ov(x)[0])) for x in xs],
            top1_sets(np.concatenate([int8_ov(x)[0] for x in xs])))
        # LiteRT: the file's uint8 network on the pixels; its float twin is the network above
        # (LiteRT's float kernels and PyTorch's agree to rounding).
        its = [interpreter(p) for p in tflite_paths]
        # The last model's logits: what its softmax reads (uint8 too, but finer than the
        # softmax's 1/256 steps, which tie more often).
        logits = next(op["inputs"][0] for op in its[-1]._get_ops_details()
                      if op["op_name"] == "SOFTMAX")
        scores = []
        for pixels in sets[name]:
            value = pixels[None]
            for it in its:
                it.set_tensor(it.get_input_details()[0]["index"], value)
                it.invoke()
                value = it.get_tensor(it.get_output_details()[0]["index"])
            scores.append(its[-1].get_tensor(logits).reshape(-1))
        with torch.no_grad():
            reference = [int(model(torch.from_numpy(x)).argmax()) for x in xs]
        results["LiteRT (the file's uint8)"][name] = (reference, top1_sets(np.stack(scores)))
    return results


def ours(cli, alpha, folders, tmp):
    """{set: (fp32 top-1s, int8 top-1 sets)} for this app, on the same BMPs."""
    def top1s(folder, *extra):
        done = subprocess.run([cli, "classify", folder, "--alpha", str(alpha), "--top", "1",
                               "--json", *extra], capture_output=True, text=True)
        if done.returncode != 0:
            sys.exit(f"classify failed: {done.stderr}")
        results = sorted(json.loads(done.stdout), key=lambda r: r["input"])
        return [r["top"][0]["index"] for r in results]

    other = {"photos": "clip", "clip": "photos"}
    result = {}
    for name, folder in folders.items():
        scales = os.path.join(tmp, f"scales_{name}.json")
        done = subprocess.run([cli, "calibrate", folders[other[name]], "--alpha", str(alpha),
                               "--frames", "1000", "--out", scales], capture_output=True, text=True)
        if done.returncode != 0:
            sys.exit(f"calibrate failed: {done.stderr}")
        result[name] = (top1s(folder), [{i} for i in top1s(folder, "--precision", "int8",
                                                            "--calibration", scales)])
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cli", required=True)
    parser.add_argument("--models", default="resources")
    parser.add_argument("--photos", default="tests/data")
    parser.add_argument("--clip", default="resources/demo/demo.avi")
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    import nncf
    import onnxruntime as ort
    import openvino as ov
    from ai_edge_litert import __version__ as litert_version

    photos = sorted(glob.glob(os.path.join(args.photos, "*.jpg")) +
                    glob.glob(os.path.join(args.photos, "*.bmp")))
    rows = []
    for alpha, side, files in POINTS:
        paths = [os.path.join(args.models, f) for f in files]
        sets = pictures(photos, args.clip, side)
        with tempfile.TemporaryDirectory() as tmp:
            folders = {}
            for name, pixels in sets.items():
                folders[name] = os.path.join(tmp, name)
                os.mkdir(folders[name])
                for i, p in enumerate(pixels):  # names that sort in order
                    cv2.imwrite(os.path.join(folders[name], f"{i:04d}.bmp"),
                                cv2.cvtColor(p, cv2.COLOR_RGB2BGR))
            results = {"MobileNet Lab": ours(args.cli, alpha, folders, tmp)}
            results.update(engines_on(float_layers(paths), paths, sets, tmp))
        for engine, by_set in results.items():
            counts = {}
            for name, (reference, got) in by_set.items():
                agree = sum(r in g for r, g in zip(reference, got))
                ties = sum(len(g) > 1 for g in got)
                counts[name] = (agree, len(reference), ties)
            rows.append((alpha, side, engine, counts))
            print(alpha, side, engine, counts, file=sys.stderr)

    versions = (f"ONNX Runtime {ort.__version__}, OpenVINO {ov.__version__.split('-')[0]} with "
                f"NNCF {nncf.__version__}, LiteRT {litert_version}")
    lines = [f"### int8's top-1 against each engine's own fp32: {cpu_description()} — "
             f"{datetime.date.today()}", "",
             f"`scripts/agreement_peers.py` ({versions}): the bundled trained networks, the "
             f"same {len(photos)} photos and {len(sets['clip'])} clip frames for every engine, "
             "counted; each engine's int8 calibrated on the other set (LiteRT: the ranges in the "
             "file). The script's header says how each engine quantises.", "",
             "| network | engine | photos | clip | together | uint8 ties |",
             "|---|---|---|---|---|---|"]
    for alpha, side, engine, c in rows:
        p, pn, pt = c["photos"]
        v, vn, vt = c["clip"]
        lines.append(f"| {alpha:g}/{side} | {engine} | {p}/{pn} | {v}/{vn} | "
                     f"{100 * (p + v) / (pn + vn):.1f} % | {pt + vt or ''} |")
    with open(args.out, "w") as f:
        f.write("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
