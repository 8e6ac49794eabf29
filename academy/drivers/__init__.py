"""Drivers: the driver list and search, profiles, licences and medicals, consent, the race
history timeline. Entering or correcting a result by hand belongs to results (academy/results/
entry.py), though its pages sit under /drivers/<id>/results/."""
