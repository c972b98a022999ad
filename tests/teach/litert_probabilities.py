#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Runs a TFLite model in LiteRT (PyPI ai-edge-litert) and prints its probabilities as JSON.

    litert_probabilities.py MODEL.tflite INPUT.raw
INPUT.raw holds the model's input tensor's bytes as the app made them (8-bit RGB pixels,
[1, side, side, 3], for a model whose input is uint8; float32 for a float input). Prints
{"probabilities": [...], "input_type": "..."}; exit 3 when LiteRT is not installed, so that the
test can say why it did not run.
"""
import json
import sys

try:
    import numpy as np
    from ai_edge_litert.interpreter import Interpreter
except ImportError as error:
    print(f"LiteRT is not installed: {error}", file=sys.stderr)
    sys.exit(3)

model, raw = sys.argv[1], sys.argv[2]
interpreter = Interpreter(model_path=model)
interpreter.allocate_tensors()
detail = interpreter.get_input_details()[0]
data = np.fromfile(raw, dtype=detail["dtype"]).reshape(detail["shape"])
interpreter.set_tensor(detail["index"], data)
interpreter.invoke()
output = interpreter.get_tensor(interpreter.get_output_details()[0]["index"])
print(json.dumps({"probabilities": output[0].astype(float).tolist(),
                  "input_type": str(detail["dtype"].__name__)}))
