"""polemica.ledger."""
