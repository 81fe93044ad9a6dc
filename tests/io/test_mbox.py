"""`polemica import mbox`: threads from In-Reply-To/References, quotes dropped, bad input named."""

from __future__ import annotations

from pathlib import Path

import pytest

from polemica.cli.main import main
from polemica.events import read_events
from polemica.io.mbox import import_mbox, sender_of


def polemica(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    """Run the real entry point, as a user would, and return (exit code, all output)."""
    with pytest.raises(SystemExit) as info:
        main(args)
        raise SystemExit(0)
    out = capsys.readouterr()
    return int(info.value.code or 0), out.out + out.err


MBOX = """From ana@example.org Mon Mar  2 10:00:00 2026
From: Ana Reyes <ana@example.org>
Date: Mon, 02 Mar 2026 10:00:00 +0000
Message-ID: <1@example.org>
Subject: Strike on Monday?

Should we strike on Monday?

From ben@example.org Mon Mar  2 11:00:00 2026
From: Ben <BEN@example.org>
Date: Mon, 02 Mar 2026 11:00:00 +0000
Message-ID: <2@example.org>
In-Reply-To: <1@example.org>
References: <1@example.org>
Subject: Re: Strike on Monday?

On Mon, Ana Reyes wrote:
> Should we strike on Monday?
Monday is too early.
>From the night shift we hear otherwise.

From chen@example.org Mon Mar  2 12:00:00 2026
From: chen@example.org
Date: Mon, 02 Mar 2026 12:00:00 +0000
Message-ID: <3@example.org>
References: <1@example.org> <2@example.org>
Subject: Re: Strike on Monday?

Agreed with Ben.

From dora@example.org Mon Mar  2 13:00:00 2026
From: dora@example.org
Date: Mon, 02 Mar 2026 13:00:00 +0000
Message-ID: <4@example.org>
Subject: Budget

Separate thread.
"""


def test_threads_become_questions_and_messages_remarks(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "list.mbox"
    src.write_text(MBOX, encoding="utf-8")
    out = tmp_path / "list.parquet"
    res = polemica(["import", "mbox", str(src), "--out", str(out)], capsys)
    assert res[0] == 0, res[1]
    from polemica.events import iter_events

    events = list(iter_events(out))
    questions = [e.subject for e in events if e.kind == "question.opened"]
    assert questions == ["1@example.org", "4@example.org"]
    posts = {e.subject: e for e in events if e.kind == "contribution.posted"}
    assert posts["2@example.org"].data["target"] == "1@example.org"
    assert posts["3@example.org"].data["target"] == "2@example.org"  # last known reference
    assert posts["3@example.org"].data["question"] == "1@example.org"
    assert posts["2@example.org"].actor == "ben@example.org"
    assert "Should we strike" not in posts["2@example.org"].data["text"]
    assert all(p.data["type"] == "remark" and p.body == "list" for p in posts.values())


def test_malformed_mbox_names_the_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "o.jsonl"
    bad = tmp_path / "bad.mbox"
    bad.write_text("Subject: no separator\n\nhello\n", encoding="utf-8")
    res = polemica(["import", "mbox", str(bad), "--out", str(out)], capsys)
    assert res[0] == 1 and "line 1" in res[1] and "not an mbox" in res[1]
    nobody = MBOX.replace(
        "From chen@example.org Mon Mar  2 12:00:00 2026\nFrom: chen@example.org\n",
        "From - Mon Mar  2 12:00:00 2026\nFrom: undisclosed recipients\n",
    )
    bad.write_text(nobody, encoding="utf-8")
    res = polemica(["import", "mbox", str(bad), "--out", str(out)], capsys)
    assert res[0] == 1 and "line 22: message 3 has no sender address" in res[1]
    assert not out.exists()
    read = tmp_path / "ok.mbox"
    read.write_text(MBOX, encoding="utf-8")
    assert polemica(["import", "mbox", str(read), "--out", str(out)], capsys)[0] == 0
    assert len(read_events(out)) > 0


# --- Mailman's dialects ---------------------------------------------------------------------

# Mailman 2's public (pipermail) text archive, as it serves `2001-November.txt`: separators
# `From user at host  <asctime>`, senders `user at host (Name)`, dates without a zone, the
# list tag in subjects, bodies already decoded, a body line starting "From " left unquoted.
PIPERMAIL = """From jjl at pobox.com  Thu Nov  1 11:19:12 2001
From: jjl at pobox.com (John J. Lee)
Date: Thu Nov  1 11:19:12 2001
Subject: [Numpy-discussion] Sparse matrices
Message-ID: <a1@warwick.ac.uk>

Does anyone have a working sparse matrix module?
From the SciPy CVS tree I could not get one to build.

--\x20
John J. Lee, jjl at pobox.com


From roitblat at hawaii.edu  Tue Nov  6 17:05:03 2001
From: roitblat at hawaii.edu (Herbert L. Roitblat)
Date: Tue Nov  6 17:05:03 2001
Subject: [Numpy-discussion] Sparse matrices
References: <a1@warwick.ac.uk>
Message-ID: <b2@pixi.com>

Travis Oliphant has one.
H.
----- Original Message -----
From: "John J. Lee" <jjl at pobox.com>
Subject: [Numpy-discussion] Sparse matrices

> Does anyone have a working sparse matrix module?


From jochen at jochen-kuepper.de  Tue Nov  6 18:57:02 2001
From: jochen at jochen-kuepper.de (Jochen =?iso-8859-1?q?K=FCpper?=)
Date: Tue Nov  6 18:57:02 2001
Subject: [Numpy-discussion] Sparse matrices
In-Reply-To: <b2@pixi.com>
References: <a1@warwick.ac.uk>
\t<b2@pixi.com>
Message-ID: <c3@box.home.de>

On Tue, 6 Nov 2001 15:01:18 -1000 Herbert L Roitblat wrote:
> Travis Oliphant has one.

Isn't that the one in SciPy?
-------------- next part --------------
from Numeric import *
A = zeros((6,3),Float)


From nwagner at mecha.uni-stuttgart.de  Wed Nov 14 04:44:03 2001
From: nwagner at mecha.uni-stuttgart.de (Nils Wagner)
Date: Wed Nov 14 04:44:03 2001
Subject: [Numpy-discussion] Sparse matrices
References: <c3@box.home.de>
Message-ID: <d4@mecha.uni-stuttgart.de>

Jochen Kuepper schrieb:
> Isn't that the one in SciPy?

It is.

_______________________________________________
Numpy-discussion mailing list
Numpy-discussion at lists.sourceforge.net
https://lists.sourceforge.net/lists/listinfo/numpy-discussion

"""


def import_events(tmp_path: Path, name: str, content: bytes) -> list:  # type: ignore[type-arg]
    src = tmp_path / name
    src.write_bytes(content)
    out = tmp_path / "events.jsonl"
    import_mbox(src, out)
    return read_events(out)


def test_pipermail_text_archive(tmp_path: Path) -> None:
    events = import_events(tmp_path, "2001-November.txt", PIPERMAIL.encode("ascii"))
    members = {e.subject: e.data["name"] for e in events if e.kind == "member.joined"}
    assert members == {
        "jjl@pobox.com": "John J. Lee",
        "roitblat@hawaii.edu": "Herbert L. Roitblat",
        "jochen@jochen-kuepper.de": "Jochen Küpper",
        "nwagner@mecha.uni-stuttgart.de": "Nils Wagner",
    }
    posts = [e for e in events if e.kind == "contribution.posted"]
    assert [p.subject for p in posts] == [
        "a1@warwick.ac.uk",
        "b2@pixi.com",
        "c3@box.home.de",
        "d4@mecha.uni-stuttgart.de",
    ]
    # A body line "From the…" is not a separator; the signature is not the author's words.
    assert posts[0].data["text"].endswith("From the SciPy CVS tree I could not get one to build.")
    assert posts[1].data["text"] == "Travis Oliphant has one.\nH."  # the copied message cut
    assert posts[2].data == {
        "question": "a1@warwick.ac.uk",
        "type": "remark",
        "text": "Isn't that the one in SciPy?",
        "target": "b2@pixi.com",
    }
    # The attachment pipermail inlined after "next part", and Mailman's footer, are left out.
    assert posts[3].data["text"] == "It is."
    assert posts[0].at == "2001-11-01T11:19:12Z"
    title = next(e.data["title"] for e in events if e.kind == "question.opened")
    assert title == "Sparse matrices"


def hyperkitty_export(messages: list[dict[str, str]]) -> bytes:
    """An export as Mailman 3's HyperKitty writes it (`Email.as_message`, then gzip)."""
    import gzip
    from email.message import EmailMessage
    from email.utils import formataddr

    chunks = []
    for m in messages:
        msg = EmailMessage()
        msg.set_unixfrom(f"From {m['address']} Mon Mar  2 10:00:00 2026")
        msg["From"] = formataddr((m["name"], m["address"]))
        msg["To"] = "assembly@lists.example.org"
        msg["Subject"] = m["subject"]
        msg["Date"] = m["date"]
        msg["Message-ID"] = f"<{m['id']}>"
        if m.get("reply"):
            msg["In-Reply-To"] = f"<{m['reply']}>"
        msg.set_content(m["text"], subtype="plain")
        msg.make_mixed()
        msg.add_attachment(
            b"%PDF-1.4 minutes", maintype="application", subtype="pdf", filename="m.pdf"
        )
        chunks.append(msg.as_bytes(unixfrom=True))
    return gzip.compress(b"\n\n".join(chunks))


def test_hyperkitty_mbox_export(tmp_path: Path) -> None:
    long_line = "Die Versammlung beschließt die Satzungsänderung mit großer Mehrheit. " * 3
    content = hyperkitty_export(
        [
            {
                "address": "jose@example.org",
                "name": "José Núñez",
                "subject": "Satzung: Änderung §4",
                "date": "Mon, 02 Mar 2026 10:00:00 +0100",
                "id": "m1@example.org",
                "text": long_line + "\nKontakt: jose(a)example.org\n",
            },
            {
                "address": "zoe@example.org",
                "name": "Zoë",
                "subject": "Re: Satzung: Änderung §4",
                "date": "Mon, 02 Mar 2026 11:30:00 +0100",
                "id": "m2@example.org",
                "reply": "m1@example.org",
                "text": "Einverstanden, aber erst nach der Kassenprüfung.\n",
            },
        ]
    )
    assert b"=?utf-8?" in gzip_decompress(content)  # the names really are RFC 2047 words
    events = import_events(tmp_path, "assembly.mbox.gz", content)
    members = {e.subject: e.data["name"] for e in events if e.kind == "member.joined"}
    assert members == {"jose@example.org": "José Núñez", "zoe@example.org": "Zoë"}
    posts = {e.subject: e for e in events if e.kind == "contribution.posted"}
    assert posts["m1@example.org"].data["text"].startswith("Die Versammlung beschließt")
    assert posts["m2@example.org"].data["target"] == "m1@example.org"
    assert posts["m2@example.org"].at == "2026-03-02T10:30:00Z"
    assert (
        next(e.data["title"] for e in events if e.kind == "question.opened")
        == "Satzung: Änderung §4"
    )
    assert events[0].data["name"] == "assembly"


def gzip_decompress(data: bytes) -> bytes:
    import gzip

    return gzip.decompress(data)


RAW = b"""From ana@example.org Mon Mar  2 10:00:00 2026\r
From: =?iso-8859-1?q?Ana_Pe=F1a?= <ana@example.org>\r
Date: Mon, 02 Mar 2026 10:00:00 +0000\r
Message-ID: <q1@example.org>\r
Subject: =?iso-8859-1?q?Cuota_de_afiliaci=F3n?=\r
Content-Type: text/plain; charset=iso-8859-1\r
Content-Transfer-Encoding: quoted-printable\r
\r
La cuota sube un 3 % en enero; la asamblea decide el s=E1bado.\r
\r
From ben@example.org Mon Mar  2 11:00:00 2026\r
From: Ben <ben@example.org>\r
Message-ID: <q2@example.org>\r
In-Reply-To: <q1@example.org>\r
Subject: Re: Cuota\r
MIME-Version: 1.0\r
Content-Type: multipart/alternative; boundary="b1"\r
\r
--b1\r
Content-Type: text/html; charset=utf-8\r
Content-Transfer-Encoding: base64\r
\r
PHA+UG9yIGZhdm9yLCA8Yj5ubzwvYj4gYW50ZXMgZGVsIHZlcmFubyZuYnNwO2RlIDIwMjYuPC9w\r
PjxzY3JpcHQ+YWxlcnQoMSk8L3NjcmlwdD48cD5TYWx1ZG9zPC9wPg==\r
--b1--\r
\r
From carla@example.org Fri (date lost)\r
From: carla@example.org\r
Message-ID: <q3@example.org>\r
In-Reply-To: <q1@example.org>\r
Subject: Re: Cuota\r
\r
De acuerdo.\r
"""


def test_raw_mailman_mbox_encodings_multipart_and_missing_dates(tmp_path: Path) -> None:
    events = import_events(tmp_path, "cuotas.mbox", RAW)
    members = {e.subject: e.data["name"] for e in events if e.kind == "member.joined"}
    assert members["ana@example.org"] == "Ana Peña"
    posts = {e.subject: e for e in events if e.kind == "contribution.posted"}
    assert posts["q1@example.org"].data["text"] == (
        "La cuota sube un 3 % en enero; la asamblea decide el sábado."
    )
    # No plain part: the HTML part made text, the script left out.
    assert (
        posts["q2@example.org"].data["text"] == "Por favor, no antes del verano de 2026.\nSaludos"
    )
    # Message 2 has no Date: the separator line's date stands in. Message 3 has neither: it
    # keeps its place in the file, after the message before it.
    assert [p.subject for p in posts.values()] == [
        "q1@example.org",
        "q2@example.org",
        "q3@example.org",
    ]
    assert posts["q2@example.org"].at == posts["q3@example.org"].at == "2026-03-02T11:00:00Z"
    title = next(e.data["title"] for e in events if e.kind == "question.opened")
    assert title == "Cuota de afiliación"


@pytest.mark.parametrize(
    ("header", "address", "name"),
    [
        (
            "tyrion.lannister at gmail.com (Tyrion Lannister)",
            "tyrion.lannister@gmail.com",
            "Tyrion Lannister",
        ),
        (
            "Tyrion.Lannister@gmail.com (Tyrion Lannister)",
            "tyrion.lannister@gmail.com",
            "Tyrion Lannister",
        ),
        (
            '"Catelyn T. Stark" <catelyn at stark.winterfell.gov>',
            "catelyn@stark.winterfell.gov",
            "Catelyn T. Stark",
        ),
        (
            "Catylen Tully Stark <catelyn.tully.stark at gmail.com>",
            "catelyn.tully.stark@gmail.com",
            "Catylen Tully Stark",
        ),
        ("tyrion at gmail.com (=?UTF-8?B?RGF2aWQgQWJpw6Fu?=)", "tyrion@gmail.com", "David Abián"),
        (
            "halfman@council.kings-landing.gov (halfman@council.kings-landing.gov)",
            "halfman@council.kings-landing.gov",
            "halfman@council.kings-landing.gov",
        ),
        ("ariastark1@gmail.com", "ariastark1@gmail.com", "ariastark1@gmail.com"),
        ("=?utf-8?q?Jos=C3=A9?= <JOSE@example.org>", "jose@example.org", "José"),
    ],
)
def test_sender_forms_seen_in_mailman_archives(header: str, address: str, name: str) -> None:
    assert sender_of(header) == (address, name)
