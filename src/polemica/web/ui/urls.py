"""The pages of the web interface."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.contrib.staticfiles import views as static_views
from django.urls import path, re_path

from polemica.web.ui.views import admin, auth, directives, lines, orgs, questions, record, waiting

app_name = "ui"

_Q = "q/<str:question_id>/"

urlpatterns = [
    # The app serves its own few static files, so one process is all a small organization runs.
    re_path(r"^static/(?P<path>.*)$", static_views.serve, {"insecure": True}),
    path("", orgs.home, name="home"),
    path("accounts/login/", auth.SignIn.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(next_page="ui:home"), name="logout"),
    path("accounts/profile/", auth.profile, name="profile"),
    path(
        "accounts/password/",
        auth_views.PasswordChangeView.as_view(
            template_name="ui/password.html", success_url="/accounts/profile/"
        ),
        name="password",
    ),
    path("accounts/waiting/", waiting.waiting, name="waiting"),
    path("accounts/waiting/digest", waiting.digest, name="digest"),
    path("invite/<str:token>/", auth.invitation, name="invitation"),
    path("found/", admin.found_org, name="found"),
    path("orgs/<str:org_id>/", orgs.org, name="org"),
    path("orgs/<str:org_id>/admin/", admin.admin, name="admin"),
    path("orgs/<str:org_id>/admin/bodies", admin.create_body, name="create_body"),
    path("orgs/<str:org_id>/admin/move", admin.move_body, name="move_body"),
    path("orgs/<str:org_id>/admin/roles", admin.role, name="role"),
    path("orgs/<str:org_id>/admin/invitations", admin.invite_csv, name="invite_csv"),
    path("orgs/<str:org_id>/invite", orgs.invite, name="invite"),
    path("orgs/<str:org_id>/federation/", orgs.federation, name="federation"),
    path("orgs/<str:org_id>/record/", record.log, name="record"),
    path("orgs/<str:org_id>/record/<int:seq>/", record.event, name="event"),
    path("orgs/<str:org_id>/record/<int:seq>/receipt.json", record.event_receipt, name="receipt"),
    path("orgs/<str:org_id>/record/checkpoint.txt", record.checkpoint, name="checkpoint"),
    path("orgs/<str:org_id>/record/export.zip", record.export, name="export"),
    path("receipts/check/", record.check_receipt, name="check"),
    path("files/<str:sha>/", questions.source_file, name="file"),
    path("bodies/<str:body_id>/", orgs.body, name="body"),
    path("bodies/<str:body_id>/open", orgs.open_question, name="open"),
    path("bodies/<str:body_id>/health/", orgs.health, name="health"),
    path("bodies/<str:body_id>/health/glance", orgs.health_glance, name="health_glance"),
    path("bodies/<str:body_id>/line", orgs.propose_line, name="line"),
    path("bodies/<str:body_id>/lines/answer", lines.answer_line, name="answer_line"),
    path("bodies/<str:body_id>/settings/", admin.body_settings, name="settings"),
    path(_Q, questions.question, name="question"),
    path(_Q + "map", questions.argument_map, name="map"),
    path(_Q + "phase", questions.phase_bar, name="phase"),
    path(_Q + "live", questions.stream, name="live"),
    path(_Q + "contribute", questions.contribute, name="contribute"),
    path(_Q + "c/<str:contribution_id>/revise", questions.revise, name="revise"),
    path(_Q + "c/<str:contribution_id>/erase", admin.erase_contribution, name="erase"),
    path(_Q + "move", questions.move, name="move"),
    path(_Q + "close", questions.close, name="close"),
    path(_Q + "facts", questions.place_fact, name="fact"),
    path(_Q + "facts/<str:fact_id>/review", questions.review_fact, name="review"),
    path(_Q + "vote", questions.vote, name="vote"),
    path(_Q + "receipt.json", questions.my_receipt, name="my_receipt"),
    path(_Q + "decide", questions.decide, name="decide"),
    path(_Q + "tally/", questions.tally_page, name="tally"),
    path(_Q + "d/<str:decision_id>/directive", questions.issue_directive, name="issue"),
    path("directives/<str:directive_id>/", directives.directive, name="directive"),
    path("directives/<str:directive_id>/apply", directives.apply, name="apply"),
    path("directives/<str:directive_id>/feedback", directives.send_feedback, name="feedback"),
    path(
        "directives/<str:directive_id>/feedback/<str:feedback_id>/answer",
        directives.answer_feedback,
        name="answer",
    ),
]
