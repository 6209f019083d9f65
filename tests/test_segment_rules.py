"""Table tests for the segmenting rules: quote style evidence, spans, thought marks and kept line breaks."""

from __future__ import annotations

import itertools

import pytest

from fic2audio.model import Block, BlockKind, Chapter, Kind, Metadata, Pause, Story
from fic2audio.pipeline import plan_story
from fic2audio.quotes import dialogue_quote_style, split_spans
from fic2audio.segment import block_segments

D, N, T = Kind.DIALOGUE, Kind.NARRATION, Kind.THOUGHT


def _story(*paragraphs: str) -> Story:
    return Story(Metadata(), (Chapter("One", tuple(Block(BlockKind.PARAGRAPH, p) for p in paragraphs)),), "s")


@pytest.mark.parametrize(
    ("paragraphs", "style"),
    [
        (["'Hello,' she said.", "'Bye.'"], "single"),
        (["‘Hello,’ she said.", "‘Bye.’"], "single"),
        (["'She said \"no\",' he said.", "'Right,' said Xander."], "single"),  # nested doubles
        (["'Get 'em,' he said. 'Now.'", "It's the twins' room, rock 'n' roll, the '90s."], "single"),
        (['"Hello," she said.', "He called it 'home', and 'em too, in the '90s."], "double"),
        (["She said 'screw this all' and left.", "It's fine."], "double"),  # no speech evidence at all
        (["No quotes here.", "None."], "double"),
        (["— Hi, — he said.", "—Bye.", "― Wait!", "He left."], "dash"),  # speech led by a dash
        (["— Hi, — he said.", "— Bye.", "He left."], "double"),  # two lines are too few to tell
        (['"Hi," he said. "Bye."', '"Wait!"', "— Stop.", "— Go.", "— Now."], "double"),  # fewer than the marks
    ],
)
def test_quote_style_from_evidence(paragraphs, style):
    assert dialogue_quote_style(_story(*paragraphs)) == style


