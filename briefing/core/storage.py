"""The .briefing file: versioned JSON, validated on load and before every save, saved atomically.

A file is one UTF-8 JSON object::

    {"format_version": 2, "generator": "Briefing Builder 0.1.0",
     "meta": {..., "key_judgments": [{"id", "text", "clips": [clip ids]}]},
     "articles": [...], "clips": [...],
     "sections": [{"id", "heading", "commentary",
                   "items": [{"type": "clip", "clip": id} | {"type": "note", "id", "text"}
                             | {"type": "figure", "id", "mime", "data": base64, "width",
                                "height", "caption", "credit"}]}]}

Key judgments, section commentary and notes are prose in the Markdown subset of
briefing.core.prose (docs/prose.md); `[@CLIP-ID]` in them places a clip inline. An unknown
clip id there is not a load error (a hand-edited file still opens) but a pre-export check
error naming its place.

`resources/schema/briefing.schema.json` describes it; on top of the schema a loader checks what a
schema cannot: ids are unique across the file, references name existing objects, clip spans lie
inside their article's text, and a clip is placed at most once. Every problem is reported with
its exact place, e.g. ``sections[2].items[5]: unknown clip "c9"``.

Text is lossless: anything a Python string holds is written and read back unchanged, with one
exception forced by JSON itself: a lone high surrogate immediately followed by a lone low
surrogate is read back as the single character that pair encodes.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, fields
from enum import Enum
from functools import cache
from pathlib import Path
from typing import Any

from briefing.core.atomic import os_error_reason, remove_stale_temporaries, write_atomically
from briefing.core.errors import BriefingError
from briefing.core.figure_items import figure_from_dict, figure_to_dict
from briefing.core.format_checks import SURROGATE, schema, validate_briefing_dict
from briefing.core.locking import BriefingLock, LockOwner, lock_path_for
from briefing.core.model import (
    FORMAT_VERSION,
    Article,
    Briefing,
    BriefingMeta,
    Clip,
    ClipKind,
    ClipRef,
    Figure,
    KeyJudgment,
    Note,
    Section,
)
from briefing.core.prose import prose_from_plain_text
from briefing.core.schema_check import Problem
from briefing.core.schema_check import json_kind as _json_kind

SUFFIX = ".briefing"
# Far above any real briefing (a thousand full articles is ~10 MB); stops a wrongly chosen
# multi-gigabyte file from being read into memory.
MAX_FILE_SIZE = 512 * 2**20
BACKUP_SUFFIX = ".bak"

# Upgrades of older files: MIGRATIONS[v] turns the data of a format-v file into format v+1.
# They run before validation, so each must leave alone whatever it does not recognise (the
# validator then names the problem in the upgraded data).
Migration = Callable[[dict[str, Any]], dict[str, Any]]


def _format_1_to_2(data: dict[str, Any]) -> dict[str, Any]:
    """Format 2 changes, one step each (a later addition to format 2 adds a step here):

    * figures: sections may hold figure items (pictures stored in the file); a format-1 file
      has none, so nothing to change for them.
    * prose: section commentary, notes and key judgments are the Markdown subset of
      briefing.core.prose, so their format-1 plain text is escaped to print as before.
    """
    _escape_v1_prose(data)
    return data


def _escape_v1_prose(data: dict[str, Any]) -> None:
    meta = data.get("meta")
    judgments = meta.get("key_judgments") if isinstance(meta, dict) else None
    for judgment in judgments if isinstance(judgments, list) else []:
        _escape_field(judgment, "text")
    sections = data.get("sections")
    for section in sections if isinstance(sections, list) else []:
        _escape_field(section, "commentary")
        items = section.get("items") if isinstance(section, dict) else None
        for item in items if isinstance(items, list) else []:
            if isinstance(item, dict) and item.get("type") == "note":
                _escape_field(item, "text")


def _escape_field(holder: Any, key: str) -> None:
    if isinstance(holder, dict) and isinstance(holder.get(key), str):
        holder[key] = prose_from_plain_text(holder[key])


MIGRATIONS: dict[int, Migration] = {1: _format_1_to_2}

# Field names in the file that differ from the model's attribute names.
_RENAMED = {
    Clip: {"article_id": "article"},
    KeyJudgment: {"clip_ids": "clips"},
}


class BriefingFileError(BriefingError):
    """A briefing file that cannot be read or written. The message is one line naming the
    file, the place inside it (when there is one) and the problem."""

    def __init__(self, message: str, problems: Iterable[Problem] = ()) -> None:
        super().__init__(message)
        self.problems: list[Problem] = list(problems)


class FileChangedError(BriefingFileError):
    """The file on disk is no longer the one that was read: saving would drop someone's work."""


