"""Issue 7: AO3, FanFicFare, generic HTML/EPUB and folders read into the same story as the text file."""

from __future__ import annotations

import os
import shutil
import zipfile
from pathlib import Path

import pytest

from fic2audio.errors import InputError
from fic2audio.listening import ListeningChoices, script_for
from fic2audio.model import BlockKind, Kind, Pause
from fic2audio.read import read_story
from fic2audio.read.folder import natural_key
from fic2audio.read.html import html_blocks, parse_html

FIXTURES = Path(__file__).parent / "fixtures" / "formats"


def zip_tree(folder: Path, target: Path) -> Path:
    """An EPUB of a fixture tree: `mimetype` first and stored, the rest deflated, as the spec asks."""
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as book:
        book.write(folder / "mimetype", "mimetype", compress_type=zipfile.ZIP_STORED)
        for root, _, files in sorted(os.walk(folder)):
            for name in sorted(files):
                full = Path(root) / name
                member = full.relative_to(folder).as_posix()
                if member != "mimetype":
                    book.write(full, member)
    return target


def source(kind: str, tmp_path: Path) -> Path:
    if kind.endswith("_epub"):
        return zip_tree(FIXTURES / kind, tmp_path / f"{kind}.epub")
    if kind == "folder":
        folder = tmp_path / "lantern"
        shutil.copytree(FIXTURES / "lantern_folder", folder)
        return folder
    return FIXTURES / kind


def body(script) -> list[tuple[str, list[tuple[str, str, str]]]]:
    """The story as read: chapter titles and every segment but notes, with its kind and pause."""
    return [
        (ch.title, [(s.kind.value, s.text, s.pause.value) for s in ch.segments if s.kind is not Kind.NOTE])
        for ch in script.chapters[1:]
    ]


# What each source can say about the work; a plain page or book has no rating to give.
CARRIED = {"generic_lantern.html": ("title", "author"), "generic_epub": ("title", "author", "summary")}
SOURCES = [
    "ao3_lantern.html",
    "ao3_epub",
    "fff_lantern.html",
    "fff_lantern.txt",
    "fff_epub",
    "generic_lantern.html",
    "generic_epub",
    "folder",
]


@pytest.mark.parametrize("kind", SOURCES)
def test_every_source_reads_as_its_text_equivalent(kind, tmp_path):
    expected_story = read_story(FIXTURES / "lantern.txt")
    expected = script_for(expected_story)
    story = read_story(source(kind, tmp_path))
    got = script_for(story)
    assert body(got) == body(expected)
    for key in CARRIED.get(kind, ("title", "author", "rating", "summary")):
        assert story.metadata.get(key) == expected_story.metadata.get(key), key


def test_the_text_equivalent_has_thoughts_poetry_and_breaks():
    """Guards the comparison above: the shared reading really holds what the formats must carry."""
    script = script_for(read_story(FIXTURES / "lantern.txt"))
    segments = [s for ch in script.chapters for s in ch.segments]
    assert any(s.kind is Kind.THOUGHT and s.text == "They never do," for s in segments)
    assert any(s.kind is Kind.THOUGHT and s.text == "We actually did it." for s in segments)
    assert [s.pause for s in segments if "light for the" in s.text.casefold()] == [Pause.LINE] * 3
    assert sum(s.pause is Pause.SCENE for s in segments) == 2
    assert [ch.title for ch in script.chapters[1:]] == ["Chapter 1: The Lamp Room", "Chapter 2: Morning"]


@pytest.mark.parametrize("kind", ["ao3_lantern.html", "ao3_epub", "fff_lantern.html", "fff_lantern.txt", "fff_epub"])
def test_archive_downloads_carry_the_work_url(kind, tmp_path):
    story = read_story(source(kind, tmp_path))
    assert story.metadata.get("url") == "https://archiveofourown.org/works/4242424"
    assert script_for(story).to_dict()["metadata"]["URL"] == "https://archiveofourown.org/works/4242424"


