"""polemica.decide."""
