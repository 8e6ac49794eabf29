"""The principals' portal: drivers who consented to scouting, their scouting view, and their
scouting dossiers, one at a time or many in a ZIP built by a job."""
