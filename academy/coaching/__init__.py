"""Coaching sessions and gradings: the coach's log and corrections (routes, service), the
driver's coaching page, the cohort grades, the rubric. queries loads, analysis (pure) turns the
loaded grades and sessions into trends, the radar, lap progressions and the cohort rows."""