@dataclass(frozen=True)
class FileStamp:
    """What a briefing file was when it was read or written: enough to notice that another
    program or window has replaced it since. `sha256` decides; the stat fields only spare
    hashing a file that was not touched."""

    size: int
    mtime_ns: int
    inode: int
    sha256: str

    @property
    def exists(self) -> bool:
        return self.size >= 0


# The stamp of a file that does not exist (yet): saving then requires that it still does not.
NO_FILE = FileStamp(size=-1, mtime_ns=0, inode=0, sha256="")


def _stamp_of(stat_result: os.stat_result, payload: bytes) -> FileStamp:
    return FileStamp(
        size=stat_result.st_size,
        mtime_ns=stat_result.st_mtime_ns,
        inode=stat_result.st_ino,
        sha256=hashlib.sha256(payload).hexdigest(),
    )


def file_stamp(path: str | os.PathLike[str]) -> FileStamp:
    """The file's stamp now; NO_FILE when it does not exist. OSError when it cannot be read."""
    path = Path(path)
    try:
        before = path.stat()
    except FileNotFoundError:
        return NO_FILE
    return _stamp_of(before, path.read_bytes())


def changed_on_disk(path: str | os.PathLike[str], expected: FileStamp) -> bool:
    """True when the file at `path` is not (any more) the one `expected` describes."""
    try:
        now = Path(path).stat()
    except FileNotFoundError:
        return expected.exists
    except OSError:
        return False  # cannot tell; the save itself will report what is wrong
    if not expected.exists:
        return True
    if (now.st_size, now.st_mtime_ns, now.st_ino) == (
        expected.size,
        expected.mtime_ns,
        expected.inode,
    ):
        return False
    try:
        return file_stamp(path).sha256 != expected.sha256  # touched, maybe not changed
    except OSError:
        return False


# ---- model <-> dict --------------------------------------------------------------------------
@cache
def generator_name() -> str:
    """The `generator` string written into each file."""
    try:
        from importlib.metadata import PackageNotFoundError, version

        return f"Briefing Builder {version('briefing-builder')}"
    except PackageNotFoundError:
        return "Briefing Builder"


def _plain_fields(obj: object, skip: Iterable[str] = ()) -> dict[str, Any]:
    renamed = _RENAMED.get(type(obj), {})
    out: dict[str, Any] = {}
    for field in fields(obj):  # type: ignore[arg-type]
        if field.name in skip:
            continue
        value = getattr(obj, field.name)
        if isinstance(value, Enum):
            value = value.value
        elif isinstance(value, list):
            value = list(value)
        out[renamed.get(field.name, field.name)] = value
    return out


def _kwargs_from(cls: type, data: dict[str, Any], skip: Iterable[str] = ()) -> dict[str, Any]:
    """Constructor arguments for `cls` from a validated dict; absent keys keep their defaults."""
    renamed = _RENAMED.get(cls, {})
    kwargs: dict[str, Any] = {}
    for field in fields(cls):
        key = renamed.get(field.name, field.name)
        if field.name in skip or key not in data:
            continue
        value = data[key]
        kwargs[field.name] = list(value) if isinstance(value, list) else value
    return kwargs


def _clip_to_dict(clip: Clip) -> dict[str, Any]:
    out = _plain_fields(clip)
    if not clip.suggested:  # written only when set, so files without suggestions stay as before
        del out["suggested"]
    return out


