"""The line inbox: a body's leader or deputy answers, adopts or declines the lines sent to it.

The page is the body's (`/bodies/<body>/`, where the lines are listed); the forms post here and
call `do_answer_line` or `do_adopt_line`, the API's actions.
"""

from __future__ import annotations

import re
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from polemica.web.centralism import actions as centralism
from polemica.web.orgs import queries as org_queries
from polemica.web.ui.forms import LineAnswerForm
from polemica.web.ui.views.admin import with_form
from polemica.web.ui.views.common import actor, reads

DONE = {
    "answered": gettext_lazy("Answer recorded."),
    "declined": gettext_lazy("Line declined."),
    "adopted": gettext_lazy("Line adopted: the question is open."),
}
ID = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")


@require_POST
@reads
def answer_line(request: HttpRequest, body_id: str) -> HttpResponse:
    found = org_queries.body(body_id)
    form = LineAnswerForm(request.POST)
    line = request.POST.get("line", "")
    line = line if ID.match(line) else ""
    outcome = request.POST.get("outcome", "")

    def act(data: dict[str, Any]) -> None:
        if data["outcome"] == "adopted":
            centralism.do_adopt_line(actor(request), data["line"], data["title"], data["text"])
        else:
            centralism.do_answer_line(actor(request), data["line"], data["outcome"], data["text"])

    return with_form(
        request,
        form,
        f"line-{line}",
        reverse("ui:body", args=[found.id]) + f"#line-{line}",
        act,
        str(DONE.get(outcome, _("Answer recorded."))),
    )
