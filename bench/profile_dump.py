"""Helper of bench/profile.sh: copy a JIT method's code out of a live .NET process, then annotate its disassembly."""
import collections
import re
import sys


def dump(pid: str, pattern: str, work: str) -> None:
    # The perf map lists every code version; the last one matching is the newest (the fully optimised one).
    found = None
    with open(f"/tmp/perf-{pid}.map") as perf_map:
        for line in perf_map:
            start, size, name = line.rstrip("\n").split(" ", 2)
            if pattern in name:
                found = (int(start, 16), int(size, 16), name)
    if found is None:
        sys.exit(f"profile.sh: no method matching '{pattern}' in /tmp/perf-{pid}.map")
    start, size, name = found
    with open(f"/proc/{pid}/mem", "rb") as mem:
        mem.seek(start)
        code = mem.read(size)
    with open(f"{work}/method.bin", "wb") as out:
        out.write(code)
    with open(f"{work}/method", "w") as out:
        out.write(f"{start:#x} {size} {name}\n")


def annotate(work: str) -> None:
    start_text, size_text, name = open(f"{work}/method").read().rstrip("\n").split(" ", 2)
    start, size = int(start_text, 16), int(size_text)
    samples = collections.Counter()
    total = 0
    for token in open(f"{work}/ips").read().split():
        try:
            address = int(token, 16)
        except ValueError:
            continue
        total += 1
        samples[address] += 1
    inside = sum(n for address, n in samples.items() if start <= address < start + size)
    print(f"method: {name}")
    print(f"samples: {inside} of {total} in this method ({100 * inside / max(total, 1):.1f}%)")
    print("offset  share  instruction")
    for line in open(f"{work}/method.asm"):
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
