"""A figure in prose: digits or a number word ("a third", "dozens", "two million").

What makes a forecast or an appeal checkable ("expected crime to fall by a third", "at least
three governments had urged ..."), where the same sentence without it is not.
"""

from __future__ import annotations

import re

FIGURE = re.compile(
    r"\d|\b(?:half|third|quarter|double|doubled|twice|triple|percent|per cent|dozens?|hundreds?|thousands?|"
    r"millions?|billions?|trillions?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)\b",
    re.I,
)
