"""Races and official timing: events, and importing timing files into them (upload, preview,
confirm), on the web and from the command line."""
