#!/usr/bin/python3
"""Writes the Pillow 9.4 golden outputs for the Hpc.Simd geometry kernels.

Run with the Debian python that has Pillow 9.4 + numpy:  /usr/bin/python3 tests/Simd/Golden/make_geometry_golden.py
Output (tests/Simd/Golden/geometry): in_<name>.bin raw row-major inputs, <case>.bin raw outputs, cases.csv with one line
per case: case,op,input,interpolation,fill,dst_width,dst_height,p0..p5 (floats written with repr, which round-trips).
"""
import math
import os

import numpy as np
import PIL
from PIL import Image, ImageDraw

assert PIL.__version__.startswith("9.4"), PIL.__version__
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "geometry")
os.makedirs(OUT, exist_ok=True)


def glyph(w, h):
    """A glyph-like image: soft background gradient, a filled shape and thin strokes (edges matter for warps)."""
    im = Image.new("L", (w, h), 0)
    d = ImageDraw.Draw(im)
    d.ellipse((w * 0.15, h * 0.1, w * 0.85, h * 0.9), fill=200, outline=255)
    d.rectangle((w * 0.3, h * 0.35, w * 0.7, h * 0.55), fill=90)
    d.line((0, h - 1, w - 1, 0), fill=255, width=max(1, w // 16))
    a = np.array(im, dtype=np.uint16)
    a += (np.arange(w)[None, :] * 40 // max(w - 1, 1)).astype(np.uint16)
    return np.clip(a, 0, 255).astype(np.uint8)


rng = np.random.default_rng(20261123)
inputs = {
    "rand64": rng.integers(0, 256, (64, 64), dtype=np.uint8),
    "glyph64": glyph(64, 64),
    "glyph28": glyph(28, 28),
    "rand37x23": rng.integers(0, 256, (23, 37), dtype=np.uint8),
    # Wider than the 64-, 127- and 128-column limits of the warp engines' whole-row forms: their windows.
    "glyph200x60": glyph(200, 60),
}
for name, a in inputs.items():
    a.tofile(os.path.join(OUT, f"in_{name}.bin"))

NEAREST, BILINEAR = Image.Resampling.NEAREST, Image.Resampling.BILINEAR
rows = []


def emit(case, op, inp, interp, fill, out, params):
    out = np.asarray(out, dtype=np.uint8)
    out.tofile(os.path.join(OUT, f"{case}.bin"))
    p = list(params) + [0.0] * (6 - len(params))
    rows.append([case, op, inp, interp, str(fill), str(out.shape[1]), str(out.shape[0])] + [repr(float(v)) for v in p])


def img(name):
    return Image.fromarray(inputs[name], "L")


n = 0
for inp in ["rand64", "glyph64", "glyph28", "rand37x23"]:
    for angle in [0, 7.5, -13, 30, 45, 90, 180, 270, -90, 123.4, 359.9, -180, 1e-7, 450]:
        emit(f"rot{n}", "rotate", inp, "nearest", 0, img(inp).rotate(angle), [angle]); n += 1
    for angle in [7.5, -33, 60]:
        emit(f"rot{n}", "rotate", inp, "bilinear", 0, img(inp).rotate(angle, BILINEAR), [angle]); n += 1
    for sx, sy in [(0.1, 0.0), (0.0, 0.2), (-0.3, 0.15), (0.0, 0.0), (0.5, -0.5), (1.7, 0.0)]:
        im = img(inp)
        emit(f"shear{n}", "shear", inp, "nearest", 0, im.transform(im.size, Image.Transform.AFFINE, (1, sx, 0, sy, 1, 0)), [sx, sy]); n += 1
    for sx, sy in [(0.2, -0.1)]:
        im = img(inp)
        emit(f"shear{n}", "shear", inp, "bilinear", 0,
             im.transform(im.size, Image.Transform.AFFINE, (1, sx, 0, sy, 1, 0), BILINEAR), [sx, sy]); n += 1
    matrices = [
        (0.5, 0.0, 3.0, 0.0, 0.7, -2.0),       # scale only: ImagingScaleAffine
        (-1.0, 0.0, 40.0, 0.0, 1.0, 0.0),      # mirrored scale
        (1.3, 0.2, -5.0, -0.1, 0.9, 4.0),      # general, fixed point
        (0.93, -0.37, 9.1, 0.41, 0.88, -6.3),
        (1.0, 0.1, 40000.0, 0.2, 1.0, -3.0),   # corners beyond 32768: floating-point engine
        (2.5, 0.0, -10.25, 0.0, 2.5, -10.25),
    ]
    for m in matrices:
        for interp, resample in [("nearest", NEAREST), ("bilinear", BILINEAR)]:
            im = img(inp)
            emit(f"aff{n}", "affine", inp, interp, 0, im.transform(im.size, Image.Transform.AFFINE, m, resample), m); n += 1
    im = img(inp)
    out = im.transform((im.width + 5, im.height - 3), Image.Transform.AFFINE, matrices[3], NEAREST, fillcolor=77)
    emit(f"aff{n}", "affine", inp, "nearest", 77, out, matrices[3]); n += 1
    out = im.transform((im.width + 5, im.height - 3), Image.Transform.AFFINE, matrices[2], BILINEAR, fillcolor=77)
    emit(f"aff{n}", "affine", inp, "bilinear", 77, out, matrices[2]); n += 1
    w, h = im.size
    for rw, rh, ox, oy in [(w * 5 // 8, h * 5 // 8, w * 3 // 16, h * 3 // 16), (w // 3, h // 2, -5, 3), (w, h, 0, 0),
                           (w, h * 3 // 4, 0, 7), (w * 3 // 4, h, 7, 0), (w + w // 4, h + h // 4, -8, -8),
                           (1, 1, 10, 10), (w // 2, h // 2, w - 3, h - 3), (w + 36, 10, -20, h - 6), (w, h, w + 2, 0),
                           (3, h * 2, 1, -h // 2)]:
        canvas = Image.new("L", im.size)
        canvas.paste(im.resize((rw, rh)), (ox, oy))
        emit(f"st{n}", "scaletranslate", inp, "bicubic", 0, canvas, [rw, rh, ox, oy]); n += 1
    a = inputs[inp]
    for amp, freq in [(3.0, 1 / 64), (5.5, 0.03), (0.0, 0.1), (-4.0, 0.1), (40.0, 0.02), (2.9, 0.5)]:
        out = np.empty_like(a)
        for x in range(a.shape[1]):
            out[:, x] = np.roll(a[:, x], int(amp * math.sin(-2 * math.pi * x * freq)))
        emit(f"sine{n}", "sinewarp", inp, "none", 0, out, [amp, freq]); n += 1

# The wide input through the warps only (the other kernels have no width limits), plus a destination wider than the
# 512 columns the bilinear engines take at once.
inp = "glyph200x60"
im = img(inp)
for angle in [7.5, -13, 30]:
    emit(f"rot{n}", "rotate", inp, "nearest", 0, im.rotate(angle), [angle]); n += 1
for angle in [7.5, -33]:
    emit(f"rot{n}", "rotate", inp, "bilinear", 0, im.rotate(angle, BILINEAR), [angle]); n += 1
for sx, sy in [(0.1, 0.0), (-0.3, 0.15)]:
    emit(f"shear{n}", "shear", inp, "nearest", 0, im.transform(im.size, Image.Transform.AFFINE, (1, sx, 0, sy, 1, 0)), [sx, sy]); n += 1
emit(f"shear{n}", "shear", inp, "bilinear", 0, im.transform(im.size, Image.Transform.AFFINE, (1, 0.2, 0, -0.1, 1, 0), BILINEAR), [0.2, -0.1]); n += 1
for m in [(1.3, 0.2, -5.0, -0.1, 0.9, 4.0), (0.93, -0.37, 9.1, 0.41, 0.88, -6.3)]:
    for interp, resample in [("nearest", NEAREST), ("bilinear", BILINEAR)]:
        emit(f"aff{n}", "affine", inp, interp, 0, im.transform(im.size, Image.Transform.AFFINE, m, resample), m); n += 1
wide = (0.34, 0.05, -1.5, -0.02, 0.9, 4.0)
for interp, resample in [("nearest", NEAREST), ("bilinear", BILINEAR)]:
    emit(f"aff{n}", "affine", inp, interp, 33, im.transform((600, 40), Image.Transform.AFFINE, wide, resample, fillcolor=33), wide); n += 1

with open(os.path.join(OUT, "cases.csv"), "w") as f:
    f.write("case,op,input,interpolation,fill,dst_width,dst_height,p0,p1,p2,p3,p4,p5\n")
    for r in rows:
        f.write(",".join(r) + "\n")
print(f"{len(rows)} cases written to {OUT}")
