"""Leaving a scene: the English words for a character going out ("Greta swept out.", "Tom left the room.", "The
door closed behind Ann.", "Mr. Hale took his leave"). The reading stage marks such a character gone, so that the
lines after it are no longer theirs until they act, speak by a tag or come back.

Read on the words right after a sentence's subject (its name or he/she), so "Tom's left hand" (a possessive),
"turned left" (a direction), "she left the letter" (an object that is no room) and "he went out yesterday" (told
of another time) are no exits."""

from __future__ import annotations

import re

from .names import NAME
from .patterns import compiled

# adverbs that may stand between the subject and its verb: "Greta abruptly left", "Tom then went out"
_ADVERB = r"(?:(?:then|now|finally|at\s+last|at\s+once|soon|almost|just|straight|\w+ly)\s+)?"

# places one leaves by going out of them: "left the room", "left the house", "left his study"
_PLACE = (
    r"(?:room|rooms|house|office|kitchen|parlou?r|drawing[-\s]room|library|study|hall|chamber|apartment|flat|"
    r"building|shop|store|bar|pub|inn|tavern|cabin|tent|cottage|church|chapel|courtroom|ward|cell|"
    r"ballroom|bedroom|bathroom|lab|laboratory|classroom|"
    r"premises)"
)

# verbs of going that, with "out"/"away"/"off"/..., take their subject away: "stormed out", "hurried off"
_GOING = (
    r"(?:went|goes|walked|walks|stormed|storms|swept|sweeps|hurried|hurries|stalked|stalks|marched|marches|strode|"
    r"strides|rushed|rushes|slipped|slips|stepped|steps|backed|backs|headed|heads|dashed|dashes|stomped|stomps|"
    r"flounced|flounces|wandered|wanders|bustled|bustles|limped|limps|crept|creeps|tiptoed|tiptoes|sauntered|"
    r"saunters|trudged|trudges|darted|darts|hastened|hastens|ran|runs|stole|steals|sailed|sails|shuffled|shuffles|"
    r"rode|rides|drove|drives|raced|races|bolted|bolts|hobbled|hobbles|glided|glides|strolled|strolls|fled|flees|"
    r"filed|files|trooped|troops)"
)

# where they go: out of the scene, not about it ("walked out of the room", "went upstairs", "ran off")
_AWAY = (
    rf"(?:out(?:\s+of\s+(?:the|his|her|their)\s+{_PLACE}|\s+the\s+(?:door|front\s+door|back\s+door|gate))?|"
    r"away|off|outside|upstairs|downstairs|home)"
)

# the ending of an exit: the sentence ends, or goes on with how or whither ("left without a word", "left for
# London"), not with someone they go with or an object ("went out with Tom", "went off the road")
_ENDING = (
    r"(?=\s*(?:[.!;…,—–]|\s+(?:without|in\s+(?:silence|a\s+huff|haste)|again|too|then|quickly|quietly|abruptly|"
    r"hastily|at\s+once|into|through|down|along|across|towards?|and\s+(?:closed|shut|slammed|was|did)\b|"
    r"for\s+(?:the\s+)?[A-Za-z]|to\s+(?:the|his|her|their|find|fetch|get|see)\b)|\s*$))"
)

# time words of another time than the scene's: "he went out yesterday", "she always left early"
_ANOTHER_TIME = compiled(
    r"\b(?:yesterday|last\s+(?:night|week|month|year)|ago|every|always|often|usually|never|sometimes|used\s+to|"
    r"that\s+(?:morning|night|evening)|earlier|before\s+(?:dawn|breakfast))\b",
    re.IGNORECASE,
)