@pytest.mark.parametrize("kind", ["ao3_lantern.html", "ao3_epub"])
def test_ao3_preface_tags_and_notes(kind, tmp_path):
    story = read_story(source(kind, tmp_path))
    fields = dict(story.metadata.fields)
    assert fields["Archive Warning"] == "Major Character Death"
    assert fields["Fandom"] == "Harbor Lights (TV)"
    assert fields["Characters"] == "Mara, Ines"
    assert fields["Additional Tags"] == "Lighthouses, Storms"
    assert fields["Series"] == "Part 2 of Harbor Nights"
    assert fields["Notes"] == "Written for the winter swap."
    assert fields["Words"] == "412"
    notes = [(b.role, b.text) for ch in story.chapters for b in ch.blocks if b.kind is BlockKind.NOTE]
    assert notes == [
        ("summary", "Chapter summary: The storm arrives early."),
        ("notes", "Chapter notes: Thank you to my beta for the commas."),
        ("end notes", "Chapter end notes: The rhyme is my own."),
        ("end notes", "End notes: Thanks for reading!"),
    ]
    words = " ".join(b.text for ch in story.chapters for b in ch.blocks)
    assert "Please drop by" not in words and "See the end" not in words and "Posted originally" not in words


def _notes_heard(script) -> list[str]:
    return [s.text for ch in script.chapters for s in ch.segments if s.kind is Kind.NOTE]


def _header(script) -> list[str]:
    return [s.text for s in script.chapters[0 if script.chapters[0].title == "Introduction" else 1].segments]


def test_notes_all_summary_none():
    story = read_story(FIXTURES / "ao3_lantern.html")
    everything = script_for(story, ListeningChoices(notes="all"))
    summaries = script_for(story, ListeningChoices(notes="summary"))
    silent = script_for(story, ListeningChoices(notes="none"))
    assert len(_notes_heard(everything)) == 4
    assert _notes_heard(summaries) == ["Chapter summary: The storm arrives early."]
    assert _notes_heard(silent) == []
    assert any(t.startswith("Summary:") for t in _header(summaries)) and any(t.startswith("Notes:") for t in _header(everything))
    assert not any(t.startswith("Notes:") for t in _header(summaries))
    assert not any(t.startswith(("Summary:", "Notes:")) for t in _header(silent))
    # The story itself is read whole whatever the choice.
    assert body(everything) == body(summaries) == body(silent)


def test_notes_none_keeps_the_end_of_a_text_story(tmp_path):
    path = tmp_path / "fic.txt"
    path.write_text("Title: Gull\nAuthor: Tern\n\nA/N: my first fic!\n\nThe gull flew.\n\nThe End\n", encoding="utf-8")
    texts = [s.text for ch in script_for(read_story(path), ListeningChoices(notes="none")).chapters for s in ch.segments]
    assert "The gull flew." in texts and "The End" in texts
    assert not any("first fic" in t for t in texts)


@pytest.mark.parametrize("kind, key", [("ao3_lantern.html", "Archive Warning"), ("fff_lantern.html", "Warnings")])
def test_warnings_as_a_chapter_of_their_own(kind, key):
    story = read_story(FIXTURES / kind)
    plain = script_for(story)
    split = script_for(story, ListeningChoices(warnings=True))
    assert [ch.title for ch in split.chapters[:2]] == ["Warnings", "Introduction"]
    assert [s.text for s in split.chapters[0].segments] == [f"{key}: Major Character Death"]
    assert not any("Major Character Death" in t for t in (s.text for s in split.chapters[1].segments))
    assert any("Major Character Death" in s.text for s in plain.chapters[0].segments)
    assert split.chapters[2:] == plain.chapters[1:]


def test_credits_name_the_author_and_the_synthetic_voice():
    story = read_story(FIXTURES / "ao3_lantern.html")
    header = [s.text for s in script_for(story).chapters[0].segments]
    assert "synthetic" in header[-2] and "quietmoth" in header[-2] and "The Lantern Keeper" in header[-2]
    assert header[-1] == "All credit for the story goes to quietmoth."
    without = [s.text for s in script_for(story, ListeningChoices(credits=False)).chapters[0].segments]
    assert not any("synthetic" in t for t in without)


def test_unknown_notes_choice_is_a_usage_error():
    from fic2audio.errors import UsageError

    with pytest.raises(UsageError, match="--notes"):
        script_for(read_story(FIXTURES / "lantern.txt"), ListeningChoices(notes="some"))


# --- folders and several files -------------------------------------------------------------------
def test_natural_order():
    names = ["ch10.txt", "ch2.txt", "Ch1.txt", "ch1b.txt", "epilogue.txt"]
    assert sorted(names, key=natural_key) == ["Ch1.txt", "ch1b.txt", "ch2.txt", "ch10.txt", "epilogue.txt"]


