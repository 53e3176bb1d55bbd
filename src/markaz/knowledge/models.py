"""Knowledge models."""
