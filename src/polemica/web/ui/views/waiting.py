"""What waits for me: the page, and the choice of the e-mail digest."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from polemica.web.accounts.models import User
from polemica.web.ui.models import Digest
from polemica.web.ui.views.common import actor, page, redirect
from polemica.web.ui.waiting import waiting_for


@login_required
def waiting(request: HttpRequest) -> HttpResponse:
    choice = Digest.objects.filter(user_id=int(request.user.pk or 0)).first()
    return page(
        request,
        "ui/waiting.html",
        {
            "w": waiting_for(actor(request)),
            "digest_on": bool(choice and choice.enabled),
            "email": getattr(request.user, "email", ""),
        },
    )


@login_required
@require_POST
def digest(request: HttpRequest) -> HttpResponse:
    """Turn the e-mail digest on (with the address it goes to) or off."""
    on = request.POST.get("digest") == "on"
    email = request.POST.get("email", "").strip()
    if on:
        try:
            validate_email(email)
        except ValidationError:
            messages.error(request, _("Not done: give an e-mail address the digest can go to."))
            return redirect(reverse("ui:waiting") + "#digest")
    user = User.objects.get(pk=int(request.user.pk or 0))
    if email and email != user.email:
        user.email = email
        user.save(update_fields=["email"])
    Digest.objects.update_or_create(user=user, defaults={"enabled": on})
    messages.success(
        request, _("The e-mail digest is on.") if on else _("The e-mail digest is off.")
    )
    return redirect(reverse("ui:waiting"))
