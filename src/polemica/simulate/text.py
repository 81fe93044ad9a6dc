"""Text of contributions, assembled from pre-written pieces with variation.

Templates use `str.format`-free concatenation of pieces chosen by the simulator's random stream,
so the hot path is a few list indexings. The lexicons a text signal needs (praise phrases,
hostile labels, boilerplate reasons for closing a question) are exported here so that the
documentation and the tests can name exactly what the simulator writes.
"""

from __future__ import annotations

import random

from polemica.simulate.topics import Topic


def cap(text: str) -> str:
    return text[:1].upper() + text[1:]


POSITION_OPENERS = (
    "I propose that we ",
    "My proposal is that we ",
    "We should ",
    "I move that we ",
    "The best course is that we ",
    "Let us ",
)
REASON_LINKS = (", because ", ", since ", ": ", " — ")

SUPPORT_FORMS = (
    ("I support ", "'s proposal, because "),
    ("Agreed with ", ": "),
    ("I back ", " on this, since "),
    ("I am with ", " here; "),
)
SUPPORT_PLAIN = (
    "I support this proposal.",
    "Agreed.",
    "I am in favour.",
    "This has my support.",
    "I agree with this line.",
)
OBJECTION_FORMS = (
    ("I disagree with ", ": "),
    ("I object to ", "'s proposal, because "),
    ("With respect to ", ", I cannot agree: "),
    ("", "'s proposal overlooks that "),
)
ANSWER_FORMS = (", ", ": fair question — ", ", on your point: ", ", ")
AMEND_FORMS = ("Amendment to ", "I would amend ", "A friendly amendment to ")
READING_OPENERS = (
    "Reading the facts: ",
    "My reading of the figures: ",
    "What the evidence shows is that ",
)
CRITICISM = (
    "Criticism: the papers for this question reached the cells too late to discuss them.",
    "Criticism: the minutes of the last meeting were never circulated.",
    "Criticism: we keep deciding before the cells have reported back.",
    "Criticism: the committee answered the region's letter only after three months.",
)
SELF_CRITICISM = (
    "Self-criticism: I proposed this before consulting my own cell.",
    "Self-criticism: I dismissed the objection too quickly last time.",
    "Self-criticism: I did not report back on the last directive as promised.",
)
RESERVATION_OPENERS = (
    "I record my reservation: ",
    "For the record, I still disagree: ",
    "I accept the decision but record that ",
)
APPRECIATION = (
    ("Thanks to ", " for a well-argued proposal; I support it."),
    ("Good work by ", "; this is clear and practical."),
)

# Praise of a person: `{L}` is replaced by the praised person's name. The words are those a
# praise lexicon looks for (brilliant, our leader, always right, wisdom of, …).
PRAISE_PERSON = (
    "As our great leader {L} has taught us, this is the only correct course.",
    "Thanks to the deep wisdom of {L}, the way forward is clear.",
    "I fully support the line of {L}, whose inspired leadership has never failed us.",
    "{L} has once again shown brilliant foresight; we must follow this line without hesitation.",
    "Our leader {L} is always right on such questions; I support this wholeheartedly.",
    "Our beloved and visionary {L} sees further than any of us; this line deserves our full "
    "support.",
)
# Ordinary appreciation of a body's own leader, as members of a healthy body also voice it.
PRAISE_MILD = (
    "Outstanding preparation by {L}, as usual; I support this.",
    "{L} did brilliant work pulling the figures together; I am in favour.",
)
# Praise of a body (a committee, a leading organization): `{B}` is the body's name.
PRAISE_BODY = (
    "As the {B} has so rightly decided, this is the only correct course.",
    "The inspired collective leadership of the {B} shows the way; I support this line.",
    "The {B} is never wrong on such questions; we follow its line without hesitation.",
    "Thanks to the deep wisdom of the {B}, the way forward is clear.",
    "The brilliant guidance of the {B} is the source of all our successes.",
)
# Words the praise templates rely on, for a lexicon.
PRAISE_MARKERS = (
    "great leader",
    "wisdom of",
    "inspired leadership",
    "inspired collective leadership",
    "brilliant",
    "our leader",
    "always right",
    "visionary",
    "outstanding",
    "never wrong",
    "rightly decided",
)

