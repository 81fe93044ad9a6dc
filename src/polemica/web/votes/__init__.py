"""Ballots, decisions and vote receipts."""
