"""Helper of bench/profile.sh: copy JIT methods' code out of a live .NET process, then annotate the hottest one."""
import collections
import re
import subprocess
import sys


def dump(pid: str, pattern: str, work: str) -> None:
    # Every code version of every matching method (tier 0, instrumented, optimised): the annotation picks the one
    # the samples fell in.
    found = []
    with open(f"/tmp/perf-{pid}.map") as perf_map:
        for line in perf_map:
            start, size, name = line.rstrip("\n").split(" ", 2)
            if pattern in name:
                found.append((int(start, 16), int(size, 16), name))
    if not found:
        sys.exit(f"profile.sh: no method matching '{pattern}' in /tmp/perf-{pid}.map")
    with open(f"/proc/{pid}/mem", "rb") as mem, open(f"{work}/methods", "w") as index:
        for i, (start, size, name) in enumerate(found):
            mem.seek(start)
            with open(f"{work}/method{i}.bin", "wb") as out:
                out.write(mem.read(size))
            index.write(f"{i} {start:#x} {size} {name}\n")


def annotate(work: str) -> None:
    samples = collections.Counter()
    total = 0
    for token in open(f"{work}/ips").read().split():
        try:
            address = int(token, 16)
        except ValueError:
            continue
        total += 1
        samples[address] += 1
    methods = []
    for line in open(f"{work}/methods"):
        i, start, size, name = line.rstrip("\n").split(" ", 3)
        start, size = int(start, 16), int(size)
        methods.append((sum(n for a, n in samples.items() if start <= a < start + size), int(i), start, name))
    inside, i, start, name = max(methods)
    print(f"method: {name}")
    print(f"samples: {inside} of {total} in this method ({100 * inside / max(total, 1):.1f}%)")
    print("offset  share  instruction")
    listing = subprocess.run(
        ["objdump", "-D", "-b", "binary", "-m", "i386:x86-64", "-M", "intel", f"--adjust-vma={start:#x}", f"{work}/method{i}.bin"],
        capture_output=True, text=True, check=True).stdout
    for line in listing.splitlines():
        match = re.match(r"\s*([0-9a-f]+):\s+((?:[0-9a-f]{2} )+)\s*(.*)", line)
        if match:
            address = int(match.group(1), 16)
            share = 100 * samples.get(address, 0) / max(inside, 1)
            print(f"{address - start:#06x} {share:5.1f}% {match.group(3)}")


if __name__ == "__main__":
    if sys.argv[1] == "dump":
        dump(sys.argv[2], sys.argv[3], sys.argv[4])
    else:
        annotate(sys.argv[2])
