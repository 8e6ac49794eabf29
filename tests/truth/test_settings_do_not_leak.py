"""A test that changes the app's settings leaves them to no test after it (the app lives as long
as the session): the academy's 'today' in a zone fourteen hours ahead once leaked into the
standings and scouting tests and failed them every day after 10:00 UTC. (The two tests meet in
one process when run one after the other, as here in a single file on one worker.)"""

from __future__ import annotations

from config import TestConfig

ZONE_AHEAD = "Pacific/Kiritimati"


def test_a_test_may_move_the_academy_zone(app):
    app.config["ACADEMY_TIMEZONE"] = ZONE_AHEAD
    assert app.config["ACADEMY_TIMEZONE"] == ZONE_AHEAD


def test_the_next_test_finds_the_zone_it_was_configured_with(app):
    assert app.config["ACADEMY_TIMEZONE"] == TestConfig.ACADEMY_TIMEZONE != ZONE_AHEAD
