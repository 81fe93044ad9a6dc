"""The e-mail digest of what waits for a person (waiting.py), sent by `polemica digest` to
those who asked for it on their "Waiting for me" page and gave an address. Django's mail
backend carries it (the console backend unless configured: settings POLEMICA_EMAIL_*)."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import ngettext

from polemica.web.accounts.auth import actor_for
from polemica.web.accounts.models import User
from polemica.web.ui.models import Digest
from polemica.web.ui.waiting import Waiting, waiting_for


def compose(user: User, base_url: str) -> tuple[str, str] | None:
    """(subject, plain text) of the user's digest, or None when nothing waits for them."""
    waiting: Waiting = waiting_for(actor_for(user))
    if not waiting.count:
        return None
    subject = ngettext(
        "polemica: %(n)s thing waits for you", "polemica: %(n)s things wait for you", waiting.count
    ) % {"n": waiting.count}
    body = render_to_string(
        "ui/digest.txt", {"w": waiting, "user": user, "base": base_url.rstrip("/")}
    )
    return subject, body


def send_digests(base_url: str, usernames: Iterable[str] = (), language: str = "en") -> int:
    """Send the digest to everyone who asked for it (or only to `usernames`) and has an
    address and something waiting; the number of messages sent."""
    chosen = Digest.objects.filter(enabled=True).select_related("user").exclude(user__email="")
    names = list(usernames)
    if names:
        chosen = chosen.filter(user__username__in=names)
    sent = 0
    with translation.override(language):
        for choice in chosen.order_by("user__username"):
            message = compose(choice.user, base_url)
            if message is None:
                continue
            send_mail(message[0], message[1], None, [choice.user.email])
            choice.last_sent = timezone.now()
            choice.save(update_fields=["last_sent"])
            sent += 1
    return sent
