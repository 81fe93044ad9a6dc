"""A vote of four members with distinctive names, each choosing another option, and a search
of any text for what links a member to their choice (used by test_secret_ballot.py).

The search is only as good as the voters' choices are tell-tale: every voter picks an option
no other voter picks, options are written by a non-voter (the cell's leader, who also decides),
so any record that names a voter beside their option (and not beside all options, as the
decision's published list does) is a link.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from django.test import Client

from polemica.web.orgs import actions as org_actions
from tests.web.conftest import Api, Org, make_user

NAMES = ("Zofia Quillfeather", "Bartholomew Nettlebank", "Ingrid Sorrowmere", "Casimir Thistlewood")
TEXTS = ("Alder Hall on Quay Street.", "Birchwood Depot.", "Cedar School gym.", "Damson Chapel.")


@dataclass
class Voter:
    role: str  # the key in Org.users
    member: str
    name: str
    option: str
    answer: dict[str, Any] = field(default_factory=dict)  # the answer to their ballot

    @property
    def identities(self) -> tuple[str, ...]:
        return (self.member, self.name, self.role)


@dataclass
class Vote:
    org: Org
    question: str
    options: dict[str, str]  # option id → its text
    voters: list[Voter]
    decision: dict[str, Any] = field(default_factory=dict)


def add_voters(org: Org) -> list[str]:
    """Four members of the cell with tell-tale names and accounts; their roles in `org.users`."""
    admin = org.actor("admin")
    roles = []
    for n, name in enumerate(NAMES):
        role = f"voter{n}"
        user = make_user(f"secret-{role}")
        m = org_actions.do_add_member(admin, org.id, name, org.cell, username=user.username)
        org.users[role], org.members[role] = user, m.id
        roles.append(role)
    return roles


def open_vote(api: Api, org: Org, ballot: str, method: str = "majority") -> Vote:
    """Through the API: the leader opens the question and writes the four options."""
    roles = add_voters(org)
    body = {"title": "Where we meet", "text": "Pick a hall.", "method": method, "ballot": ballot}
    r = api.post("leader", f"/bodies/{org.cell}/questions", body)
    assert r.status_code == 201, r.content
    q = r.json()["id"]
    options = {}
    for text in TEXTS:
        c = api.post("leader", f"/questions/{q}/contributions", {"type": "position", "text": text})
        assert c.status_code == 201, c.content
        options[c.json()["id"]] = text
    for phase in ("verification", "voting"):
        assert api.post("leader", f"/questions/{q}/phase", {"phase": phase}).status_code == 200
    voters = [
        Voter(role, org.members[role], NAMES[n], list(options)[n]) for n, role in enumerate(roles)
    ]
    return Vote(org, q, options, voters)


def cast(api: Api, vote: Vote, voters: list[Voter]) -> None:
    for v in voters:
        r = api.post(
            v.role, f"/questions/{vote.question}/ballots", {"ballot": {"choice": v.option}}
        )
        assert r.status_code == 201, r.content
        v.answer = r.json()


def decide(api: Api, vote: Vote) -> None:
    r = api.post("leader", f"/questions/{vote.question}/decision", {"text": "We meet there."})
    assert r.status_code == 201, r.content
    vote.decision = r.json()


# The search.


def _strings(obj: Any) -> list[str]:
    if isinstance(obj, dict):
        return [s for k, v in obj.items() for s in (k, *_strings(v))]
    if isinstance(obj, list):
        return [s for v in obj for s in _strings(v)]
    return [obj] if isinstance(obj, str) else []


def _linked(text: str, vote: Vote, where: str) -> list[str]:
    """The voters a piece of text names beside their own option (and not beside every option)."""
    chosen = {o for o, t in vote.options.items() if o in text or t in text}
    if not chosen or chosen == set(vote.options):
        return []
    return [
        f"{where}: {v.name} beside their choice"
        for v in vote.voters
        if v.option in chosen and any(i in text for i in v.identities)
    ]


def _ballot_of(obj: Any, option: str) -> bool:
    return option in json.dumps(obj)


def json_links(obj: Any, vote: Vote, where: str, reader: Voter | None = None) -> list[str]:
    """Every object at any depth is a record; for an answer given to `reader`, a `ballot`
    holding the reader's option also links them (the reader is who asked)."""
    found: list[str] = []

    def walk(x: Any, path: str, among_all: bool) -> None:
        if isinstance(x, dict):
            found.extend(_linked("\x00".join(_strings(x)), vote, path))
            mine = reader is not None and _ballot_of(x.get("ballot"), reader.option)
            if mine and not among_all and reader is not None:
                found.append(f"{path}: shows {reader.name} their own ballot")
            for k, v in x.items():
                walk(v, f"{path}.{k}", among_all)
        elif isinstance(x, list):
            # A list holding every option (the published ballots) singles out nobody's.
            text = "\x00".join(_strings(x))
            every = all(o in text for o in vote.options)
            for i, v in enumerate(x):
                walk(v, f"{path}[{i}]", among_all or every)

    walk(obj, where, False)
    return found


