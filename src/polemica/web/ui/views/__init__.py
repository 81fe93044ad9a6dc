"""Views of the web interface: they read through the platform's queries and access functions and
change state only by calling its `do_<verb>_<noun>` actions."""
