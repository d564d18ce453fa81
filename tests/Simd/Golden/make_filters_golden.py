#!/usr/bin/python3
"""Regenerates tests/Simd/Golden/filters/*.bin from Pillow (the reference our filters must match).

Run with the Debian interpreter that has Pillow 9.4 + numpy: /usr/bin/python3 make_filters_golden.py
Each file: magic b"HPCF", int32 height, int32 width, int32 case count, the L-mode input (height*width bytes), then
per case: int32 name length, ASCII name ("smooth", "sharpen" or "gauss:<radius>"), height*width output bytes.
"""
import os
import struct

import numpy as np
import PIL
from PIL import Image, ImageFilter

assert PIL.__version__.startswith("9.4"), PIL.__version__

RADII = ["0", "0.3", "0.5", "0.8", "1", "1.2", "1.5", "2", "3.7", "6", "40", "150"]
SIZES = [(1, 1), (2, 2), (3, 3), (1, 7), (7, 1), (2, 5), (4, 3), (19, 37), (28, 28), (64, 64), (31, 70)]


def image(h, w, rng):
    # Mix noise with smooth ramps and hard edges so both the rounding and the clipping of every filter are exercised.
    noise = rng.integers(0, 256, size=(h, w))
    yy, xx = np.mgrid[0:h, 0:w]
    ramp = (xx * 255 // max(w - 1, 1) + yy * 97) % 256
    blocks = np.where(((xx // 5) + (yy // 3)) % 2 == 0, 0, 255)
    pick = rng.integers(0, 3, size=(h, w))
    return np.choose(pick, [noise, ramp, blocks]).astype(np.uint8)


def main():
    out_dir = os.path.join(os.path.dirname(os.path.abspath(__file__)), "filters")
    os.makedirs(out_dir, exist_ok=True)
    rng = np.random.default_rng(20260101)
    for h, w in SIZES:
        src = image(h, w, rng)
        im = Image.fromarray(src, mode="L")
        cases = [("smooth", im.filter(ImageFilter.SMOOTH)), ("sharpen", im.filter(ImageFilter.SHARPEN))]
        for r in RADII:
            cases.append(("gauss:" + r, im.filter(ImageFilter.GaussianBlur(float(r)))))
        with open(os.path.join(out_dir, f"{h}x{w}.bin"), "wb") as f:
            f.write(b"HPCF" + struct.pack("<iii", h, w, len(cases)))
            f.write(src.tobytes())
            for name, res in cases:
                data = np.asarray(res, dtype=np.uint8)
                assert data.shape == (h, w)
                f.write(struct.pack("<i", len(name)) + name.encode("ascii") + data.tobytes())


if __name__ == "__main__":
    main()