def test_folder_chapters_in_natural_order_with_header_from_first_file(tmp_path):
    folder = tmp_path / "fic"
    folder.mkdir()
    (folder / "ch1.txt").write_text("Title: Tide\nAuthor: Wren\n\nChapter 1\n\nOne.\n", encoding="utf-8")
    for n in (2, 10, 3):
        (folder / f"ch{n}.txt").write_text(f"Some words, number {n}.\n", encoding="utf-8")
    (folder / "notes.pdf").write_bytes(b"%PDF-1.4 not a chapter")
    story = read_story(folder)
    assert story.metadata.title == "Tide" and story.metadata.author == "Wren"
    assert [ch.title for ch in story.chapters] == ["Chapter 1", "ch2", "ch3", "ch10"]
    several = read_story([folder / "ch10.txt", folder / "ch2.txt", folder / "ch1.txt"])
    assert [ch.title for ch in several.chapters] == ["Chapter 1", "ch2", "ch10"]


def test_folder_metadata_toml_errors_name_the_file(tmp_path):
    folder = tmp_path / "fic"
    folder.mkdir()
    (folder / "a.txt").write_text("Some text.\n", encoding="utf-8")
    (folder / "metadata.toml").write_text("title = \n", encoding="utf-8")
    with pytest.raises(InputError, match="metadata.toml"):
        read_story(folder)


def test_empty_folder_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="no chapter files"):
        read_story(tmp_path)


# --- HTML details --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "markup, expected",
    [
        ("<p><em>Run,</em> she thought.</p>", ["_Run,_ she thought."]),
        ("<p>un<em>believ</em>able</p>", ["unbelievable"]),
        ('<p><em>"Hi,"</em> she said.</p>', ['"_Hi,_" she said.']),
        ("<p><i>snake_case</i> names</p>", ["*snake_case* names"]),
        ("<p><em>Wait </em>for me.</p>", ["_Wait_ for me."]),
        ("<p>a<br/>b<br/><br/>c</p>", ["a\nb", "c"]),
        ("<div>Text &amp; more&nbsp;here</div>", ["Text & more here"]),
        ("<p><em>Line one<br/>line two</em></p>", ["_Line one_\n_line two_"]),
    ],
)
def test_html_paragraph_text(markup, expected):
    blocks = html_blocks(parse_html(f"<body>{markup}</body>").body)
    assert [b.text for b in blocks if b.kind is BlockKind.PARAGRAPH] == expected


@pytest.mark.parametrize(
    "markup, breaks",
    [
        ("<p>a</p><hr/><p>b</p>", 1),
        ('<p>a</p><p style="text-align:center">~</p><p>b</p>', 1),
        ("<p>a</p><center>&#10087;</center><p>b</p>", 1),
        ("<p>a</p><p>oOo</p><p>b</p>", 1),
        ("<p>a</p><p>* * *</p><p>b</p>", 1),
        ('<p>a</p><p>"..."</p><p>b</p>', 0),
        ("<p>a</p><p>?</p><p>b</p>", 0),
        ('<p>a</p><p align="center">Later</p><p>b</p>', 0),
    ],
)
def test_scene_breaks(markup, breaks):
    blocks = html_blocks(parse_html(f"<body>{markup}</body>").body)
    assert sum(b.kind is BlockKind.SCENE_BREAK for b in blocks) == breaks


def test_scripts_and_styles_are_never_read():
    story = read_story(FIXTURES / "generic_lantern.html")
    words = " ".join(s.text for ch in script_for(story).chapters for s in ch.segments)
    assert "watches" not in words and "alert" not in words and "text-indent" not in words


def test_html_in_a_text_extension_is_detected_by_content(tmp_path):
    renamed = tmp_path / "download.txt"
    renamed.write_bytes((FIXTURES / "ao3_lantern.html").read_bytes())
    assert read_story(renamed).metadata.get("archive warning") == "Major Character Death"
    epub = zip_tree(FIXTURES / "fff_epub", tmp_path / "book.bin")
    assert read_story(epub).chapters[0].title == "Chapter 1: The Lamp Room"


# --- formats we cannot read ----------------------------------------------------------------------
def _palm_book(version: int) -> bytes:
    header = bytearray(78 + 8)
    header[60:68] = b"BOOKMOBI"
    record0 = len(header)
    header[78:82] = record0.to_bytes(4, "big")
    record = bytearray(64)
    record[16:20] = b"MOBI"
    record[36:40] = version.to_bytes(4, "big")
    return bytes(header + record) + b"text" * 100


