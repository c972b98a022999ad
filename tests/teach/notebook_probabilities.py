#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Loads a state dict into the seed notebook's PyTorch MobileNet, as its user would, and prints
its probabilities for one input as JSON.

    notebook_probabilities.py STATE_DICT.pth INPUT.raw CLASSES
INPUT.raw: float32 [1, 3, 224, 224], the input as the app made it. The class is the copy in
tests/core/make_pytorch_fixtures.py (width 1.0 is the notebook's exactly); load_state_dict is
strict, so a missing or extra name fails.
"""
import json
import os
import sys

import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "core"))
from make_pytorch_fixtures import MobileNet  # noqa: E402

state_dict, raw, classes = sys.argv[1], sys.argv[2], int(sys.argv[3])
model = MobileNet(num_classes=classes)
model.load_state_dict(torch.load(state_dict, weights_only=True))
model.eval()
x = torch.frombuffer(bytearray(open(raw, "rb").read()), dtype=torch.float32).reshape(1, 3, 224, 224)
with torch.no_grad():
    probabilities = model(x)[0]
print(json.dumps({"probabilities": probabilities.double().tolist()}))