_LEAVES = (
    rf"(?:{_GOING}\s+(?:(?:back|quickly|quietly|slowly|hastily|briskly|silently|abruptly)\s+)?{_AWAY}|"
    rf"(?:left|leaves|quit|quits|quitted|exited|exits)(?:\s+(?:the|his|her|their)\s+{_PLACE})?|"
    r"departed|departs|disappeared|disappears|vanished|vanishes|withdrew|withdraws|"
    r"retired\s+(?:to\s+(?:bed|(?:his|her|their)\s+room)|for\s+the\s+night)|retires\s+(?:to\s+bed|for\s+the\s+night)|"
    r"(?:took|takes)\s+(?:(?:his|her|their)\s+)?leave(?:\s+of\s+(?:them|him|her|us|(?:the\s+)?[A-Z][\w.]*(?:\s+[A-Z]\w*)?))?)"
)

# going, told as what the subject does the while: "Tom said, leaving the room", "she added, hurrying out"
_LEAVING = (
    rf"(?:leaving\s+the\s+{_PLACE}|(?:going|walking|hurrying|sweeping|striding|stalking|storming|rushing|stepping|"
    rf"slipping|heading|backing|marching)\s+{_AWAY})"
)

# the words after the subject: the exit verb, or another verb of theirs and then it ("rose and left the room",
# "picked up her bag and walked out")
_EXIT_AFTER_SUBJECT = compiled(
    rf"^\s+{_ADVERB}(?:(?:[a-z]+(?:\s+[\w'’]+){{0,6}},?\s+and\s+{_ADVERB})?{_LEAVES}|"
    rf"[a-z]+(?:\s+[\w'’]+){{0,6}},\s+{_LEAVING}){_ENDING}"
)

# the door closing after someone: "The door closed behind Ann.", "the door shut behind him"
_DOOR_BEHIND = compiled(
    r"\b(?:[Tt]he|[Aa])\s+(?:[a-z]+[\s-])?door\s+(?:closed|shut|slammed|clicked\s+shut|swung\s+shut|banged\s+shut|closes|shuts|slams)\s+"
    r"(?:softly\s+|quietly\s+|firmly\s+)?behind\s+([A-Z][\w.'’-]*(?:\s+[A-Z][\w'’-]*)?|him|her)\b"
)


# the subject's going told after what they do on the way: "she said, and waved to them on her way out"; the
# words between name no one else ("held the door for Ann on her way out" is Ann's going, and so is "for him")
_ON_THE_WAY_OUT = compiled(r"^[^.;:!?A-Z\"“”]*?\bon\s+(his|her|their)\s+way\s+out\b")
_POSSESSIVE_OF = {"he": "his", "she": "her", "they": "their"}


def leaves_after_subject(rest: str, sentence: str) -> bool:
    """Whether `rest`, the words of `sentence` after its subject, tell that subject going out of the scene."""
    if rest[:1] in "'’":
        return False  # "Tom's left hand": the subject is a possessive
    if _ANOTHER_TIME.search(sentence):
        return False
    return bool(_EXIT_AFTER_SUBJECT.match(rest)) or _on_the_way_out(rest, sentence)


def _on_the_way_out(rest: str, sentence: str) -> bool:
    """Whether `rest` tells its subject doing something on their way out: "she said, and waved to them on her way out"
    (a he/she subject only with its own possessive; a named one with no him/her between)."""
    found = _ON_THE_WAY_OUT.match(rest) if "way out" in rest else None
    if found is None:
        return False
    between = rest[: found.start(1)]
    if re.search(r"\b(?:him|her)\b(?!\s+way\s+out)", between):
        return False  # "held the door for her on her way out": hers
    subject = sentence[: len(sentence) - len(rest)].split()[-1:]
    own = _POSSESSIVE_OF.get(subject[0].casefold()) if subject else None
    return own is None or own == found.group(1)


def door_closed_behind(sentence: str) -> str | None:
    """The one a door closes behind, as written ("Ann", "him", "her"), if the sentence tells it."""
    found = _DOOR_BEHIND.search(sentence) if "door" in sentence else None
    return found.group(1) if found and not _ANOTHER_TIME.search(sentence) else None


