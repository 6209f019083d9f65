"""Phone calls: the one on the other end of a call talks only while the call lasts. Once the call is over, the caller
is no longer about: turn-taking after it is between the people in the room, not with a voice that has gone
("'Sunday, then.' / Noor hung up. Tom looked at her. / 'Family?' / 'Sister.'")."""

from __future__ import annotations

import re
from collections.abc import Callable

from .model import NARRATION, Segment
from .names import NAME_WORD
from .patterns import compiled
from .resolver import ParagraphEvidence

# The narration opens a call: it speaks of a phone.
_CALL_OPENS = compiled(r"\b(?:phones?|cellphone|mobile|landline|receiver|speakerphone|on speaker|to speaker)\b", re.IGNORECASE)
# Whose phone it is: "Juno's phone rang."
_HOLDER = compiled(rf"({NAME_WORD})['’]s (?:phone|cellphone|mobile)\b")
# The narration closes it: the caller has gone.
_CALL_CLOSES = compiled(
    r"\bhung up\b|\bhangs up\b|\bended the call\b|\bends the call\b|\bcall ended\b"
    r"|\bline (?:went|goes) (?:dead|quiet|silent)\b|\bline clicked\b"
    r"|\b(?:put|set|laid|dropped|pocketed|tossed) (?:the|his|her|my) (?:phone|receiver|mobile)\b",
    re.IGNORECASE,
)

# The narration tells that the other end of the call is not heard: "Tom heard a voice down the line, though not what it
# said."
_UNHEARD = compiled(
    r"\b(?:other end|down the line|on the line)\b[^.!?]*\b(?:not|never)\b|\b(?:not|never|n['’]t)\b[^.!?]*\b(?:other end|down the line|on the line)\b",
    re.IGNORECASE,
)


def _narration(para: ParagraphEvidence, segments: list[Segment]) -> str:
    """The paragraph's narration, its pieces joined."""
    return " ".join(segments[i].text for i in para.indexes if segments[i].kind is NARRATION)


def _about_only(para: ParagraphEvidence, keep: Callable[[str], bool]) -> None:
    """Leave in the paragraph's evidence of who is about (present, mentioned, in the scene) only those `keep` keeps."""
    para.present = tuple(n for n in para.present if keep(n))
    para.mentioned = tuple(n for n in para.mentioned if keep(n))
    para.in_scene = {n: d for n, d in para.in_scene.items() if keep(n)}


class CallWatch:
    """Follows one chapter's paragraphs as they are read. A call opens where the narration speaks of a phone, and
    ends where it tells so ("hung up", "the line went dead"), or where someone who came into the narration during the
    call, and has not talked in it, speaks by their tag: the one on the phone has turned to them ("Ada dropped into
    the chair. / 'Before you say anything,' Ada said."). The caller is one whose lines the tags placed in the call,
    who does nothing in the scene's narration, and whom the scene had neither named nor heard before the call
    (someone in the room may talk in tags only). After the call, the caller is no longer present, mentioned or seen
    in the scene, until the narration or a tag brings them back, and the line after the call's end starts a new
    exchange."""

    def __init__(self) -> None:
        self.scene = -1
        self._new_scene(-1)

    def _new_scene(self, scene: int) -> None:
        self.scene, self.in_call = scene, False
        self.talking: list[str] = []  # tagged speakers of the open call, in order
        self.acting: set[str] = set()  # who acts in narration paragraphs of the scene: someone in the room
        self.named: set[str] = set()  # who the scene's narration has named
        self.heard: set[str] = set()  # who the scene's tags have placed
        self.at_opening: set[str] = set()  # who the narration named up to the call's opening: no newcomer to the room
        self.known_before: set[str] = set()  # who was named or heard before the call's opening: no caller
        self.gone: set[str] = set()  # the callers of calls that have ended
        self.holder: str | None = None  # whose phone rang, when the narration says so
        self.exchange_ends = False  # a call ended with its caller known: the next line starts a new exchange

    def _callers(self) -> set[str]:
        return {n for n in self.talking if n not in self.acting and n not in self.known_before}

    def _keep_to_the_call(self, para: ParagraphEvidence) -> None:
        """While the one whose phone rang talks with a caller, a line of the call is one of theirs: the others in the
        room, who have not talked in the call, are set aside from who is about ("Juno's phone rang." / "It's
        Marta," said Marta. / Felix snorted. / "There's a red barn." is Juno's, not Felix's)."""
        if self.holder is None or not para.has_dialogue or not self._callers():
            return
        party = {self.holder, *self.talking}
        _about_only(para, lambda n: n in party)

    def read(self, para: ParagraphEvidence, segments: list[Segment]) -> set[str]:
        """Take in a paragraph just read, its caller gone from it if the call is over; returns the callers of a call
        that ends with it, for the reading of the paragraphs after it to forget."""
        if para.scene != self.scene:
            self._new_scene(para.scene)
        narration = _narration(para, segments) if para.has_narration else ""
        if self.exchange_ends and para.has_dialogue:
            para.after_call, self.exchange_ends = True, False
        if not para.has_dialogue:
            self.acting.update(para.subjects)  # acts in the narration, not only in its own tags
        # a call opens where none is open, so not where one ends ("put the phone down" opens none); who was known
        # before it is kept only then (a scene may name many)
        opens = not self.in_call and _CALL_OPENS.search(narration) is not None
        known_earlier = self.named | self.heard if opens else set()
        self.named.update(para.named, para.subjects)
        ended: set[str] | None = None
        arrived = para.speaker in self.acting and para.speaker not in self.at_opening
        if self.in_call and self.talking and arrived and para.speaker not in self.talking:
            # someone who came into the room speaks to the one on the phone: the call ended before this line
            ended = self._callers()
            para.after_call, self.in_call, self.gone = bool(ended), False, self.gone | ended
        self.gone -= {*para.subjects, *([para.speaker] if para.speaker else [])}  # back in the room
        if self.gone:
            _about_only(para, lambda n: n not in self.gone)
        if self.in_call:
            if para.speaker and para.speaker not in self.talking:
                self.talking.append(para.speaker)
            self._keep_to_the_call(para)
            if _CALL_CLOSES.search(narration):
                ended = self._callers()
                self.in_call, self.gone = False, self.gone | ended
                self.exchange_ends = bool(ended)  # with no caller known, the exchange goes on as it was
        if para.speaker:
            self.heard.add(para.speaker)
        if opens:
            self.in_call, self.talking, self.at_opening, self.known_before = True, [], set(self.named), known_earlier
            holder = _HOLDER.search(narration)
            self.holder = next((n for n in para.named if holder and holder.group(1) in n.split()), None)
        para.in_call = self.in_call
        para.call_unheard = self.in_call and not para.has_dialogue and bool(_UNHEARD.search(narration))
        return ended or set()
