"""The pathway on the web: a driver's progress page and the coaches' cohort board.

The rule engine itself lives in academy/pathway (pure); this package loads a driver's facts
from the database, picks the rule set and shows the verdicts.
"""