@pytest.mark.parametrize(
    ("text", "style", "spans"),
    [
        ('"Hi," she said.', "double", [(D, "Hi,"), (N, "she said.")]),
        ("“Hi,” she said.", "double", [(D, "Hi,"), (N, "she said.")]),
        (
            '" Of shoes, sir," said Giles.',
            "double",
            [(D, "Of shoes, sir,"), (N, "said Giles.")],
        ),  # a space after the opening mark
        ('He said " and then left.', "double", [(N, 'He said " and then left.')]),  # mid-paragraph: no opening
        ("«Oui», dit-il.", "double", [(D, "Oui"), (N, ", dit-il.")]),
        # the corner brackets of a translation from Chinese or Japanese
        ("「I'm fine,」 he said. 「Really.」", "double", [(D, "I'm fine,"), (N, "he said."), (D, "Really.")]),
        ("『Mei Lin!』 Ah Jun called.", "double", [(D, "Mei Lin!"), (N, "Ah Jun called.")]),
        ("\"She said 'no,' then left,\" he said.", "double", [(D, "She said 'no,' then left,"), (N, "he said.")]),
        ("'The twins' train left,' she said.", "single", [(D, "The twins' train left,"), (N, "she said.")]),
        ("'Yes' she said. 'No,' he said.", "single", [(D, "Yes"), (N, "she said."), (D, "No,"), (N, "he said.")]),
        ("'Get 'em out,' he said.", "single", [(D, "Get 'em out,"), (N, "he said.")]),
        ("'It began in spring.", "single", [(D, "It began in spring.")]),  # runs on into the next paragraph
        ("'...Tobin.'", "single", [(D, "...Tobin.")]),  # a line that trails in on three dots, as on "…"
        ("'...and then,' he said.", "single", [(D, "...and then,"), (N, "he said.")]),
        ("'. . . out,' said Mara.", "single", [(D, ". . . out,"), (N, "said Mara.")]),  # the dots spaced
        # dialect that drops letters: a mark before a lower-case word, after a word, opens nothing ("leave 'er")
        (
            "'She's 'avin' a bad time. Can't leave 'er.' Jos sighed.",
            "single",
            [(D, "She's 'avin' a bad time. Can't leave 'er."), (N, "Jos sighed.")],
        ),
        (
            "'Stuck o' this side wi' 'er car an' 'ere I am,' said Aggie.",
            "single",
            [
                (D, "Stuck o' this side wi' 'er car an' 'ere I am,"),
                (N, "said Aggie."),
            ],
        ),
        # an old archive's ``double backticks'', with a plain double mark quoted inside
        (
            "``She said, \"Amos, no.\"'' He smiled. ``Fine,'' said Bell.",
            "double",
            [(D, 'She said, "Amos, no."'), (N, "He smiled."), (D, "Fine,"), (N, "said Bell.")],
        ),
        ("He'd 'ave a go.", "single", [(N, "He'd 'ave a go.")]),  # an unclosed mark mid-sentence is an elision
        ("'Round one, pens ready,' said Col.", "single", [(D, "Round one, pens ready,"), (N, "said Col.")]),
        ("'Round the back, the bins stank.", "single", [(N, "'Round the back, the bins stank.")]),  # never closed
        ('"I don\'t—" "You do."', "double", [(D, "I don't—"), (D, "You do.")]),
        ("*I should go,* she thought.", "double", [(T, "I should go,"), (N, "she thought.")]),
        ("_Not again._", "double", [(T, "Not again.")]),
        ("/Where is it?/ she wondered.", "double", [(T, "Where is it?"), (N, "she wondered.")]),
        ("He was *so* tired.", "double", [(N, "He was so tired.")]),
        # speech in angle brackets before its tag (mind-speech, a foreign tongue); without a tag, brackets stay text
        ("<Can you hear me?> Jean asked.", "double", [(D, "Can you hear me?"), (N, "Jean asked.")]),
        ("<<Loud and clear,>> he said.", "single", [(D, "Loud and clear,"), (N, "he said.")]),
        ("She typed <3 and <br> and hit send.", "double", [(N, "She typed <3 and <br> and hit send.")]),
        ("<Pika!> The mouse ran off.", "double", [(N, "<Pika!> The mouse ran off.")]),
        # a flashback in italics, two sentences or more all told as narration, is narration; a thought is not so told
        (
            "*She had been seven when her mother left. The house was cold that winter.*",
            "double",
            [(N, "She had been seven when her mother left. The house was cold that winter.")],
        ),
        ("*She was late again. I hate this.*", "double", [(T, "She was late again. I hate this.")]),
        ("*He was never coming back.*", "double", [(T, "He was never coming back.")]),
        ("*He left. He always left,* she thought.", "double", [(T, "He left. He always left,"), (N, "she thought.")]),
        # dash-led speech: a dash before a tag ends it, the next one opens it again; others are the speaker's pauses
        ("— I'm fine, — he said. — Really.", "dash", [(D, "I'm fine,"), (N, "he said."), (D, "Really.")]),
        (
            "—I was— I mean, no —he muttered—. Let's go.",
            "dash",
            [(D, "I was— I mean, no"), (N, "he muttered."), (D, "Let's go.")],
        ),
        ("— Are you sure? she asked.", "dash", [(D, "Are you sure?"), (N, "she asked.")]),  # a tag with no dash before it
        ("— Go. It's late.", "dash", [(D, "Go. It's late.")]),
        ("He shrugged — it was not his problem — and left.", "dash", [(N, "He shrugged — it was not his problem — and left.")]),
        # fan fiction's tildes (anime fandoms): ~...~ wraps a thought, as * and _ do; a lone tilde is no mark
        ("~Why me?~ she wondered.", "double", [(T, "Why me?"), (N, "she wondered.")]),
        ("Sakura sighed. ~Idiot.~", "double", [(N, "Sakura sighed."), (T, "Idiot.")]),
        ("It was ~so~ cold.", "double", [(N, "It was so cold.")]),
        ('"Hi~!" she waved. "It\'s ~5 minutes away."', "double", [(D, "Hi~!"), (N, "she waved."), (D, "It's ~5 minutes away.")]),
        (
            "The room was dark. ~ ~ ~ He said it was fine~ and left.",
            "double",
            [(N, "The room was dark. ~ ~ ~ He said it was fine~ and left.")],
        ),
        ("It was _her_ fault.", "double", [(N, "It was her fault.")]),
        (
            "the and/or clause, see /r/fic and http://x.org/a/b",
            "double",
            [(N, "the and/or clause, see /r/fic and http://x.org/a/b")],
        ),
        ('"I was *so* tired," she said.', "double", [(D, "I was so tired,"), (N, "she said.")]),
        ('"Idiot," she thought.', "double", [(T, "Idiot,"), (N, "she thought.")]),
        ("'Why?' Buffy wondered.", "double", [(T, "Why?"), (N, "Buffy wondered.")]),
        ('He thought, "Not again."', "double", [(N, "He thought,"), (T, "Not again.")]),
        # A lead with "to himself" makes the quotation a thought too (it was read as dialogue).
        ('He thought to himself, "Not again."', "double", [(N, "He thought to himself,"), (T, "Not again.")]),
        ('She wondered to herself: "Why now?"', "double", [(N, "She wondered to herself:"), (T, "Why now?")]),
        ('She realized, "He knows."', "double", [(N, "She realized,"), (T, "He knows.")]),
        ("She thought to herself, *not again*", "double", [(N, "She thought to herself,"), (T, "not again")]),
        # "thought" as a noun leads into no thought: the words after it are still speech
        (
            '"Oh," she burst out, as if he had broken a train of thought, "how you go on!"',
            "double",
            [(D, "Oh,"), (N, "she burst out, as if he had broken a train of thought,"), (D, "how you go on!")],
        ),
        ('She spoke her thought: "Why now?"', "double", [(N, "She spoke her thought:"), (D, "Why now?")]),
        ('"Fine." She thought it was anything but.', "double", [(D, "Fine."), (N, "She thought it was anything but.")]),
        ('"Fine," she thought bitterly.', "double", [(T, "Fine,"), (N, "she thought bitterly.")]),
        ("*Go,* she told herself.", "double", [(T, "Go,"), (N, "she told herself.")]),
        ("He called it 'home', then left.", "double", [(N, "He called it 'home', then left.")]),
        ("Mom says I'm \"overreacting\" but she's wrong.", "double", [(N, "Mom says I'm \"overreacting\" but she's wrong.")]),
        ('He said "no" and left.', "double", [(N, "He said"), (D, "no"), (N, "and left.")]),
        ('It was "fine." She left.', "double", [(N, "It was"), (D, "fine."), (N, "She left.")]),
        ('Then "Stop," he said.', "double", [(N, "Then"), (D, "Stop,"), (N, "he said.")]),
        ("He was **really** angry. ***Why?***", "double", [(N, "He was really angry."), (T, "Why?")]),
        # a quotation nested in a speech in the same double marks is part of the speech, while the speech's own
        # closing mark still comes after it; a mark that opens where the speech never closes again starts a new one
        ('"I knew it would be "no" before I read it."', "double", [(D, 'I knew it would be "no" before I read it.')]),
        ('"Don\'t say "no" to the "movies"," he said.', "double", [(D, 'Don\'t say "no" to the "movies",'), (N, "he said.")]),
        (
            "\u201cShe said \u201cno\u201d twice,\u201d he said.",
            "double",
            [(D, "She said \u201cno\u201d twice,"), (N, "he said.")],
        ),
        (
            '"Wait, he said, "I\'m coming," and left. "Bye."',
            "double",
            [(D, "Wait,"), (N, "he said,"), (D, "I'm coming,"), (N, "and left."), (D, "Bye.")],
        ),
        ('"Stop," she said. "No."', "double", [(D, "Stop,"), (N, "she said."), (D, "No.")]),
        # a mark with a space after it (a lost apostrophe or dash) opens speech after a comma or colon that leads into
        # it, when a closing mark comes later; with none, it is a stray mark in narration
        ('She exclaimed, " Tis a messenger!"', "double", [(N, "She exclaimed,"), (D, "Tis a messenger!")]),
        ('He measured it, " which was odd.', "double", [(N, 'He measured it, " which was odd.')]),
        # quotes typed with spaces inside open after a sentence's end or a lead's comma, when the next mark closes
        ('"Hello, " she said. " Come in. "', "double", [(D, "Hello,"), (N, "she said."), (D, "Come in.")]),
        ('She said, " Come in. "', "double", [(N, "She said,"), (D, "Come in.")]),
        ('He left. " Then "Yes," she said.', "double", [(N, 'He left. " Then'), (D, "Yes,"), (N, "she said.")]),
        # marks typed with no space before them still open speech after a sentence's mark, when it closes later
        ('"Hello,"she said."Come in."', "double", [(D, "Hello,"), (N, "she said."), (D, "Come in.")]),
        ('He was fine."Then he left.', "double", [(N, 'He was fine."Then he left.')]),
        ('He stared."*You* did?"', "double", [(N, "He stared."), (D, "You did?")]),
        ("It was __hers__.", "double", [(N, "It was hers.")]),
        # curly marks typed the wrong way round: an opening mark that closes, a closing mark that opens, and an
        # opening mark straight after a closing one
        ("\u201cHi,\u201c she said. \u201cCome in.\u201c", "double", [(D, "Hi,"), (N, "she said."), (D, "Come in.")]),
        ('"Wait\u2014\u201c she said.', "double", [(D, "Wait\u2014"), (N, "she said.")]),
        ("\u201dHi,\u201d she said.", "double", [(D, "Hi,"), (N, "she said.")]),
        ("\u201cHello?\u201d\u201cAnyone?\u201d", "double", [(D, "Hello?"), (D, "Anyone?")]),
        (
            "\u201cShe said \u201cno\u201d twice,\u201d he said.",
            "double",
            [(D, "She said \u201cno\u201d twice,"), (N, "he said.")],
        ),
        # doubled marks read once
        ('""Hello,"" she said.', "double", [(D, "Hello,"), (N, "she said.")]),
        ('"Wait\u2014""No."', "double", [(D, "Wait\u2014"), (D, "No.")]),
        # a lost opening mark: at the paragraph's start all before the closing mark is speech; after a speech, what
        # follows its tag's sentence; with a mark already in the narration, or no tag, the mark is text
        ('Hi," she said. "Come in."', "double", [(D, "Hi,"), (N, "she said."), (D, "Come in.")]),
        ('"Stop it," she said. Just stop."', "double", [(D, "Stop it,"), (N, "she said."), (D, "Just stop.")]),
        ('"Stop it." She left. Just stop."', "double", [(D, "Stop it."), (N, "She left."), (D, "Just stop.")]),
        ('He said "no" and left, fine."', "double", [(N, "He said"), (D, "no"), (N, 'and left, fine."')]),
        ("It was 6'2\" tall.", "double", [(N, "It was 6'2\" tall.")]),
        # single marks typed with no space: before the tag (a closing mark before a lowercase word, not a
        # contraction's end) and after it (an opening mark after a sentence's mark)
        ("'Hello,'she said.'Come in.'", "single", [(D, "Hello,"), (N, "she said."), (D, "Come in.")]),
        ("'Oi!' he yelled.'Get back 'ere!'", "single", [(D, "Oi!"), (N, "he yelled."), (D, "Get back 'ere!")]),
        ("'The U.S.'s fault,' she said.", "single", [(D, "The U.S.'s fault,"), (N, "she said.")]),
        ("'I was—'cause I didn't,' she said.", "single", [(D, "I was—'cause I didn't,"), (N, "she said.")]),
        ("'Rock-'n'-roll, mate,' he said.", "single", [(D, "Rock-'n'-roll, mate,"), (N, "he said.")]),
        ("Hi,' she said. 'Come in.'", "single", [(D, "Hi,"), (N, "she said."), (D, "Come in.")]),  # lost opening
        ("Get 'em,' she said.", "single", [(N, "Get 'em,' she said.")]),  # a word-start mark before: not lost
        # a lost closing single mark: before a tag, seen when a mark opens speech again or at the paragraph's end
        ("'It lit, he went on. 'Mostly.'", "single", [(D, "It lit,"), (N, "he went on."), (D, "Mostly.")]),
        ("'Older than you, Nadia said.", "single", [(D, "Older than you,"), (N, "Nadia said.")]),
        ("'Ello, 'ello, 'ello,' said the copper.", "single", [(D, "Ello, 'ello, 'ello,"), (N, "said the copper.")]),
        # single quotes in a double-quote story: going on after their tag, after a speech verb's comma, or opening a
        # sentence after another quotation's end; a phrase in quotes mid-sentence is still narration
        (
            "'It's Tom's,' she said, 'and it's mine.'",
            "double",
            [(D, "It's Tom's,"), (N, "she said,"), (D, "and it's mine.")],
        ),
        ("'Why?' she wondered, 'and how?'", "double", [(T, "Why?"), (N, "she wondered,"), (T, "and how?")]),
        ("She said, 'I'm going.'", "double", [(N, "She said,"), (D, "I'm going.")]),
        ("He told me, 'Don't wait up,' and left.", "double", [(N, "He told me,"), (D, "Don't wait up,"), (N, "and left.")]),
        ("'Where've you been?' 'Out.'", "double", [(D, "Where've you been?"), (D, "Out.")]),
        ("He said, 'home' was far.", "double", [(N, "He said, 'home' was far.")]),
        # thought marks typed with no space after a closing or before an opening mark
        ("*Why me?*she thought.", "double", [(T, "Why me?"), (N, "she thought.")]),
        ("She thought,*why me?*", "double", [(N, "She thought,"), (T, "why me?")]),
        ("2*3 is 6, 4*5 is 20.", "double", [(N, "2*3 is 6, 4*5 is 20.")]),
        # a double mark typed as two apostrophes (or TeX's ``), in a double-quote story
        ("''Hello,'' she said. ''Come in.''", "double", [(D, "Hello,"), (N, "she said."), (D, "Come in.")]),
        ("``Hello,'' she said.", "double", [(D, "Hello,"), (N, "she said.")]),
        # a single mark typed for the other half of a double one: before a tag, when the speech has no closing mark of
        # its own left (a nested quotation that lost its opening mark still ends in `'"`)
        ('"Hello,\' she said. "Come in."', "double", [(D, "Hello,"), (N, "she said."), (D, "Come in.")]),
        ("\u201cHello,\u2019 she said.", "double", [(D, "Hello,"), (N, "she said.")]),
        ("'Hello,\" she said.", "double", [(D, "Hello,"), (N, "she said.")]),
        (
            "\"Don't go,' I called, he's mad!'\" he said.",
            "double",
            [(D, "Don't go,' I called, he's mad!'"), (N, "he said.")],
        ),
        ("\"He said 'go,' she said, and left.\"", "double", [(D, "He said 'go,' she said, and left.")]),
        # a lost closing mark before a tag, seen when a mark opens speech again or at the paragraph's end
        ("\"It's fine, she said.", "double", [(D, "It's fine,"), (N, "she said.")]),
        ('"It was awful, she said, simply awful.', "double", [(D, "It was awful,"), (N, "she said, simply awful.")]),
        ('"Dear Tom, said I, do not.', "double", [(D, "Dear Tom, said I, do not.")]),  # the speaker telling what they said
        ('"Does it? June asked. She looked. "When?"', "double", [(D, "Does it?"), (N, "June asked. She looked."), (D, "When?")]),
        ('"Okay. He almost smiled. "Fine."', "double", [(D, "Okay."), (N, "He almost smiled."), (D, "Fine.")]),
        ('"Go," he warned. I know."', "double", [(D, "Go,"), (N, "he warned."), (D, "I know.")]),
        ('Owen considered this. Define work."', "double", [(N, "Owen considered this."), (D, "Define work.")]),
        ("Lady Ann's pen stopped. How much?\"", "double", [(N, "Lady Ann's pen stopped."), (D, "How much?")]),
        ("Idris didn't look up. Same as ever.\"", "double", [(N, "Idris didn't look up."), (D, "Same as ever.")]),
        ('There was a noise. Like a cough."', "double", [(D, "There was a noise. Like a cough.")]),
        # in the present only a body's movement is narration (it may move against the narrator), or `looks` before
        # where; other present verbs, numbers and first-person sentences stay speech
        ('Marr sips her tea. Your manifest?"', "double", [(N, "Marr sips her tea."), (D, "Your manifest?")]),
        ('Kiki yawns against my shoulder. Time?"', "double", [(N, "Kiki yawns against my shoulder."), (D, "Time?")]),
        ('Teo looks up. Nobody asked you."', "double", [(N, "Teo looks up."), (D, "Nobody asked you.")]),
        ("The pilot doesn't blink. It's wet.\"", "double", [(N, "The pilot doesn't blink."), (D, "It's wet.")]),
        ('"Okay. She shrugs. "Fine."', "double", [(D, "Okay."), (N, "She shrugs."), (D, "Fine.")]),
        ("'Okay. She shrugs. 'Fine.'", "single", [(D, "Okay."), (N, "She shrugs."), (D, "Fine.")]),
        ('"Fine," he said. She hates it."', "double", [(D, "Fine,"), (N, "he said."), (D, "She hates it.")]),
        ('"Sure," he said. He turns forty."', "double", [(D, "Sure,"), (N, "he said."), (D, "He turns forty.")]),
        ('"Sure," he said. She sits with you."', "double", [(D, "Sure,"), (N, "he said."), (D, "She sits with you.")]),
        ('"Go," he said. I know."', "double", [(D, "Go,"), (N, "he said."), (D, "I know.")]),
        ('He looks tired. Go home."', "double", [(D, "He looks tired. Go home.")]),
        ("She picks me up at six. Don't wait.\"", "double", [(D, "She picks me up at six. Don't wait.")]),
        ('Everything hurts. Get on with it."', "double", [(D, "Everything hurts. Get on with it.")]),
        ('Two minutes. Maybe less."', "double", [(D, "Two minutes. Maybe less.")]),
        ('I shrug. Fine."', "double", [(D, "I shrug. Fine.")]),
        ('"Okay. He stops by. "Fine."', "double", [(D, "Okay. He stops by."), (N, 'Fine."')]),
        ('She closed it. Two hundred and forty."', "double", [(N, "She closed it."), (D, "Two hundred and forty.")]),
        # clean speech in the present and the first person stays speech
        ('"She sits there. I hate it," he said.', "double", [(D, "She sits there. I hate it,"), (N, "he said.")]),
        # after a tag's comma the speech goes on when the clause speaks in the first or second person
        (
            '"Well," Jess said, if she\'s late, call me."',
            "double",
            [(D, "Well,"), (N, "Jess said,"), (D, "if she's late, call me.")],
        ),
        (
            '"Yes," said Sam, as though it was nothing. Who went?"',
            "double",
            [(D, "Yes,"), (N, "said Sam, as though it was nothing."), (D, "Who went?")],
        ),
        ('"Don\'t,\' he warned. "Go."', "double", [(D, "Don't,"), (N, "he warned."), (D, "Go.")]),
        ('""*We* can\'t," she said.', "double", [(D, "We can't,"), (N, "she said.")]),
        ("\"It's not fine,' Tess said at once.", "double", [(D, "It's not fine,"), (N, "Tess said at once.")]),
        ("\"Shut up.' She bumped his arm.", "double", [(D, "Shut up."), (N, "She bumped his arm.")]),
        (
            '"A month! The younger man tried to sit up. "No."',
            "double",
            [(D, "A month!"), (N, "The younger man tried to sit up."), (D, "No.")],
        ),
        (
            '"Hattie, thank you. Not now. "Go."',
            "double",
            [(D, "Hattie, thank you. Not now."), (N, 'Go."')],
        ),  # `thank you`: no tag
        ('She said, " *Go* now. "', "double", [(N, "She said,"), (D, "Go now.")]),
        ('"Hello, she said. "Come in."', "double", [(D, "Hello,"), (N, "she said."), (D, "Come in.")]),
        ('"Wait. Stop. "Go."', "double", [(D, "Wait. Stop."), (N, 'Go."')]),  # no tag or narration: the mark closes
    ],
)
def test_split_spans(text, style, spans):
    assert [(s.kind, s.text) for s in split_spans(text, style)] == spans


