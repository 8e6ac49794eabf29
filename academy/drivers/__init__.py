"""Drivers: the driver list and search, profiles, licences and medicals, consent, race history
and manual result entry."""
