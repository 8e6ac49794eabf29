"""Championships: a season's standings per class for teams and drivers, the race for the Le Mans
invitations, and each race's crews and driving times, from the results with the season's
sporting rules (`academy.sporting`). The season page is for every signed-in role."""
