"""Organizations, the tree of bodies, members, roles and per-body settings."""
