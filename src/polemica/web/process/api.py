"""API: questions, phases, contributions, facts, reviews, files, search."""

from __future__ import annotations

from django.db.models import Q
from django.http import FileResponse, HttpRequest, HttpResponse
from ninja import Field, File, Query, Router, Schema, Status
from ninja.files import UploadedFile

from polemica.events import format_time
from polemica.web.base.errors import Invalid
from polemica.web.base.http import actor
from polemica.web.base.schemas import ErrorOut, OkOut
from polemica.web.orgs import queries as org_queries
from polemica.web.process import actions, files, queries
from polemica.web.process.schemas import (
    CloseIn,
    ContributionIn,
    ContributionOut,
    FactIn,
    FactOut,
    FileOut,
    PhaseIn,
    QuestionDetailOut,
    QuestionIn,
    QuestionOut,
    RedactIn,
    ReviewIn,
    ReviewOut,
    ReviseIn,
)
from polemica.web.process.views_data import (
    contribution_out,
    fact_out,
    question_detail_json,
    question_out,
)

router = Router(tags=["process"])
ERR = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut}
PHASES = ("discussion", "verification", "voting", "decided", "reopened", "abandoned")


class ListQuery(Schema):
    phase: str | None = None
    limit: int = 100
    offset: int = 0


def _page(limit: int, offset: int) -> tuple[int, int]:
    if not 1 <= limit <= 500 or not 0 <= offset <= 10**9:
        raise Invalid("limit must be 1 to 500 and offset not negative", field="limit")
    return limit, offset


@router.get("/bodies/{body}/questions", response={200: list[QuestionOut], **ERR})
def list_questions(request: HttpRequest, body: str, filters: Query[ListQuery]) -> list[QuestionOut]:
    """The body's questions this person may read (closed ones only for those entitled)."""
    who = actor(request)
    found = org_queries.body(body)
    limit, offset = _page(filters.limit, filters.offset)
    qs = queries.questions_for(who).filter(body_id=found.id).order_by("-opened_at", "id")
    if filters.phase is not None:
        if filters.phase not in PHASES:
            raise Invalid(f"phase must be one of {', '.join(PHASES)}", field="phase")
        qs = qs.filter(phase=filters.phase)
    return [question_out(q) for q in qs[offset : offset + limit]]


@router.post("/bodies/{body}/questions", response={201: QuestionOut, **ERR})
def open_question(request: HttpRequest, body: str, payload: QuestionIn) -> Status[QuestionOut]:
    q = actions.do_open_question(
        actor(request),
        body,
        payload.title,
        payload.text,
        visibility=payload.visibility,
        reason=payload.reason,
        method=payload.method,
        options=payload.options,
        ballot=payload.ballot,
    )
    return Status(201, question_out(q))


@router.get("/questions/{question}", response={200: QuestionDetailOut, **ERR})
def get_question(request: HttpRequest, question: str) -> HttpResponse:
    """The question with its phases, argument graph, unanswered challenges, facts, decision."""
    # Built and checked as a pydantic model, serialized by pydantic-core and cached per version
    # of the question (views_data.question_detail_json).
    body = question_detail_json(actor(request), question)
    return HttpResponse(body, content_type="application/json")


@router.post("/questions/{question}/close", response={200: OkOut, **ERR})
def close_question(request: HttpRequest, question: str, payload: CloseIn) -> OkOut:
    actions.do_close_question(actor(request), question, payload.reason)
    return OkOut()


@router.post("/questions/{question}/phase", response={200: QuestionOut, **ERR})
def move_phase(request: HttpRequest, question: str, payload: PhaseIn) -> QuestionOut:
    q = actions.do_move_phase(
        actor(request),
        question,
        payload.phase,
        left_unanswered=payload.left_unanswered,
        cites=payload.cites,
    )
    return question_out(q)


class BackIn(Schema):
    phase: str = Field(max_length=20)


@router.post("/questions/{question}/backing", response={200: OkOut, **ERR})
def back_phase(request: HttpRequest, question: str, payload: BackIn) -> OkOut:
    """Back a phase move; once a third of the body's members back it, any member may make it."""
    actions.do_back_phase(actor(request), question, payload.phase)
    return OkOut()


@router.post("/questions/{question}/contributions", response={201: ContributionOut, **ERR})
def post_contribution(
    request: HttpRequest, question: str, payload: ContributionIn
) -> Status[ContributionOut]:
    c = actions.do_post_contribution(
        actor(request),
        question,
        payload.type,
        payload.text,
        target=payload.target,
        cites=payload.cites,
    )
    return Status(201, contribution_out(c, {}, new=True))


@router.post("/contributions/{contribution}/revise", response={200: ContributionOut, **ERR})
def revise(request: HttpRequest, contribution: str, payload: ReviseIn) -> ContributionOut:
    c = actions.do_revise_contribution(actor(request), contribution, payload.text)
    return contribution_out(c, {})


@router.post("/contributions/{contribution}/redact", response={200: OkOut, **ERR})
def redact(request: HttpRequest, contribution: str, payload: RedactIn) -> OkOut:
    actions.do_redact_contribution(actor(request), contribution, payload.reason)
    return OkOut()


@router.post("/questions/{question}/facts", response={201: FactOut, **ERR})
def place_fact(request: HttpRequest, question: str, payload: FactIn) -> Status[FactOut]:
    sources = [s.dict(exclude_none=True) for s in payload.sources]
    f = actions.do_place_fact(actor(request), question, payload.claim, sources)
    return Status(201, fact_out(f))


@router.post("/facts/{fact}/reviews", response={201: ReviewOut, **ERR})
def review_fact(request: HttpRequest, fact: str, payload: ReviewIn) -> Status[ReviewOut]:
    r = actions.do_review_fact(actor(request), fact, payload.verdict, payload.reasoning)
    return Status(
        201,
        ReviewOut(
            id=r.id,
            reviewer=r.reviewer_id,
            verdict=r.verdict,
            reasoning=r.reasoning,
            at=format_time(r.at),
        ),
    )


@router.post("/files", response={201: FileOut, **ERR})
def upload_file(request: HttpRequest, file: File[UploadedFile]) -> Status[FileOut]:
    """Upload a source file; cite it in a fact by the SHA-256 this returns. The answer is the
    same whether the bytes were new or not, and carries the name given here."""
    stored = files.store_upload(actor(request), file)
    return Status(201, FileOut(sha256=stored.sha256, name=stored.name, size=stored.size))


@router.get("/files/{sha256}", response={200: None, **ERR})
def download_file(request: HttpRequest, sha256: str) -> FileResponse:
    """A fact's source file, for readers of a question whose facts cite it (404 otherwise)."""
    return files.download(actor(request), sha256)


class SearchQuery(Schema):
    q: str
    limit: int = 50


@router.get("/search", response={200: list[QuestionOut], **ERR})
def search(request: HttpRequest, params: Query[SearchQuery]) -> list[QuestionOut]:
    """Questions whose title or text contains the words; only those this person may read."""
    who = actor(request)
    limit, _ = _page(params.limit, 0)
    words = params.q.split()[:10]
    if not words or len(params.q) > 200:
        raise Invalid("search for one to ten words (at most 200 characters)", field="q")
    qs = queries.questions_for(who)
    for word in words:
        qs = qs.filter(Q(title__icontains=word) | Q(text__icontains=word))
    return [question_out(q) for q in qs.order_by("-opened_at", "id")[:limit]]