def briefing_to_dict(briefing: Briefing) -> dict[str, Any]:
    """The file's JSON structure for a briefing (not validated; `save_briefing` validates)."""
    meta = _plain_fields(briefing.meta, skip=("key_judgments",))
    meta["key_judgments"] = [_plain_fields(k) for k in briefing.meta.key_judgments]
    return {
        "format_version": FORMAT_VERSION,
        "generator": generator_name(),
        "meta": meta,
        "articles": [_article_to_dict(a) for a in briefing.articles],
        "clips": [_clip_to_dict(c) for c in briefing.clips],
        "sections": [_section_to_dict(s) for s in briefing.sections],
    }


# Optional article fields written only when set (library and web articles), so a briefing
# that never met either reads exactly as before and older versions of the app still read it.
_OPTIONAL_ARTICLE_FIELDS = (
    "library_id", "text_sha256", "description", "accessed_at", "partial", "partial_reason",
)


def _article_to_dict(article: Article) -> dict[str, Any]:
    out = _plain_fields(article)
    for name in _OPTIONAL_ARTICLE_FIELDS:
        if not out.get(name):
            out.pop(name, None)
    return out


def _section_to_dict(section: Section) -> dict[str, Any]:
    out = _plain_fields(section, skip=("items",))
    items: list[dict[str, Any]] = []
    for item in section.items:
        if isinstance(item, ClipRef):
            items.append({"type": "clip", "clip": item.clip_id})
        elif isinstance(item, Figure):
            items.append(figure_to_dict(item))
        else:
            items.append({"type": "note", "id": item.id, "text": item.text})
    out["items"] = items
    return out


def briefing_from_dict(data: Any, source: str = "<briefing>") -> Briefing:
    """A Briefing from the file's JSON structure, upgraded and fully checked first.

    `source` names the data in error messages (normally the file's path).
    """
    data = _upgraded(data, source)
    problems = validate_briefing_dict(data)
    if problems:
        raise _problems_error(source, problems)
    meta_data = data.get("meta", {})
    meta = BriefingMeta(
        **_kwargs_from(BriefingMeta, meta_data, skip=("key_judgments",)),
        key_judgments=[
            KeyJudgment(**_kwargs_from(KeyJudgment, k)) for k in meta_data.get("key_judgments", [])
        ],
    )
    clips = []
    for clip_data in data["clips"]:
        kwargs = _kwargs_from(Clip, clip_data)
        kwargs["kind"] = ClipKind(kwargs["kind"])
        kwargs["start"], kwargs["end"] = int(kwargs["start"]), int(kwargs["end"])
        clips.append(Clip(**kwargs))
    sections = []
    for section_data in data["sections"]:
        section = Section(**_kwargs_from(Section, section_data, skip=("items",)))
        for item in section_data.get("items", []):
            if item["type"] == "clip":
                section.items.append(ClipRef(item["clip"]))
            elif item["type"] == "figure":
                section.items.append(figure_from_dict(item))
            else:
                section.items.append(Note(id=item["id"], text=item.get("text", "")))
        sections.append(section)
    return Briefing(
        meta=meta,
        articles=[Article(**_kwargs_from(Article, a)) for a in data["articles"]],
        clips=clips,
        sections=sections,
    )


# ---- versions --------------------------------------------------------------------------------
def oldest_readable_version() -> int:
    version = FORMAT_VERSION
    while version - 1 in MIGRATIONS:
        version -= 1
    return version


def _upgraded(data: Any, source: str) -> dict[str, Any]:
    if not isinstance(data, dict):
        kind = _json_kind(data)
        raise BriefingFileError(
            f"{source}: is not a briefing file (its JSON is {kind}, not an object)"
        )
    if "format_version" not in data:
        if not {"meta", "articles", "clips", "sections"} & data.keys():
            raise BriefingFileError(
                f'{source}: is not a briefing file (it is JSON, but has no "format_version")'
            )
        raise _problems_error(source, [Problem("top level", 'missing field "format_version"')])
    version = data["format_version"]
    if not isinstance(version, int) or isinstance(version, bool):
        raise _problems_error(
            source,
            [Problem("format_version", f"must be a whole number, not {_json_kind(version)}")],
        )
    if version > FORMAT_VERSION:
        raise BriefingFileError(
            f"{source}: was saved by a newer version of Briefing Builder (format {version}); "
            f"this version reads format {FORMAT_VERSION} or older — update the app"
        )
    oldest = oldest_readable_version()
    if version < oldest:
        readable = (
            f"format {oldest} only"
            if oldest == FORMAT_VERSION
            else f"formats {oldest} to {FORMAT_VERSION}"
        )
        raise BriefingFileError(
            f"{source}: uses format {version}, which this version of Briefing Builder cannot "
            f"read (it reads {readable})"
        )
    while version < FORMAT_VERSION:
        data = MIGRATIONS[version](dict(data))
        version += 1
        data["format_version"] = version
    return data


