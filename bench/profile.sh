#!/usr/bin/env bash
# Where one kernel spends its time, instruction by instruction, without hardware counters (this VM has none):
# `perf record -e cpu-clock` samples `bench -- loop`, the JIT's code of the hottest method matching PATTERN is read
# from the live process once it is warm (the runtime's perf map gives its address; of several code versions or
# matching methods, the one with the most samples), disassembled with objdump, and each instruction gets its share
# of that method's samples. Timer samples skid: a hot spot usually shows on the instruction after the one that waited.
# Usage: bench/profile.sh OP PATTERN [SIZE] [SECONDS]   e.g. bench/profile.sh rotate-bilinear AffineBilinearVbmi::Run
# Needs: perf (linux-perf), objdump (binutils), python3. Output: bench/profile.out (annotated), top lines on stdout.
set -euo pipefail
op=${1:?usage: bench/profile.sh OP PATTERN [SIZE] [SECONDS]}
pattern=${2:?usage: bench/profile.sh OP PATTERN [SIZE] [SECONDS]}
size=${3:-64}
seconds=${4:-6}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for tool in perf objdump python3; do
  command -v "$tool" >/dev/null || { echo "profile.sh: $tool not found" >&2; exit 2; }
done

dotnet build "$root/bench" -c Release --nologo -v q >/dev/null
DOTNET_PerfMapEnabled=1 perf record -q -e cpu-clock -F 10000 -o "$work/perf.data" -- \
  taskset -c "${HPC_BENCH_CPU:-1}" dotnet "$root/bench/bin/Release/net10.0/Hpc.Bench.dll" loop --op "$op" --size "$size" --seconds "$seconds" \
  > "$work/loop.log" 2>&1 &
recorder=$!
# The loop prints "(warm)" once its warm-up is over; by then the kernel's code is final.
until grep -q "(warm)" "$work/loop.log" 2>/dev/null; do
  kill -0 "$recorder" 2>/dev/null || { cat "$work/loop.log" >&2; exit 1; }
  sleep 0.2
done
pid=$(pgrep -n -f "Hpc.Bench.dll loop --op $op")
python3 "$root/bench/profile_dump.py" dump "$pid" "$pattern" "$work"
wait "$recorder"
grep "ns per call" "$work/loop.log"
perf script -i "$work/perf.data" -F ip > "$work/ips" 2>/dev/null
python3 "$root/bench/profile_dump.py" annotate "$work" > "$root/bench/profile.out"
head -3 "$root/bench/profile.out"
echo "hottest instructions (full listing in bench/profile.out):"
grep -E '^0x' "$root/bench/profile.out" | sort -k2 -rn | head -20
