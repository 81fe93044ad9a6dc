"""The record: each organization's append-only event log, its ledger, export and replay."""
