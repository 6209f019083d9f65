"""How each speaker of a story talks, learned from the story's own lines that the rules placed: a line's words are
likelier from one who has used them before ("mumsy", "my dear", "ain't", a pet oath) than from one who never has.
The ranker reads it as one feature among the others (ranking.py), fitted on PDNC like them.
"""

from __future__ import annotations

import math
from collections import Counter

from .patterns import compiled

_WORD = compiled(r"[a-z]+(?:'[a-z]+)?")
# Both smoothing sizes were chosen on PDNC dev halves (lines placed held out at 0.8: with 8,000 and 5,000, 831 at
# 0.853; 4,000 or 16,000 words of prior, 817-808 at 0.854; 2,000 or 10,000 background words, 738 and 812 at 0.845).
PRIOR_WORDS = 8000.0  # words of everyone's usage each speaker's own counts are smoothed with
BACKGROUND_WORDS = 5000  # everyone's usage is smoothed as if each of this many words had been heard half a time more
LIMIT = 5.0  # a line's score is kept within +-LIMIT: one long speech should not outweigh the exchange


class Idiolects:
    """Word counts per speaker, and over all the placed lines, kept over the chapters of one story."""

    def __init__(self) -> None:
        self.by_speaker: dict[str, Counter[str]] = {}
        self.spoken: dict[str, int] = {}  # words each speaker said in all
        self.everyone: Counter[str] = Counter()
        self.total = 0
        self._scored: dict[tuple[str, str], float] = {}  # the ranker asks again in each round
        # each line's words with everyone's usage of each (and its prior weight), read once for all the line's
        # candidates (eight a line on the 200k-word bench), not once for each
        self._backgrounds: dict[str, list[tuple[str, float, float]]] = {}

    def learn(self, speaker: str, said: str) -> None:
        words = _WORD.findall(said.lower())
        self._scored.clear()
        self._backgrounds.clear()
        self.by_speaker.setdefault(speaker, Counter()).update(words)
        self.spoken[speaker] = self.spoken.get(speaker, 0) + len(words)
        self.everyone.update(words)
        self.total += len(words)

    def score(self, speaker: str, said: str) -> float:
        """Log-likelihood ratio of the line's words under the speaker's usage against everyone's, within
        +-LIMIT and scaled to +-1; 0 for one not heard yet."""
        own = self.by_speaker.get(speaker)
        if not own:
            return 0.0
        known = self._scored.get((speaker, said))
        if known is not None:
            return known
        backgrounds = self._backgrounds.get(said)
        if backgrounds is None:
            backgrounds = self._backgrounds[said] = self._line_backgrounds(said)
        own_total = self.spoken[speaker] + PRIOR_WORDS
        score = 0.0
        for word, background, prior in backgrounds:
            mine = (own.get(word, 0) + prior) / own_total
            score += math.log(mine / background)
        self._scored[(speaker, said)] = result = max(-LIMIT, min(LIMIT, score)) / LIMIT
        return result

    def _line_backgrounds(self, said: str) -> list[tuple[str, float, float]]:
        """Each word of a line with its share of everyone's usage (smoothed) and that share's weight as the prior."""
        found = []
        for word in _WORD.findall(said.lower()):
            background = (self.everyone[word] + 0.5) / (self.total + 0.5 * BACKGROUND_WORDS)
            found.append((word, background, PRIOR_WORDS * background))
        return found
