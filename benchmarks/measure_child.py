"""Run a command and write its wall time and peak memory to a JSON file.

    python -I -S benchmarks/measure_child.py RESULT.json COMMAND [ARGS...]

A child's ru_maxrss counts the memory it had before `exec`, which is a copy of (or shared
with) its parent's. Measured straight from the benchmark process, which holds generated
briefings, every child would be charged the bench's own size. Started through this small
stdlib-only process instead, the command's peak is its own. The command's stdout and stderr
pass through unchanged.
"""

import json
import os
import sys
import time


def main() -> int:
    result_path, command = sys.argv[1], sys.argv[2:]
    start = time.perf_counter()
    pid = os.posix_spawnp(command[0], command, os.environ)
    _, status, usage = os.wait4(pid, 0)
    seconds = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    with open(result_path, "w", encoding="utf-8") as handle:
        json.dump({"seconds": seconds, "maxrss_kb": usage.ru_maxrss, "returncode": code}, handle)
    return 0


if __name__ == "__main__":
    sys.exit(main())