def _problems_error(source: str, problems: list[Problem], prefix: str = "") -> BriefingFileError:
    first = problems[0]
    more = len(problems) - 1
    tail = f" (and {more} more problem{'s' if more > 1 else ''})" if more else ""
    return BriefingFileError(f"{source}: {prefix}{first}{tail}", problems)


# ---- text ------------------------------------------------------------------------------------


def _escape_surrogate(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def dumps(briefing: Briefing) -> str:
    """The file's text: indented JSON, keys in a fixed order, one trailing newline."""
    return dumps_data(briefing_to_dict(briefing))


def dumps_data(data: dict[str, Any]) -> str:
    """`dumps` of a briefing already turned into its file structure (`briefing_to_dict`)."""
    text = json.dumps(data, ensure_ascii=False, indent=2, allow_nan=False) + "\n"
    # ensure_ascii=False leaves lone surrogates raw, and UTF-8 cannot encode them. Inside JSON
    # they can only occur in strings, where a \uXXXX escape is exact, so escape just those.
    return SURROGATE.sub(_escape_surrogate, text)


def loads(text: str, source: str = "<briefing>") -> Briefing:
    """A Briefing from a file's text; raises BriefingFileError like `load_briefing`."""
    if text.startswith("\ufeff"):  # a byte-order mark added by a text editor
        text = text[1:]
    if not text.strip():
        raise BriefingFileError(f"{source}: the file is empty; it is not a briefing file")
    try:
        data = json.loads(text)
    except RecursionError:
        raise BriefingFileError(
            f"{source}: the file is damaged (its JSON is nested too deeply)"
        ) from None
    except json.JSONDecodeError as exc:
        if text.lstrip()[:1] not in ("{", "["):
            raise BriefingFileError(
                f"{source}: is not a briefing file (it does not contain JSON)"
            ) from None
        raise BriefingFileError(
            f"{source}: the file is damaged or truncated "
            f"(invalid JSON at line {exc.lineno} column {exc.colno})"
        ) from None
    except ValueError:  # Python refuses to read an integer of more than 4,300 digits
        raise BriefingFileError(f"{source}: the file is damaged ({_long_number(text)})") from None
    return briefing_from_dict(data, source)


def _long_number(text: str) -> str:
    limit = sys.get_int_max_str_digits() or 4300
    match = re.search("[0-9]{" + str(limit + 1) + ",}", text)
    if match is None:
        return "a number cannot be read"
    line = text.count("\n", 0, match.start()) + 1
    column = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
    return (
        f"a number of {match.end() - match.start():,} digits at line {line} column {column}; "
        f"numbers in a briefing have at most {limit:,}"
    )


_BINARY_SIGNATURES = (
    (b"PK\x03\x04", "a ZIP archive or a Word document"),
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
)


# ---- load ------------------------------------------------------------------------------------
def load_briefing(path: str | os.PathLike[str]) -> Briefing:
    """Read, upgrade and check a .briefing file; any problem raises BriefingFileError."""
    return load_briefing_stamped(path)[0]


def load_briefing_stamped(path: str | os.PathLike[str]) -> tuple[Briefing, FileStamp]:
    """`load_briefing`, and the stamp of the very bytes read: pass it to `save_briefing` as
    `expected` so the save notices when the file was changed meanwhile."""
    path = Path(path)
    # Temporaries of a save that was killed are removed when the file is next opened.
    remove_stale_temporaries(Path(os.path.realpath(path)))
    try:
        info = path.stat()
        size = info.st_size
        if size > MAX_FILE_SIZE:
            raise BriefingFileError(
                f"{path}: is not a briefing file (it is {size / 2**20:,.0f} MB; "
                f"briefings are at most {MAX_FILE_SIZE / 2**20:,.0f} MB)"
            )
        raw = path.read_bytes()
    except FileNotFoundError:
        raise BriefingFileError(f"{path}: the file does not exist") from None
    except IsADirectoryError:
        raise BriefingFileError(f"{path}: is a folder, not a briefing file") from None
    except OSError as exc:
        raise BriefingFileError(f"{path}: cannot read the file: {os_error_reason(exc)}") from None
    for signature, kind in _BINARY_SIGNATURES:
        if raw.startswith(signature):
            raise BriefingFileError(f"{path}: is not a briefing file (it is {kind})")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BriefingFileError(
            f"{path}: is not a briefing file or is damaged: it is not UTF-8 text "
            f"(byte 0x{raw[exc.start]:02X} at offset {exc.start})"
        ) from None
    return loads(text, str(path)), _stamp_of(info, raw)


# ---- save ------------------------------------------------------------------------------------
def backup_path_for(path: str | os.PathLike[str]) -> Path:
    path = Path(path)
    return path.with_name(path.name + BACKUP_SUFFIX)


def save_briefing(
    briefing: Briefing, path: str | os.PathLike[str], *, expected: FileStamp | None = None
) -> FileStamp:
    """Write the briefing atomically; the previous file is kept as NAME.briefing.bak. Returns
    the stamp of the file written (the `expected` of the next save).

    The data is validated first, so a file is never written that could not be read back. With
    `expected` (the stamp from `load_briefing_stamped`, or NO_FILE for a file that should not
    exist yet), a file that another program or window changed since is not overwritten:
    FileChangedError. On any failure the file on disk is left exactly as it was and
    BriefingFileError says why.
    """
    return save_briefing_data(briefing_to_dict(briefing), path, expected=expected)


def save_briefing_data(
    data: dict[str, Any], path: str | os.PathLike[str], *, expected: FileStamp | None = None
) -> FileStamp:
    """`save_briefing` of a snapshot taken with `briefing_to_dict`: the snapshot is all it
    reads, so it may run on another thread while the briefing itself changes."""
    path = Path(path)
    text = dumps_data(data)
    # Check what a reader will get back from these very bytes, not the dict they came from.
    problems = validate_briefing_dict(json.loads(text))
    if problems:
        # Only a bug can get here: ops keep the model consistent.
        raise _problems_error(
            str(path), problems, prefix="not saved, the briefing is inconsistent (a bug): "
        )
    payload = text.encode("utf-8")
    # Write through a symbolic link, not over it.
    target = Path(os.path.realpath(path))
    try:
        if target.is_dir():
            raise BriefingFileError(f"{path}: cannot save: it is a folder")
        if expected is not None and changed_on_disk(target, expected):
            raise FileChangedError(
                f"{path}: not saved: the file was changed on disk after it was opened "
                "(by another program or window); reload it, or save under another name"
            )
        write_atomically(target, payload, backup=backup_path_for(target))
        return _stamp_of(target.stat(), payload)
    except OSError as exc:
        raise BriefingFileError(f"{path}: cannot save: {os_error_reason(exc)}") from None


__all__ = [
    "BACKUP_SUFFIX",
    "MAX_FILE_SIZE",
    "MIGRATIONS",
    "NO_FILE",
    "SUFFIX",
    "BriefingFileError",
    "BriefingLock",
    "FileChangedError",
    "FileStamp",
    "LockOwner",
    "Problem",
    "backup_path_for",
    "briefing_from_dict",
    "briefing_to_dict",
    "changed_on_disk",
    "dumps",
    "dumps_data",
    "file_stamp",
    "generator_name",
    "load_briefing",
    "load_briefing_stamped",
    "loads",
    "lock_path_for",
    "oldest_readable_version",
    "save_briefing",
    "save_briefing_data",
    "schema",
    "validate_briefing_dict",
]
