#!/usr/bin/env python3
"""Condenses BenchmarkDotNet's CSV reports of the kernel suite into one markdown table per run.

Usage: python3 bench/summarize.py [BenchmarkDotNet.Artifacts/results]

One row per (kernel, parameters): Mean in ns for the reference, each SIMD path and OpenCV, then the best path's
speed-up over the reference and over OpenCV. Other benchmarks (FullDistortion, PolicyOps) are listed with img/s.
"""
import csv
import glob
import os
import sys

PATHS = ["Reference", "Scalar", "Vector128", "Vector256", "Vector512", "OpenCV"]


def ns(text):
    value, unit = text.replace(",", "").split()
    scale = {"ns": 1.0, "μs": 1e3, "us": 1e3, "ms": 1e6, "s": 1e9}[unit]
    return float(value) * scale


def main():
    folder = sys.argv[1] if len(sys.argv) > 1 else "BenchmarkDotNet.Artifacts/results"
    files = sorted(glob.glob(os.path.join(folder, "*-report.csv")))
    if not files:
        sys.exit(f"no *-report.csv in {folder}")
    kernel_rows, other_rows = [], []
    for path in files:
        name = os.path.basename(path).replace("-report.csv", "").split(".")[-1].replace("Bench", "")
        with open(path, newline="", encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
        if not rows:
            continue
        header = list(rows[0].keys())
        params = header[header.index("WarmupCount") + 1 : header.index("Mean")]
        groups = {}
        for r in rows:
            key = tuple(r[p] for p in params)
            groups.setdefault(key, {})[r["Method"]] = r
        for key, methods in groups.items():
            label = name + " " + " ".join(f"{p}={v}" for p, v in zip(params, key))
            if "Reference" in methods:
                means = {m: ns(methods[m]["Mean"]) for m in PATHS if m in methods and methods[m]["Mean"] not in ("NA", "")}
                simd = {m: v for m, v in means.items() if m.startswith("Vector")}
                best = min(simd, key=simd.get) if simd else None
                cells = [f"{means[m]:,.0f}" if m in means else "-" for m in PATHS]
                vs_ref = f"{means['Reference'] / simd[best]:.1f}x" if best and "Reference" in means else "-"
                vs_cv = f"{means['OpenCV'] / simd[best]:.2f}x" if best and "OpenCV" in means else "-"
                kernel_rows.append([label, *cells, best or "-", vs_ref, vs_cv])
            else:
                for method, r in methods.items():
                    other_rows.append([label, method.strip("'"), r["Mean"], r.get("img/s", "-")])
    print("| kernel | Reference ns | Scalar ns | V128 ns | V256 ns | V512 ns | OpenCV ns | best path | best vs reference | best vs OpenCV |")
    print("|---|---:|---:|---:|---:|---:|---:|---|---:|---:|")
    for row in kernel_rows:
        print("| " + " | ".join(row) + " |")
    if other_rows:
        print()
        print("| benchmark | method | mean per image | images/s (one core) |")
        print("|---|---|---:|---:|")
        for row in other_rows:
            print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
