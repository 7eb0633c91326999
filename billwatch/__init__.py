"""billwatch package."""