@pytest.mark.parametrize(
    "data, named",
    [(b"%PDF-1.7\n%binary", "PDF"), (_palm_book(6), "MOBI"), (_palm_book(8), "AZW3")],
)
def test_ebook_formats_name_what_to_download_instead(data, named, tmp_path):
    path = tmp_path / "story.bin"
    path.write_bytes(data)
    with pytest.raises(InputError) as caught:
        read_story(path)
    message = str(caught.value)
    assert named in message and "EPUB or HTML" in message and "\n" not in message


def test_cli_plan_with_choices(capsys):
    import json

    from fic2audio.cli import main

    main(["plan", str(FIXTURES / "ao3_lantern.html"), "--json", "--notes", "none", "--warnings"])
    plan = json.loads(capsys.readouterr().out)
    assert plan["chapters"][0]["title"] == "Warnings"
    assert not any(s["kind"] == "note" for ch in plan["chapters"] for s in ch["segments"])
    assert plan["metadata"]["URL"] == "https://archiveofourown.org/works/4242424"


def test_cli_several_files_as_chapters(tmp_path, capsys):
    import json

    from fic2audio.cli import main

    for n in (10, 9):
        (tmp_path / f"part{n}.txt").write_text(f"Words of part {n}.\n", encoding="utf-8")
    main(["plan", str(tmp_path / "part10.txt"), str(tmp_path / "part9.txt"), "--json"])
    plan = json.loads(capsys.readouterr().out)
    assert [ch["title"] for ch in plan["chapters"][1:]] == ["part9", "part10"]


@pytest.mark.real_audio
def test_ao3_epub_renders_with_chapters_and_the_work_url(tmp_path, fake_engine):
    """Through the real pipeline and ffmpeg: a chapter per part, the warnings first, the URL tagged."""
    from conftest import fake_voices_toml, ffprobe
    from mutagen.id3 import ID3

    from fic2audio.pipeline import RenderOptions, build_audiobook

    book = zip_tree(FIXTURES / "ao3_epub", tmp_path / "lantern.epub")
    options = RenderOptions(output=tmp_path / "lantern.mp3", voices=fake_voices_toml(tmp_path), warnings=True, notes="summary")
    result = build_audiobook(book, options)
    tags = ID3(result.path)
    chapters = sorted((c.start_time, c.sub_frames.getall("TIT2")[0].text[0]) for c in tags.getall("CHAP"))
    assert [title for _, title in chapters] == ["Warnings", "Introduction", "Chapter 1: The Lamp Room", "Chapter 2: Morning"]
    assert tags.getall("TXXX:URL")[0].text == ["https://archiveofourown.org/works/4242424"]
    assert float(ffprobe(Path(result.path))["format"]["duration"]) * 1000 >= chapters[-1][0]
    spoken = [text for text, _ in fake_engine.calls]
    assert "Chapter summary: The storm arrives early." in spoken
    assert not any("beta" in text for text in spoken)


def test_ao3_one_shot_reads_its_text_as_one_chapter():
    """A one-chapter work has no chapter heading: the template prints the text straight into #chapters."""
    story = read_story(FIXTURES / "ao3_oneshot.html")
    assert story.metadata.title == "Salt and Brass"
    assert story.metadata.get("url") == "https://archiveofourown.org/works/5151515"
    assert [ch.title for ch in story.chapters] == ["Salt and Brass"]
    assert [(b.kind.value, b.text) for b in story.chapters[0].blocks] == [
        ("heading", "The Letter"),
        ("paragraph", "Mara found the letter in the oil store."),
        ("paragraph", "Keep the light burning. I am coming home."),
        ("paragraph", "_He wrote it before the storm,_ she thought."),
    ]


def test_ao3_short_preface_still_gives_title_and_author(tmp_path):
    """A work with one tag and no summary: the whole preface is shorter than the notes of others."""
    page = tmp_path / "short.html"
    page.write_text(
        '<html><body><div id="preface"><h2 class="toc-heading">Preface</h2><p class="message"><b>Gull</b><br/>'
        'Posted originally on the <a href="https://archiveofourown.org/">Archive of Our Own</a> at '
        '<a href="https://archiveofourown.org/works/9">https://archiveofourown.org/works/9</a>.</p>'
        '<div class="meta"><dl class="tags"><dt>Rating:</dt><dd>General Audiences</dd></dl><h1>Gull</h1>'
        '<div class="byline">by <a rel="author" href="https://archiveofourown.org/users/tern">tern</a></div></div></div>'
        '<div id="chapters" class="userstuff"><div class="userstuff"><p>The gull flew.</p></div></div></body></html>',
        encoding="utf-8",
    )
    story = read_story(page)
    assert (story.metadata.title, story.metadata.author, story.metadata.get("rating")) == ("Gull", "tern", "General Audiences")
    assert [b.text for ch in story.chapters for b in ch.blocks] == ["The gull flew."]


