"""The story's own idiolects: words a speaker has used before make a line likelier theirs."""

from __future__ import annotations

from fic2audio.idiolect import Idiolects


def _learned(times: int = 1) -> Idiolects:
    idiolects = Idiolects()
    for _ in range(times):
        for line in ["Blimey, guv'nor, I ain't done nothing.", "Ain't it cold, guv'nor?", "Blimey."]:
            idiolects.learn("Dodger", line)
        for line in ["My dear boy, do sit down.", "I should think it most improper, my dear.", "Do you think so?"]:
            idiolects.learn("Rose", line)
    return idiolects


def test_a_line_in_a_speakers_own_words_scores_higher_for_them():
    idiolects = _learned()
    line = "Blimey, I ain't going."
    assert idiolects.score("Dodger", line) > idiolects.score("Rose", line)
    polite = "My dear, I think not."
    assert idiolects.score("Rose", polite) > idiolects.score("Dodger", polite)


def test_one_not_heard_yet_scores_nothing_and_scores_stay_within_one():
    idiolects = _learned(times=400)  # a novel's worth of lines: their usage outweighs the smoothing
    assert idiolects.score("Fagin", "Blimey, I ain't going.") == 0.0
    assert idiolects.score("Dodger", "Blimey, I ain't going.") > 0 > idiolects.score("Rose", "Blimey, I ain't going.")
    long_speech = " ".join(["blimey ain't guv'nor"] * 200)
    assert idiolects.score("Dodger", long_speech) == 1.0
    assert idiolects.score("Rose", long_speech) == -1.0
