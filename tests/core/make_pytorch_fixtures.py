# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes the PyTorch fixtures of tst_pytorch_weights into OUT_DIR, with the project's PyTorch
(no network): checkpoints of the notebook's MobileNet (the class this project started from,
below as its author wrote it, with a width parameter added), PyTorch's own answers for them, and
the bad files a reader must refuse. Run by the build (tests/core/CMakeLists.txt).

Usage: make_pytorch_fixtures.py OUT_DIR TEST_DATA_DIR
"""
import ctypes
import json
import os
import struct
import sys
import zipfile

import torch
import torch.nn as nn
import torch.nn.functional as F


class DepthwiseSeparableConv(nn.Module):
    def __init__(self, in_channels, out_channels, stride=1):
        super(DepthwiseSeparableConv, self).__init__()
        self.depthwise = nn.Sequential(
            nn.Conv2d(in_channels, in_channels, kernel_size=3, stride=stride, padding=1, groups=in_channels),
            nn.BatchNorm2d(in_channels),
            nn.ReLU6(inplace=True)
        )
        self.pointwise = nn.Sequential(
            nn.Conv2d(in_channels, out_channels, kernel_size=1),
            nn.BatchNorm2d(out_channels),
            nn.ReLU6(inplace=True)
        )

    def forward(self, x):
        return self.pointwise(self.depthwise(x))


class MobileNet(nn.Module):
    # width=1.0 is the notebook's class exactly; other widths scale every layer as α does.
    def __init__(self, num_classes=1000, dropout=0.2, width=1.0):
        super(MobileNet, self).__init__()
        c = lambda n: max(8, int(n * width))
        self.bottleneck = nn.Sequential(
            nn.Conv2d(3, c(32), kernel_size=3, stride=2, padding=1),
            nn.BatchNorm2d(c(32)),
            nn.ReLU6(inplace=True),
            DepthwiseSeparableConv(c(32), c(64), stride=1),
            DepthwiseSeparableConv(c(64), c(128), stride=2),
            DepthwiseSeparableConv(c(128), c(128), stride=1),
            DepthwiseSeparableConv(c(128), c(256), stride=2),
            DepthwiseSeparableConv(c(256), c(256), stride=1),
            DepthwiseSeparableConv(c(256), c(512), stride=2),
            DepthwiseSeparableConv(c(512), c(512), stride=1),
            DepthwiseSeparableConv(c(512), c(512), stride=1),
            DepthwiseSeparableConv(c(512), c(512), stride=1),
            DepthwiseSeparableConv(c(512), c(512), stride=1),
            DepthwiseSeparableConv(c(512), c(512), stride=1),
            DepthwiseSeparableConv(c(512), c(1024), stride=2),
            DepthwiseSeparableConv(c(1024), c(1024), stride=1),
            nn.AvgPool2d(kernel_size=7)
        )
        self.classifier = nn.Sequential(
            nn.Dropout(p=dropout),
            nn.Linear(c(1024), num_classes),
        )
        self.softmax = nn.Softmax(dim=1)

    def forward(self, x):
        x = self.bottleneck(x)
        x = torch.flatten(x, start_dim=1)
        x = self.classifier(x)
        x = self.softmax(x)
        return x


MEAN = torch.tensor([0.485, 0.456, 0.406]).view(1, 3, 1, 1)
STD = torch.tensor([0.229, 0.224, 0.225]).view(1, 3, 1, 1)
COLOURS = [[0, 0, 0], [255, 255, 255], [200, 30, 40], [20, 160, 90], [60, 80, 220], [128, 128, 128]]
PHOTOS = ["bird.bmp", "cat.bmp", "dragonfly.bmp", "grace_hopper.bmp",
          "missvickie_potato_chips.bmp", "sunflower.bmp"]


def trained_like(num_classes, width, seed):
    """A model with non-trivial weights and batch-norm statistics, so that the output depends on
    the image: random weights, biases and BN affine parameters, running statistics gathered from
    structured inputs in training mode."""
    torch.manual_seed(seed)
    model = MobileNet(num_classes=num_classes, width=width)
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, nn.BatchNorm2d):
                m.weight.uniform_(0.5, 1.5)
                m.bias.uniform_(-0.2, 0.4)
                m.momentum = None  # a cumulative average over the batches below
            if isinstance(m, nn.Conv2d):
                m.bias.uniform_(-0.3, 0.3)
            if isinstance(m, nn.Linear):
                m.weight.mul_(8.0)  # spread the classes apart
        model.train()
        for i in range(4):
            ramp = torch.linspace(-2, 2, 224).view(1, 1, 1, 224) * torch.rand(8, 3, 1, 1)
            model(torch.randn(8, 3, 224, 224) * 0.7 + ramp + 0.3 * i)
    model.eval()
    return model


def read_bmp(path):
    """A 24-bit uncompressed BMP as uint8 RGB [h, w, 3] (no PIL in the project's venv)."""
    data = open(path, "rb").read()
    offset = struct.unpack_from("<I", data, 10)[0]
    width, height = struct.unpack_from("<ii", data, 18)
    bpp, compression = struct.unpack_from("<HI", data, 28)
    assert bpp == 24 and compression == 0, path
    row = (width * 3 + 3) // 4 * 4
    rows = abs(height)
    pixels = torch.frombuffer(bytearray(data[offset:offset + row * rows]), dtype=torch.uint8)
    image = pixels.view(rows, row)[:, :width * 3].reshape(rows, width, 3).flip(2)  # BGR → RGB
    return image.flip(0) if height > 0 else image  # bottom-up rows


def preprocess(rgb):
    """The app's preprocessing: the largest centred square, an antialiased bilinear resize of the
    8-bit image to 224 (the same ATen kernel), then torchvision's normalisation."""
    h, w, _ = rgb.shape
    side = min(h, w)
    y, x = (h - side) // 2, (w - side) // 2
    crop = rgb[y:y + side, x:x + side].permute(2, 0, 1).unsqueeze(0).contiguous(
        memory_format=torch.channels_last)
    if side != 224:
        crop = F.interpolate(crop, size=(224, 224), mode="bilinear", align_corners=False,
                             antialias=True)
    return (crop.float() / 255 - MEAN) / STD


def answers(model, data_dir):
    with torch.no_grad():
        colours = [model(preprocess(torch.tensor(c, dtype=torch.uint8).view(1, 1, 3)
                                    .expand(224, 224, 3)))[0].tolist() for c in COLOURS]
        photos = {}
        for name in PHOTOS:
            p = model(preprocess(read_bmp(os.path.join(data_dir, name))))[0]
            top = torch.topk(p, 2)
            photos[name] = {"top1": int(top.indices[0]), "p1": float(top.values[0]),
                            "p2": float(top.values[1])}
    return {"colours": COLOURS, "probabilities": colours, "photos": photos}


def write_safetensors(state_dict, path, lie=False):
    header, blobs, at = {}, [], 0
    for name, tensor in state_dict.items():
        if name.endswith("num_batches_tracked"):
            continue
        t = tensor.detach().float().contiguous()
        raw = ctypes.string_at(t.data_ptr(), t.numel() * t.element_size())  # no numpy here
        header[name] = {"dtype": "F32", "shape": list(tensor.shape),
                        "data_offsets": [at, at + len(raw)]}
        blobs.append(raw)
        at += len(raw)
    if lie:  # the last tensor claims bytes past the end of the file
        last = list(header)[-1]
        header[last]["data_offsets"][1] += 4096
    text = json.dumps(header).encode()
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(blobs))


