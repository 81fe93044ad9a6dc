"""polemica.simulate."""
