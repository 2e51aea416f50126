"""Two processes adding and tagging at once lose nothing, on either engine."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from briefing.core.library import SearchFilters, open_library

PER_PROCESS = 500
SHARED = 20  # texts both processes add: each must end up once, with both tags

_WORKER = textwrap.dedent(
    """
    import random, sys
    from briefing.core.library import open_library
    from briefing.core.model import Article

    location, name = sys.argv[1], sys.argv[2]
    per_process, shared = int(sys.argv[3]), int(sys.argv[4])
    rng = random.Random(name)
    words = [f"w{n}" for n in range(5000)]
    library = open_library(location, user=name)
    jobs = [("own", n) for n in range(per_process)] + [("shared", n) for n in range(shared)]
    rng.shuffle(jobs)
    for kind, n in jobs:
        if kind == "own":
            text = f"{name} article {n}: " + " ".join(rng.choice(words) for _ in range(60))
        else:
            text = f"shared article {n} " + " ".join(f"s{n}x{k}" for k in range(60))
        result = library.add(Article(id="a", title=f"{kind} {n}", text=text))
        library.tag([result.article.id], add=[name, "everyone"])
    library.close()
    """
)


def test_two_processes_adding_and_tagging_lose_nothing(location):
    open_library(location).close()  # created once, so both workers find the schema
    workers = [
        subprocess.Popen([sys.executable, "-c", _WORKER, location, name, str(PER_PROCESS),
                          str(SHARED)], stderr=subprocess.PIPE, text=True)
        for name in ("first", "second")
    ]
    for worker in workers:
        _, errors = worker.communicate(timeout=600)
        assert worker.returncode == 0, errors
    with open_library(location) as library:
        assert library.count() == 2 * PER_PROCESS + SHARED
        counts = {t.name: t.count for t in library.tags()}
        assert counts == {"everyone": 2 * PER_PROCESS + SHARED,
                          "first": PER_PROCESS + SHARED, "second": PER_PROCESS + SHARED}
        both = library.count("shared", SearchFilters(tags=("first", "second")))
        assert both == SHARED
