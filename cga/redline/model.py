"""The redline's data: a change (:class:`Hunk`) and a whole diff (:class:`Diff`)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Literal, NamedTuple, TypeAlias

Token: TypeAlias = str
Kind: TypeAlias = Literal["insert", "delete", "replace"]
# words: a phrase; sentences: whole sentences; paragraph: whole paragraphs; section: whole
# sections; renumber: a section heading or subsection letter renumbered, nothing else changed.
Scope: TypeAlias = Literal["words", "sentences", "paragraph", "section", "renumber"]
DELETED, KEPT, INSERTED = -1, 0, 1
Segment: TypeAlias = tuple[int, str]  # (DELETED | KEPT | INSERTED, text)
Paragraph: TypeAlias = tuple[Segment, ...]


class Hunk(NamedTuple):
    """One change, attributed to the section where it sits (``_asdict()`` gives a row)."""

    kind: Kind
    section: str  # "Sec. 2(b)"; "Title" before the first section; "Statement of Purpose"
    old: str  # removed words ("" for an insertion)
    new: str  # added words ("" for a deletion)
    old_para: int  # 0-based index into clean_paragraphs(old)
    new_para: int  # 0-based index into clean_paragraphs(new)
    scope: Scope = "words"
    effective_date: bool = False  # inside an "(Effective ...)" clause
    context: str = ""  # the kept word just before the change, to quote short changes

    @property
    def words_added(self) -> int:
        return len(self.new.split())

    @property
    def words_removed(self) -> int:
        return len(self.old.split())


@dataclass(frozen=True)
class Diff:
    words_added: int
    words_removed: int
    hunks: tuple[Hunk, ...]
    summary: str
    redline_html: str  # the new text, one <p> per paragraph, with <ins>/<del>
    unified: str  # line-level unified diff of the cleaned paragraphs
    paragraphs: tuple[Paragraph, ...]  # the redline as data, for render_terminal

    @property
    def changed(self) -> bool:
        return bool(self.hunks)


# Hunk((kind, ...)) without NamedTuple's Python-level __new__: the engine makes thousands.
_new_hunk = partial(tuple.__new__, Hunk)
