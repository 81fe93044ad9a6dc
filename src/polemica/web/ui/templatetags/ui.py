"""Template filters of the web interface: Markdown, labels, lookups."""

from __future__ import annotations

from typing import Any
from uuid import uuid4

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from polemica.web.accounts.idempotency import FORM_FIELD
from polemica.web.ui import labels
from polemica.web.ui.markup import render_markdown

register = template.Library()


@register.filter
def md(text: str) -> SafeString:
    """Markdown, sanitized by nh3 (see markup.py): the only place text becomes HTML."""
    return mark_safe(render_markdown(text or ""))


@register.filter
def label(code: str) -> str:
    return str(labels.ALL.get(code, code))


@register.filter
def need(code: str) -> str:
    return str(labels.NEEDS.get(code, ""))


@register.filter
def get(mapping: Any, key: Any) -> Any:
    if isinstance(mapping, dict):
        return mapping.get(key, "")
    return ""


@register.filter
def index(items: Any, i: int) -> Any:
    """The item at position `i` of a list, or "" when there is none."""
    try:
        return items[int(i)]
    except (IndexError, TypeError, ValueError, KeyError):
        return ""


@register.filter
def short(text: str, n: int = 80) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= n else text[: n - 1] + "…"


@register.filter
def draft_has(values: Any, item: str) -> bool:
    """Whether a kept draft's list field holds `item` (to re-check boxes)."""
    return isinstance(values, list) and item in values


@register.filter
def web_url(uri: str) -> str:
    """The address if it is an http(s) link, else "" (no javascript: or data: links)."""
    text = (uri or "").strip()
    return text if text.lower().startswith(("http://", "https://")) else ""


@register.simple_tag
def idempotency_field() -> SafeString:
    """A key of its own for each rendered form: sent twice (a double click, a resend after a
    lost answer) it records once (accounts/idempotency.py)."""
    return format_html('<input type="hidden" name="{}" value="{}">', FORM_FIELD, uuid4().hex)
