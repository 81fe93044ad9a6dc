"""The administration's main path in a real browser: found an organization, build its bodies,
invite from a CSV, accept an invitation, give a role; then a line sent up and adopted."""

from __future__ import annotations

import re
from typing import Any

from polemica.web.centralism.models import Line
from polemica.web.orgs.models import Body, Member, Organization, Role
from polemica.web.process.models import Question
from polemica.web.ui.models import Invitation
from tests.web.conftest import build_org


def test_found_build_invite_and_answer_a_line(transactional_db: None, web: Any) -> None:
    build_org()
    w = web()
    w.sign_in("nonmember")
    page = w.page
    w.go("/")
    page.get_by_role("link", name="Found an organization").click()
    page.fill("#id_name", "Union of Couriers")
    page.get_by_role("button", name="Found it").click()
    page.wait_for_url(re.compile(r".*/orgs/org-[0-9a-f]+/admin/$"))
    org = Organization.objects.get(name="Union of Couriers")
    for name, level, parent in (("Council", "committee", None), ("Depot", "cell", "Council")):
        page.fill("#create-name", name)
        page.fill("#create-level", level)
        if parent:
            page.select_option("#create-parent", label=parent)
        page.get_by_role("button", name="Create the body").click()
        page.wait_for_selector(".msg.success")
    council = Body.objects.get(org_id=org.id, name="Council")
    depot = Body.objects.get(org_id=org.id, name="Depot")
    assert depot.parent_id == council.id
    # A bad CSV names its line and invites nobody; a good one shows a link per person.
    page.set_input_files(
        "#csv-file",
        files=[{"name": "p.csv", "mimeType": "text/csv", "buffer": b"name,body\nAna,Moon\n"}],
    )
    page.get_by_role("button", name="Create the invitation links").click()
    page.wait_for_selector(".msg")
    assert "line 2: no body of the organization is called 'Moon'" in page.content()
    assert not Invitation.objects.filter(org_id=org.id).exists()
    good = b"name,body\nAna Reyes,Depot\nBen Okafor,Council\n"
    page.set_input_files(
        "#csv-file", files=[{"name": "p.csv", "mimeType": "text/csv", "buffer": good}]
    )
    page.get_by_role("button", name="Create the invitation links").click()
    page.wait_for_selector("table caption")
    links = page.locator("table code.select").all_inner_texts()
    assert len(links) == 2 and Invitation.objects.filter(org_id=org.id).count() == 2
    # Ana and Ben accept their invitations in their own browsers.
    for link, username in zip(links, ("ana", "ben"), strict=True):
        guest = web()
        guest.page.goto(link)
        guest.page.fill("#username", username)
        guest.page.fill("#password", "a long pass phrase 7")
        guest.page.fill("#password2", "a long pass phrase 7")
        guest.page.locator("main button[type=submit]").click()
        guest.page.wait_for_url(re.compile(r".*/orgs/org-[0-9a-f]+/$"))
        guest.assert_clean()
    ana = Member.objects.get(org_id=org.id, name="Ana Reyes")
    ben = Member.objects.get(org_id=org.id, name="Ben Okafor")
    # The founder makes Ben the council's leader.
    w.go(f"/orgs/{org.id}/admin/")
    page.select_option("#role-member", label="Ben Okafor")
    page.select_option("#role-body", label="Council")
    page.select_option("#role-role", "leader")
    page.get_by_role("button", name="Assign the role").click()
    page.wait_for_selector(".msg.success")
    assert Role.objects.filter(member=ben, body=council, role="leader").exists()
    w.assert_clean()
    # Ana sends a line up; Ben adopts it on the council's page.
    ana_page = web()
    ana_page.go("/accounts/login/")
    ana_page.page.fill("#id_username", "ana")
    ana_page.page.fill("#id_password", "a long pass phrase 7")
    ana_page.page.locator("main button[type=submit]").click()
    ana_page.page.wait_for_url(ana_page.base + "/accounts/profile/")
    ana_page.go(f"/bodies/{depot.id}/")
    ana_page.page.fill("#line-text", "Bikes for every courier.")
    ana_page.page.get_by_role("button", name="Send up").click()
    ana_page.page.wait_for_selector(".msg.success")
    line = Line.objects.get(author=ana)
    ben_page = web()
    ben_page.go("/accounts/login/")
    ben_page.page.fill("#id_username", "ben")
    ben_page.page.fill("#id_password", "a long pass phrase 7")
    ben_page.page.locator("main button[type=submit]").click()
    ben_page.page.wait_for_url(ben_page.base + "/accounts/profile/")
    ben_page.go(f"/bodies/{council.id}/")
    item = ben_page.page.locator(f"#line-{line.id}")
    item.locator("summary").click()
    item.get_by_label("adopt it: open a question from it").check()
    item.get_by_label("Title of the question (when adopting)").fill("Bikes")
    item.get_by_role("button", name="Send the answer").click()
    ben_page.page.wait_for_selector(".msg.success")
    q = Question.objects.get(body=council, title="Bikes")
    assert Line.objects.get(pk=line.id).question == q.id
    ana_page.go("/accounts/profile/")
    assert "Bikes for every courier." in ana_page.page.content()
    assert ana_page.page.locator("a", has_text="the question opened from it").count() == 1
    for watched in (ana_page, ben_page):
        watched.assert_clean()
