"""polemica.io."""
