"""Markdown is rendered and sanitized; amendment diffs are plain pieces."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from polemica.web.ui.markup import Piece, render_markdown, word_diff

PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[click](javascript:alert(1))",
    '<a href="javascript:alert(1)">x</a>',
    "<svg onload=alert(1)>",
    '<iframe src="https://evil.example"></iframe>',
    "![x](javascript:alert(1))",
    '<div style="background:url(javascript:alert(1))">x</div>',
]


def test_markdown_renders_the_usual_things() -> None:
    html = render_markdown("Some *emphasis*, **strong**\n\n- one\n- two\n\n[link](https://a.org)")
    assert "<em>emphasis</em>" in html and "<strong>strong</strong>" in html
    assert "<li>one</li>" in html
    assert 'href="https://a.org"' in html and "nofollow" in html


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, attrs))


@pytest.mark.parametrize("payload", PAYLOADS)
def test_markdown_never_lets_script_through(payload: str) -> None:
    parser = Tags()
    parser.feed(render_markdown(payload))
    for tag, attrs in parser.found:
        assert tag in {"p", "a", "em", "strong"}, (payload, tag)
        for name, value in attrs:
            assert not name.startswith("on") and name != "style", (payload, name)
            assert not (value or "").lower().startswith(("javascript:", "data:")), payload


def test_word_diff_marks_changes() -> None:
    pieces = word_diff("Strike from January.", "Strike from February, with a fund.")
    assert Piece("same", "Strike from ") in pieces
    assert any(p.op == "removed" and "January." in p.text for p in pieces)
    assert any(p.op == "added" and "February," in p.text for p in pieces)
    old = "".join(p.text for p in pieces if p.op != "added")
    new = "".join(p.text for p in pieces if p.op != "removed")
    assert old == "Strike from January." and new == "Strike from February, with a fund."
