"""The calendar: upcoming events for everyone, coaching sessions for the coach who ran them,
the driver concerned and the director; and a personal iCalendar feed behind a secret URL."""