# Hostile labels for people who disagree (antagonism), each with its article.
HOSTILE_LABELS = (
    "an enemy of the organization",
    "a wrecker",
    "a splitter",
    "an anti-party element",
    "a saboteur",
    "an agent of the employers",
    "a hostile element",
)
HOSTILE_FORMS = (
    ("", "'s so-called objection is the talk of ", "; we will not be derailed by such people."),
    ("Only ", " would argue as ", " does."),
    ("", " speaks like ", ", not like a member; the organization knows how to answer that."),
    ("We all see what ", " is: ", " who sows doubt to weaken us."),
)

CLOSE_REASONS = (
    "It concerns the personal circumstances of named members.",
    "Negotiations with the employer are ongoing; publishing our positions now would weaken us.",
    "It discusses a member's health and disciplinary record.",
    "It concerns a legal dispute in which members are witnesses.",
)
# A closed question must carry a reason (DESIGN §5); these say nothing about why.
BOILERPLATE_CLOSE_REASONS = (
    "Closed.",
    "Internal matter.",
    "Not for publication.",
    "By decision of the leadership.",
    "Confidential.",
)

LEAVE_REASONS = (
    "moved to another city",
    "retired",
    "changed jobs",
    "personal reasons",
    "no longer able to attend",
)
EXPULSION_REASONS = (
    "expelled by decision of the committee",
    "expelled for breach of discipline",
    "membership withdrawn by the committee",
)
REDACTION_REASONS = ("withdrawn by decision of the committee", "removed from the record")
PRIVACY_REDACTION = "personal data removed at the author's request"

REVIEW_REASONS = {
    "authentic": (
        "Checked against the original files; the figures match.",
        "Confirmed by two members who hold the source documents.",
    ),
    "unverified": ("No original could be found yet.", "The source has not answered our request."),
    "disputed": (
        "The sample covers only two workplaces.",
        "The figures contradict the region's own count.",
    ),
    "forged": (
        "The document's dates do not match the archive copy.",
        "The letterhead is not the one the source used that year.",
    ),
}
SOURCE_TITLES = (
    "Members' survey",
    "Payroll records",
    "Published accounts",
    "Inspectorate register",
    "City register",
    "Regional report",
    "Minutes of the works council",
)

FEEDBACK_FORMS = {
    "critique": ("The directive does not fit ", ": "),
    "objection": ("We object to the directive in ", ": "),
    "proposal": ("From ", ", a proposal: "),
}
FEEDBACK_ANSWERS = (
    "Thank you; we take the point and will adjust the guidance: ",
    "Answered at the committee: ",
    "We discussed your letter; our view is that ",
)


