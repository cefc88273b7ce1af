"""Reusable widgets; each carries its own DEFAULT_CSS and shows member data as Text."""