def test_generic_html_with_a_text_style_header(tmp_path):
    page = tmp_path / "saved.html"
    page.write_text(
        "<html><head><title>saved page</title></head><body><p>For my sister.</p>"
        "<p>Title: Gull<br>Author: tern<br>Rating: G<br>Summary: A bird, a boat.</p>"
        "<p>The gull flew.</p><p><em>Not again,</em> thought the boat.</p></body></html>",
        encoding="utf-8",
    )
    story = read_story(page)
    assert (story.metadata.title, story.metadata.author, story.metadata.get("summary")) == ("Gull", "tern", "A bird, a boat.")
    assert story.metadata.preface == ("For my sister.",)
    assert [b.text for ch in story.chapters for b in ch.blocks] == ["The gull flew.", "_Not again,_ thought the boat."]
    assert [ch.title for ch in story.chapters] == ["Gull"]


def test_ao3_epub_one_shot_without_a_chapters_id(tmp_path):
    """Calibre keeps #preface but a split file may lose #chapters: the text after the preface is the work."""
    folder = tmp_path / "tree"
    shutil.copytree(FIXTURES / "ao3_epub", folder)
    preface = (folder / "The_Lantern_Keeper_split_000.xhtml").read_text(encoding="utf-8")
    (folder / "The_Lantern_Keeper_split_001.xhtml").write_text(
        preface.split('<div id="preface">')[0]
        + '<div class="calibre1"><h1 class="calibre9">Storm Log</h1><div>by the keeper</div><ul><li>Lamp lit.</li></ul>'
        + "<p>The end of the watch.</p></div></body></html>",
        encoding="utf-8",
    )
    for name in ("The_Lantern_Keeper_split_002.xhtml", "The_Lantern_Keeper_split_003.xhtml"):
        (folder / name).write_text('<html><body class="calibre"><p class="calibre2"></p></body></html>', encoding="utf-8")
    story = read_story(zip_tree(folder, tmp_path / "oneshot.epub"))
    assert story.metadata.title == "The Lantern Keeper"
    assert [b.text for ch in story.chapters for b in ch.blocks] == [
        "Storm Log",
        "by the keeper",
        "Lamp lit.",
        "The end of the watch.",
    ]


def test_an_old_text_fic_ending_end_file_is_not_taken_for_fanficfare(tmp_path):
    path = tmp_path / "old.txt"
    path.write_text("Gull\nby tern\n\n\tThe gull flew over the bay.\n\n\tThe boat followed.\n\nEnd file.\n", encoding="utf-8")
    story = read_story(path)
    assert len(story.chapters) == 1
    words = [b.text for ch in story.chapters for b in ch.blocks]
    assert "The gull flew over the bay." in words and "The boat followed." in words


def test_fanficfare_text_one_chapter_without_contents(tmp_path):
    path = tmp_path / "one.txt"
    path.write_bytes(
        b"\r\n\r\n\r\nGull\r\n\r\nby tern\r\n\r\n\r\n\r\nRating: G\r\nSummary: A bird.\r\n\r\n\r\n\r\n\r\n\r\n\tGull\r\n\r\n"
        b"The gull flew over the bay, and the \\*boat\\* followed it all the way home to the\r\nharbor.\r\n\r\n\r\n\r\nEnd file.\r\n"
    )
    story = read_story(path)
    assert (story.metadata.title, story.metadata.author, story.metadata.get("rating")) == ("Gull", "tern", "G")
    assert [(b.kind.value, b.text) for ch in story.chapters for b in ch.blocks] == [
        ("heading", "Gull"),
        ("paragraph", "The gull flew over the bay, and the *boat* followed it all the way home to the harbor."),
    ]


