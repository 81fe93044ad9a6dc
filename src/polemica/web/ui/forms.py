"""Django forms of the administration pages and the line inbox.

A form checks only the shape of what was typed (present, one of the offered choices, a number);
every rule of the platform is the action's (`do_<verb>_<noun>`), which the view calls with the
cleaned values, so a page refuses exactly what the API refuses.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from polemica.events import ROLES
from polemica.web.orgs.models import Body, Member
from polemica.web.orgs.rules import CHOICES, DEFAULTS
from polemica.web.ui.labels import METHODS
from polemica.web.ui.labels import ROLES as ROLE_LABELS
from polemica.web.votes.methods import METHOD_NAMES

TOP = ""  # the "no parent" choice of a body's place

# The words for the values of a body's settings (orgs.rules.CHOICES).
SETTING_VALUES = {
    ("read", "anyone"): _("anyone"),
    ("read", "members"): _("members of the organization only"),
    ("move_phase", "leaders"): _("the leader or a deputy"),
    ("move_phase", "members"): _("any member of the body"),
    ("decide", "leaders"): _("the leader or a deputy"),
    ("decide", "members"): _("any member of the body"),
}


def _choose(form: forms.Form, name: str, choices: list[tuple[str, Any]]) -> None:
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    field.choices = choices


def _body_choices(bodies: Iterable[Body], *, top: bool = False) -> list[tuple[str, str]]:
    out = [(TOP, str(_("none (at the top)")))] if top else []
    return out + [(b.id, b.name) for b in bodies]


class FoundOrgForm(forms.Form):
    name = forms.CharField(label=_("Name of the organization"), max_length=200)


class CreateBodyForm(forms.Form):
    name = forms.CharField(label=_("Name of the body"), max_length=200)
    level = forms.CharField(
        label=_("Level"),
        max_length=40,
        help_text=_("For example congress, committee, cell."),
    )
    parent = forms.ChoiceField(label=_("Under"), required=False)

    def __init__(self, *args: Any, bodies: Iterable[Body] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choose(self, "parent", _body_choices(bodies, top=True))


class MoveBodyForm(forms.Form):
    body = forms.ChoiceField(label=_("Body to move"))
    parent = forms.ChoiceField(label=_("New place: under"), required=False)

    def __init__(self, *args: Any, bodies: Iterable[Body] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        listed = list(bodies)
        _choose(self, "body", _body_choices(listed))
        _choose(self, "parent", _body_choices(listed, top=True))


class InviteForm(forms.Form):
    name = forms.CharField(label=_("Name of the person"), max_length=200)
    body = forms.ChoiceField(label=_("Body"))

    def __init__(self, *args: Any, bodies: Iterable[Body] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choose(self, "body", _body_choices(bodies))


class InviteCsvForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "UTF-8, a header line name,body and one person per line; the body by its name."
        ),
    )


class RoleForm(forms.Form):
    member = forms.ChoiceField(label=_("Member"))
    body = forms.ChoiceField(label=_("Body"))
    role = forms.ChoiceField(label=_("Role"))

    def __init__(
        self,
        *args: Any,
        bodies: Iterable[Body] = (),
        members: Iterable[Member] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        _choose(self, "member", [(m.id, m.name or str(_("(erased)"))) for m in members])
        _choose(self, "body", _body_choices(bodies))
        _choose(self, "role", [(r, ROLE_LABELS.get(r, r)) for r in ROLES])


class SettingsForm(forms.Form):
    """A body's settings (orgs.rules): the form starts from the current values, and only the
    ones changed are sent to `do_change_settings`."""

    read = forms.ChoiceField(label=_("Who reads open questions"))
    move_phase = forms.ChoiceField(label=_("Who moves a question to the next phase"))
    decide = forms.ChoiceField(label=_("Who records the decision"))
    method = forms.ChoiceField(label=_("Decision method of new questions"))
    quorum = forms.FloatField(
        label=_("Quorum"),
        min_value=0,
        max_value=1,
        help_text=_("Share of the voting members whose ballots a decision needs (0: none)."),
    )
    secret_elections = forms.BooleanField(label=_("Elections by secret ballot"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for key, values in CHOICES.items():
            _choose(self, key, [(v, SETTING_VALUES.get((key, v), v)) for v in values])
        _choose(self, "method", [(m, METHODS.get(m, m)) for m in METHOD_NAMES])

    def changed_settings(self, current: dict[str, Any]) -> dict[str, Any]:
        """The cleaned values that differ from `current` (the body's effective settings)."""
        return {
            key: self.cleaned_data[key]
            for key in DEFAULTS
            if key in self.cleaned_data and self.cleaned_data[key] != current.get(key)
        }


class EraseForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the erasure (public, in the record)"), max_length=500
    )


class LineAnswerForm(forms.Form):
    line = forms.CharField(max_length=64, widget=forms.HiddenInput)
    outcome = forms.ChoiceField(
        label=_("Answer"),
        choices=[
            ("answered", _("answer it")),
            ("adopted", _("adopt it: open a question from it")),
            ("declined", _("decline it, with a reason")),
        ],
        widget=forms.RadioSelect,
    )
    title = forms.CharField(
        label=_("Title of the question (when adopting)"), max_length=300, required=False
    )
    text = forms.CharField(
        label=_("Answer, reason or note"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


def form_errors(form: forms.Form) -> str:
    """The errors of an invalid form in one sentence, each with its field's label."""
    parts = []
    for name, errors in form.errors.items():
        field = form.fields.get(name)
        title = str(field.label) if field is not None and field.label else ""
        for error in errors:
            parts.append(f"{title}: {error}" if title else str(error))
    return "; ".join(parts)
