"""Scene-setting: what a reporter saw, not what anyone asserts.

Features open on a place or a moment and describe people doing things there: "Outside
parliament, a few dozen climate activists stood in the drizzle holding banners", "On
Wednesday afternoon, visitors queued at the infirmary's main entrance". The scorer, trained
on debate transcripts, takes their concrete detail (a named place, a day, a past-tense
act) for a factual claim; a fact-checker has nothing in them to rule on.

A sentence is a scene only when all of these hold, so that a news event told the same way
("On Tuesday, police arrested 12 people", "At the summit, the minister said ...") is not:
it opens with a place or time phrase and a comma; the rest has no figure, no reporting
verb and no quote; and within its first words is an act people do at a scene (queue,
stand, wave, sing, hold up, hand out, sort, unload, sweep, watch ...).
"""

from __future__ import annotations

import re

_OPENER = re.compile(
    r"^(?:At|In|On|Outside|Inside|Back\s+at|Near|Beside|Along|Across|Under|Behind)\s[^,;“”\"]{1,100},\s+"
)
_ASSERTS = re.compile(
    r"\d|[“”\"]|\b(?:said|says|told|tells|according|announced|reported|confirmed|estimated|"
    r"warned|claimed|insisted|argued|found|showed\s+that)\b",
    re.I,
)
_SCENE_ACTS = frozenset(
    """
    queued queue queues queuing stood stand stands standing waited wait waits waiting waved
    wave waves waving sang sing sings singing chanted chanting cheered cheering clapped
    holding hung hanging sorted sorting unloaded unloading loaded loading swept sweeping
    mopped mopping wheeled chatted chatting gathered gathering huddled huddling lined
    lining marched marching handed handing drew drawing watched watching clutched
    clutching sat sitting knelt kneeling prayed praying wept weeping milled milling
    trudged picked picking stacked stacking scrubbed hauled shovelled shoveled
    """.split()
)
# "held up", "held placards": "held" alone is too often an event ("held talks", "held 40 people").
_HELD_UP = re.compile(r"\bheld\s+(?:up|aloft|placards|banners|signs|candles|flags)\b")
_WORD = re.compile(r"[a-z]+")
_ACT_WINDOW = 10


def is_scene(sentence: str) -> bool:
    """Whether ``sentence`` only sets a scene (see the module docstring)."""
    opener = _OPENER.match(sentence)
    if opener is None:
        return False
    rest = sentence[opener.end() :]
    if _ASSERTS.search(rest):
        return False
    words = _WORD.findall(rest.lower())[:_ACT_WINDOW]
    return bool(_SCENE_ACTS.intersection(words)) or _HELD_UP.search(rest) is not None
