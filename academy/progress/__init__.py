"""The pathway on the web (blueprint ``progress``, templates/progress/): a driver's progress
page, the coaches' cohort board and its stored standings, the ``flask pathway`` and
``flask rules`` commands.

The rule engine itself lives in academy/pathway (pure); this package loads a driver's facts
from the database, picks the rule set and shows the verdicts.
"""
