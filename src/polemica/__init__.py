"""polemica: deliberation, decisions, a tamper-evident record, and a health report."""

__version__ = "0.1.0"
