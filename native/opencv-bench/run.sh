#!/usr/bin/env bash
# Builds and runs the OpenCV C++ harness (needs Debian's libopencv-dev, cmake, ninja or make).
# Usage: native/opencv-bench/run.sh [sizes...]   (default 28 64)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${HPC_OPENCV_BENCH_BUILD:-$here/../build/opencv-bench}  # native/build/ is git-ignored
gen=()
command -v ninja >/dev/null 2>&1 && gen=(-G Ninja)
cmake -S "$here" -B "$build" "${gen[@]}" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build" >/dev/null
# One core, like the .NET benchmarks: OpenCV's own pool is off (setNumThreads(1)); taskset keeps the process on one CPU.
if command -v taskset >/dev/null 2>&1; then
  exec taskset -c "${HPC_BENCH_CPU:-1}" "$build/opencv-bench" "$@"
fi
exec "$build/opencv-bench" "$@"
