"""Starting Django from outside a request (the CLI, benchmarks, scripts)."""

from __future__ import annotations

import os


def setup(settings: str = "polemica.web.settings") -> None:
    """Configure Django (once) and bring the database schema up to date."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", settings)
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)
