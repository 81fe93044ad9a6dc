"""Backup and restore of a whole instance (docs/platform.md, "Backup and restore").

`write.write_backup` writes every organization's log in the ledger's export format (so `polemica
verify` checks each) and, as JSON Lines, what lives outside the record (`tables.TABLES`: accounts,
logins, administrator grants, token digests, signing keys, signed checkpoints, uploaded files,
invitations), with a manifest holding the SHA-256 of every file. `restore.restore_backup` checks
all of it, then rebuilds an empty database by replaying the logs, in any order of organizations.
"""