def test_a_saved_archive_page_reads_only_the_story_container(tmp_path):
    page = tmp_path / "saved.html"
    page.write_text(
        "<html><head><title>Gull Ch 1, a bird fanfic | Archive</title></head><body>"
        "<div id='top'><a href='/'>Home</a> <a href='/login'>Log in</a></div>"
        "<div class='storytext' id='storytext'><p>The gull flew.</p><div class='storytext'><p>It landed.</p></div></div>"
        "<div id='reviews'><p>Great story! Update soon!</p></div><footer>Privacy policy</footer></body></html>",
        encoding="utf-8",
    )
    words = [b.text for ch in read_story(page).chapters for b in ch.blocks]
    assert words == ["The gull flew.", "It landed."]


def test_html_text_gets_the_text_readers_character_repairs():
    markup = "<body><p>It\u00e2\u20ac\u2122s late.</p><p>&lt;i&gt;Run,&lt;/i&gt; she thought.</p></body>"
    blocks = html_blocks(parse_html(markup).body)
    assert [b.text for b in blocks] == ["It\u2019s late.", "_Run,_ she thought."]


# --- archive pages kept as text: a conversion of AO3's download, and a copy from the browser -----------


def _lines(story) -> list[tuple[str, str]]:
    from fic2audio.segment import build_script

    return [(s.kind.value, s.text) for ch in build_script(story).chapters for s in ch.segments]


def test_ao3_text_conversion_has_its_header_sections_and_notes_in_place():
    story = read_story(FIXTURES / "ao3_converted.txt")
    fields = dict(story.metadata.fields)
    assert story.title == "Small Hours" and story.metadata.author == "nightowl"
    assert fields["Summary"] == "Buffy can't sleep. Spike never does."
    assert fields["Notes"] == "For my sister, who asked."
    assert fields["URL"] == "https://archiveofourown.org/works/12345678"  # as the HTML reader keeps it
    assert [ch.title for ch in story.chapters] == ["Chapter 1: Patrol", "Chapter 2: Home", "Afterword"]
    lines = _lines(story)
    assert ("narration", "Chapter Text") not in lines and ("narration", "Summary") not in lines  # page chrome
    assert ("note", "More soon!") in lines and ("note", "Thanks for reading.") in lines
    assert ("narration", "The cemetery was quiet.") in lines and ("narration", "Dawn was waiting up.") in lines
    assert not any("Posted originally" in text for _, text in lines)


def test_ao3_page_copied_from_the_browser_reads_the_same_way():
    story = read_story(FIXTURES / "ao3_browser_copy.txt")
    fields = dict(story.metadata.fields)
    assert story.title == "Gas Station Roses" and story.metadata.author == "bluebirdsong"
    assert fields["Summary"] == "Dean buys flowers. Cas is confused."
    assert fields["Notes"] == "Written for a prompt on tumblr."
    assert fields["Rating"] == "Teen And Up Audiences"
    body = [(k, t) for k, t in _lines(story) if k != "header"]
    assert body[0] == ("narration", "Dean came back from the gas station with a bunch of roses.")
    assert ("narration", "Work Text:") not in body


def test_fanfiction_net_page_copy_gives_title_byline_summary_and_stats():
    story = read_story(FIXTURES / "ffn_page_copy.txt")
    fields = dict(story.metadata.fields)
    assert story.title == "Ink and Ashes" and story.metadata.author == "quillfeather"
    assert fields["Summary"].startswith("Draco Malfoy has one month") and fields["Summary"].endswith("eighth year.")
    assert (fields["Rating"], fields["Language"], fields["Genre"], fields["Characters"]) == (
        "T",
        "English",
        "Romance, Drama",
        "Harry P., Draco M.",
    )
    assert fields["Words"] == "3,210" and fields["id"] == "13245768"
    header = [s.text for s in _spoken_header(story)]
    assert "Rated T" in header and not any("Favs" in t or "13245768" in t or "Reviews" in t for t in header)  # counts unspoken
    lines = _lines(story)
    assert ("note", "Disclaimer: I own nothing.") in lines and ("note", "A/N: First fic in years, be gentle!") in lines


def _spoken_header(story):
    from fic2audio.segment import header_segments

    return header_segments(story.metadata)


def test_a_journal_entry_with_bold_labels_and_a_bold_chapter_line():
    story = read_story(FIXTURES / "journal_entry.html")
    fields = dict(story.metadata.fields)
    assert story.title == "Winter Light" and story.metadata.author == "frostfern" and fields["Pairing"] == "John/Sherlock"
    assert [ch.title for ch in story.chapters] == ["Chapter One"]
    lines = _lines(story)
    assert ("dialogue", "It’s broken,") in lines and ("thought", "Obviously,") in lines
