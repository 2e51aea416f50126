# Two commands do all set-up: `make run` and `make test`. The venv is made on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test test-clock lint typecheck bench screenshot dist install-desktop uninstall-desktop clean

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/python -m briefing resources/sample/sample.briefing

lint: $(STAMP)
	$(BIN)/ruff check briefing tests benchmarks tools
	$(BIN)/lint-imports

typecheck: $(STAMP)
	$(BIN)/mypy

# The suite, then the suite again with the clock a year ahead and a German locale: it must
# pass on any day and in any locale (tools/shifted_clock.py says how).
test: lint typecheck
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -n 2 -q
	$(MAKE) --no-print-directory test-clock

test-clock: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python tools/shifted_clock.py --days 365 --locale de_DE.UTF-8 \
	  -- $(BIN)/python -m pytest -n 2 -q -p no:cacheprovider

bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m benchmarks.run

screenshot: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python tools/screenshot.py docs/screenshot.png

# A one-folder app (dist/briefing-builder/) that runs without Python: PyInstaller, then the
# bundle's own checks (tools/check_dist.py: --version, exports of the sample, the window).
dist: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test,dist]'
	$(BIN)/pyinstaller --noconfirm --clean --distpath dist --workpath build/pyinstaller \
	  packaging/briefing.spec
	$(BIN)/python tools/check_dist.py dist/briefing-builder

# The menu entry, the .briefing file type and icons for this user (XDG, ~/.local/share): the
# bundle's when it is built, else the virtualenv's `briefing`.
install-desktop: $(STAMP)
	if [ -x dist/briefing-builder/briefing-builder ]; then \
	  dist/briefing-builder/briefing-builder install-desktop; \
	else $(BIN)/briefing install-desktop; fi

uninstall-desktop: $(STAMP)
	$(BIN)/briefing install-desktop --uninstall

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .ruff_cache
