"""The web interface: server-rendered pages over the platform's queries and actions."""