def text_links(text: str, vote: Vote, where: str) -> list[str]:
    """A file of JSON Lines (or one JSON document): each line's objects are records."""
    found: list[str] = []
    try:
        return json_links(json.loads(text), vote, where)
    except json.JSONDecodeError:
        pass
    for n, line in enumerate(text.splitlines(), 1):
        try:
            found.extend(json_links(json.loads(line), vote, f"{where} line {n}"))
        except json.JSONDecodeError:
            found.extend(_linked(line, vote, f"{where} line {n}"))
    return found


class _Elements(HTMLParser):
    """Each element's text and attribute values, nested elements included."""

    VOID = frozenset({"input", "br", "img", "meta", "link", "hr", "source", "wbr"})

    def __init__(self) -> None:
        super().__init__()
        self.open: list[tuple[str, list[str]]] = []
        self.done: list[tuple[str, str]] = []
        self.selected: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = [v for _, v in attrs if v]
        names = {k for k, _ in attrs}
        if names & {"checked", "selected"}:
            self.selected.extend(values)
        for _, parts in self.open:
            parts.extend(values)
        if tag in self.VOID:
            self.done.append((tag, " ".join(values)))
        else:
            self.open.append((tag, list(values)))

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.open) - 1, -1, -1):
            if self.open[i][0] == tag:
                for t, parts in self.open[i:]:
                    self.done.append((t, " ".join(parts)))
                del self.open[i:]
                return

    def handle_data(self, data: str) -> None:
        for _, parts in self.open:
            parts.append(data)


def page_links(html: str, vote: Vote, where: str, reader: Voter | None = None) -> list[str]:
    parser = _Elements()
    parser.feed(html)
    parser.close()
    found = [x for tag, text in parser.done for x in _linked(text, vote, f"{where} <{tag}>")]
    if reader is not None and reader.option in parser.selected:
        found.append(f"{where}: preselects {reader.name}'s own choice")
    return found


def everything_read(client: Client, api: Api, vote: Vote) -> list[tuple[str, str, Voter | None]]:
    """(where, text, the voter it was given to) of every API answer and page about the vote, as
    each voter, the leader and an outsider read them."""
    org, q = vote.org, vote.question
    kinds = ("vote.cast", "vote.sealed", "decision.taken", "question.opened")
    seqs = [d["seq"] for d in _log(api, org) if d["kind"] in kinds]
    api_paths = [
        f"/questions/{q}",
        f"/questions/{q}/ballots/mine",
        f"/orgs/{org.id}",
        f"/orgs/{org.id}/members",
        f"/orgs/{org.id}/log?limit=1000",
        f"/orgs/{org.id}/export",
        f"/bodies/{org.cell}",
        f"/bodies/{org.cell}/questions",
        "/me",
        "/search?q=hall",
        *[f"/orgs/{org.id}/events/{s}/receipt" for s in seqs],
    ]
    pages = [
        f"/q/{q}/",
        f"/q/{q}/map",
        f"/q/{q}/tally/",
        f"/bodies/{org.cell}/",
        f"/bodies/{org.cell}/health/",
        f"/orgs/{org.id}/",
        f"/orgs/{org.id}/record/",
        "/accounts/profile/",
        *[f"/orgs/{org.id}/record/{s}/" for s in seqs],
    ]
    out: list[tuple[str, str, Voter | None]] = []
    readers: list[tuple[str, Voter | None]] = [(v.role, v) for v in vote.voters]
    for role, voter in [*readers, ("leader", None), ("anonymous", None)]:
        for path in api_paths:
            r = api.get(role, path)
            if r.status_code == 200:
                body = b"".join(r.streaming_content) if r.streaming else r.content
                out.append((f"API {path} as {role}", body.decode(), voter))
        page_client = Client()
        if role != "anonymous":
            page_client.force_login(org.users[role])
        for path in pages:
            r = page_client.get(path)
            if r.status_code == 200 and "html" in r.get("Content-Type", ""):
                out.append((f"page {path} as {role}", r.content.decode(), voter))
    return out


def _log(api: Api, org: Org) -> list[dict[str, Any]]:
    r = api.get("leader", f"/orgs/{org.id}/log?limit=1000")
    assert r.status_code == 200
    rows: list[dict[str, Any]] = r.json()
    return rows


def links_in_reads(client: Client, api: Api, vote: Vote) -> list[str]:
    found: list[str] = []
    for where, text, reader in everything_read(client, api, vote):
        if where.startswith("page"):
            found.extend(page_links(text, vote, where, reader))
        else:
            try:
                found.extend(json_links(json.loads(text), vote, where, reader))
            except json.JSONDecodeError:
                found.extend(text_links(text, vote, where))
    return found
