"""Login accounts, API tokens, organization administrators (outside the record: credentials)."""
