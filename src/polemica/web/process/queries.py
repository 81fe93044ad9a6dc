"""Reads of questions, contributions and facts, through the access path; constant query counts."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.db.models import Prefetch, QuerySet

from polemica.web.base.errors import NotFound
from polemica.web.base.prepared import Prepared
from polemica.web.orgs.access import Actor, can_read_question, readable_questions
from polemica.web.process.models import Contribution, Fact, Question, Review, Revision
from polemica.web.process.rules import Node

_FIELDS = [f.attname for f in Question._meta.concrete_fields]
# Every read and write of a question starts here (base.prepared: compiled once per thread).
QUESTION_ROW = Prepared(lambda pk: Question.objects.filter(pk=pk).values_list(*_FIELDS)[:1])


def visible_question(actor: Actor, question_id: str) -> Question:
    """The question if this person may read it; NotFound otherwise (same as a missing one)."""
    row = QUESTION_ROW.first(question_id)
    if row is None:
        raise NotFound("question")
    q = Question.from_db(connection.alias, _FIELDS, row)
    if not can_read_question(actor, q.org_id, q.body_id, q.visibility):
        raise NotFound("question")
    return q


def question_ahead(question_id: Any) -> list[tuple[Prepared, tuple[Any, ...]]]:
    """What an action on a question reads first (`visible_question`), read with its log lock."""
    return [(QUESTION_ROW, (question_id,))] if isinstance(question_id, str) else []


def question_of(actor: Actor, question_id: str, what: str) -> Question:
    """The question a `what` (contribution, fact, decision…) belongs to, if this person may read
    it. Otherwise NotFound names the `what`, so a hidden one answers exactly like a missing one."""
    try:
        return visible_question(actor, question_id)
    except NotFound:
        raise NotFound(what) from None


def questions_for(actor: Actor) -> QuerySet[Question]:
    """Every question this person may read (lists, search, counts start here)."""
    return Question.objects.filter(readable_questions(actor))


def nodes(question_id: str) -> list[Node]:
    rows = Contribution.objects.filter(question_id=question_id).values_list(
        "id", "type", "author_id", "target", "redacted"
    )
    return [Node(i, t, a, tg, r is not None) for i, t, a, tg, r in rows]


def contributions_of(question_id: str) -> list[Contribution]:
    return list(
        Contribution.objects.filter(question_id=question_id)
        .order_by("seq")
        .prefetch_related(Prefetch("revisions", queryset=Revision.objects.order_by("seq")))
    )


def facts_of(question_id: str) -> list[Fact]:
    return list(
        Fact.objects.filter(question_id=question_id)
        .order_by("seq")
        .prefetch_related(Prefetch("reviews", queryset=Review.objects.order_by("seq")))
    )
