"""The `polemica` command: thin wrappers that call the library."""
