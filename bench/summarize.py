#!/usr/bin/env python3
"""Condenses BenchmarkDotNet's CSV reports of the kernel suite into one markdown table per run.

Usage: python3 bench/summarize.py [BenchmarkDotNet.Artifacts/results] [--stat Mean|Median|Min]

One row per (kernel, parameters): the statistic in ns (Mean unless --stat says otherwise) for the reference, each SIMD
path and OpenCV, then the best path's speed-up over the reference and over OpenCV. Other benchmarks (FullDistortion,
PolicyOps) are listed with img/s. On a noisy shared host, where each case runs in its own process at its own moment,
--stat Min compares the least disturbed run of every case (the C++ harness reports minimums too), and --stat Median
the level most of a case's iterations ran at.
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
    args = sys.argv[1:]
    stat = "Mean"
    if "--stat" in args:
        at = args.index("--stat")
        if at + 1 >= len(args) or args[at + 1] not in ("Mean", "Median", "Min"):
            sys.exit("--stat takes Mean, Median or Min")
        stat = args[at + 1]
        del args[at : at + 2]
    folder = args[0] if args else "BenchmarkDotNet.Artifacts/results"
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
                # Reports written before a statistic's column was added lack it: those cells show "-".
                means = {m: ns(methods[m][stat]) for m in PATHS if m in methods and methods[m].get(stat, "NA") not in ("NA", "")}
                simd = {m: v for m, v in means.items() if m.startswith("Vector")}
                best = min(simd, key=simd.get) if simd else None
                cells = [f"{means[m]:,.0f}" if m in means else "-" for m in PATHS]
                vs_ref = f"{means['Reference'] / simd[best]:.1f}x" if best and "Reference" in means else "-"
                vs_cv = f"{means['OpenCV'] / simd[best]:.2f}x" if best and "OpenCV" in means else "-"
                kernel_rows.append([label, *cells, best or "-", vs_ref, vs_cv])
            else:
                for method, r in methods.items():
                    value = r.get(stat, "NA")
                    if value in ("NA", ""):
                        rate = "-"
                    else:
                        rate = f"{1e9 / ns(value):,.0f}" if stat != "Mean" else r.get("img/s", "-")
                    other_rows.append([label, method.strip("'"), value, rate])
    print(f"Statistic: {stat}")
    print()
    print("| kernel | Reference ns | Scalar ns | V128 ns | V256 ns | V512 ns | OpenCV ns | best path | best vs reference | best vs OpenCV |")
    print("|---|---:|---:|---:|---:|---:|---:|---|---:|---:|")
    for row in kernel_rows:
        print("| " + " | ".join(row) + " |")
    if other_rows:
        print()
        print(f"| benchmark | method | {stat.lower()} per image | images/s (one core) |")
        print("|---|---|---:|---:|")
        for row in other_rows:
            print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