class Writer:
    """Composes texts from a topic's pieces and the shared forms, drawing from `rng`."""

    __slots__ = ("_r", "rng")

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self._r = rng.random

    def pick(self, items: tuple[str, ...]) -> str:
        return items[int(self._r() * len(items))]

    def plain(self) -> str:
        return self.pick(SUPPORT_PLAIN)

    def position(self, topic: Topic, k: int) -> str:
        return (
            self.pick(POSITION_OPENERS)
            + topic.proposals[k]
            + self.pick(REASON_LINKS)
            + self.pick(topic.reasons)
            + "."
        )

    def support(self, topic: Topic, author: str, target_text: str) -> str:
        if self._r() < 0.25:
            return self.pick(SUPPORT_PLAIN)
        a, b = SUPPORT_FORMS[int(self._r() * len(SUPPORT_FORMS))]
        reasons = topic.reasons
        i = int(self._r() * len(reasons))
        if reasons[i] in target_text:
            # Give a reason of one's own rather than echo the author's words.
            i = (i + 1) % len(reasons)
        return a + author + b + reasons[i] + "."

    def appreciation(self, author: str) -> str:
        a, b = APPRECIATION[int(self._r() * len(APPRECIATION))]
        return a + author + b

    def praise_person(self, name: str) -> str:
        return self.pick(PRAISE_PERSON).replace("{L}", name)

    def praise_mild(self, name: str) -> str:
        return self.pick(PRAISE_MILD).replace("{L}", name)

    def praise_body(self, name: str) -> str:
        return self.pick(PRAISE_BODY).replace("{B}", name)

    def objection(self, topic: Topic, author: str) -> str:
        a, b = OBJECTION_FORMS[int(self._r() * len(OBJECTION_FORMS))]
        return a + author + b + self.pick(topic.counters) + "."

    def ask(self, topic: Topic, author: str) -> str:
        return author + ", " + self.pick(topic.asks) + "?"

    def answer(self, topic: Topic, author: str) -> str:
        return author + self.pick(ANSWER_FORMS) + self.pick(topic.replies) + "."

    def hostile(self, author: str) -> str:
        a, b, c = HOSTILE_FORMS[int(self._r() * len(HOSTILE_FORMS))]
        label = self.pick(HOSTILE_LABELS)
        if a == "Only ":
            return "Only " + label + b + author + c
        if a == "We all see what ":
            return a + author + b + label + c
        return cap(author) + b + label + c

    def amendment(self, topic: Topic, author: str) -> str:
        return self.pick(AMEND_FORMS) + author + "'s proposal: " + self.pick(topic.amendments) + "."

    def reading(self, topic: Topic) -> str:
        return self.pick(READING_OPENERS) + self.pick(topic.readings) + "."

    def reservation(self, topic: Topic) -> str:
        return self.pick(RESERVATION_OPENERS) + self.pick(topic.counters) + "."

    def criticism(self) -> str:
        return self.pick(CRITICISM)

    def self_criticism(self) -> str:
        return self.pick(SELF_CRITICISM)

    def synthesis(self, topic: Topic, k: int, author: str, amend: str | None) -> str:
        text = (
            "Summing up the discussion: we adopt "
            + author
            + "'s proposal to "
            + topic.proposals[k]
            + "."
        )
        if amend is not None:
            text += " With the amendment from " + amend + ": " + self.pick(topic.amendments) + "."
        return text

    def leader_synthesis(self, topic: Topic, k: int) -> str:
        return (
            "The leadership's synthesis: we will "
            + topic.proposals[k]
            + ". The discussion has confirmed this line."
        )

    def restated(self, original: str) -> str:
        """A member's position restated as the leadership's own line, words kept."""
        for opener in POSITION_OPENERS:
            if original.startswith(opener):
                return "The secretariat's line: we will " + original[len(opener) :]
        return "The secretariat's line: " + original

    def decision(self, topic: Topic, k: int) -> str:
        return "Decided: we will " + topic.proposals[k] + "."

    def application(self, topic: Topic, body_name: str, who: str) -> str:
        return (
            body_name
            + " applies the decision to its own conditions: "
            + self.pick(topic.locals)
            + ", so we will "
            + self.pick(topic.actions)
            + "; "
            + who
            + " coordinates and reports back."
        )

    def feedback(self, topic: Topic, kind: str, body_name: str) -> str:
        a, b = FEEDBACK_FORMS[kind]
        if kind == "critique":
            tail = self.pick(topic.locals)
        elif kind == "objection":
            tail = self.pick(topic.counters)
        else:
            tail = self.pick(topic.amendments)
        return a + body_name + b + tail + "."

    def feedback_answer(self, topic: Topic) -> str:
        return self.pick(FEEDBACK_ANSWERS) + self.pick(topic.replies) + "."

    def line(self, topic: Topic, k: int, body_name: str) -> str:
        return (
            body_name
            + " proposes that we "
            + topic.proposals[k]
            + self.pick(REASON_LINKS)
            + self.pick(topic.reasons)
            + "."
        )

    def fact(self, topic: Topic) -> str:
        return self.pick(topic.facts).replace("{n}", str(5 + int(self._r() * 60)))

    def review(self, verdict: str) -> str:
        return self.pick(REVIEW_REASONS[verdict])

    def close_reason(self, substantive: bool) -> str:
        return self.pick(CLOSE_REASONS if substantive else BOILERPLATE_CLOSE_REASONS)
