"""Mentions to characters: titles kept apart, names shared by two people, words and places that are no one."""

from __future__ import annotations

import textwrap
from pathlib import Path

from fic2audio.characters import Character, alias_lookup, find_characters
from fic2audio.read import read_story
from fic2audio.segment import build_script


def characters(tmp_path: Path, body: str) -> dict[str, Character]:
    story = tmp_path / "story.txt"
    story.write_text("Title: T\n\n" + textwrap.dedent(body).strip() + "\n", encoding="utf-8")
    return {c.name: c for c in find_characters(build_script(read_story(story)))}


def owner(found: dict[str, Character], word: str) -> str | None:
    return alias_lookup(found.values()).get(word.casefold()) or None


def test_mrs_surname_is_not_the_daughter_with_a_first_name(tmp_path):
    found = characters(
        tmp_path,
        """
        Louisa Musgrove ran down the hill, and Mrs. Musgrove called after her. Louisa laughed at her mother.

        Mrs. Musgrove sat with Anne. Later Miss Musgrove and Louisa walked out, and Mrs. Musgrove slept in her chair.

        "Come back," said Mrs. Musgrove, and she waved. "We shall," said Louisa, and she ran.
        """,
    )
    assert owner(found, "mrs musgrove") != owner(found, "louisa")
    assert owner(found, "louisa") is not None and owner(found, "mrs musgrove") is not None


def test_mrs_surname_is_the_one_married_woman_of_that_name(tmp_path):
    found = characters(
        tmp_path,
        """
        Edna Pontellier sat on the porch, and she was tired. Mrs. Pontellier had swum, and Edna closed her eyes.

        Later Mrs. Pontellier walked to the beach, and she swam. Edna was happy there.
        """,
    )
    assert owner(found, "mrs pontellier") == owner(found, "edna") is not None


def test_a_first_name_two_people_share_goes_to_neither(tmp_path):
    """Charles Hayter and Charles Musgrove, both named in full: a bare "Charles" stays unplaced, not the wrong one's."""
    found = characters(
        tmp_path,
        """
        Charles Musgrove came in from the fields. Charles Hayter was with him, and Charles Hayter looked cross.

        Charles Musgrove laughed. Charles sat down, and Charles Hayter stood by the door while Charles ate.

        "Sit," said Charles Musgrove to Charles Hayter, and he pointed at a chair.
        """,
    )
    names = set(found)
    assert {"Charles Musgrove", "Charles Hayter"} <= names and "Charles" not in names
    assert owner(found, "charles") is None  # for either, by the scene; not a character of its own


def test_ranks_and_honorifics_are_kept_apart(tmp_path):
    found = characters(
        tmp_path,
        """
        Eleanor Tilney walked with her brother. Captain Tilney rode past, and Eleanor waved to him.

        Mr. Miller and Mrs. Miller came to dinner. Mr. Miller talked, and Mrs. Miller smiled at him. Dr Park came late.

        Eleanor sat with Mrs. Miller, and she listened while Captain Tilney and Dr Park argued.
        """,
    )
    assert owner(found, "captain tilney") != owner(found, "eleanor")
    assert owner(found, "mr miller") != owner(found, "mrs miller")
    assert owner(found, "dr park") is not None and "Dr" not in found and "Captain" not in found


def test_sentence_words_places_and_nationalities_are_no_one(tmp_path):
    found = characters(
        tmp_path,
        """
        Priya had lived in Lisbon for a year. Also she had a cat. Priya liked the Thames better than the Tagus.

        Moreover the Assyrian cook was kind, and Priya said so. It was also true that Priya missed the Thames.

        "Lisbon is warm," said Priya. Once more she drank. The Japanese tea was good, and moreover it was cheap.
        """,
    )
    assert set(found) == {"Priya"}


def test_miss_with_a_first_name_is_that_daughter(tmp_path):
    found = characters(
        tmp_path,
        """
        Marianne Dashwood played the piano. Marianne sang, and Miss Marianne was praised by all.

        Marianne smiled at her sister, and she played again.
        """,
    )
    assert owner(found, "miss marianne") == owner(found, "marianne") is not None


def test_a_name_with_a_particle_is_one_person_with_its_title(tmp_path):
    """ "Professor de Worms" is one man, "the Professor" and "Worms" besides; "De Griers" and "Monsieur de Griers" one too."""
    found = characters(
        tmp_path,
        """
        Syme met Professor de Worms at the gate. The Professor bowed to Syme, and he smiled. Worms was old.

        Syme saw De Griers later, and Monsieur de Griers bowed to Syme. Syme asked De Griers in, and he came.

        "Come," said the Professor. "Later," said Syme.
        """,
    )
    assert owner(found, "the professor") == owner(found, "professor de worms") == owner(found, "worms") is not None
    assert owner(found, "mr de griers") == owner(found, "de griers") is not None  # (monsieur is spelled mr in the keys)


def test_an_office_that_speaks_is_a_character_and_a_rank_goes_to_the_one_named_far_more(tmp_path):
    """ "said the Secretary" twice, never "secretary" in lower case: a man called by his office alone. Of two
    majors, "the Major" is the one the story names far more."""
    found = characters(
        tmp_path,
        """
        Syme sat with Major Callendar. Major Callendar drank, and Major Callendar laughed. Major Roberts was away.

        "No," said the Secretary. Syme looked at the Secretary, and he frowned.

        "Yes," said Syme. "Never," said the Secretary. Major Callendar nodded.
        """,
    )
    assert "the Secretary" in found and owner(found, "secretary") == "the Secretary"
    assert owner(found, "the major") == owner(found, "major callendar") is not None


def test_miss_surname_beside_two_sisters_is_neither_for_sure(tmp_path):
    """ "Miss Bertram" is the eldest daughter, not Julia because Julia was once "Miss Julia Bertram"."""
    found = characters(
        tmp_path,
        """
        Maria Bertram and Julia Bertram walked out, and Miss Julia Bertram ran ahead. Maria laughed at her.

        Miss Bertram sat down, and she was tired. Julia came back, and Maria Bertram smiled at her.
        """,
    )
    assert owner(found, "miss bertram") != owner(found, "julia") is not None