@pytest.mark.parametrize(
    "body",
    [
        "Buffy: where r u\nWillow: library\n\nShe put the phone away and walked the long way home alone.\n",  # short lines: a wrapped-looking file
        ("word " * 30) + "end.\n\nBuffy: where r u\nWillow: library\n\n" + ("word " * 30) + "end.\n",
        ("word " * 30) + "end.\n\nRoses are red\nViolets are blue\nSugar is sweet\n\n" + ("word " * 30) + "end.\n",
    ],
)
def test_chat_and_verse_lines_keep_their_breaks_as_line_pauses(tmp_path, body):
    path = tmp_path / "s.txt"
    path.write_text(body, encoding="utf-8")
    segments = [s for ch in plan_story(path).chapters[1:] for s in ch.segments]
    short = [s for s in segments if len(s.text) < 40]
    assert len(short) >= 2
    assert [s.pause for s in short[:-1]] == [Pause.LINE] * (len(short) - 1)
    assert short[-1].pause is Pause.PARAGRAPH


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        ("Mr. Giles met Dr. Walsh at St. Mary's. Then it ended.", ["Mr. Giles met Dr. Walsh at St. Mary's.", "Then it ended."]),
        ("Ep. 7.22 aired at 7 p.m. on Tuesday.", ["Ep. 7.22 aired at 7 p.m. on Tuesday."]),
        ("J.K. Rowling wrote it. C.S. Lewis too.", ["J.K. Rowling wrote it.", "C.S. Lewis too."]),
        ("Stop!! Now.", ["Stop!!", "Now."]),
    ],
)
def test_sentences_keep_abbreviations_and_initials(text, sentences):
    from fic2audio.sentences import split_sentences

    assert split_sentences(text) == sentences


