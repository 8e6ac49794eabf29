"""Coaching sessions and gradings: the coach's log, the driver's progress, the rubric."""
