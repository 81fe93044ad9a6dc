"""Sign in and out, invitations, the profile."""

from __future__ import annotations

import math
import time
from typing import Any

from django.contrib import messages
from django.contrib.auth import login, password_validation
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import LoginView
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _

from polemica.web.accounts import signin
from polemica.web.accounts.models import Login, OrgAdmin, User
from polemica.web.base.errors import NotFound, PlatformError
from polemica.web.orgs.models import Role
from polemica.web.record.demo_cast import PASSWORD, ROLES
from polemica.web.ui.invitations import accept_invitation, open_invitation
from polemica.web.ui.reads import lines_by
from polemica.web.ui.views.common import page
from polemica.web.votes.models import Ballot

_demo_cache: dict[str, tuple[float, list[str]]] = {}


def demo_logins() -> list[str]:
    """Demo accounts to suggest on the sign-in page (`<org>-<role>`, every role): only when
    `polemica demo` created them and their password is still the published demo one (checked
    once a minute, not per view)."""
    now = time.monotonic()
    cached = _demo_cache.get("logins")
    if cached is not None and now - cached[0] < 60:
        return cached[1]
    names = list(
        User.objects.filter(username__regex=rf"-({'|'.join(ROLES)})$")
        .order_by("username")
        .values_list("username", flat=True)[:24]
    )
    probe = User.objects.filter(username__in=names[:1]).first()
    found = names if probe is not None and probe.check_password(PASSWORD) else []
    _demo_cache["logins"] = (now, found)
    return found


class SignIn(LoginView):
    """Django's sign-in, with the limit on failed attempts (accounts/signin.py): once it is
    reached the page says so and for how long, answering 429 with Retry-After."""

    template_name = "ui/login.html"

    def form_invalid(self, form: AuthenticationForm) -> HttpResponse:
        if not signin.locked_out(self.request):
            return super().form_invalid(form)
        wait = signin.retry_after(self.request, form.data.get("username", ""))
        context = self.get_context_data(form=form, locked_minutes=math.ceil(wait / 60))
        response = self.render_to_response(context, status=429)
        response["Retry-After"] = str(wait)
        return response

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["demo_logins"] = demo_logins()
        context["demo_password"] = PASSWORD
        return context


def invitation(request: HttpRequest, token: str) -> HttpResponse:
    try:
        inv = open_invitation(token)
    except NotFound:
        raise Http404("invitation") from None
    errors: list[str] = []
    if request.method == "POST":
        username = request.POST.get("username", "").strip()
        password = request.POST.get("password", "")
        if password != request.POST.get("password2", ""):
            errors.append(_("The two passwords differ."))
        else:
            try:
                password_validation.validate_password(password)
            except ValidationError as exc:
                errors.extend(exc.messages)
        if not errors:
            try:
                user, _member = accept_invitation(token, username, password)
            except PlatformError as exc:
                errors.append(exc.message)
            else:
                login(request, user, backend="django.contrib.auth.backends.ModelBackend")
                messages.success(request, _("Welcome! You are now a member."))
                return HttpResponseRedirect(reverse("ui:org", args=[inv.org_id]))
    return page(
        request,
        "ui/invitation.html",
        {"inv": inv, "errors": errors, "username": request.POST.get("username", "")},
        status=400 if errors else 200,
    )


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    uid = int(request.user.pk or 0)
    logins = list(Login.objects.filter(user_id=uid).select_related("member", "org"))
    roles = Role.objects.filter(member_id__in=[x.member_id for x in logins]).select_related("body")
    by_member: dict[str, list[Role]] = {}
    for r in roles.order_by("body__name"):
        by_member.setdefault(r.member_id, []).append(r)
    ballots = (
        Ballot.objects.filter(member_id__in=[x.member_id for x in logins], current=True)
        .select_related("question")
        .order_by("-seq")
    )
    admin = OrgAdmin.objects.filter(user_id=uid).select_related("org")
    return page(
        request,
        "ui/profile.html",
        {
            "logins": [(x, by_member.get(x.member_id, [])) for x in logins],
            "ballots": ballots,
            "admin_of": [a.org for a in admin],
            "lines": lines_by(x.member_id for x in logins),
        },
    )
