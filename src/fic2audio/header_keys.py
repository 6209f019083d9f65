"""Header keys as fics write them, grouped by what they mean: the one table of synonyms.

Reading uses it to tell a header from the story, the script to order what the header says and to leave
counts unspoken, the tags and the listener's choices to find title, author, warnings and notes. Plain
tuples and no imports, so any module (model.py included) can use it without an import loop.
"""

from __future__ import annotations

# Groups in the order a listener wants them spoken; the first key of each names the group.
TITLE = ("title",)
AUTHOR = ("author", "authors", "by", "written by")
FANDOM = ("fandom", "fandoms")
PAIRING = ("pairing", "pairings", "relationship", "relationships", "ship")
CHARACTERS = ("characters", "character")
RATING = ("rating", "rated")
WARNINGS = ("warnings", "warning", "archive warning", "archive warnings")
CATEGORY = ("category", "categories")
GENRE = ("genre", "genres")
SETTING = ("time", "timeline", "setting")
SPOILERS = ("spoilers",)
SUMMARY = ("summary",)
STATUS = ("status",)
DISCLAIMER = ("disclaimer",)
SPOKEN_ORDER = (
    TITLE,
    AUTHOR,
    FANDOM,
    PAIRING,
    CHARACTERS,
    RATING,
    WARNINGS,
    CATEGORY,
    GENRE,
    SETTING,
    SPOILERS,
    SUMMARY,
    STATUS,
    DISCLAIMER,
)

# Keys that also open an author's note in the body: alone, they do not make a paragraph a header.
NOTES = ("notes", "note", "author's note", "author's notes", "a/n")
# Where the story lives and how long it is: header keys, kept in the metadata, never spoken.
RECORDS = ("url", "source", "words", "word count", "published", "updated", "stats", "chapters")
# The archives' counters: never spoken either, but too common in prose ("Comments: none") to mark a header.
COUNTERS = ("reviews", "favs", "follows", "id", "kudos", "hits", "bookmarks", "comments")
UNSPOKEN = RECORDS + COUNTERS
# Other keys a header block holds; with the groups above, what makes a `Key: value` paragraph a header.
OTHER = (
    "beta",
    "beta reader",
    "dedication",
    "feedback",
    "distribution",
    "archive",
    "series",
    "language",
    "completed",
    "tags",
    "additional tags",
    "freeform",
    "prompt",
    "length",
    "collections",
    "part",
    "sequel to",
    "prequel to",
    "challenge",
    "written for",
)
KNOWN = frozenset(key for group in (*SPOKEN_ORDER, NOTES, RECORDS, OTHER) for key in group)
