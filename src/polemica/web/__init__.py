"""The Django platform (DESIGN §4): the only place Django is imported."""
