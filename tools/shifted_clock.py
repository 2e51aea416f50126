"""Run a command with the wall clock a year ahead and a German locale (`make test-clock`).

    python tools/shifted_clock.py [--days 365] [--locale de_DE.UTF-8] -- COMMAND ...

The suite must pass on any day and in any locale; running it once more like this proves that
no test leans on today's date or on English names. libfaketime moves the clock for the command
and every process it starts (LD_PRELOAD). It comes from the `libfaketime` package on PyPI,
which ships a recent build: Debian 12's libfaketime 0.9.10 makes Python's time.sleep() fail
with EINVAL when the monotonic clock is left alone, and hangs thread waits when it is not.
Monotonic time stays real, so timeouts, timers and thread waits keep working.
"""

from __future__ import annotations

import argparse
import importlib.util
import locale
import os
import subprocess
import sys
import time
from pathlib import Path


def faketime_library() -> Path:
    spec = importlib.util.find_spec("libfaketime")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("shifted_clock: the libfaketime package is not installed (pip)")
    folder = Path(next(iter(spec.submodule_search_locations)))
    library = folder / "vendor" / "libfaketime" / "src" / "libfaketime.so.1"
    if not library.is_file():
        raise SystemExit(f"shifted_clock: {library} is missing")
    return library


def shifted_environment(days: int, locale_name: str) -> dict[str, str]:
    preload = [str(faketime_library())]
    if os.environ.get("LD_PRELOAD"):
        preload.append(os.environ["LD_PRELOAD"])
    return {
        **os.environ,
        "LD_PRELOAD": ":".join(preload),
        "FAKETIME": f"{days:+d}d",
        "FAKETIME_DONT_FAKE_MONOTONIC": "1",
        "DONT_FAKE_MONOTONIC": "1",
        "FAKETIME_NO_CACHE": "1",
        # On, Qt's QThread.wait() (a condition variable on the monotonic clock) times out at
        # once: the fix is for programs whose monotonic clock is faked, ours is not.
        "FAKETIME_FORCE_MONOTONIC_FIX": "0",
        "LC_ALL": locale_name,
        "LANG": locale_name,
    }


_PROBE = "import locale, time; locale.setlocale(locale.LC_ALL, ''); print(time.time())"


def check_environment(env: dict[str, str], days: int, locale_name: str) -> None:
    """Fail loudly when the clock did not move or the locale is missing: a run that silently
    used the real clock or the C locale would prove nothing."""
    probe = subprocess.run([sys.executable, "-c", _PROBE], env=env, capture_output=True,
                           text=True, timeout=60)
    if probe.returncode != 0:
        raise SystemExit(f"shifted_clock: locale {locale_name} is not available "
                         f"(generate it, see .ci/run): {probe.stderr.strip()[-300:]}")
    shift = float(probe.stdout) - time.time()
    if abs(shift - days * 86400) > 3600:
        raise SystemExit(f"shifted_clock: the clock moved {shift / 86400:.1f} days, "
                         f"not {days}: libfaketime is not working here")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--locale", default="de_DE.UTF-8")
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("no command given")
    env = shifted_environment(args.days, args.locale)
    check_environment(env, args.days, args.locale)
    print(f"shifted_clock: {args.days:+d} days, {args.locale}: {' '.join(command)}", flush=True)
    locale.setlocale(locale.LC_ALL, "C")
    return subprocess.run(command, env=env).returncode


if __name__ == "__main__":
    sys.exit(main())
