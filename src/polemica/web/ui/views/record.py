"""The record: the organization's log, checkpoints, export, inclusion proofs, receipt checks."""

from __future__ import annotations

import io
import json
import tempfile
import zipfile
from pathlib import Path
from typing import Any

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from polemica.ledger.keys import Verifier
from polemica.ledger.receipt import ReceiptError, verify_receipt
from polemica.web.orgs import queries as org_queries
from polemica.web.record import access, ledger
from polemica.web.record.durable import ensure_durable
from polemica.web.record.export import export_log
from polemica.web.record.models import Checkpoint, EventRow, SigningKey
from polemica.web.ui import reads as data
from polemica.web.ui.views.common import actor, page, reads
from polemica.web.ui.views.questions import receipt_response

PAGE = 50
RECEIPT_MAX = 1_000_000


def _readable_rows(request: HttpRequest, org: str) -> Any:
    """The events of `org` this person may see: every one but those of questions closed to
    them (hidden ones answer like missing ones). The pages show the open record to anyone;
    how much of each event they show is `access.reads_in_full`'s answer."""
    who = actor(request)
    return EventRow.objects.filter(org=org).exclude(access.hidden_events(who, org))


def _guard(request: HttpRequest, org: str) -> Any:
    return _readable_rows(request, org)


@reads
def log(request: HttpRequest, org_id: str) -> HttpResponse:
    found = org_queries.org(org_id)
    who = actor(request)
    full = access.reads_in_full(who, found.id)
    rows = _guard(request, found.id)
    kind = request.GET.get("kind", "")
    if kind:
        rows = rows.filter(kind=kind)
    pages = Paginator(rows.order_by("-seq"), PAGE)
    current = pages.get_page(request.GET.get("page"))
    checkpoints = Checkpoint.objects.filter(org=found.id).order_by("-size")[:10]
    names = data.names(found.id, [e.actor for e in current]) if full else {}
    # The page's events are read (above); their leaf hashes, which a reader may keep, are shown
    # once those events are on disk (record.durable), as in the API's log.
    ensure_durable()
    cp = ledger.checkpoint(found.id)
    return page(
        request,
        "ui/record.html",
        {
            "org": found,
            "events": current,
            "kind": kind,
            "names": names,
            "full": full,
            "checkpoints": checkpoints,
            "current": cp,
            "may_export": full and not access.hidden_questions(who, found.id),
        },
    )


def _fields(data: Any) -> list[tuple[str, str]]:
    """An event's content as (field, value in words) for people: text as it is, lists joined,
    anything nested in a compact form."""
    if not isinstance(data, dict):
        return []
    out = []
    for key, value in data.items():
        if isinstance(value, str):
            shown = value
        elif isinstance(value, list) and all(isinstance(v, str | int | float) for v in value):
            shown = ", ".join(str(v) for v in value) or "—"
        elif value is None:
            shown = "—"
        elif isinstance(value, dict | list):
            shown = json.dumps(value, ensure_ascii=False, sort_keys=True)
        else:
            shown = str(value)
        out.append((key.replace("_", " "), shown))
    return out


@reads
def event(request: HttpRequest, org_id: str, seq: int) -> HttpResponse:
    found = org_queries.org(org_id)
    who = actor(request)
    full = access.reads_in_full(who, found.id)
    row = _guard(request, found.id).filter(seq=seq).first()
    if row is None:
        raise Http404("event")
    receipt = ledger.receipt(found.id, row.seq)
    return page(
        request,
        "ui/event.html",
        {
            "org": found,
            "row": row,
            "full": full,
            "fields": _fields(row.data) if full else [],
            "receipt": receipt,
            "path_text": "\n".join(receipt["path"]),
            "leaf_index": row.seq - 1,
            "names": data.names(found.id, [row.actor]) if full else {},
        },
    )


@reads
def event_receipt(request: HttpRequest, org_id: str, seq: int) -> HttpResponse:
    found = org_queries.org(org_id)
    if not _guard(request, found.id).filter(seq=seq).exists():
        raise Http404("event")
    return receipt_response(found.id, seq, f"receipt-{found.id}-{seq}.json")


@reads
def checkpoint(request: HttpRequest, org_id: str) -> HttpResponse:
    """The current signed checkpoint in the transparency-log note format (plain text)."""
    found = org_queries.org(org_id)
    cp = ledger.checkpoint(found.id)
    return HttpResponse(cp.note, content_type="text/plain; charset=utf-8")


@reads
def export(request: HttpRequest, org_id: str) -> HttpResponse:
    """The whole log as a zip of the ledger directory `polemica verify` checks offline; only for
    people to whom no question of the organization is closed (it holds every event)."""
    found = org_queries.org(org_id)
    who = actor(request)
    if not access.reads_in_full(who, found.id) or access.hidden_questions(who, found.id):
        return page(request, "ui/record_denied.html", {"org": found}, status=403)
    buffer = io.BytesIO()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "export"
        export_log(found.id, out)
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
            for path in sorted(out.rglob("*")):
                if path.is_file():
                    z.write(path, f"{found.id}/{path.relative_to(out)}")
    response = HttpResponse(buffer.getvalue(), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="polemica-{found.id}.zip"'
    return response


def check_receipt(request: HttpRequest) -> HttpResponse:
    """Check a receipt (pasted or uploaded) against the key this server holds for its log."""
    result: dict[str, Any] | None = None
    text = ""
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is not None:
            text = upload.read(RECEIPT_MAX + 1).decode("utf-8", errors="replace")
        else:
            text = request.POST.get("receipt", "")
        result = verify_text(text)
    return page(
        request,
        "ui/check.html",
        {"result": result, "text": text[:RECEIPT_MAX]},
        status=200 if result is None or result["ok"] else 400,
    )


def verify_text(text: str) -> dict[str, Any]:
    """The checked receipt, or the reason it does not hold, in words for the page."""
    if len(text) > RECEIPT_MAX:
        return {"ok": False, "reason": _("The receipt is too large.")}
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        return {"ok": False, "reason": _("This is not JSON (%(msg)s at line %(line)s).")
                % {"msg": exc.msg, "line": exc.lineno}}  # fmt: skip
    note = doc.get("checkpoint") if isinstance(doc, dict) else None
    origin = note.split("\n", 1)[0] if isinstance(note, str) else ""
    org = origin.removeprefix("polemica.log/") if origin.startswith("polemica.log/") else ""
    key = SigningKey.objects.filter(org=org).first() if org else None
    if key is None:
        return {"ok": False, "reason": _("This server keeps no log called %(origin)s.")
                % {"origin": origin or "?"}}  # fmt: skip
    try:
        checked = verify_receipt(doc, Verifier.parse(key.verifier))
    except ReceiptError as exc:
        return {"ok": False, "reason": str(exc)}
    row = EventRow.objects.filter(org=org, seq=checked.seq).first()
    in_log = row is not None and row.leaf_hash == doc.get("leaf_hash")
    return {"ok": in_log, "checked": checked, "org": org, "in_log": in_log,
            "reason": "" if in_log else _("The event is not in this server's log.")}  # fmt: skip
