"""One module per screen or modal; screens present and dispatch, nothing more."""
