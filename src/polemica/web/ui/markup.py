"""Contribution texts as HTML: Markdown rendered by markdown-it-py, then sanitized by nh3.

Raw HTML in the source is not interpreted (markdown-it's `html` option is off) and nh3 removes
anything a renderer might still let through, so a text can never carry script or style.
Amendment diffs are computed with difflib and handed to templates as plain pieces, which the
template escapes like any other text.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

import nh3
from markdown_it import MarkdownIt

_MD = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable(
    ["table", "strikethrough"]
)
_TAGS = {
    "p", "br", "em", "strong", "del", "code", "pre", "blockquote", "ul", "ol", "li",
    "h1", "h2", "h3", "h4", "h5", "h6", "a", "hr", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}


def render_markdown(text: str) -> str:
    """Safe HTML for a contribution's Markdown text (links get rel=noopener nofollow)."""
    html = _MD.render(text)
    return nh3.clean(
        html,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )


@dataclass(frozen=True)
class Piece:
    """A run of text in a diff: `same`, `removed` or `added`."""

    op: str
    text: str


_TOKEN = re.compile(r"\s+|[^\s]+")


def word_diff(old: str, new: str) -> list[Piece]:
    """The amendment's change to the text it amends, word by word."""
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    out: list[Piece] = []
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            out.append(Piece("same", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            out.append(Piece("removed", "".join(a[i1:i2])))
        if j2 > j1:
            out.append(Piece("added", "".join(b[j1:j2])))
    return out
