"""Fixtures of the web interface tests: signed-in clients and the full scenario."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.web import scenario
from tests.web.conftest import Org


@pytest.fixture
def world(org: Org) -> tuple[Org, scenario.Scenario]:
    return org, scenario.full(org)


def signed_in(org: Org, role: str) -> Client:
    c = Client()
    c.force_login(org.users[role])
    return c