class Evil:
    def __reduce__(self):
        return (os.system, ("echo the pickle ran code > /dev/null",))


def main():
    out, data_dir = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    expected = {}

    def save(name, model, obj):
        torch.save(obj, os.path.join(out, name))
        expected[name] = answers(model, data_dir)

    notebook = trained_like(1000, 1.0, seed=1)  # the notebook's class as it is
    save("notebook_1000.pth", notebook, notebook.state_dict())
    ten = trained_like(10, 0.25, seed=2)
    save("nested_025_10.pth", ten, {"model": ten.state_dict(), "epoch": 12, "best_acc": 0.91,
                                "args": {"lr": 0.05, "milestones": [30, 60]}})
    narrow = trained_like(10, 0.5, seed=3)
    sgd = torch.optim.SGD(narrow.parameters(), lr=0.1, momentum=0.9)
    narrow(torch.randn(2, 3, 224, 224)).sum().backward()
    sgd.step()  # momentum buffers: dicts of tensors deeper in the checkpoint
    with torch.no_grad():
        narrow.eval()
    save("width050_10.pth", narrow, {"model_state_dict": narrow.state_dict(),
                                     "optimizer_state_dict": sgd.state_dict(), "epoch": 3})
    save("only_dict_025_10.pth", ten, {"weights": ten.state_dict(), "note": "trained on 10 classes"})
    write_safetensors(narrow.state_dict(), os.path.join(out, "width050_10.safetensors"))
    expected["width050_10.safetensors"] = expected["width050_10.pth"]

    # Bad files.
    torch.save({"model": Evil()}, os.path.join(out, "evil.pth"))
    good = open(os.path.join(out, "nested_025_10.pth"), "rb").read()
    open(os.path.join(out, "truncated.pth"), "wb").write(good[:len(good) // 2])
    resnet = nn.Sequential()
    resnet.add_module("conv1", nn.Conv2d(3, 64, 7, 2, 3, bias=False))
    resnet.add_module("bn1", nn.BatchNorm2d(64))
    resnet.add_module("layer1", nn.Sequential(nn.Conv2d(64, 64, 3, padding=1, bias=False)))
    resnet.add_module("fc", nn.Linear(64, 1000))
    torch.save(resnet.state_dict(), os.path.join(out, "resnet.pth"))
    wrong = ten.state_dict()
    wrong["bottleneck.5.depthwise.0.weight"] = torch.zeros(32, 1, 5, 5)
    torch.save(wrong, os.path.join(out, "wrong_shape.pth"))
    torch.save(ten.state_dict(), os.path.join(out, "legacy.pth"),
               _use_new_zipfile_serialization=False)
    write_safetensors(narrow.state_dict(), os.path.join(out, "lying.safetensors"), lie=True)

    with open(os.path.join(out, "expected.json"), "w") as f:
        json.dump(expected, f)


if __name__ == "__main__":
    main()
