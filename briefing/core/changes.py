"""What an operation changed: a small frozen record the GUI refreshes from.

Every operation in `briefing.core.ops` returns one (and its undo returns the inverse), in the
spirit of Anki's `OpChanges`: views update the rows it names instead of comparing the model
with what they showed before.

A change is a sequence of steps on named containers, the ordered lists a view shows:

    ("articles", None)          the briefing's articles
    ("clips", article_id)       the clips of one article, in briefing order
    ("sections", None)          the sections
    ("items", section_id)       the clips and notes placed in one section
    ("key_judgments", None)     the key judgments

Steps apply one after another: each index is valid in the state the steps before it left.
A container comes and goes empty: an article's clips are removed before the article, and
undoing that inserts the article first, then its clips (likewise a section and its items),
so a tree view can announce every row it gains or loses.
"""

from __future__ import annotations

from dataclasses import dataclass

Container = tuple[str, str | None]

ARTICLES: Container = ("articles", None)
SECTIONS: Container = ("sections", None)
KEY_JUDGMENTS: Container = ("key_judgments", None)


def clips_of(article_id: str) -> Container:
    """The container of one article's clips."""
    return ("clips", article_id)


def items_of(section_id: str) -> Container:
    """The container of the items placed in one section."""
    return ("items", section_id)


@dataclass(frozen=True)
class Inserted:
    """The object `id` now stands at `index` of `container`."""

    container: Container
    index: int
    id: str


@dataclass(frozen=True)
class Removed:
    """The object `id`, which stood at `index` of `container`, is gone from it."""

    container: Container
    index: int
    id: str


@dataclass(frozen=True)
class Moved:
    """The object `id` went from `source_index` of `source` to `target_index` of `target`
    (its final index there, counted without it)."""

    id: str
    source: Container
    source_index: int
    target: Container
    target_index: int


Step = Inserted | Removed | Moved


def _inverse_step(step: Step) -> Step:
    if isinstance(step, Inserted):
        return Removed(step.container, step.index, step.id)
    if isinstance(step, Removed):
        return Inserted(step.container, step.index, step.id)
    return Moved(step.id, step.target, step.target_index, step.source, step.source_index)


@dataclass(frozen=True)
class Changes:
    """Rows inserted, removed or moved (`steps`, in order), the objects whose fields were
    written (`edited`: ids of articles, clips, sections, notes, key judgments) and the
    briefing properties written (`meta`: field names such as "title")."""

    steps: tuple[Step, ...] = ()
    edited: frozenset[str] = frozenset()
    meta: frozenset[str] = frozenset()

    @property
    def inserted(self) -> tuple[Inserted, ...]:
        return tuple(s for s in self.steps if isinstance(s, Inserted))

    @property
    def removed(self) -> tuple[Removed, ...]:
        return tuple(s for s in self.steps if isinstance(s, Removed))

    @property
    def moved(self) -> tuple[Moved, ...]:
        return tuple(s for s in self.steps if isinstance(s, Moved))

    @property
    def structural(self) -> bool:
        """True when rows came, went or moved; False when only fields were written."""
        return bool(self.steps)

    @property
    def empty(self) -> bool:
        return not (self.steps or self.edited or self.meta)

    def inverse(self) -> Changes:
        """The change that takes this one back: the steps reversed, each turned round."""
        return Changes(
            tuple(_inverse_step(s) for s in reversed(self.steps)), self.edited, self.meta
        )

    def then(self, later: Changes) -> Changes:
        """This change followed by `later`, as one record."""
        return Changes(
            self.steps + later.steps, self.edited | later.edited, self.meta | later.meta
        )


__all__ = [
    "ARTICLES",
    "KEY_JUDGMENTS",
    "SECTIONS",
    "Changes",
    "Container",
    "Inserted",
    "Moved",
    "Removed",
    "Step",
    "clips_of",
    "items_of",
]
