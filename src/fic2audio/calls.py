"""Phone calls: the one on the other end of a call talks only while the call lasts. Once the call is over, the caller
is no longer about: turn-taking after it is between the people in the room, not with a voice that has gone
("'Sunday, then.' / Noor hung up. Tom looked at her. / 'Family?' / 'Sister.'")."""

from __future__ import annotations

import re

from .model import Kind, Segment
from .resolver import ParagraphEvidence

# The narration opens a call: it speaks of a phone.
_CALL_OPENS = re.compile(r"\b(?:phones?|cellphone|mobile|landline|receiver|speakerphone|on speaker|to speaker)\b", re.IGNORECASE)
# The narration closes it: the caller has gone.
_CALL_CLOSES = re.compile(
    r"\bhung up\b|\bhangs up\b|\bended the call\b|\bends the call\b|\bcall ended\b"
    r"|\bline (?:went|goes) (?:dead|quiet|silent)\b|\bline clicked\b"
    r"|\b(?:put|set|laid|dropped|pocketed|tossed) (?:the|his|her|my) (?:phone|receiver|mobile)\b",
    re.IGNORECASE,
)


def _narration(para: ParagraphEvidence, segments: list[Segment]) -> str:
    """The paragraph's narration, its pieces joined."""
    return " ".join(segments[i].text for i in para.indexes if segments[i].kind is Kind.NARRATION)


def forget_callers(paras: list[ParagraphEvidence], segments: list[Segment]) -> None:
    """A call opens where the narration speaks of a phone, and ends where it tells so ("hung up", "the line went
    dead"), or where someone who came into the narration during the call, and has not talked in it, speaks by their
    tag: the one on the phone has turned to them ("Ada dropped into the chair. / 'Before you say anything,' Ada
    said."). The caller is one whose lines the tags placed in the call, who does nothing in the scene's narration,
    and whom the scene had neither named nor heard before the call (someone in the room may talk in tags only).
    After the call, the caller is no longer present, mentioned or seen in the scene, until the narration or a tag
    brings them back, and the line after the call's end starts a new exchange."""
    in_call, scene = False, -1
    talking: list[str] = []  # tagged speakers of the open call, in order
    acting: set[str] = set()  # who acts in narration paragraphs of the scene: someone in the room
    named: set[str] = set()  # who the scene's narration has named
    heard: set[str] = set()  # who the scene's tags have placed
    at_opening: set[str] = set()  # who the narration named up to the call's opening: no newcomer to the room
    known_before: set[str] = set()  # who was named or heard before the call's opening: no caller
    gone: set[str] = set()  # the callers of calls that have ended
    for para in paras:
        if para.scene != scene:
            in_call, scene, talking, acting, named, heard, gone = False, para.scene, [], set(), set(), set(), set()
        narration = _narration(para, segments) if para.has_narration else ""
        if not para.has_dialogue:
            acting.update(para.subjects)  # acts in the narration, not only in its own tags
        known_earlier = named | heard
        named.update(para.named, para.subjects)
        ended = False
        arrived = para.speaker in acting and para.speaker not in at_opening
        if in_call and talking and arrived and para.speaker not in talking:
            # someone who came into the room speaks to the one on the phone: the call ended before this line
            callers = {n for n in talking if n not in acting and n not in known_before}
            para.after_call, in_call, ended, gone = bool(callers), False, True, gone | callers
        gone -= {*para.subjects, *([para.speaker] if para.speaker else [])}  # back in the room
        if gone:
            para.present = tuple(n for n in para.present if n not in gone)
            para.mentioned = tuple(n for n in para.mentioned if n not in gone)
            para.in_scene = {n: d for n, d in para.in_scene.items() if n not in gone}
        if in_call:
            if para.speaker and para.speaker not in talking:
                talking.append(para.speaker)
            if _CALL_CLOSES.search(narration):
                callers = {n for n in talking if n not in acting and n not in known_before}
                in_call, ended, gone = False, True, gone | callers
                if para.following is not None and callers:  # with no caller known, the exchange goes on as it was
                    para.following.after_call = True
        if para.speaker:
            heard.add(para.speaker)
        if not in_call and not ended and _CALL_OPENS.search(narration):  # "put the phone down" opens no new call
            in_call, talking, at_opening, known_before = True, [], set(named), known_earlier
