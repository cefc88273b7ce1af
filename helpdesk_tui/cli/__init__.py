"""The command line: the same domain layer as the console, for scripting and bulk work."""
