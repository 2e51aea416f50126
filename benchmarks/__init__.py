"""`make bench`: synthetic briefings, export/GUI timings, the python-docx/reportlab floor.

Run with ``python -m benchmarks.run --help``. Results go to ``out/bench-results.json``.
"""
