"""What every app of the platform shares: errors, ids, the acting person."""