# a clause's subject inside a sentence, read only when the sentence's opening is no exit: "Then she left.",
# "Ann looked up as Tom walked out.", "..., and he went upstairs"
_CLAUSE_SUBJECT = compiled(rf"\b({NAME}|he|she|He|She)(?=\s)")
# a he/she deep in a sentence is too often someone else than the one the scene is about: only "Then she left."
# (read anywhere, PDNC placed 4 lines more, all wrong: the he of "the reply was passed on, and he walked away" is
# not the one the scene is about)
_SENTENCE_OPENING = compiled(r"^\W*(?:[Tt]hen\s+)?$")
_CLAUSE_OPENING = compiled(r"(?:^\W*|[;:,]\s+|\b(?:[Tt]hen|and|as|when|till|until|after|so)\s+)$")

# words of what might or will be, not what is: "if he left", "she would go out", "he meant to leave"
_NOT_DONE = compiled(r"\b(?:if|unless|would|should|could|might|must|will|shall|meant|wanted|wished|had|not|never)\b")


# a character's leaving told from just after it: "said Mrs. Norris, when Fanny had left the room"
_HAD_GONE = compiled(
    rf"\b(?:[Ww]hen|[Aa]fter|[Aa]s\s+soon\s+as|[Oo]nce)\s+({NAME})\s+had\s+(?:left(?:\s+the\s+{_PLACE})?|gone|"
    r"gone\s+(?:out|away|off|upstairs|downstairs)|quitted\s+the\s+\w+|departed|withdrawn|disappeared|taken\s+(?:his|her)\s+leave)"
    r"(?=\s*[,.;:!?—–])"
)


# a word every exit above holds
_ANY_LEAVING = compiled(
    r"\b(?:left|leaves?|leaving|quit|quits|quitted|exit|exits|exited|out|away|off|outside|upstairs|downstairs|home|depart|departs|"
    r"departed|disappear|disappears|disappeared|vanished|vanishes|withdrew|withdraws|withdrawn|retired|retires|gone)\b"
)


# a speech tag, then its speaker going: '"...," said Tom, and left the room.', "cried Ann, hurrying out"
_TAG_THEN_LEAVING = compiled(
    rf"\b(?:said|says|cried|replied|answered|added|exclaimed|called|muttered|whispered|returned|rejoined|snapped)\s+"
    rf"({NAME}),?\s+(?:and\s+{_ADVERB}{_LEAVES}|{_LEAVING}){_ENDING}"
)


# a group going, then who went, each opening a clause of the while: "They went out, Tom still arguing, Ann
# humming."
_THEY_LEAVE = compiled(rf"^\W*(?:They|We)\s+{_ADVERB}{_LEAVES}(?:\s+[a-z]+){{0,4}},")
_WHILE_CLAUSE = compiled(rf",\s+({NAME})\s+(?:{_ADVERB}[a-z]+ing\b|still\b|already\b)")


def group_leavers(sentence: str) -> list[str]:
    """The names, as written, of those a group's going tells going with it: "They went out, Tom still arguing, Ann
    humming." gives Tom and Ann."""
    if not _THEY_LEAVE.match(sentence) or _ANOTHER_TIME.search(sentence):
        return []
    return _WHILE_CLAUSE.findall(sentence)


def clause_leavers(sentence: str) -> list[str]:
    """The subjects, as written, of the clauses of `sentence` that tell them leaving: "Ann looked up as Tom walked
    out." gives Tom, "said Mrs. Norris, when Fanny had left the room" gives Fanny."""
    if not _ANY_LEAVING.search(sentence):
        return []  # most sentences: read at once, not clause by clause
    if had_gone := _HAD_GONE.findall(sentence):
        return had_gone
    if tagged := _TAG_THEN_LEAVING.findall(sentence):
        return tagged
    if _NOT_DONE.search(sentence) or _ANOTHER_TIME.search(sentence):
        return []
    return [
        found.group(1)
        for found in _CLAUSE_SUBJECT.finditer(sentence)
        if (_CLAUSE_OPENING if found.group(1)[0].isupper() else _SENTENCE_OPENING).search(sentence[: found.start()])
        and leaves_after_subject(sentence[found.end(1) :], sentence)
    ]
