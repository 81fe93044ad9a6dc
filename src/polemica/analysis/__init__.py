"""polemica.analysis."""