def test_dash_led_speech_plans_with_speakers_and_no_unclosed_warning(tmp_path):
    path = tmp_path / "dash.txt"
    path.write_text(
        "Anna opened the door. Marek was by the stove.\n\n"
        "— You're late, — Marek said. — Again.\n\n"
        "— The bus broke down, Anna said.\n\n"
        "— Every week?\n\n"
        "— Every week, — she said, and took off her coat.\n",
        encoding="utf-8",
    )
    script = plan_story(path)
    lines = [(s.text, s.speaker) for ch in script.chapters[1:] for s in ch.segments if s.kind is D]
    assert lines == [
        ("You're late,", "Marek"),
        ("Again.", "Marek"),
        ("The bus broke down,", "Anna"),
        ("Every week?", "Marek"),
        ("Every week,", "Anna"),
    ]
    assert not any("unclosed" in w for w in script.warnings)


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        # a quotation over several lines of one block (verse read out): every line of it is the quotation's
        ('"Roses are red,\nViolets are blue,\nAnd so are you."\nHe laughed.', [D, D, D, N]),
        ('She sang: "Row, row,\nrow your boat."', [N, D, D]),
        # a mark never closed stays on its line, as before: chat lines are each their own
        ('Buffy: where r u\nWillow: "library\nXander: ok', [N, N, D, N]),
    ],
)
def test_quotation_over_lines_of_a_block(text, kinds):
    segments = block_segments(Block(BlockKind.PARAGRAPH, text))
    assert [s.kind for s in segments] == kinds
    assert [s.pause for s in segments][-1] is Pause.PARAGRAPH
    assert all(s.pause is Pause.LINE for s, after in itertools.pairwise(segments) if s.kind is after.kind is D)
