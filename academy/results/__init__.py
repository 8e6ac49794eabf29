"""Races and their results, one area (blueprint ``results``, templates/results/): events;
a driver's result entered or corrected by hand (entry; its pages under /drivers/<id>/results/);
official timing files imported on the web (upload, preview, confirm) and from the command line
(cli). The timing-file parser and the import writer are in ``academy.results.timing``."""
