"""Speaker attribution: table tests on short passages, the For_Her lines, and the annotated set's score."""

from __future__ import annotations

import itertools
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from conftest import ROOT, STORIES

from fic2audio.casting import parse_cast
from fic2audio.characters import NARRATOR, Character, metadata_characters
from fic2audio.model import Kind, Metadata, Segment
from fic2audio.pipeline import RenderOptions, plan_story, plan_with_characters
from fic2audio.read import read_story
from fic2audio.resolver import ParagraphEvidence, Resolver
from fic2audio.segment import build_script
from fic2audio.speakers import attribute_speakers


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ((("Pairing", "Spuffy"),), []),  # a ship name is not a person
        ((("Pairing", "Buffy/Spike"),), ["Buffy", "Spike"]),
        (
            (("Relationship", "Harriet x Simon, Dean & Castiel"),),
            ["Harriet", "Simon", "Dean", "Castiel"],
        ),
        (
            (("Characters", "Priya Nair, Tom Hale (mentioned)"),),
            ["Priya Nair", "Tom Hale"],
        ),
        ((("Characters", "Aldric"), ("Pairing", "Aldric/Wenna")), ["Aldric", "Wenna"]),
    ],
)
def test_characters_from_metadata(fields, expected):
    assert metadata_characters(Metadata(fields)) == expected


def lines_of(tmp_path: Path, body: str, header: str = "Title: T\n\n", cast: Path | None = None) -> list[tuple[str, str | None]]:
    story = tmp_path / "story.txt"
    story.write_text(header + textwrap.dedent(body).strip() + "\n", encoding="utf-8")
    script = plan_story(story, RenderOptions(cast=cast))
    return [(s.text, s.speaker) for ch in script.chapters[1:] for s in ch.segments if s.kind is Kind.DIALOGUE]


# Turn-taking gives "the boy" to Mr. Kasimir twice in chapter 1; chapter 2 opens with the two of them.
_BOY_TWICE = """
        Chapter 1

        Orla waited by the well. Mr. Kasimir came up the path, and he was late.

        "You came,"{Orla} said Orla.

        "I did,"{Mr. Kasimir} said the boy.

        "And late."{Orla}

        "As ever,"{Mr. Kasimir} said Mr. Kasimir.

        "Why?"{Orla} asked Orla.

        "The snow,"{Mr. Kasimir} said the boy.

        "Ah."{Orla}

        "Yes,"{Mr. Kasimir} said Mr. Kasimir.

        Chapter 2

        Orla sat with Mr. Kasimir by the fire.
"""

# Four chapters in which nothing is said: a calling's role window (speakers._ROLE_CHAPTERS) runs out over them
_FOUR_QUIET_CHAPTERS = """
        Chapter 2

        Tom slept.

        Chapter 3

        Tom ate.

        Chapter 4

        Tom read.

        Chapter 5

        Tom wrote.
"""

CASES = {
    "a quotation its thinker is named just before is theirs": (
        """
        Mary, Ralph and Katharine sat in the room. Ralph talked of the law. Katharine listened to Ralph.

        "Katharine!" Mary thought, in a flash of revelation; "I have always known it was Katharine!"{Mary}

        "I must go,"{Ralph} Ralph said.

        Katharine thought with a pang, "And I have nowhere to go."{Katharine}
        """,
    ),
    "a she-tag after another woman acted in the paragraph is hers, not the named tag's": (
        """
        Margaret and Helen sat with Mr. Wilcox. Helen had been talking. Margaret smiled at Helen.

        Margaret laughed and said, "But this is going to be far better than the debate itself."{Margaret} Helen recovered herself and laughed too. "No, I won't go on,"{Helen} she declared. "I'll just put our special case to Mr. Wilcox."{Helen}
        """,
    ),
    "a name after 'at' with an aside before the speech verb is looked at, not speaking": (
        """
        Ann, Meg and Tom sat at the table. Ann poured the tea. Meg passed the cups.

        Tom put down the paper, looking at Ann, and then at Meg, immediately said, "You both knew."{Tom}
        """,
    ),
    "an epithet the story's tags use again is one unnamed speaker's": (
        """
        Oliver stood before the board. The gentleman in the white waistcoat looked at him. Mr. Bumble stood by.

        "What is the boy called?"{the gentleman in the white waistcoat} asked the gentleman in the white waistcoat.

        "Twist, sir,"{Mr. Bumble} said Mr. Bumble.

        "The boy is a fool,"{the gentleman in the white waistcoat} said the gentleman in the white waistcoat.
        """,
    ),
    "a he-line just after the one man's line in his talk with a woman is his again": (
        """
        Ann sat by the fire and Tom stood at the window. The rain beat on the glass.

        "The road will be under water by morning,"{Tom} said Tom.

        "Then we stay,"{Ann} said Ann.

        "We cannot stay,"{Tom} said Tom. "The mill needs me."{Tom}

        "No,"{Tom} he said, after a while. "The mill can wait a day."{Tom}
        """,
    ),
    "a he-line just after a man's line, with another man about, is left open": (
        """
        Ann sat by the fire and Tom stood at the window. Sam rubbed his eyes. The rain beat on the glass.

        "The road will be under water by morning,"{Sam} said Sam.

        "Then we stay,"{Ann} said Ann.

        "We cannot stay,"{Tom} said Tom. "The mill needs me."{Tom}

        "No,"{None} he said, after a while. "The mill can wait a day."{None}
        """,
    ),
    "'her ladyship' in a tag is the one Lady the story has named": (
        """
        Lady Pell sat by the fire with Ann and Meg. Tom came in and shut the door. Lady Pell looked up at him.

        "You are late,"{Ann} said Ann.

        "The road was under water,"{Tom} said Tom.

        "Then you must stay the night,"{Meg} said Meg.

        "He must indeed,"{Lady Pell} added her ladyship. "There is a bed made up."{Lady Pell}
        """,
    ),
    "'her ladyship' in a tag with two Ladies about is left open": (
        """
        Lady Pell and Lady Orr sat by the fire with Ann. Tom came in and shut the door. Lady Pell looked up at him, and Lady Orr smiled.

        "You are late,"{Ann} said Ann.

        "The road was under water,"{Tom} said Tom.

        "He must stay the night,"{None} added her ladyship. "There is a bed made up."{None}
        """,
    ),
    "a tag whose speech verb is capitalised after its line or before it": (
        """
        Ivo, Mara and Jonah sat by the fire. Ivo yawned. Mara looked at Jonah, and Jonah looked at Ivo.

        "It is late,"{Ivo} Said Ivo, yawning.

        "Is it?"{Jonah} Jonah asked.

        Said Mara, "Then go to bed."{Mara}
        """,
    ),
    "a kin tag is the one of that gender about who shares a surname with someone about": (
        """
        Mrs. Hale sat sewing by the fire. Margaret Hale came in with Mr. Bell, who went to the window. Mrs. Hale did
        not look up. Margaret Hale sat down beside the fire.

        "Is it raining?"{Margaret Hale} Margaret asked.

        "Not yet,"{Mrs. Hale} said her mother.

        "It will,"{Mr. Bell} said Mr. Bell.
        """,
    ),
    "a spouse tag after a titled speaker's line is the one of the married title and surname": (
        """
        Chapter 1

        Mrs. Pell sat by the fire, and she knitted.

        Chapter 2

        Mr. Pell came in from the yard with Tom, and he shook the rain from his coat. Tom stood by the door.

        "It's a wet night,"{Mr. Pell} said Mr. Pell.

        "Then shut the door,"{Mrs. Pell} said his wife.
        """,
    ),
    "a sibling tag after a surnamed speaker's line is the one bearing that surname by a first name": (
        """
        Chapter 1

        Tom Pell sat by the fire, and he read.

        "Snow tonight,"{Tom Pell} said Tom Pell.

        Chapter 2

        Ann Pell came in from the yard with Nell Hale, and she shook the rain from her coat. Nell stood by the door.

        "It's a wet night,"{Ann Pell} said Ann.

        "Then shut the door,"{Tom Pell} said her brother.
        """,
    ),
    "a spouse tag after a line turn-taking placed is the spouse of that line's speaker": (
        """
        Chapter 1

        Mrs. Pell sat by the fire, and she knitted.

        Chapter 2

        Mr. Pell came in from the yard with Tom and Jonah, and he shook the rain from his coat. Tom and Jonah sat down.

        "Sit down, Mr. Pell,"{Tom} said Tom.

        "I will,"{Mr. Pell} he said.

        "Then shut the door,"{Mrs. Pell} said his wife.
        """,
    ),
    "a calling set beside a name mid-sentence names its bearer, and so does its last word": (
        """
        Tom Hale went up the lane to see Mr. Orr, the village surgeon. Mr. Orr was at his gate, and Tom waved.

        "You are late,"{Mr. Orr} said the surgeon.

        "The snow,"{Tom} said Tom.
        """,
    ),
    "a calling the narration says a character is names them": (
        """
        Tom Hale sat in the schoolroom with Ann Pell. Ann Pell was the schoolmistress of the village. Tom looked at Ann.

        "Sit up,"{Ann Pell} said the schoolmistress.

        "I am,"{Tom} said Tom.
        """,
    ),
    "a described tag ends before 'to' and whom it is said to": (
        """
        General Pike sat at the table with Ann. Tom Hale stood at the door, and Ann looked at him.

        "Sit down,"{General Pike} said the general to Tom.
        """,
    ),
    "a parent tag after another's line is the parent of the one the narration is about": (
        """
        Chapter 1

        Mrs. Pell sat by the fire, and she knitted. Tom Pell was out with Tom's dog.

        Chapter 2

        Tom Pell came in from the yard with Ann Hale. Ann stood by the door. Tom shook the rain from his coat.

        "It's a wet night,"{Ann} said Ann.

        "Then shut the door,"{Mrs. Pell} said his mother.
        """,
    ),
    "a he-tag naming whom the line is said to is the other man's": (
        """
        Ivo and Jonah came into the kitchen. Ivo took off his coat and sat down at the table. Jonah went to the window,
        his hands in his pockets.

        "Come and sit down,"{Ivo} he said to Jonah.
        """,
    ),
    "a remembered line with its tag in the pluperfect": (
        """
        Mara had left in March.

        "You never sleep,"{Mara} Mara had said, the last time.

        "You don't either,"{Jonah} Jonah had said.
        """,
    ),
    "speech that goes on into the next paragraph keeps its speaker": (
        """
        Tom and Jamie sat on the wall.

        'How d'you know?'{Tom} Tom asked.

        'I know 'cause I've got a mum too,'{Jamie} said Jamie. 'She'll have said it in the heat of the moment.{Jamie}

        'And she'll have cried after.'{Jamie}

        'Maybe.'{Tom}
        """,
    ),
    "a name and a colon introduce a third voice; turn-taking does not override it": (
        """
        Dean drove. Castiel sat beside him.

        "You're brooding,"{Castiel} Castiel said.

        "I'm driving."{Dean}

        Sam, from the back seat: "He's got you there."{Sam}

        Dean looked at Sam, then at the road: "Nobody asked."{Dean}
        """,
        "Title: T\nCharacters: Dean, Castiel, Sam\n\n",
    ),
    "inverted and plain tags": (
        """
        Anna and Ben sat on the wall, and Ben swung his legs.

        "Cold,"{Anna} said Anna.

        "Freezing,"{Ben} Ben agreed.
        """,
    ),
    "a vocative is not the speaker": (
        """
        Wenna stood by the river with Aldric and Brannoc.

        "Father, there's someone on the bank,"{Wenna} Wenna called.

        "Aldric, wait."{None}
        """,
    ),
    "pronoun tags resolve to the one man and one woman in the scene": (
        """
        Mara came in and hung up her coat. Jonah was by the window, and he did not turn round to look at Mara. It was Jonah's flat.

        "You're late,"{Jonah} he said.

        "I know,"{Mara} she said.
        """,
    ),
    "turn-taking in a two-person exchange": (
        """
        Mara came in. Jonah was by the window, and it was Mara who spoke first to Jonah.

        "You're late,"{Jonah} Jonah said.

        "I know."{Mara}

        "Again."{Jonah}

        "I said I know."{Mara}
        """,
    ),
    "a he-line answers the man the line before called by name, though another man is about": (
        """
        Tom, Sam and Ann sat in the kitchen. Tom poured his tea and Sam read his paper.

        "It's late,"{Sam} Sam said.

        "Will you walk me home, Tom?"{Ann} Ann asked.

        "If you like,"{Tom} he said.
        """,
    ),
    "a he-line after narration that ends on one man is his, though other men are about": (
        """
        Tom, Sam and Mr. Price stood at the gate with Ann. Tom had his coat on. Sam lit his pipe. Mr. Price looked at his watch.

        "You're all late,"{Ann} Ann said.

        "The bus was late,"{Sam} Sam said.

        Tom put down his bag and looked at the sky.

        "It will rain,"{Tom} he said.
        """,
    ),
    "three people and no tag: nobody is guessed": (
        """
        Anna, Ben and Cleo sat round the fire. Anna poked it with a stick and Cleo yawned.

        "Who's on watch?"{Ben} Ben asked.

        "Not me."{None}

        "Nor me."{None}
        """,
    ),
    "a line whose own narration has only someone unnamed acting is no one's named": (
        """
        Anna sat on the chair, and Tom stood by her. She looked at him.

        "What about it?"{Anna} Anna asked.

        "It's moved,"{Tom} said Tom.

        On the benches along the wall, a broad man in a fur coat gave a bark of laughter. "Stones do not move, woman."{None}

        "This one did,"{Tom} said Tom.

        She nodded, a woman of few words. "Then it did."{Anna}
        """,
    ),
    "an action beat after a line, one short sentence about one person, is theirs": (
        """
        Denise, Paul and Sam sat at the table. Paul carved the chicken.

        "You a leg man?"{Paul} Paul asked.

        "Paul."{Denise} Denise closed her eyes.

        "Fine,"{Sam} said Sam.

        "Gina Maria Marchetti."{Denise} Denise set the gravy boat down with a clunk. "Is there something you'd like to tell me?"{Denise}
        """,
    ),
    "a beat between two lines of a paragraph, of a few sentences about one person, is theirs": (
        """
        Mara, Tom and Ivo were in the yard.

        Mara put down the bucket. "You left the gate open."{Mara}

        "I did not leave the gate open."{Tom} Tom didn't look up. He was mending the net, and he tied each knot with a twist that Ivo could never copy. "The wind opened it."{Tom}

        "It's wide open, Tom."{Ivo} Ivo sighed. "Wide."{Ivo}
        """,
    ),
    "the one a line's tag says it is told to answers it, like one called by name": (
        """
        Ann, Tom and Bob sat at the table, and Bob carved.

        "Tea or coffee?"{Bob} said Bob.

        "Bob makes awful coffee,"{Ann} Ann told Tom.

        "Then tea,"{Tom} he said.
        """,
    ),
    "a voice with a word or two before it in a tag is its owner's": (
        """
        Ann, Tom and Bob were in the car. Ann held the phone.

        "Where are you?"{Ann} asked Ann.

        "By the farm,"{Bob} said Bob's small voice from her hand.
        """,
    ),
    "a he/she after narration naming no one is the one of that gender a line just called, not someone new": (
        """
        Tom and Ann stood by the gate in the rain.

        "It's only an hour."{Ann}

        "You never say so,"{Tom} said Tom.

        "Because you never come."{Ann}

        "Why?"{Tom} said Tom.

        "So you never see him."{Ann}

        "It isn't that far, Ann!"{Tom} said Tom.

        She turned round. He was pale, in his wet coat.

        "You come twice a year,"{Ann} she said.
        """,
    ),
    "in a talk of many, a line after one ending by calling a voice of the talk is its answer": (
        """
        Ann stood in the middle of the hall. Tom, Bob and Ivo sat on the benches.

        "Enough,"{Ann} said Ann. "Tom."{Ann}

        "Yes, miss,"{Tom} said Tom.

        "It was a fair try,"{Bob} said Bob.

        "Bob, nobody asked you,"{Tom} said Tom.

        "Ivo,"{Ann} said Ann.

        "Miss?"{Ivo}

        "You're on the wall with Tom and Bob,"{Ann} said Ann.

        Ivo looked up so fast he nearly fell. "Me?"{Ivo}
        """,
    ),
    "in a talk of many, a line after a question put by name in its last sentence is the answer of the one called": (
        """
        Ann stood in the middle of the hall. Tom, Bob and Ivo sat on the benches, and Sam stood by the door.

        "Enough,"{Ann} said Ann. "Sit down."{Ann}

        "It was a fair try,"{Bob} said Bob.

        "Nobody asked you,"{Tom} said Tom.

        "And who broke the window, Ivo, if it was not you?"{Ann} asked Ann.

        "The wind did it, miss."{Ivo}

        "I saw it,"{Sam} said Sam.
        """,
    ),
    "in a talk of many, a line after a question by name that a sentence to all follows is no one's": (
        """
        Ann stood in the middle of the hall. Tom, Bob and Ivo sat on the benches, and Sam stood by the door.

        "Enough,"{Ann} said Ann. "Sit down."{Ann}

        "It was a fair try,"{Bob} said Bob.

        "Nobody asked you,"{Tom} said Tom.

        "And who broke the window, Ivo?"{Ann} asked Ann. "Speak up, somebody."{Ann}

        "The wind did it, miss."{None}

        "I saw it,"{Sam} said Sam.
        """,
    ),
    "a name after a preposition opening a line is spoken of, not called: the next line is not its answer": (
        """
        Ann stood in the middle of the hall. Tom, Bob and Ivo sat on the benches.

        "Enough,"{Ann} said Ann.

        "It was a fair try,"{Bob} said Bob.

        "Not fair at all,"{Tom} said Tom.

        "Ivo, who broke it?"{Ann} asked Ann.

        "Not me, miss,"{Ivo} said Ivo.

        "Then who told you about it?"{Ann} asked Ann.

        "From Tom."{None}

        "Then I shall ask him."{Ann}
        """,
    ),
    "a place is not a speaker": (
        """
        Anna walked to the window. Outside, London was grey, and Anna watched the rain over London.

        London was quiet. "Nobody's out."{None}
        """,
    ),
    "two speakers in one paragraph: each line is its own tag's": (
        """
        Anna sat on the wall and Ben stood beside Anna, his hands in his pockets. Ben was cold.

        "Hi,"{Anna} said Anna. "Hello,"{Ben} said Ben.
        """,
    ),
    "in a paragraph two people talk in, a line without its own tag is no one's": (
        """
        Anna sat on the wall and Ben stood beside Anna, his hands in his pockets. Ben was cold.

        "There,"{Anna} cried Anna, "you hear?"{Anna} Ben shrugged. "Well,"{Ben} said Ben. "We go home."{Ben} Anna laughed. "Go?"{None} Ben looked away.
        """,
    ),
    "a title names its one holder": (
        """
        Nora sat by the bed while Dr. Amadi read the chart and Nora waited.

        "A broken wrist,"{Dr. Amadi} the doctor said.
        """,
        "Title: T\nCharacters: Nora, Dr. Amadi\n\n",
    ),
    "a title names its one holder with a manner after it": (
        """
        Nora sat by the bed while Dr. Amadi read the chart and Nora waited.

        "A broken wrist,"{Dr. Amadi} said the doctor gravely.
        """,
        "Title: T\nCharacters: Nora, Dr. Amadi\n\n",
    ),
    "a title names its one holder with what they do after it": (
        """
        Nora sat by the bed while Dr. Amadi read the chart and Nora waited.

        "A broken wrist,"{Dr. Amadi} said the doctor shaking his head.
        """,
        "Title: T\nCharacters: Nora, Dr. Amadi\n\n",
    ),
    "a learned description with a manner after it is still theirs": (
        _BOY_TWICE
        + """
        "Snow,"{Mr. Kasimir} said the boy quietly.
        """,
    ),
    "a learned description with how the line was said after it is still theirs: 'the boy in a low voice'": (
        _BOY_TWICE
        + """
        "Snow,"{Mr. Kasimir} said the boy in a low voice.
        """,
    ),
    "a learned description with a phrase that tells someone apart after it is someone else: 'the boy with the red cap'": (
        _BOY_TWICE
        + """
        "Snow,"{None} said the boy with the red cap.
        """,
    ),
    "an elderly description of three words is read to its noun: the one titled character of its gender about": (
        """
        Oliver lay in bed, and he was cold. Mrs. Bedwin sat by him with her knitting, and she smiled at him.

        "You must rest, child,"{Mrs. Bedwin} said the kind old lady, smoothing his pillow.

        Oliver closed his eyes and slept.
        """,
    ),
    "a question asked of someone named in its tag is theirs to answer": (
        """
        Tom, Ann and Meg sat by the fire, and the wind rose.

        Ann stood up, and she went to the window.

        "Will you come with me?"{Tom} asked Tom, in a low voice, of Meg.

        "Yes,"{Meg} she replied.
        """,
    ),
    "a question asked of someone's kin is not theirs to answer": (
        """
        Tom, Ann and Meg sat by the fire, and the wind rose.

        Ann stood up, and she went to the window.

        "Will you come with me?"{Tom} asked Tom, in a low voice, of Meg's sister.

        "Yes,"{None} she replied.
        """,
    ),
    "a calling of the gender no character is, and its he/she later, are one unnamed speaker's": (
        """
        Greg and Tom sat in the corridor. Greg had not slept.

        "You can go in,"{the nurse} the nurse says. She is brisk and tired. "Five minutes."{the nurse}

        "Thank you,"{Tom} Tom says.

        Greg stands. The nurse holds the door, and she frowns at him.

        "Five, I said,"{the nurse} she says.
        """,
        "Title: T\nCharacters: Greg, Tom\n\n",
    ),
    "a he/she beat of the gender no character is, after a calling of it, is that calling's": (
        """
        Greg and Tom sat in the corridor. Greg had not slept.

        "You can go in,"{the nurse} the nurse says. She is brisk and tired.

        "Thank you,"{Tom} Tom says.

        "Keep it short."{the nurse} She looks at Greg over her glasses.
        """,
        "Title: T\nCharacters: Greg, Tom\n\n",
    ),
    "a line with a she-beat is not the other of two men talking": (
        """
        Oscar set down his cup in the kitchen.

        "You burned the bread,"{Oscar} said Oscar.

        "I did not,"{Victor} said Victor.

        "It's black,"{Oscar} said Oscar.

        Greta came in from the front and stopped in the doorway. She sniffed. "Who burned it?"{Greta}

        "Nobody did,"{Victor} said Victor.

        "You told me on Monday."{None} She put the tin on the shelf.
        """,
        "Title: T\nCharacters: Oscar, Victor, Greta, Nina\n\n",
    ),
    "a she-beat is the story's one woman's, where every character's gender is known": (
        """
        Oscar set down his cup in the kitchen.

        "You burned the bread,"{Oscar} said Oscar.

        "I did not,"{Victor} said Victor.

        Greta came in from the front and stopped in the doorway.

        "You told me on Monday."{Greta} She put the tin on the shelf.
        """,
        "Title: T\nCharacters: Oscar, Victor, Greta\n\n",
    ),
    "a she-beat after the story's one woman came in is hers, where every character's gender is known": (
        """
        Oscar set down his cup in the kitchen.

        "You burned the bread,"{Oscar} said Oscar.

        "I did not,"{Victor} said Victor.

        Greta came in from the front and stopped in the doorway. She sniffed. "Who burned it?"{Greta}
        """,
        "Title: T\nCharacters: Oscar, Victor, Greta\n\n",
    ),
    "two people's turns before a newcomer comes in are read apart from the talk after": (
        """
        Nell and Bram stood in the yard.

        "You sold it,"{Nell} said Nell.

        "I told you,"{Bram} said Bram.

        "You did not."{Nell}

        "I did."{Bram}

        "When?"{Nell}

        "On the first day,"{Bram} said Bram.

        The gate opened. Wyn came in with a pie and stopped by the pump.

        "Is this a bad time?"{Wyn} said Wyn.

        "It's fine,"{Bram} said Bram.
        """,
        "Title: T\nCharacters: Nell, Bram, Wyn\n\n",
    ),
    "a quoted line after chat lines is not the chat's": (
        """
        Nell: who took the milk{Nell}
        Ravi: not me{Ravi}
        Nell: liar{Nell}

        "Children,"{None} said a voice from the door.
        """,
    ),
    "action beats": (
        """
        Ben stood by the wall with his hands in his pockets. Anna sat on it, swinging her legs, and grinned at Ben.

        Ben shrugged. "Maybe tomorrow."{Ben}

        Anna laughed at him. "You always say that."{Anna}
        """,
    ),
    "first-person narrator": (
        """
        I walked to the station with my brother Cal. I had not seen him in years, and I did not know what to say.

        "You look well,"{narrator} I said.

        "You don't,"{Cal} Cal said.
        """,
    ),
    "a first-person narrator's tag in the present has the plain verb: I say, I ask her": (
        """
        I walk into the kitchen and my sister Mara looks up from her cereal. I have been up all night.

        "You look terrible,"{Mara} Mara says.

        I pour the coffee. I can feel her watching me.

        "Can I sit down?"{narrator} I ask her.

        Mara pushes a chair out with her foot. "Since when do you ask?"{Mara}

        "Since now,"{narrator} I quietly say.
        """,
    ),
    "a family scene told by an 'I' who tags their own lines, among many he's and she's, is first-person; Ma and Pa speak": (
        """
        Pa fries fish on Fridays. Eli sits on the counter where Ma has told him not to sit, and he swings his legs,
        and she pretends not to see him. He is taller than Pa now, and he knows it, and he grins at her. She sighs,
        and he laughs, and she flicks the tea towel at him. I lean on the fridge, and I watch the pan, and I wait.

        "Off,"{Ma} Ma says.

        "I'm not touching anything,"{Eli} Eli says.

        "Hand me the lemon,"{Pa} Pa says.

        "You're going to tell them tonight?"{narrator} I say, low, so only he hears.

        "After supper,"{Pa} he says. She looks up, and he goes back to the pan.

        "Tell us what?"{Ma} she asks.

        "Nothing,"{narrator} I say.
        """,
    ),
    "a first-person narrator's parents named as the narration names them ('Dad said', 'Mum asked') speak": (
        """
        I got home at six. I dropped my bag by the stairs and I hung my wet coat on the hook, and I went through to
        the kitchen. Mum had the kettle on before I was through the door, and Dad was at the table with the crossword.

        "You're late,"{Mum} Mum said.

        "Trains,"{narrator} I said.

        "Seven down,"{Dad} Dad said, not looking up. "Eight letters, a word for a liar."{Dad}

        "Trains,"{narrator} I said again. Mum laughed so hard she had to sit down.

        "Is that tea for me?"{narrator} I asked her.

        "It's for your father,"{Mum} she said.
        """,
    ),
    "a first-person narrator's bare line right after someone's answer to the narrator's line is the narrator's": (
        """
        I walk back to the van. Jonah is at the wheel and Tash is asleep in the back. I get in and everyone looks at me.
        My hands are cold and I rub them on my jeans.

        "She sells eggs,"{narrator} I report.

        Tash opens one eye. "Not a thief?"{Tash}

        "Not a thief, and there's a river."{narrator}
        """,
    ),
    "a first-person narrator's bare line right after a line whose speaker acts on the narrator is the narrator's": (
        """
        I reach the bench by the pond first and sit down in the middle. Pia comes along the path behind me with
        the bread for the ducks. I stretch my legs out and close my eyes.

        "Shove up,"{Pia} Pia says, nudging my foot.

        "Find your own bench."{narrator}
        """,
    ),
    "no narrator's answer to a line whose speaker acts on the narrator but talks to someone else: theirs": (
        """
        I reach the bench by the pond first and sit down in the middle. Pia and Bram come along the path behind
        me with the bread for the ducks. I stretch my legs out and close my eyes.

        "Shove up,"{Pia} Pia says to Bram, nudging my foot.

        "Find your own bench."{Bram}
        """,
    ),
    "one side of a phone call: after narration that its other end is not heard, the bare lines are the holder's": (
        """
        Ann and Tom sat in the kitchen, the plates cleared away. Ann's phone rang on the table.

        "Hello?"{Ann} Ann said.

        Tom heard a voice down the line, though not what it said.

        "Yes, I know."{Ann}

        Silence.

        "Tomorrow, then."{Ann}

        She shrugged at Tom.

        "Fine, bye."{Ann}
        """,
    ),
    "a phone call whose other end is heard: its bare lines are no one side's": (
        """
        Ann and Tom sat in the kitchen, the plates cleared away. Ann's phone rang on the table.

        "Hello?"{Ann} Ann said.

        Tom heard a voice down the line, loud and clear.

        "Yes, I know."{None}

        Silence.

        "Tomorrow, then."{None}
        """,
    ),
    "no narrator's line after an answer in a story told in the third person": (
        """
        Ann walked back to the van. She got in and everyone looked at her. Her hands were cold and she rubbed them.

        "I told him I sell eggs,"{Ann} Ann said.

        Tash opened one eye. "Not a thief?"{None}

        "Not a thief."{Ann}
        """,
    ),
    "a line opening with a dash after another cut in is the broken-off speaker going on": (
        """
        I lean forward between the seats. Nobody answers me. I look at my map and I fold it up again.

        "We could turn round—"{narrator} I say.

        "No room to turn round."{None}

        "—or we keep going and see."{narrator}
        """,
    ),
    "a beat of the first-person narrator's alone, before or after a line, is the narrator's": (
        """
        I walk into the kitchen. Mara and Tom are at the table and I can feel them watching me. I have been up all night.

        "You look terrible,"{Mara} Mara says.

        "Thanks,"{Tom} Tom says.

        I set the cup down. "Fine."{narrator}

        "Are you sure?"{Tom} Tom asks.

        "No."{narrator} My voice cracks on it.
        """,
    ),
    "a first-person narrator the others call by a name is the narrator, not another voice": (
        """
        I was halfway up the stairs when my phone went. I knew it was Tobin before I looked, and I sat down on my step.

        "Where are you, Wren?"{Tobin} he asked.

        "On the stairs, where I live."{narrator}

        "I can see your light from here."{Tobin}

        "Then come up."{narrator}

        "Wren, the door's locked."{Tobin}

        "Ring the bell, then."{narrator}
        """,
        "Title: T\nCharacters: Wren, Tobin\n\n",
    ),
    "a two-word speech verb in the present tense is a tag: the nurse puts in, she cuts in": (
        """
        Kit sits on the edge of the trolley. Ash stands by the curtain with his arms folded.

        "It's only a scratch,"{Kit} says Kit.

        "It's eleven stitches,"{Ash} says Ash.

        "Eleven small ones,"{Kit} Kit says.

        "Hold still, please,"{None} the nurse puts in.

        "I am holding still,"{Kit} says Kit.
        """,
    ),
    "a he/she line after a paragraph whose one actor of that gender is named before its last sentence": (
        """
        Rosa, Mia and Lena sat at the bar. Lena ordered, and Rosa paid.

        "Cheers,"{Lena} said Lena.

        "Cheers,"{Mia} said Mia.

        Rosa was looking at the door. There was a man there, dripping on the mat.

        "Is that him?"{Rosa} she asked.
        """,
    ),
    "a first-person narrator is one of a scene's two: a line calling the other is the narrator's": (
        """
        I was in the bath when Corin rang. I answered it anyway, because I always do, and I always regret it, and I
        knew my evening was over.

        "Don't panic,"{Corin} he said.

        "I wasn't panicking."{narrator}

        "The van's dead on the coast road."{Corin}

        "Corin, it's midnight."{narrator}

        "I know what time it is."{Corin}

        "Then why are you on the coast road?"{narrator}
        """,
        "Title: T\nCharacters: Corin\n\n",
    ),
    "texts after a talk are no turns of it": (
        """
        I was in the bath when Corin rang. I answered it anyway, because I always do, and I always regret it, and I
        knew my evening was over.

        "Don't panic,"{Corin} he said.

        "I wasn't panicking."{narrator}

        "The van's dead on the coast road."{Corin}

        "Corin, it's midnight."{narrator}

        My phone buzzed against my ear. I looked at it.

        Ysa: still up?{Ysa}
        Pell: she's always up{Pell}
        Ysa: bringing chips{Ysa}
        """,
        "Title: T\nCharacters: Corin, Ysa, Pell\n\n",
    ),
    "a name the first-person narrator's own lines call is someone else's, not the narrator's": (
        """
        I was late again. I ran the last block with my bag banging my hip, and I was still out of breath when I got
        to the bench. I sat down.

        "You're late, Jake,"{narrator} I said.

        "I'm always late,"{Jake} he said.

        "Jake, it's freezing."{narrator}

        "Then sit closer."{Jake}
        """,
        "Title: T\nCharacters: Jake\n\n",
    ),
    "the plain present is no tag in a story told in the third person": (
        """
        Ann walked into the kitchen, where her sister Mara sat over her cereal. Ann had been up all night.

        "You look terrible,"{Mara} Mara said.

        Ann poured the coffee. She could feel Mara watching her. Ann said nothing for a while, and Mara said nothing.

        "Ask me later,"{None} I say.
        """,
    ),
    "a line calling one of the only two people the scene has named is the other's, and anchors the turns": (
        """
        Tess found the sign in the yard. Her brother Marco was in the kitchen, eating cereal, and
        did not look up when Tess came in.

        "You put up a sign."{Tess}

        "Hi, Tess, good drive?"{Marco}

        "You put up a sign without telling me."{Tess}

        Marco put the box down. "I texted you,"{Marco} Marco said.
        """,
    ),
    "chat lines": (
        """
        Nell: who took the milk{Nell}
        Ravi: not me{Ravi}
        Nell: liar{Nell}
        """,
    ),
    "Mr. and Mrs. Varley are two people; a tag with a title's dot is whole": (
        """
        Mr. Varley read the paper while Mrs. Varley wrote her letters. Mr. Varley sighed, and Mrs. Varley looked up.

        "The roof leaks again,"{Mr. Varley} said Mr. Varley.

        "Then mend it,"{Mrs. Varley} said Mrs. Varley; "you have had all week."{Mrs. Varley}
        """,
    ),
    "an inverted pronoun tag, and a he among women goes to the man": (
        """
        Tobias Quill came in from the yard, and he was muddy to the knees. Morwenna and Ada looked up, and Tobias grinned at Ada.

        "Shut the door,"{Morwenna} said Morwenna.

        "I am shutting it,"{Tobias Quill} said he.
        """,
    ),
    "an unnamed stranger's he-line is nobody's": (
        """
        Bram and Ilse reached the gate at dusk. A tall man stood by the post. The old man bowed to them.

        "You are late,"{None} he said.

        "We know,"{Ilse} said Ilse.
        """,
    ),
    "a she-line after someone unnamed the narration told apart acted is not the named woman's further back": (
        """
        The bus left them at the crossroads after dark. Maggie pulled her scarf tight, and her brother Danny walked beside her to the inn. The woman at the hatch went on with her knitting.

        "Kitchen's shut,"{None} she said.

        "Have you a room?"{Maggie} Maggie asked.

        "Rooms are for regulars."{None}

        "We can pay,"{Danny} Danny said.

        The woman put down her needles at last. She looked them up and down, slowly.

        "You came by the bog road,"{None} she said.
        """,
    ),
    "a he-beat just after a man told apart by a description spoke is not the one named man's": (
        """
        Maggie and her brother Danny sat by the fire of the inn. Danny had his boots off. Maggie read.

        The door swung open. Rain blew in, and a tall man after it.

        "Filthy night,"{None} said the man in the long coat.

        "It is,"{Maggie} Maggie said.

        "Worse by the river."{None} He shook the rain from his hat. "Colder on the bog road."{None}

        "We came that way,"{Maggie} Maggie said.
        """,
    ),
    "a word that is also a form of address ('Your Grace') is a given name alone": (
        """
        Grace set her bag on the table, and she sighed. Tomas was at the stove.

        "You're early,"{Tomas} said Tomas.

        "The bus was early,"{Grace} Grace said.
        """,
    ),
    "a name only opening sentences, which a line calls someone by, is a character who answers": (
        """
        Coach Hale walks in and the room goes quiet. Dobrev grins at the floor.

        "Quiet, Dobrev!"{Coach Hale} says Hale.

        "Sorry, sir."{Dobrev}

        "Then wipe that off your face."{Coach Hale}
        """,
    ),
    "a line just after someone unnamed the narration told apart by where they are is their role's; a bare line after them no one named's": (
        """
        The van gave out on the coast road near two in the morning. Danny steered it onto the grass.

        "Not a word,"{Maggie} Maggie said. "I mean it."{Maggie}

        "I said nothing."{Danny}

        "You were about to say we ought to have bought diesel at the port."{Maggie}

        "We ought to have bought diesel at the port,"{Danny} Danny said.

        Maggie knocked her head back against the seat. A long way off there was a single lamp.

        "Nothing on mine,"{Danny} Danny said, holding up his phone.

        "Nothing on mine either,"{Maggie} Maggie said.

        "On foot, then,"{Danny} said Danny.

        The lamp hung over a shop with a bell on the door. The woman at the till kept on with her puzzle.

        "Closed,"{the woman at the till} she said. "Closed since lunch."{the woman at the till}

        "Have you got a landline?"{Maggie} Maggie asked. "The van's dead."{Maggie}

        "Landline's private."{None}
        """,
    ),
    "a she-beat of the one woman, with someone of no known gender named only long before": (
        """
        Kit waved from the gate and was gone before the rain began. Tom had known Kit for years.

        Tom lit the stove. Sam sat by the window with his boots off, and he watched the road for Mara.

        "It's coming down now,"{Tom} said Tom.

        "It'll stop by six,"{Sam} said Sam.

        "It never stops by six."{Tom}

        Tom put the kettle on. Sam went back to his paper.

        The door banged open, and in came Mara with the rain behind her.

        "Who left the gate open?"{Mara} She hung her coat on the hook.
        """,
    ),
    "a tag between two parts of a speech that runs on into the next paragraph": (
        """
        Tom sat by the fire, and he poked it. Nell watched Tom from her chair, and she yawned.

        'When I was a boy,'{Tom} he began, 'my father kept bees on the hill.{Tom}

        'Every spring he took me up to see them.'{Tom}
        """,
    ),
    "a lost opening quote whose closing mark survived: the words are dialogue, the tag narration": (
        """
        Nell was tired, and she said so. Tom read his book and he did not look up at Nell.

        ?Can we go home?'{Nell} she wanted to ask. She said nothing.

        'Soon,'{Tom} said Tom.
        """,
    ),
    "a reply named in the narration, and a he/she tag that agrees with a name": (
        """
        Orla waited by the well, and she was cold. Kasimir came up the path, and he was late.

        "You came at last,"{Orla} was Orla's only greeting.

        "I did,"{Kasimir} said Kasimir, and as he spoke he set down his pack.
        """,
    ),
    "a description the narration set beside a name is that character in a tag": (
        """
        Orla waited by the well with Kasimir and Bram. Kasimir, the old shepherd, leaned on his staff.

        "Rain,"{Kasimir} said the old shepherd.

        "Never,"{None} said the young shepherd.
        """,
    ),
    "a description turn-taking gave to a character twice is theirs in a later chapter": (
        """
        Chapter 1

        Orla waited by the well. Mr. Kasimir came up the path, and he was late.

        "You came,"{Orla} said Orla.

        "I did,"{Mr. Kasimir} said the old man.

        "And late."{Orla}

        "As ever,"{Mr. Kasimir} said Mr. Kasimir.

        "Why?"{Orla} asked Orla.

        "The snow,"{Mr. Kasimir} said the old man.

        "Ah."{Orla}

        "Yes,"{Mr. Kasimir} said Mr. Kasimir.

        Chapter 2

        Orla sat with Mr. Kasimir by the fire.

        "Snow,"{Mr. Kasimir} said the old man.
        """,
    ),
    "a bare description turn-taking gave to one character twice is theirs in a later chapter": (
        _BOY_TWICE
        + """
        "Snow,"{Mr. Kasimir} said the boy.
        """,
    ),
    "an elderly description is the one titled character of its gender about, not the last speaker": (
        """
        Oliver lay in bed, and he was cold. Mrs. Bedwin sat by him with her knitting, and she smiled at him.

        "You must rest, child,"{Mrs. Bedwin} said the old lady.

        Oliver closed his eyes and slept.
        """,
    ),
    "an elderly description is the one titled character of its gender about, beside untitled ones": (
        """
        Chapter 1

        "Snow tonight,"{Nell} said Nell.

        Chapter 2

        Nell sewed by the fire, and she hummed. Mrs. Hale sat by her, and she knitted.

        "A cold night,"{Mrs. Hale} said the old lady.
        """,
    ),
    "what someone is like or was is no one brought in: an elderly description is still the titled one": (
        """
        Mr. Hale sat by the fire, and he talked like a gentleman of the old school. He had been a man of note once.

        "A cold night,"{Mr. Hale} said the old man.
        """,
    ),
    "narration about an elderly description is about the one titled character it may mean": (
        """
        Oliver lay in bed, and he was cold. Mrs. Bedwin sat by him with her knitting.

        The old lady smiled at him. "Rest now,"{Mrs. Bedwin} she said.
        """,
    ),
    "narration about an elderly description just after an unnamed one came in is about the newcomer": (
        """
        Mr. Hale sat by the fire with Nell, and he read his paper.

        The door opened, and an old man came in from the rain. The old man bowed. "A cold night,"{None} he said.
        """,
    ),
    "an elderly description may be the one named after the unnamed one came in": (
        """
        Oliver lay in bed, and he was cold. The door opened, and an old lady came in with a tray.

        It was Mrs. Bedwin, and she set the tray down by him.

        "Eat it all, child,"{Mrs. Bedwin} said the old lady.
        """,
    ),
    "an elderly description after an unnamed one of its gender came in stays unplaced": (
        """
        Mr. Hale sat by the fire with Nell, and he read his paper. The door opened and an old man came in from the rain.

        "A cold night,"{None} said the old man.
        """,
    ),
    "a described line just after a line calling one person of that gender by name is that person's answer": (
        """
        Ann sat by the fire, and she knitted. Nell sat at the table, and she sewed.

        "Cold tonight,"{Ann} said Ann.

        "Very,"{Nell} said Nell.

        Tom came into the kitchen, and he sat down by Ann.

        "Is the kettle on, Nell?"{Tom} asked Tom.

        "It is,"{Nell} said the girl.
        """,
    ),
    "an elderly description is still the titled one after someone unnamed of no told age came in": (
        """
        Mrs. Hale sat by the fire, and she knitted. The door opened, and a lady came in with Nell and sat by the window.
        Mrs. Hale put down her knitting and looked at the fire.

        "A cold night,"{Mrs. Hale} said the old lady.
        """,
    ),
    "an elderly description is no one without a title: a young man may be the one man about": (
        """
        Chapter 1

        "Snow tonight,"{Tom} said Tom.

        "Is it?"{Nell} asked Nell.

        Chapter 2

        Nell knitted by the fire, and she hummed. Tom read his paper, and he yawned.

        "A cold night,"{None} said the old man.
        """,
    ),
    "a description that twice answered a line calling someone by name is theirs in a later chapter": (
        """
        Chapter 1

        Orla came down to the forge. Kasimir was working the bellows, and he did not look up.

        "Is it ready, Kasimir?"{Orla} asked Orla.

        "Not yet,"{None} said the smith.

        "Tomorrow, then, Kasimir?"{Orla} asked Orla.

        "Perhaps,"{None} said the smith.

        Chapter 2

        Orla met Kasimir at the well.

        "Rain tonight,"{Kasimir} said the smith.
        """,
    ),
    'a described line ("said the old lady") is not the one woman speaking in the exchange': (
        """
        Orla sat by the well, and she was tired. Kasimir came up the path, and he was late.

        "Is it late?"{Orla} asked Orla.

        "It is,"{None} said a voice from the gate.

        "Very late,"{None} said the old lady.
        """,
    ),
    "turn-taking goes on across a narration paragraph about the speaker of the tagged line after it": (
        """
        Orla waited by the well, and Kasimir came up the path to her.

        "Rain soon,"{None} said a voice from the gate.

        "You came,"{Orla} said Orla.

        "I said I would."{Kasimir}

        "You say many things."{Orla}

        Kasimir sat down on the rim of the well and looked at the water.

        "And I do most of them,"{Kasimir} said Kasimir.
        """,
    ),
    "a he line goes to the one man seen in the scene when he is one of the two the exchange's tags name": (
        """
        Ann and Tom walked to the mill. Tom carried the sack, and he was tired.

        "Not far now,"{Tom} said Tom.

        "Good,"{Ann} said Ann.

        "Father walked it every day,"{Ann} said Ann, who was thinking of Mr. Oakes.

        "He was a strong man,"{Tom} he said.

        "Hush,"{None} said a voice from the hedge.
        """,
    ),
    "a he line in a long exchange of a woman and a man is the man's when no other man is about lately": (
        """
        Mr. Oakes shut the gate behind them and went back up to his house.

        Mrs. Hale and Tom walked on to the mill. Tom carried the sack, and he was tired.

        "Not far now,"{Tom} said Tom.

        "Good,"{Mrs. Hale} said Mrs. Hale.

        "Rain soon,"{None} said a voice from the hedge.

        "It always rains here,"{Mrs. Hale} said Mrs. Hale.

        "Every spring,"{Mrs. Hale} said Mrs. Hale.

        "And every autumn,"{Mrs. Hale} said Mrs. Hale.

        "My father walked it every day,"{Mrs. Hale} said Mrs. Hale.

        "Mother too,"{Mrs. Hale} said Mrs. Hale, looking at Tom.

        "She was a strong woman,"{Tom} he said.
        """,
    ),
    "a he line placed in an exchange of a woman and a man anchors the turns before it": (
        """
        Mr. Oakes shut the gate behind them and went back up to his house.

        Mrs. Hale and Tom walked on to the mill. Tom carried the sack, and he was tired.

        "Not far now,"{Tom} said Tom.

        "Good,"{Mrs. Hale} said Mrs. Hale.

        "Rain soon,"{None} said a voice from the hedge.

        "It always rains here,"{Mrs. Hale} said Mrs. Hale.

        "Every spring,"{Mrs. Hale} said Mrs. Hale.

        "And every autumn,"{Mrs. Hale} said Mrs. Hale.

        "Mother walked it every day,"{Mrs. Hale} said Mrs. Hale, looking at Tom.

        "In the rain?"{Tom}

        "In any weather."{Mrs. Hale}

        "She was a strong woman,"{Tom} he said.
        """,
    ),
    "a bare line between two lines of one of two people talking is the other's": (
        """
        Orla waited by the well, and Kasimir came up the path to her.

        "Rain soon,"{None} said a voice from the gate.

        "Late again,"{Kasimir} said Kasimir.

        "I had to,"{Orla} said Orla.

        "Why?"{Kasimir}

        "The mule was lame,"{Orla} said Orla.
        """,
    ),
    "'said the other' in a talk of two is the other one's, not a stranger's": (
        """
        Orla waited by the well, and Kasimir came up the path to her.

        "You came,"{Orla} said Orla.

        "I said I would,"{Kasimir} said Kasimir.

        "You say many things,"{Orla} said Orla.

        "And I do most of them,"{Kasimir} said the other.

        "We shall see."{Orla}
        """,
    ),
    "'said the other' after two lines of two speakers is the first one's, though a stranger spoke lately": (
        """
        Orla waited by the well in the dark.

        "Who goes there?"{None} called a voice from the gate.

        "Only me,"{Kasimir} said Kasimir, coming up the path.

        "You are late,"{Orla} said Orla.

        "The snow,"{Kasimir} said the other in a low voice.
        """,
    ),
    "'said the other man' after two lines of two speakers is someone else again": (
        """
        Mrs. Venn, Mr. Kasimir and Mr. Bram sat by the fire in the inn.

        "Snow tonight?"{Mrs. Venn} asked Mrs. Venn.

        "Deep snow,"{Mr. Kasimir} said Mr. Kasimir.

        "Then we stay,"{None} said the other man.
        """,
    ),
    "a line giving its speaker's own name is theirs, and so is the description its tag calls them by": (
        """
        Mara Quill had come to the harbour to find Tam Orrin. Tam Orrin had sent for her, but he had not said where he
        would wait. Bram Fenn was mending his nets by the wall. A boy sat on the rocks.

        "Who are you?"{Mara Quill} asked Mara Quill.

        "I'm only Tam Orrin,"{Tam Orrin} said the boy.

        "And where do you live?"{Mara Quill} asked Mara Quill.

        "Over the hill,"{Tam Orrin} said the boy.
        """,
    ),
    "a one-word epithet the rest of the story gives to one character is theirs in a chapter before": (
        """
        Chapter 1

        Orla waited by the well. A tall man in a fur cloak came up the road and stopped by her.

        "Is this the road to the sea?"{Kasimir Vell} asked the islander.

        "It is,"{Orla} said Orla.

        Chapter 2

        Orla sat by the fire. Kasimir Vell came in from the boats, and he shook the rain from his cloak.

        "You came back, Kasimir,"{Orla} said Orla.

        "I did,"{Kasimir Vell} said the islander.

        "Are you cold, Kasimir?"{Orla} asked Orla.

        "A little,"{Kasimir Vell} said the islander.

        Chapter 3

        Orla sat with Kasimir Vell by the fire.

        "Tomorrow?"{Orla} asked Orla.

        "Tomorrow,"{Kasimir Vell} said the islander.

        "Early?"{Orla} asked Orla.

        "Early,"{Kasimir Vell} said the islander.

        "And the nets?"{Orla} asked Orla.

        "Leave them,"{Kasimir Vell} said the islander.

        "They are my father's,"{Orla} said Orla.

        "Then bring them,"{Kasimir Vell} said the islander.

        "And the dog?"{Orla} asked Orla.

        "The dog stays,"{Kasimir Vell} said the islander.
        """,
    ),
    "'said his companion' after a man's line is the other one's of the two about": (
        """
        Tom Pell walked home along the river. Ann Grey walked beside him, and Ann Grey was tired.

        "We shall be late,"{Tom Pell} said Tom Pell.

        "Not if we hurry,"{Ann Grey} replied his companion.
        """,
    ),
    "'said his companion' with a third person about is left open": (
        """
        Tom Pell walked home along the river. Ann Grey walked beside him, and Ann Grey was tired. Meg Hale followed them,
        and Meg Hale was cold.

        "We shall be late,"{Tom Pell} said Tom Pell.

        "Not if we hurry,"{None} replied his companion.
        """,
    ),
    "a description the rules gave one character's lines before is theirs again while they are about": (
        """
        Tom Pell and Nan Drew sat by the fire, and Nan Drew mended a net.

        "Is it late, Nan?"{Tom Pell} asked Tom Pell.

        "Not yet,"{Nan Drew} said the girl.

        Tom Pell went out to the yard and came back with wood. A dog barked in the lane.

        "Who is there?"{None} called a voice from the lane.

        "Only the wind,"{Nan Drew} said the girl, laughing.
        """,
    ),
    "'said the man' may be anyone, whoever the rules gave it before": (
        """
        Mr. Pell and Miss Drew sat by the fire, and Miss Drew mended a net.

        "Is it late, Mr. Pell?"{Miss Drew} asked Miss Drew.

        "Not yet,"{Mr. Pell} said the man.

        Miss Drew went out to the yard and came back with wood. A dog barked in the lane.

        "Who is there?"{None} called a voice from the lane.

        "Only the wind,"{None} said the man, laughing.
        """,
    ),
    "turn-taking anchored on both sides": (
        """
        Orla waited by the well, and Kasimir came up the path to Orla.

        "You came,"{Orla} said Orla.

        "I said I would."{Kasimir}

        "You say many things."{Orla}

        "And I do most of them,"{Kasimir} said Kasimir.
        """,
    ),
    "a line that names one of the two talking is the other's, and anchors the turns before it": (
        """
        Orla waited by the well, and Kasimir came up the path to Orla.

        "You came,"{Orla} said Orla.

        "I said I would,"{Kasimir} said Kasimir.

        "Late."{Orla}

        "The snow."{Kasimir}

        "Deep?"{Orla}

        "It was."{Kasimir}

        "Then stay, Kasimir."{Orla}
        """,
    ),
    "a line that names one of two talking, not calling them, is not theirs by turns": (
        """
        Orla waited by the well, and Kasimir came up the path to Orla.

        "You came,"{Orla} said Orla.

        "I said I would,"{Kasimir} said Kasimir.

        "Late."{Orla}

        "Kasimir is never late, he says."{None}
        """,
    ),
    "a line after narration about the listener is not theirs by turns: the speaker may go on": (
        """
        Orla waited by the well, and Kasimir came up the path to Orla.

        "You came,"{Orla} said Orla.

        "I said I would,"{Kasimir} said Kasimir.

        Orla laughed.

        "And I always keep my word."{None}
        """,
    ),
    "a first name two people share is the one of them in the scene": (
        """
        Osbert Bexley and Osbert Pendry were cousins. Clemency liked them both, and Osbert Bexley liked Clemency.

        * * *

        Clemency sat with Osbert Pendry in the garden, and he was idle.

        Osbert laughed. "You are slow today."{Osbert Pendry}

        "I am,"{Clemency} said Clemency.
        """,
    ),
    "'Miss <surname>' sisters share is the eldest when the younger is 'Miss <first name> <surname>'": (
        """
        Ann Harrow and Julia Harrow were sisters. Ann Harrow was the elder; Miss Julia Harrow was nineteen. Ann
        sewed by the window, and Julia read. Ann smiled at her. Julia laughed at her book.

        "Read to me,"{Ann} said Ann.

        "Later,"{Julia} said Julia.

        * * *

        Julia and Ann walked to the gate, and Julia ran ahead, and Ann followed her.

        "The road is dry,"{Ann} said Miss Harrow calmly.

        "It is,"{Julia} said Julia.
        """,
    ),
    "a bare surname a family's men share is the one of them about": (
        """
        Harold Vane and Edwin Vane came home together. Harold Vane sat down, and Edwin Vane went up to bed. Harold
        smiled. Edwin yawned.

        "Good night,"{Edwin Vane} said Edwin.

        * * *

        The house was quiet. Harold lit his pipe in the study and looked at the fire for a long time.

        "Cold tonight,"{Harold} said Harold.

        "A fine evening for it, though,"{Harold} said Vane.
        """,
    ),
    "a sentence that ends in its speech verb is its opening subject's tag": (
        """
        Mara and Jonah sat by the stove, and Mara was cold. Jonah read by the lamp.

        Mara, who had said nothing all evening, turned to Jonah with a frown and said,

        "You never listen."{Mara}

        Jonah closed his book, looked at the window for a long moment, and replied: "I do."{Jonah}
        """,
    ),
    "the sentence's subject is not the speaker when another clause comes between": (
        """
        Mara and Jonah sat by the stove, and Mara was cold. Jonah read by the lamp.

        Mara waited while Jonah put down his book and said, "Enough."{None}

        Jonah showed the letter to Mara, who said: "Burn it."{Mara}
        """,
    ),
    "a line thought aloud is the thinker's, after the line only": (
        """
        Mara and Jonah walked home, and Tom came up behind them.

        "He means mischief,"{Mara} thought Mara, watching Tom.

        Jonah thought he heard Tom say, "Wait for me."{Tom}
        """,
    ),
    "a possessive in a tag is not the speaker, with or without its apostrophe": (
        """
        Mara and Jonah walked home, and Jonah was tired.

        "Go on,"{None} said Mara's young man.

        "Go home,"{None} said Mara s brother, who had lost his apostrophe.
        """,
    ),
    "a paragraph with a quoted phrase that ends in a tag leads to the next line": (
        """
        Mara and Jonah sat by the stove.

        The sign on the gate said "Keep Out"{None} in red. Jonah read it twice. Mara smiled and said,

        "It is a ruin."{Mara}
        """,
    ),
    "a line that was someone's reasoning, reply or voice is theirs": (
        """
        Mara and Jonah and Tom sat by the stove.

        "We stay,"{Mara} was Mara's reasoning.

        "We go,"{Jonah} came Jonah's voice from the door.

        "Not a penny more,"{Tom} was the curt reply of Tom.

        "Sit down,"{None} said Tom's mother.
        """,
    ),
    "a word for kin, a foreign form of address and a name opening with its particle, alone in a tag": (
        """
        Odile sat with Mademoiselle Vautrin and Professor de Vries, and Nanny brought the tea. Mademoiselle Vautrin played.

        Later Mademoiselle Vautrin and Odile walked out, and Professor de Vries read while Nanny slept.

        "Too sweet,"{Mademoiselle Vautrin} said Mademoiselle.

        "Nonsense,"{Nanny} said nanny.

        "Quite so,"{Professor de Vries} said de Vries.
        """,
    ),
    "a paragraph that announces the speech the next one holds, though it ends with a full stop": (
        """
        Mara and Jonah sat by the stove. For a long while nobody spoke. At last Jonah began again.

        "The roof leaks."{Jonah}

        "It always did,"{Mara} said Mara.

        "Then mend it,"{Tom} Tom interrupted.
        """,
    ),
    "narration between two lines may hold both their tags": (
        """
        Mara and Ann sat by the stove.

        "All right,"{Ann} called Ann, while Mara, pensive again, said: "On the whole, I wish it were spring."{Mara}
        """,
    ),
    "someone heard saying a line, or the line their saying": (
        """
        Mara and Jonah and Tom sat by the stove.

        Later Mara heard Jonah say, in an undertone to Tom,

        "We leave at dawn."{Jonah}

        Mara began to answer, but was stopped by Tom's saying,

        "Not a word."{Tom}
        """,
    ),
    "a speech verb after 'by' in a sentence about its subject": (
        """
        Edmund and Fanny walked by the pond in silence. Edmund at last relieved her by saying,

        "We should go back before the rain."{Edmund}
        """,
    ),
    "a he-line whose paragraph names one man before any he": (
        """
        Ines Harrow ran the ferry, and she knew every rock in the river. Corvin Dale knew nothing of rocks; he had come to paint.

        The morning was grey. The water was high and brown.

        It was Corvin's idea to cross anyway. "We can make it,"{Corvin Dale} he said.

        "We can drown,"{Ines Harrow} Ines said.
        """,
    ),
    "a he-line whose paragraph names its one man after a preposition or a he stays unplaced": (
        """
        Ines Harrow ran the ferry, and she knew every rock in the river. Corvin Dale knew nothing of rocks; he had come to paint.

        The morning was grey. The water was high and brown.

        A note had been left at the landing for Corvin. "Sign here,"{None} he said.

        The morning was grey. The water was high and brown.

        He had come a long way with Corvin. "Sign here,"{None} he said.
        """,
    ),
    "a he/she line whose paragraph names its one man or woman as a possessive or as the doer after 'by'": (
        """
        Ines Harrow ran the ferry, and she knew every rock in the river. Corvin Dale knew nothing of rocks; he had come to paint.

        The morning was grey. The water was high and brown.

        It was part of Corvin's plan to cross at noon. "We can make it,"{Corvin Dale} he said.

        The morning was grey. The water was high and brown.

        He was woken by Ines at dawn. "The river is down,"{Ines Harrow} she said.
        """,
    ),
    "a he-line goes to the man the narration before it last makes its subject, when the scene was about him": (
        """
        Ivo Marsh kept the sheep, and he knew every path on the hill. Corvin Dale knew nothing of paths; he had come to paint.

        "You're late,"{Ivo} said Ivo.

        "I walked,"{Corvin} said Corvin.

        Corvin went into the kitchen and sat down by the stove.

        Ivo had a map open on his knee. Corvin leaned over his shoulder to look at it. "That's the old road,"{Corvin} he said.
        """,
    ),
    "a he-line's narration chain may end at a name with an aside before its verb": (
        """
        Ivo Marsh kept the sheep, and he knew every path on the hill. Corvin Dale knew nothing of paths; he had come to paint.

        "You're late,"{Ivo} said Ivo.

        "I walked,"{Corvin} said Corvin.

        Corvin went into the kitchen and sat down by the stove.

        Ivo had a map open on his knee. Corvin, who had never seen it, leaned over his shoulder. "That's the old road,"{Corvin} he said.
        """,
    ),
    "a he-line's narration chain ends at a possessive: no one's by it": (
        """
        Ivo Marsh kept the sheep, and he knew every path on the hill. Corvin Dale knew nothing of paths; he had come to paint.

        "You're late,"{Ivo} said Ivo.

        "I walked,"{Corvin} said Corvin.

        Corvin went into the kitchen and sat down by the stove.

        Ivo had a map open on his knee. Corvin's dog sniffed at it. "That's the old road,"{None} he said.
        """,
    ),
    "a he-line whose narration names the chain's man beside its own he is someone else's": (
        """
        Ivo Marsh kept the sheep, and he knew every path on the hill. Corvin Dale knew nothing of paths; he had come to paint.

        "You're late,"{Ivo} said Ivo.

        "I walked,"{Corvin} said Corvin.

        Corvin went into the kitchen and sat down by the stove.

        Ivo had a map open on his knee. Corvin leaned over his shoulder to look at it. "That's the old road,"{None} he said, and handed the map to Corvin.
        """,
    ),
    "'pronounced' is a speech verb": (
        """
        Ines Harrow ran the ferry, and she knew every rock in the river. Corvin Dale had come to paint it, and he had
        brought Ivo Marsh, who carried the easels; he said nothing.

        "Hold on,"{Ines Harrow} said Ines.

        "A fine crossing,"{Corvin Dale} said Corvin.

        "Wet,"{Ivo Marsh} said Ivo.

        "Most enjoyable,"{Ines Harrow} she pronounced.
        """,
    ),
    "a he-line after narration about an unnamed he goes to the man named just before it": (
        """
        Ines ran the ferry, and she knew every rock in the river. Corvin knew nothing of rocks; he had come to paint.

        "You'll want a coat,"{Ines} said Ines.

        "I'll manage,"{Corvin} said Corvin.

        He had brought three easels and no coat. He was cold.

        Corvin sat down on the jetty. "It's freezing,"{Corvin} he said.
        """,
    ),
    "a he-line after narration about an unnamed he goes to the one man of the exchange": (
        """
        Ines ran the ferry, and she knew every rock in the river. Corvin knew nothing of rocks; he had come to paint.

        "Where to?"{Ines} Ines asked.

        "Across,"{Corvin} said Corvin.

        "In this wind?"{Ines} said Ines.

        He looked at the water. He did not like it.

        "Is it deep?"{Corvin} he asked.

        "Deep enough,"{Ines} said Ines.
        """,
    ),
    "a she-line after narration about an unnamed she, with women about, is no stranger's: turns place it": (
        """
        Ines ran the ferry, and she knew every rock in the river. Meg mended the nets, and she sang as she worked. Corvin
        had come to paint, and he had brought three easels.

        "Where to?"{Ines} Ines asked, and Meg laughed.

        "Across,"{Corvin} said Corvin.

        She looked at the sky. She did not like it.

        "Not in this wind,"{Ines} she said.

        "Then tomorrow,"{Corvin} said Corvin.
        """,
    ),
    "a she-line in a talk goes to the one woman in the scene, about a few paragraphs before": (
        """
        Ines ran the ferry, and she knew every rock in the river. Corvin and Tobias had come to paint it; Corvin had brought his easels, and Tobias his brother's boat.

        "You'll drown, the pair of you,"{Ines} said Ines. She was not smiling.

        Corvin laughed. Tobias did not.

        Ines watched them from the landing. She did not like painters, and she liked their boat less.

        "We'll cross at noon,"{Corvin} said Corvin.

        "Noon is too late,"{Tobias} said Tobias.

        "Then at eleven,"{Corvin} said Corvin.

        "Not in this wind,"{Ines} she said.
        """,
    ),
    "less common speech verbs, a possessive reply and a phrasal tag": (
        """
        Mara came in and hung up her coat. Jonah was by the window, and he did not turn round to look at Mara. It was Jonah's flat.

        "The river is high tonight,"{Mara} she hazarded.

        Jonah shrugged. It was not his river. Then he spoke.

        "High enough to flood the road, I think,"{Jonah} was his answer.

        "You could stay here till the morning."{None}

        "I could,"{Mara} she enquired, "but would you want me to?"{Mara}
        """,
    ),
    "a tag that breaks off, and narration that runs into the line with its speech verb": (
        """
        Mara and Jonah walked down to the ferry. Mara carried the bags. Jonah kept his hands in his pockets, and he whistled.

        "I never said that I --"{Jonah} he broke off.

        Mara laughed at him and put the bags down. After a pause, she went on "You did, and you know it."{Mara}
        """,
    ),
    "words that burst from a speaker, and tags with verbs of questioning and confiding": (
        """
        Mara came in and hung up her coat. Jonah was by the window, and he did not turn round to look at Mara. It was Jonah's flat.

        "Oh, the whole ceiling is wet!"{Mara} burst from her.

        "Is it the pipes again?"{Jonah} he questioned.

        "I told the landlord twice,"{Mara} she confided.
        """,
    ),
    "a speaker heard saying the line, and one who forces herself to speak": (
        """
        Mara came in and hung up her coat. Jonah was by the window, and he did not turn round to look at Mara. It was Jonah's flat.

        Mara waited by the door for a long time. At last she heard him say, "You can sit down, you know."{Jonah}

        Mara looked at the wet chair. She forced herself to say, "Thank you, I'd rather stand."{Mara}
        """,
    ),
    "a he or she who acts and then speaks in one sentence": (
        """
        Mara came in and hung up her coat. Jonah was by the window, and he did not turn round to look at Mara. It was Jonah's flat.

        Mara sat down on the arm of the sofa. She kicked off her shoes and said, "I walked the whole way."{Mara}

        He put his book down and asked, "In this rain?"{Jonah}
        """,
    ),
    "narration about a she it never names, in a scene about one woman, is about her": (
        """
        Mara came in and hung up her coat. Jonah was by the window, and he did not turn round to look at Mara. It was Jonah's flat.

        "You're late,"{Jonah} said Jonah.

        Mara said nothing. She went into the kitchen and filled the kettle.

        She stood by the window for a long time, watching the rain.

        "It's still raining,"{Mara} she said.
        """,
    ),
    "an unnamed someone of that gender ends the scene's one woman": (
        """
        Mara came in and hung up her coat. Jonah was by the window, and he did not turn round to look at Mara. It was Jonah's flat.

        "You're late,"{Jonah} said Jonah.

        Mara went into the kitchen. An old woman was sitting at the table there.

        She stood by the window for a long time, watching the rain.

        "It's still raining,"{None} she said.
        """,
    ),
    "a line between two pairs of turns that agree on it, the third voice far back": (
        """
        Mara came in and hung up her coat. Jonah was by the window, and he did not turn round to look at Mara. It was Jonah's flat.

        Ann looked up from her book. "Who's that?"{Ann} said Ann.

        "Only me,"{Jonah} said Jonah.

        "You're late,"{Mara} said Mara.

        "I know,"{Jonah} said Jonah.

        "Dinner's cold,"{Mara} said Mara.

        "I'll eat it cold,"{Jonah} said Jonah.

        "Suit yourself,"{Mara} said Mara.

        "The bus broke down,"{Jonah} said Jonah.

        "Again?"{Mara}

        "Again,"{Jonah} said Jonah.

        "Then take the train,"{Mara} said Mara.
        """,
    ),
    "a line the exchange makes likely enough: called by name before it and thanked by name after it": (
        """
        Ann, Jonah and Mara sat round the fire. Ann poked it with a stick, and she yawned. Jonah said nothing; he was tired. Mara laughed at him, and she threw a log on the fire.

        "Who's on watch tonight?"{Ann} Ann asked.

        "Not me,"{Jonah} said Jonah.

        "Mara, is it you?"{Ann} said Ann.

        "Yes, it's me."{Mara}

        "Thank you, Mara,"{Jonah} said Jonah.
        """,
    ),
    "a name after a word that only looks like one, a manner after the verb, and a speech announced": (
        """
        Mara came in and hung up her coat. Jonah was by the window, and he did not turn round to look at Mara. It was Jonah's flat.

        Thus called upon to say something, Jonah answered slowly: "The pipes again."{Jonah}

        This worried Mara, who remarked with some heat, "Then call the landlord."{Mara}

        After a long pause Jonah began again. "I called him twice."{Jonah}

        "He never comes,"{Mara} Mara kept saying. "Never."{Mara}
        """,
    ),
    "a tag in the paragraph before: a later clause's subject, a lost dash, a manner after the verb, an announcing aside": (
        """
        Mara came in and hung up her coat. Jonah was by the window, and Ivo sat by the fire. Mara looked at Jonah, and Ivo looked at Mara.

        The clock had struck twice, when Jonah rose from his chair in haste, and turning to the window, said,

        "The pipes again."{Jonah}

        There was a short silence, after which Mara, looking at the fire, turned to Ivo and said,

        "Then call the landlord."{Mara}

        There was a long pause, and then Ivo said, biting his lip

        "I called him twice."{Ivo}

        In a firm, though cautious tone, Mara thus began.

        "He never comes."{Mara}

        Having bestowed a scowl upon the window, Jonah continued.

        "Then we leave."{Jonah}
        """,
    ),
    "a relative clause that ends in the speech verb, and a clause after a semicolon that opens with its subject": (
        """
        Mara came in and hung up her coat. Jonah was by the window, and Ivo sat by the fire. Mara looked at Jonah, and Ivo looked at Mara.

        A short silence followed, which was broken by Mara, who in a voice of cold resentment said,

        "The pipes again."{Mara}

        "So?"{Jonah} said Jonah.

        Thus passed ten minutes, till they were joined by Ivo, who, coming to them with a gayer look, said,

        "Then call the landlord."{Ivo}

        Jonah looked at the fire; and Mara, tired of it all, turned to him and said,

        "I called him twice."{Mara}
        """,
    ),
    "a speech announced after an action, a gerund after 'help' or 'into', a subject after 'that' or 'while'": (
        """
        Mara came in and hung up her coat. Jonah was by the window, and Ivo sat by the fire. Mara looked at Jonah, and Ivo looked at Mara.

        Jonah fetched breath, and went on again.

        "The pipes again."{Jonah}

        She looked so tired, as she stood there by the door, that Ivo was startled into exclaiming:

        "Then call the landlord."{Ivo}

        The fire burned low, and Mara, seeing it, could not help exclaiming,

        "I called him twice."{Mara}

        Ivo shook his head at the fire, while Jonah turned round to her and said:

        "He never comes."{Jonah}
        """,
    ),
    "a tag before at the end of a long sentence: after ';' and 'while' or 'but one evening,', 'before', 'also', 'ask her'": (
        """
        Mara came in and hung up her coat. Jonah was by the window, and Ivo sat by the fire. Mara looked at Jonah, and Ivo looked at Mara.

        Nobody had slept; while Mara, leaning on the door for support, exclaimed in the bitterest tone--

        "The pipes again."{Mara}

        The evenings were long; but one evening, Ivo, taking up the paper, exclaimed,

        "He never comes."{Ivo}

        Jonah read so slowly that Mara had time to look over his shoulder and ask her brother:

        "Then call the landlord."{Mara}

        Ivo shrugged, whereupon Jonah stood up and, turning to the fire, also exclaimed:

        "I called him twice."{Jonah}

        The door had barely shut before Mara came back, and Ivo said:

        "Who was it?"{Ivo}

        The others went up; and Jonah, having seen them off, began with--

        "Well, that is done."{Jonah}

        There was a long silence, and then Mara said in a low, tired voice

        "Go home."{Mara}
        """,
    ),
    "a line that its own sentence leads to in a paragraph no tag speaks for, up to a question": (
        """
        Mara came in and hung up her coat. Jonah was by the window, and Ivo sat by the fire. Mara looked at Jonah, and Ivo looked at Mara.

        "Is it late?"{None} The rain went on. Mara, too tired to argue, would only say, "Very well, then."{Mara} The fire hissed. "You always say that."{None}

        "Any post?"{None} The post came late. Jonah found the letter, and then began, "What is this, eh?"{Jonah} "Nothing you need to read."{None} The fire hissed.
        """,
    ),
    "a speaker's own name beside 'I' is no call ('I, Mara, ...'); a name after 'Tell me,' is one": (
        """
        Mara came in and hung up her coat. Jonah was by the window, and Ivo sat by the fire. Mara looked at Jonah, and Ivo looked at Mara.

        Mara read the paper through, and then said:

        "I, Mara, will not sign it."{Mara}

        Ivo looked up from the fire, and said:

        "Tell me, Mara, who will?"{Ivo}
        """,
    ),
    "a speech verb that runs into its line with no mark (its dash lost) still tags it; a verb with an object does not": (
        """
        Mara came in and hung up her coat. Jonah was by the window, and Ivo sat by the fire. Mara looked at Jonah, and Ivo looked at Mara.

        Jonah dealt the cards. Mara, bending over the table, continued to murmur "Red ten on the black knave."{Mara}

        Jonah dealt the cards again. Mara, bending over the table, continued to murmur the rules "Red ten on the black knave."{None}
        """,
    ),
    "a title the story uses as a name opens a later clause as a name does ('...that the Colonel broke silence and began,')": (
        """
        Mara came in and hung up her coat. The Colonel sat by the fire, and Jonah stood at the window. Mara looked at the Colonel.

        Nobody spoke. It was with some difficulty that the Colonel broke the silence and began,

        "We march at dawn."{The Colonel}

        Nobody spoke. It was a relief that the fire broke the silence, and Jonah began,

        "Then we pack tonight."{Jonah}
        """,
        "Title: T\nCharacters: Mara, Jonah, The Colonel\n\n",
    ),
    "in a paragraph where two talk, a line that goes on after its tag's one sentence is the tag's": (
        """
        Mara came in and hung up her coat. Jonah was by the window, and Ivo sat by the fire. Mara looked at Jonah, and Ivo looked at Mara.

        "Which way?"{Mara} said Mara, looking up from the map. "The north road is shut."{Mara} Jonah shook his head; he had not heard the news. "Is it?"{Jonah} asked Jonah.
        """,
    ),
    "the agent of a passive, in a relative clause that runs on with 'and' to the speech verb": (
        """
        Mara came in and hung up her coat. Jonah was by the window, and Ivo sat by the fire. Mara looked at Jonah, and Ivo looked at Mara.

        From her thoughts she was recalled at last by Jonah, who, rousing himself, started up from his chair, and said,

        "The pipes again."{Jonah}
        """,
    ),
    "a tag before: 'the river and' is no description, an adverb opens the sentence, 'upon which', a he/she tag that agrees": (
        """
        Mara came in and hung up her coat. She was cold. Jonah was by the window, and Ivo sat by the fire. Mara looked at Jonah, and Ivo looked at Mara.

        When they had crossed the room, Jonah slapped his hand upon the sill above the river and exclaimed:

        "The pipes again."{Jonah}

        Suddenly Mara turned abruptly, and exclaimed:

        "He never comes,"{Mara} she added.

        She looked at Jonah, who said nothing, and then at Mara, who smiled, upon which Ivo seemed possessed by an idea, and exclaimed:

        "I called him twice."{Ivo}
        """,
    ),
    "the reply came from a name, a cleft sentence announces, a name's voice came, a beat told in the present": (
        """
        Mara came in and hung up her coat. She was cold. Jonah was by the window, and he did not turn. Ivo sat by the fire. Mara looked at Jonah, and Ivo looked at Mara.

        "Yes,"{Mara} came the reply from Mara.

        It was Jonah who spoke first. "Go."{Jonah}

        "Stay,"{Ivo} Ivo's voice came from the hall.

        "Really?"{Mara} Mara raises an eyebrow.
        """,
    ),
    "two names speaking at once in one tag is no one's line": (
        """
        Mara came in and hung up her coat. She was cold. Jonah was by the window, and he did not turn. Ivo sat by the fire. Mara looked at Jonah, and Ivo looked at Mara.

        "Yes,"{None} said Mara and Jonah together.

        "No,"{None} Ivo and Mara said.

        "Maybe,"{Jonah} said Jonah, and Ivo laughed.
        """,
    ),
    "in a paragraph where two talk, a tag between two lines leads the next when the line before has its own": (
        """
        Mara came in and hung up her coat. She was cold. Jonah was by the window, and he did not turn. Ivo sat by the fire. Mara looked at Jonah, and Ivo looked at Mara.

        They sat down by the fire. Mara said, "Are you in town for long?"{Mara} Ivo said, "Have you got a match?"{Ivo}
        """,
    ),
    "after the speech verb: 'rather abruptly', 'could only exclaim', a relative clause on the listener, 'from the next room'": (
        """
        Mara came in and hung up her coat. She was cold. Jonah was by the window, and he did not turn. Ivo sat by the fire. Mara looked at Jonah, and Ivo looked at Mara.

        A pause followed, which was broken by Ivo, who seemed disposed for talk, and who now said rather abruptly,

        "The pipes again."{Ivo}

        This was too much for Mara, who could only exclaim, in her distress,

        "Then call the landlord."{Mara}

        When they rose, Jonah had an impulse, and said to Ivo, whose face he liked,

        "I called him twice."{Jonah}

        But Mara, who had been listening to it all, and did not want the evening spoilt, cried from the next room:

        "He never comes."{Mara}
        """,
    ),
    "an adverb before an inverted tag, 'was all that Mara vouchsafed', 'thus spoke Ivo:', a reply tag where two talk": (
        """
        Mara came in and hung up her coat. She was cold. Jonah was by the window, and he did not turn. Ivo sat by the fire. Mara looked at Jonah, and Ivo looked at Mara.

        "No, no,"{Ivo} again interrupted Ivo.

        "One could see it,"{Mara} was all that Mara vouchsafed by way of answer.

        "And now,"{Jonah} silently conjectured Jonah.

        "Then go,"{Mara} was Mara's answer; and, in a gloomy mood, thus spoke Ivo: "I shall."{Ivo}
        """,
    ),
    "a name's reply told before the line: 'and Ivo's reply was,', 'but Jonah's remark was, soon afterwards--'": (
        """
        Mara came in and hung up her coat. She was cold. Jonah was by the window, and he did not turn. Ivo sat by the fire. Mara looked at Jonah, and Ivo looked at Mara.

        "I cannot possibly go,"{Mara} was Mara's reasoning; and Ivo's reply was, "Then you had better stay."{Ivo}

        The rain went on all evening, but Jonah's remark was, soon afterwards--

        "It will stop by morning."{Jonah}
        """,
    ),
    "a speech named by its noun after the line: 'called the broken voice of Ivo', 'was a fond saying of Mara's'; not 'the voice of the crowd', 'the opinion of all Mara's friends'": (
        """
        Mara came in and hung up her coat. She was cold. Jonah was by the window, and he did not turn. Ivo sat by the fire. Mara looked at Jonah, and Ivo looked at Mara.

        "Don't go,"{Ivo} called the broken voice of Ivo.

        "Stop!"{None} cried the voice of the crowd outside.

        "Poor Jonah!"{Mara} was a fond saying of Mara's.

        "He will come back,"{None} was the opinion of all Mara's friends.
        """,
    ),
    "a description's reply after the line: 'was the porter's gruff answer', as 'said the porter'": (
        """
        Mara came in and hung up her coat. She was cold. Jonah was by the window, and he did not turn. Ivo sat by the fire. Mara looked at Jonah, and Ivo looked at Mara.

        "The night train?"{Mara} asked Mara. The porter looked up from the trunks.

        "Gone at ten, miss,"{the porter} was the porter's gruff answer.

        "Then the morning one,"{Mara} said Mara.
        """,
    ),
    "a paragraph telling its subject asked again leads to the next: 'and renewed her request eagerly.'": (
        """
        Mara came in and hung up her coat. She was cold. Jonah was by the window, and he did not turn. Ivo sat by the fire. Mara looked at Jonah, and Ivo looked at Mara.

        Mara heard the excuse with some impatience, and renewed her request eagerly.

        "Do come, I beg you!"{Mara}
        """,
    ),
    "a speech told by its noun before the line: 'and made only this short answer:--', 'to Mara's question of'": (
        """
        Mara came in and hung up her coat. She was cold. Jonah was by the window, and he did not turn. Ivo sat by the fire. Mara looked at Jonah, and Ivo looked at Mara.

        Ivo frowned, and waited, and made only this short answer:--"We shall see."{Ivo}

        He read on; but when he heard in his turn Mara's question of "Jonah lets the dogs in,"{Mara} he smiled.
        """,
    ),
    "a long sentence's speech verb with whom it was said to: 'and saying to Ivo--', 'stopped to say softly over the railing to Jonah,'; not 'some one said to her'": (
        """
        Mara came in and hung up her coat. She was cold. Jonah was by the window, and he did not turn. Ivo sat by the fire. Mara looked at Jonah, and Ivo looked at Mara.

        Tess had planned the whole walk; and, as she went a little way along the river with them, still talking to Jonah, Mara seized the moment for glancing coldly round her, and saying to Ivo--

        "What tiresome people they all are!"{Mara}

        "It is,"{Ivo} said Ivo.

        So she stopped. Mara went up after him, but stopped to say softly over the railing to Jonah,

        "Never mind--he will come round."{Mara}

        As for Mara, some one said to her, "What a fine day for it!"{None}
        """,
    ),
    "a name after a verb in the past is its object, not another subject: 'approached Ivo ... and said:'": (
        """
        Mara came in and hung up her coat. She was cold. Jonah was by the window, and he did not turn. Ivo sat by the fire. Mara looked at Jonah, and Ivo looked at Mara.

        When the talk was over, Jonah, who was about to leave for the north, approached Ivo with his usual constraint and said:

        "I wish to thank you."{Jonah}
        """,
    ),
    "a tag's name called in a later line keeps only its own line; 'began again about Ivo.'; 'replied almost pertly'": (
        """
        Mara came in and hung up her coat. She was cold. Jonah was by the window, and he did not turn. Ivo sat by the fire. Mara looked at Jonah, and Ivo looked at Mara. Tess came in after her.

        Mara only replied, "I cannot wonder at it."{Mara} But this was enough to melt Tess, and she instantly said, "Oh, Mara, I will write to you."{None}

        Another hand was dealt, and Jonah began again about Ivo.

        "He will not stay."{Jonah}

        Jonah muttered the name of the town; but Ivo replied almost pertly

        "Then let him go."{Ivo}
        """,
    ),
    "a last clause after a semicolon with no subject of its own, and 'and then Ivo ... began talking.'": (
        """
        Mara came in and hung up her coat. She was cold. Jonah was by the window, and he did not turn. Ivo sat by the fire. Mara looked at Jonah, and Ivo looked at Mara.

        Jonah moved the lamp, so as to see the room better; and said, with a little impatience,

        "Now, sir, you have come about the letter?"{Jonah}

        They got their coats, and then Ivo leaned over confidentially and began talking.

        "I tell you, there is nothing in it."{Ivo}
        """,
    ),
    "the same in the line's own paragraph: '...when Mara came to meet him; came with no slow step; and ..., said,'": (
        """
        Mara came in and hung up her coat. She was cold. Jonah was by the window, and he did not turn. Ivo sat by the fire. Mara looked at Jonah, and Ivo looked at Mara.

        The door had scarcely closed when Mara came from the hall to meet him; came with no slow step; and taking both his hands, said, "Now I am glad."{Mara}
        """,
    ),
    "speech told as coming from a name: 'was uttered ... by Mara', 'information from Ivo:--', 'from Jonah the following remark.'": (
        """
        Mara came in and hung up her coat. She was cold. Jonah was by the window, and he did not turn. Ivo sat by the fire. Mara looked at Jonah, and Ivo looked at Mara.

        "Hello,"{Jonah} said Jonah.

        "Good heavens, it is Tess!"{Mara} was uttered at the same moment by Mara.

        Soon she had this spontaneous information from Ivo:--

        "The captain is not very gallant."{Ivo}

        All this produced from Jonah the following natural remark.

        "Wait for his having a living!"{Jonah}
        """,
    ),
    "tags without a verb: 'Then, from Ivo:', '\"...,\" from Ivo.', 'That was Mara.', '\"...,\" Mara, grinning.'; not 'It was Jonah.'": (
        """
        Mara came in and hung up her coat. She was cold. Jonah was by the window, and he did not turn. Ivo sat by the fire. Mara looked at Jonah, and Ivo looked at Mara.

        "Hello,"{Jonah} said Jonah.

        "Hey,"{Ivo} said Ivo.

        Then, from Ivo: "Again."{Ivo}

        "Evening,"{Ivo} from Ivo.

        "Yes."{Mara} That was Mara.

        "Fine,"{Mara} Mara, grinning.

        There was a knock at the door.

        "Come in."{None} It was Jonah.
        """,
    ),
    "'Mr. Ashby' beside Sir Walter Ashby is the son Hugo Ashby; Miss Clara Ashby is a she, whatever pronouns follow 'Clara'": (
        """
        Sir Walter Ashby sat by the fire, and Lady Ashby sewed. Then Hugo Ashby came in from the stables, and he was muddy.

        At the piano sat Clara Ashby. Miss Clara Ashby played well, and Clara sang while Hugo listened.

        Later Mr. Ashby rode out, and he was gone till dark. The roads were wet.

        "The roads are bad,"{Hugo} said Mr. Ashby, and he pulled off his boots.

        "Then stay at home,"{Clara} said Clara, and he laughed at her. Hugo went up to bed.
        """,
    ),
    "'Mr. Quill', named beside William (once 'Mr. William Quill') as another, is his father": (
        """
        Mr. William Quill came home on leave, and his sisters ran to meet him. William was brown from the sea.

        Mr. Quill shook hands with William, and he wept. William held his father's arm, and Mr. Quill led him in.

        That night Mr. Quill called for his pipe, and William laughed. The house was loud.

        "Fetch the rum,"{Mr. Quill} said Mr. Quill, and he sat down.

        "You've not changed,"{William} said William, and he smiled.
        """,
    ),
    "'Mrs. Warrington' is a married name, not the first word of 'Mrs. Warrington Wilcox'": (
        """
        Mrs. Warrington Wilcox came to tea, and she brought her cousin. Mrs. Warrington was a widow, and she wore grey.

        Mrs. Wilcox poured out, and she smiled at them. Later Mrs. Warrington sat by the window, and she knitted.

        "It is cold,"{Mrs. Warrington} said Mrs. Warrington, and she drew her shawl close.

        "Then sit by the fire,"{Mrs. Wilcox} said Mrs. Wilcox, and she rang for coal.
        """,
    ),
    "a bare 'Charles' beside Charles Musgrove and a visiting Charles Hayter is the Charles of the family the story is about": (
        """
        Mrs. Musgrove sat by the fire, and Mr. Musgrove read. Louisa Musgrove and Henrietta Musgrove played at cards.

        Charles Musgrove came in with his gun, and Charles Hayter came behind him. Mrs. Musgrove rang for tea.

        Mr. Musgrove put down his paper, and Mrs. Musgrove poured. Louisa Musgrove laughed at her brother.

        Later Mr. Musgrove slept, and Mrs. Musgrove sewed. Henrietta Musgrove sang.

        "The birds were wild,"{Charles Musgrove} said Charles, and he set down the gun.

        "They always are,"{Louisa Musgrove} said Louisa, and she dealt the cards.
        """,
    ),
    "a 'he' after 'to Nora' is the man's who gave it; Nora, a usual girl's name, answers to 'she said'": (
        """
        Tom gave the letter to Nora, and he went out. Later Tom walked with Nora, and he whistled.

        "Where is my hat?"{Tom} said Tom.

        Nora looked up. "On the table,"{Nora} she said.
        """,
    ),
    "an aside after a sentence's subject may name others: the speech verb is still the subject's": (
        """
        Tom and Nora sat at cards. Mrs. Hale watched them.

        "Deal again,"{Tom} said Tom.

        Mrs. Hale, who had been eyeing Tom and Nora for some time, now observed, "You will both be tired."{Mrs. Hale}
        """,
    ),
    "a relative aside that goes on with 'and' after its comma is still the aside: the verb after it is the subject's": (
        """
        Tom and Nora sat at cards. Mrs. Hale watched them.

        "Deal again,"{Tom} said Tom.

        Mrs. Hale, who had heard it all, and borne Tom company through the game, now ventured to say, "You will both be tired."{Mrs. Hale}
        """,
    ),
    "a he/she in an aside after the sentence's named subject is that subject, whose speech verb ends the sentence": (
        """
        Tom and Nora sat at cards. Mrs. Hale watched them.

        "Deal again,"{Tom} said Tom.

        "Not yet,"{Nora} said Nora.

        Mrs. Hale, though she continued to sit with Nora, was thinking on other lines, and said in a moment: "You will both be tired."{Mrs. Hale}
        """,
    ),
    "narration ending in its subject's speech verb after someone else's line leads to the paragraph's last line only": (
        """
        Tom, Ann and Meg stood at the gate. A man went by with an umbrella, and the rain came on.

        "Don't go, Meg, stay with us."{None} For Meg had run out into the street, shouting, "Oh, do stop!"{Meg}
        """,
    ),
    "a named tag after a paragraph's first line keeps that line when a sentence about another ends in a speech verb before the last": (
        """
        Tom and Ann stood at the gate.

        "What is the damage?"{Tom} asked Tom, after a pause. Ann, inclined to be flustered, rallied to the sound of his voice, and replied, "You give me five minutes."{Ann}
        """,
    ),
    "beside a she-tag of the paragraph's first line, a sentence about a woman ending in a speech verb leads to the last line": (
        """
        Tom, Ann and Meg sat by the fire. The clock struck ten.

        "It is late,"{None} she said. Ann, who had been watching the fire, turned round and said, "Go to bed."{Ann}
        """,
    ),
    "a paragraph's opening sentence about a speaker leads to its later lines when no tag of theirs disagrees": (
        """
        Tom and Ann sat at the table with Nora and Meg.

        "Is it late?"{Nora} asked Nora.

        "Not yet,"{Meg} said Meg.

        Tom was too angry to speak; but Nora, looking for a moment with astonished eyes at her cousin, and then at the window, immediately said, with some keenness, "I do not like it here,"{Nora} and moved her chair close to the fire, saying to her, in a low whisper, as she sat down, "Never mind, my dear."{Nora}
        """,
    ),
    "an aside with no subject of its own further on in a sentence before a line does not hide its subject": (
        """
        Tom and Nora sat by the fire.

        "Will you go?"{Tom} asked Tom.

        Nora resolving to exert herself, though fearing the sound of her own voice, now said,

        "I will."{Nora}
        """,
    ),
    "a tag's description ends before a word like 'to': 'said the parlourmaid to Tom' is not Tom's": (
        """
        Tom came to the door of the house.

        "The car has gone,"{the parlourmaid} said the parlourmaid to Tom.
        """,
    ),
    "a title after a word of description is the one character with that title": (
        """
        Inspector Ratcliffe and Tom stood by the sea.

        "It is cold,"{Tom} said Tom.

        "No,"{Inspector Ratcliffe} said the hopeless Inspector, "it is colder inland."{Inspector Ratcliffe}
        """,
    ),
    "a tag naming a calling met in passing gives its role a voice, the same through the chapter": (
        """
        Tom and Nora sat down to supper at the inn.

        "Will you take the soup?"{the waiter} said the waiter.

        "Yes,"{Tom} said Tom.

        "And the wine is good,"{the waiter} said the waiter in a low voice.
        """,
    ),
    "a bare line in a role's talk with one person is the role's turn, though a third spoke in the exchange before": (
        """
        Ann and Tom came up to the desk at the station.

        "We have come about the lost bag,"{Tom} said Tom.

        "Whose bag is it?"{the clerk} asked the clerk.

        "Mine,"{Ann} said Ann.

        "Your name?"{the clerk} the clerk asked.

        "Ann Hale,"{Ann} said Ann.

        "And your address?"{the clerk}

        "Mill Lane,"{Ann} said Ann.
        """,
    ),
    "a bare line opening the talk before a role's line and the answer to it is the role's": (
        """
        Ann and Tom came up to the desk at the station.

        "Next, please."{the clerk}

        "I have come about my bag,"{Ann} said Ann.

        "Your name?"{the clerk} asked the clerk.

        "Ann Hale,"{Ann} said Ann.

        "And your address?"{the clerk} asked the clerk.

        "We both live in Mill Lane,"{Tom} said Tom.
        """,
    ),
    "a bare line soon after others' talk is not the turn of a role whose first line comes two lines after it": (
        """
        Ann and Tom came up to the desk at the station.

        "It is slow,"{Tom} said Tom.

        "Very,"{Ann} said Ann.

        The clock struck ten.

        Somewhere a bell rang.

        "We should have come earlier."{None}

        "I have come about my bag,"{Ann} said Ann.

        "Your name?"{the clerk} asked the clerk.

        "Ann Hale,"{Ann} said Ann.

        "And your address?"{the clerk} asked the clerk.

        "We both live in Mill Lane,"{Tom} said Tom.
        """,
    ),
    "a bare line after a role's line and an answer is no one's when a third speaks just after it": (
        """
        Ann and Tom came up to the desk at the station.

        "We have come about the lost bag,"{Tom} said Tom.

        "Your name?"{the clerk} the clerk asked Ann.

        "Ann Hale,"{Ann} said Ann.

        "And your address?"{None}

        "Mill Lane,"{Tom} said Tom.
        """,
    ),
    "a tag that brings someone in with 'a' and a word for a newcomer gives that newcomer a voice": (
        """
        Tom stood in the square and shouted at the boy.

        "That's right!"{looker-on} cried a looker-on, from a garret window.

        "Sir, these are for you,"{student} interrupted a student.
        """,
    ),
    "a sentence that brings a newcomer in just before the line is their tag too": (
        """
        Tony and Jock sat at the club.

        Presently a page came to their table to say, "A message for you, sir."{page}

        A student interrupted: "Sir, these are for you."{student}
        """,
    ),
    "'said a man' may be a named character's first entrance: no role": (
        """
        Tom stood in the square and shouted at the boy.

        "What's this?"{None} said a man, bursting out of a shop.
        """,
    ),
    "a calling the narration uses in later chapters too is still the role met in passing": (
        """
        Chapter 1

        Tom and Nora sat down to supper at the inn.

        "Will you take the soup?"{the waiter} said the waiter.

        Chapter 2

        The waiter brought the bill, and Tom paid it.

        "Good night, sir,"{the waiter} said the waiter.
        """,
    ),
    "a calling's tag long after the chapter its first tag was in is someone else: no role": (
        """
        Chapter 1

        Tom walked home along the river.

        "Move along, sir,"{the policeman} said the policeman.
"""
        + _FOUR_QUIET_CHAPTERS
        + """
        Chapter 6

        Tom sat in the square with Nora.

        "You again,"{None} said the policeman.
        """,
    ),
    "someone met on a journey is a role too: 'the genial passenger', then 'the passenger', is one voice": (
        """
        Tom stood at the rail of the ship with Nora.

        "Rough night,"{the genial passenger} said the genial passenger, arriving at his elbow.

        "It was,"{Tom} said Tom.

        "Worse tomorrow,"{the genial passenger} remarked the passenger, and went below.
        """,
    ),
    "a hyphened word is whole in a tag's description: 'the book-stall keeper' is a calling's role": (
        """
        Tom and Nora came home. Tom sat down and Nora looked up.

        "May I come in?"{the book-stall keeper} said the book-stall keeper, looking in.

        "Cold,"{Tom} said Tom.

        When they reached the morning-room she said, "It is colder here."{Nora}
        """,
    ),
    "a role the tags gave many lines is still no one's tag far on: a calling met again much later is someone else": (
        """
        Chapter 1

        Tom walked home along the river with Nora.

        "Move along, sir,"{the policeman} said the policeman.

        "Why?"{Tom} said Tom.

        "Orders,"{the policeman} said the policeman.

        "Whose?"{Nora} said Nora.

        "The chief's,"{the policeman} said the policeman.

        "Which chief?"{Tom} said Tom.

        "Never you mind,"{the policeman} said the policeman.

        "Fine,"{Nora} said Nora.

        "Good night,"{the policeman} said the policeman.
"""
        + _FOUR_QUIET_CHAPTERS
        + """
        Chapter 6

        Tom and Nora sat in the square.

        "You again,"{None} said the policeman.
        """,
    ),
    "'the new' before a calling is someone else than the role met before: no role; 'the second' is a role of its own": (
        """
        Tom stood in the hall with Nora.

        "It's no good being proper,"{the housemaid} said the housemaid.

        "Brass does better,"{the second housemaid} said the second housemaid.

        "Shameful,"{the housemaid} said the housemaid.

        "Move along,"{None} said the new policeman.
        """,
    ),
    "a calling the story set beside a name is that character's, not a role's": (
        """
        Tom sat in the office. Mr. Pike, the clerk, sat at the desk.

        "Sign here,"{Mr. Pike} said the clerk.
        """,
    ),
    "a 'he' after 'Tom and Nora' is as likely Tom's: it does not make Nora a he": (
        """
        Tom and Nora came home, and he shut the door. Later Tom and Nora sat down, and he read aloud.

        "Is the kettle on?"{Tom} said Tom.

        Nora looked up. "Not yet,"{Nora} she said.
        """,
    ),
    "a sentence's opening word no list holds is no part of the name after it ('Presently Mrs Bell')": (
        """
        Tom and Ann sat by the fire. "Cold,"{Tom} said Tom.

        Ann nodded.

        Presently Mrs Bell came in. "Supper is ready,"{Mrs Bell} she said.

        "At last,"{Tom} said Tom.

        "Not for you,"{Mrs Bell} said Mrs Bell.
        """,
    ),
    "a surname after a title's dot ends no call: a line that speaks of Mrs. Quill is not calling Mr. Quill": (
        """
        Mr. Quill stood before the magistrate with Tom Ashby. Mr. Quill looked at the door.

        "It was all Mrs. Quill,"{Mr. Quill} urged Mr. Quill.

        "So you say,"{Tom Ashby} said Tom Ashby.
        """,
    ),
    "a named subject speaks at the end of its sentence through clauses of its own he or she": (
        """
        Orla, Wenna and Piet sat at breakfast. Piet read the paper. A letter came for Orla.

        Orla felt a little sick when she read the letter, but she showed it to Wenna, saying, "I can't complain."{Orla}

        Piet went out. Orla looked at Wenna while she folded the letter and said, "Well."{None}
        """,
    ),
    "a bare form of address in a line calls no one in particular, though one character goes by it": (
        """
        Monsieur Lacoste came in with Tom Ashby. Monsieur smiled at the waiter and sat down. Monsieur lit a cigar.

        "Oh fie!"{Monsieur Lacoste} exclaimed Monsieur Lacoste. "Confess, Monsieur, it was all a plan."{Monsieur Lacoste}
        """,
    ),
    "a name said to someone called 'my lady' or 'sir' ('Corin, my lady.') answers with it, calling no one by it": (
        """
        Corin came down to breakfast. "Good morning,"{Corin} said Corin. Lady Ann nodded to him and went upstairs.

        Lady Ann sat at her table while Bess laid out her clothes.

        "I don't know what room the Princess is in."{None}

        "Corin, my lady,"{Bess} said Bess.

        "Oh dear, why was she put there?"{None}

        "It was the master's orders, my lady."{Bess}
        """,
    ),
    "a passive clause after a name's tag ('as the letter was finished') is no one's tag for the line after it": (
        """
        Mrs. Penrose read the letter aloud to Orla. Orla listened.

        "This has been a strange affair,"{Mrs. Penrose} observed Mrs. Penrose, as the letter was finished; "soon begun and soon ended."{Mrs. Penrose}
        """,
    ),
    "a speech a relative clause tells of ('which the clerk had interrupted') is no tag for the line after it": (
        """
        Mr. Quill, the clerk, sat by the door. Mr. Dunmore stood at the counter. The clerk coughed.

        "Though I must say,"{Mr. Dunmore} continued Mr. Dunmore, resuming the talk which the clerk had interrupted: "the stout ones go off the quickest."{Mr. Dunmore}
        """,
    ),
    "a title of nobility the narration uses alone far more than the name is its one holder's name": (
        """
        Dunstan dined with the Marquis de Lisle. The Marquis smiled at Dunstan, and the Marquis poured the wine.

        "It is late,"{the Marquis} said the Marquis. "Not yet,"{Dunstan} said Dunstan.
        """,
    ),
    "a title of two words alone in a tag is its one holder's, who has a name": (
        """
        High Priestess Ysolde Fenn and Lord Tavin Marsh sat at the long table. Lord Marsh read the letter twice.

        "The rains are late,"{High Priestess Ysolde Fenn} said the High Priestess.

        "They are always late,"{Lord Marsh} said Lord Marsh.
        """,
    ),
    "a rank said alone calls its one holder, who answers": (
        """
        Duke Aldric Penhallow, Lady Senna Crowe and Commander Jory Vask sat at the table. The fire was low.

        "Commander, can the wall hold until spring?"{Duke Aldric Penhallow} the Duke said.

        "If the grain comes, yes."{Commander Jory Vask}
        """,
    ),
    "'Your Grace' calls the one duke, who answers": (
        """
        Duke Aldric Penhallow, Lady Senna Crowe and Commander Jory Vask sat at the table. The fire was low.

        Lady Crowe closed the ledger. "The grain is short, Your Grace."{Lady Senna Crowe}

        "How short?"{Duke Aldric Penhallow}
        """,
    ),
    "'Your Grace' calls no duke where a king is named, whom it may call as well": (
        """
        King Aren Vell, Duke Aldric Penhallow and Lady Senna Crowe sat at the table. The fire was low.

        Lady Crowe closed the ledger. "The grain is short, Your Grace."{Lady Senna Crowe}

        "How short?"{None}
        """,
    ),
    "'Your Majesty' calls the one queen, who answers": (
        """
        Queen Maribel Aske, Prince Oswin and Lord Tobin Hale stood at the long window. Snow fell on the harbour.

        Lord Hale bowed. "The ships are in, Your Majesty."{Lord Tobin Hale}

        "How many?"{Queen Maribel Aske}
        """,
    ),
    "'said Her Majesty' is the one queen's, and 'His Majesty' no one's where no king is named": (
        """
        Queen Maribel Aske, Prince Oswin and Lord Tobin Hale stood at the long window. Snow fell on the harbour.

        "Then we wait,"{Queen Maribel Aske} said Her Majesty.

        "We wait,"{None} said His Majesty.
        """,
    ),
    "'And Oswin,' brings a name up, and calls no one to answer": (
        """
        Queen Maribel Aske, Prince Oswin and Lord Tobin Hale stood at the long window. Snow fell on the harbour.

        "And Oswin,"{Queen Maribel Aske} said Her Majesty. "Has he answered?"{Queen Maribel Aske}

        "Not yet."{None}
        """,
    ),
    "someone who 'said nothing' speaks no line": (
        """
        Orla and Piet walked by the river. Piet stopped on the bridge; he looked down at his boots.

        "You won't go away, will you?"{Piet} Piet asked. And as Orla said nothing, he added, "Oh no, don't go."{Piet}
        """,
    ),
    "a he line that goes on after a paragraph of narration is the man's who spoke before it": (
        """
        Tom, Ann and Ned stood round the old stove in the shed. Ned had brought the matches.

        "It still works,"{Tom} said Tom.

        Ann laughed, and Ned shook his head at the pair of them.

        "It lit last spring,"{Tom} he went on. "You have to knock the side."{Tom}
        """,
    ),
    "a tag that cuts the listener short names the speaker, not the listener": (
        """
        Ottilie and Rowan sat by the stove. Ottilie was telling him about the fair, and Rowan listened.

        Rowan began to go over his doubts about the mill again. Ottilie cut him short with: "But I believe you, I do."{Ottilie}
        """,
    ),
    "a name's declaration told just before a line, beside another's tag, is that name's line": (
        """
        Wenna and Jory kept the children between them that summer, and neither was pleased with the other's way.

        Wenna's declaration was, "I hate sending the children up to the farm, for they come back sick every time."{Wenna} And Jory took the first chance of being alone with the nurse, to say, "Oh!{Jory} I wish she had a little of your patience."{Jory}
        """,
    ),
    "a tag's description that tells the name its speaker goes by names the speaker": (
        """
        Three girls sat at the next table with Piers. The tallest, whom they called Melisande, had a cold.

        "Do I get a drink?"{Melisande} said the one they called Melisande.

        "No,"{Piers} said Piers.
        """,
    ),
    "a paragraph of narration that ends in its subject's speech verb and manner with a full stop leads to the line": (
        """
        Mr. Quaile sat at the bench with the clerk beside him. Tobias stood before them, twisting his cap.

        Mr. Quaile sat silent for some minutes, and then, turning round to Tobias, said in a towering passion.

        "Do you mean to tell me what you saw, man, or do you not?"{Mr. Quaile}
        """,
    ),
    "a tag that interrupts a line with a clause of another subject inside it keeps the whole line": (
        """
        Ivo waited in the dark parlour while Mara took the lamp up to her sister.

        "I hope,"{Ivo} said Ivo, when Mara returned, "that nothing is the matter?{Ivo} She did not look well to-night."{Ivo}

        "I hope not, Ivo,"{Mara} said Mara.
        """,
    ),
    "a tag's one sentence with a clause of another subject inside it leads on to its own speaker's next line": (
        """
        Ivo waited in the dark parlour while Mara took the lamp up to her sister.

        "Well, that's all right!"{Ivo} said Ivo, when he had recovered himself, and Mara had returned. "What time to-morrow shall we say?"{Ivo}
        """,
    ),
    "a name that said something after a closed line tells a speech of its own, not that line's tag": (
        """
        Mara and Ivo walked home along the river.

        "Whose is the boat?"{Ivo} asked Ivo.

        "Nobody's, that I know of."{None} Ivo then said something in his loud way about misers, which Mara did not try to follow.
        """,
    ),
    "a name that answers a line 'to which' it agreed did not say that line": (
        """
        Ivo and Mara stood in the hall with the lawyer. Ivo remained silent while the details were arranged, merely remarking to the lawyer, "It is to be understood, sir, that none of us is responsible for this,"{None} to which Mara agreed.
        """,
    ),
    "a description asking something of a name is not that name": (
        """
        Ivo sat on the steps with Mara and a girl from the village.

        "Why does she look at me like that?"{None} inquired the girl of Ivo.

        "Because you stare,"{Ivo} said Ivo.
        """,
    ),
    "an epithet between the speech verb and the name does not hide the speaker": (
        """
        Ivo, Mara and Mr. Pike sat round the fire. Ivo read the paper. Mara sewed.

        "What can you expect from the fellow?"{Mr. Pike} said dour Mr. Pike. "No sense at all."{Mr. Pike}

        "Why does nobody think of the others?"{Mara} sighed soft-hearted Mara.
        """,
    ),
    "a relative clause's own asides may hold an 'and' before its speech verb": (
        """
        Mara sat alone by the pond. Ivo and Jonah had gone off along the path.

        She expected Jonah, but it was Ivo, who, hot and out of breath, and with a look of vexation, cried out on seeing her, "Where are the others?"{Ivo}
        """,
    ),
    "an opening phrase with no comma before the sentence's named subject": (
        """
        Ivo, Mara and Jonah stood in the hall, waiting for the carriage.

        All of a sudden Jonah, who was standing as if lost in thought, swung round and cried out, "Where is the Colonel?"{Jonah}
        """,
    ),
    "a name whose voice speaks, or who is heard saying, speaks the line": (
        """
        Ivo, Mara and Jonah stood on the lawn. Ivo had the map. Mara had the basket.

        "We are late,"{Jonah} said Jonah.

        Then the car behind them drew up, and the voice of Ivo was heard saying: "Get out at once."{Ivo}

        "Good,"{Mara} said Mara.

        Jonah looked at Mara, whose clear voice said "It seems so silly."{Mara}
        """,
    ),
    "a title before a full name the story knows untitled names that character": (
        """
        Oliver opened the shutters of Mr. Pell's shop. Tam Orrin sat on the post outside. He had a leather apron, and he swung his legs. Ned and Tam Orrin had waited an hour.

        Oliver went in to fetch the broom.

        "I'm Mister Tam Orrin,"{Tam Orrin} said the boy, "and you're under me."{Tam Orrin}
        """,
    ),
    "a she line that goes on after a man's line and a pause is not his": (
        """
        Tom, Ann and Ned stood round the old stove in the shed. Ned had brought the matches.

        "It still works,"{Tom} said Tom.

        Ann laughed, and Ned shook his head at the pair of them.

        "It lit last spring,"{Ann} she went on.
        """,
    ),
    "a he/she tag whose speech verb comes long after its subject is still a he/she tag": (
        """
        Ann, Meg and Tom sat by the fire. Ann had been sewing; she put her work away.

        "It is late,"{Tom} said Tom.

        "Not very,"{Ann} said Ann.

        Meg yawned. She laid her hand on the cushion beside her in a friendly way and said, "Sit with me, then."{Meg}
        """,
    ),
    "a line just after one that calls a third by name is not the two's by the turns after it, but the third's": (
        """
        Ann, Tom and Sam sat by the fire. Sam rubbed his hands; the wind was loud in the chimney.

        "Are you cold, Sam?"{None}

        "A little."{Sam}

        "Then come nearer,"{Tom} said Tom.

        "He is near enough,"{Ann} said Ann.
        """,
    ),
    "a he/she line just after a line alone that calls one man by name is his answer": (
        """
        Ann sat by the window with Tom and Bob. Bob was reading, and Tom was mending a net.

        "It is a fine day,"{Ann} said Ann.

        "It is,"{Bob} said Bob.

        "Will you walk with me to the mill, Tom?"{Ann}

        "Tomorrow,"{Tom} he said.
        """,
    ),
    "a description's lines in a scene are one person's, before the line that tells whose as well as after": (
        """
        Ann found a boy asleep in the hayloft. She shook him awake.

        "Who are you?"{Ann} asked Ann.

        "Nobody,"{Tam Orrin} said the boy.

        "Everybody is somebody,"{Ann} said Ann.

        "I'm Tam Orrin,"{Tam Orrin} said the boy.
        """,
        "Title: T\nCharacters: Ann, Tam Orrin\n\n",
    ),
    "a described line answering a call to someone the narration never showed about is theirs": (
        """
        Hana was alone at the counter when the door banged open. A short blonde in a wet coat came in, pulling a man with a cut on his forehead.

        "Where is the kit?"{Wren} the blonde asked.

        "Under the sink,"{Hana} said Hana.

        "Wren, I'm fine, honestly,"{None} he said.

        "You are not,"{Wren} said the blonde.
        """,
        "Title: T\nCharacters: Hana, Wren, Cole\n\n",
    ),
    "a described line between two turns of one speaker in a talk of three is theirs": (
        """
        The back room of the inn was dark.

        "Shut the door,"{Sam} said Sam.

        "It is shut,"{Ann} said Ann.

        "Where is it?"{Tom} asked Tom.

        "In the box,"{Ann} said Ann.

        "Hand it over,"{Tom} said the stout man.

        "I will not,"{Ann} said Ann.

        "Now,"{Tom} said Tom.
        """,
        "Title: T\nCharacters: Tom, Ann, Sam\n\n",
    ),
    "a described line is no turn of the one two lines before when another speaks two lines after": (
        """
        The back room of the inn was dark.

        "Shut the door,"{Sam} said Sam.

        "It is shut,"{Ann} said Ann.

        "Where is it?"{Tom} asked Tom.

        "In the box,"{Ann} said Ann.

        "Hand it over,"{None} said the stout man.

        "I will not,"{Ann} said Ann.

        "Now,"{Sam} said Sam.
        """,
        "Title: T\nCharacters: Tom, Ann, Sam\n\n",
    ),
    "a kin-tagged line no rule placed between two turns of one speaker in a talk of three is theirs": (
        """
        The back room of the inn was dark.

        "Shut the door,"{Sam} said Sam.

        "It is shut,"{Ann} said Ann.

        "Where is it?"{Tom} asked Tom.

        "In the box,"{Ann} said Ann.

        "Hand it over,"{Tom} said her uncle.

        "I will not,"{Ann} said Ann.

        "Now,"{Tom} said Tom.
        """,
        "Title: T\nCharacters: Tom, Ann, Sam\n\n",
    ),
    "a described line between two turns of one speaker is not theirs when the description is of the other gender": (
        """
        The back room of the inn was dark.

        "Shut the door,"{Sam} said Sam.

        "It is shut,"{Ann} said Ann.

        "Where is it?"{Tom} asked Tom.

        "In the box,"{Ann} said Ann.

        "Hand it over,"{None} said the old woman.

        "I will not,"{Ann} said Ann.

        "Now,"{Tom} said Tom.
        """,
        "Title: T\nCharacters: Tom, Ann, Sam\n\n",
    ),
    "a waiter answering a call to someone else is the waiter": (
        """
        Ann and Tom sat at the corner table of the inn.

        "Pike, more wine!"{Ann} said Ann.

        "At once, madam,"{the waiter} said the waiter.
        """,
    ),
    "the vicar is the one Reverend": (
        """
        Mr Dale looked down the table at the Reverend Amis, who had come in last.

        'Sorry I'm late,'{Reverend Amis} said the Reverend Amis.

        'The urn is broken,'{Mr Dale} said Mr Dale.

        'Then we shall have cold tea,'{Reverend Amis} said the vicar.
        """,
    ),
    "a he/she line just after narration bringing someone of that gender in is the newcomer's": (
        """
        Tom and Ann walked up the lane to the farm.

        "Nearly there,"{Tom} said Tom.

        "I hope so,"{Ann} said Ann.

        Then the gate opened and a tall woman in a green apron came out.

        "You'll be wanting the house,"{None} she called.
        """,
    ),
    "a he-line after narration about one man that names another man, never as a subject, is the first man's": (
        """
        Ivo and Jonah walked home from the mill. Ivo was tired, and he said little. Jonah was cold, and he kept his hands in his pockets.

        Mara met them at the door. "You're late,"{Mara} said Mara.

        Ivo supposed Jonah must be hungry and put the kettle on. He said, "There is bread and cheese."{Ivo}

        Jonah had taken off his wet coat, a coat of a cut Ivo might have worn to a wedding. "Sit by the fire,"{Jonah} he said.

        Ivo watched Jonah eat. Feeling generous, he cut more bread. "Have some more,"{Ivo} he said.

        Ivo was silent, and Jonah looked at the fire. "Well,"{None} he said.

        Ivo's dog ran to Jonah. "Down,"{None} he said.
        """,
    ),
    "a woman in a portrait brings no one in": (
        """
        Ann and Tom sat at the corner table of the inn.

        "Late again,"{Ann} said Ann.

        Ann sat back. Tom looked at the portrait of a tall woman in a green gown.

        "Who is she?"{Tom} he asked.
        """,
    ),
    "a title names its one holder only from the chapter that first names them": (
        """
        Chapter 1

        Oliver lay in the bed. A gentleman came in with Mrs. Bedwin.

        "You feel sleepy, don't you, my dear?"{None} said the doctor.

        "No, sir,"{Oliver} replied Oliver.

        Chapter 2

        Doctor Pell came to the house at night. Doctor Pell looked at the boy.

        "He is better,"{Doctor Pell} said Doctor Pell.

        "Good,"{Doctor Pell} said the doctor.
        """,
    ),
    "a name in a sentence's opening clause is not the subject of its main clause": (
        """
        Kitty and her mother sat by the window. Tom came in with the letter.

        When Kitty heard it she was radiant, but her mother only shook her head and said, "The last hope."{None}
        """,
    ),
    "a name in an opening clause is not the subject of a later clause's speech verb": (
        """
        Tom sat at the bar with the two clerks. Tom ordered a drink for them.

        Since Tom was paying in any case, the offer seemed idle, but the younger clerk brightened and said, "I don't mind."{None}
        """,
    ),
    "a speech verb in a sentence's opening clause is not the tag of its line": (
        """
        Kitty and Tom sat in the hall. Tom grumbled about the music.

        As soon as Tom had grunted himself out, Kitty gave him her card and said, "That is where we live."{Kitty}

        When Tom came in, he sat down and said, "Well."{Tom}
        """,
    ),
    "the narration calling the one holder of a title by it alone names them for the lines after": (
        """
        General Tarn rode to the fort. General Tarn was tired, and he slept. Ann Pell kept the gate of the fort.

        * * *

        In the morning Ann sat in the hall, reading. The door opened at last and the General came in from the yard.

        "You are late,"{Ann} said Ann.

        "The roads are bad,"{General Tarn} he said.
        """,
    ),
    "a title two characters hold names neither in the narration": (
        """
        Captain Hale rode to the fort. Captain Hale was tired, and he slept. Captain Orr kept the gate. Ann Pell kept the house.

        * * *

        In the morning Ann sat in the hall, reading. The door opened at last and the captain came in from the yard.

        "You are late,"{Ann} said Ann.

        "The roads are bad,"{None} he said.
        """,
    ),
    "a lower-case title that is as often another word names no one in the narration": (
        """
        General Tarn rode to the fort. General Tarn was tired, and he slept. Ann Pell kept the gate of the fort.

        * * *

        In the morning Ann sat in the hall, reading. The general opinion was that the roads were bad. The door opened.

        "You are late,"{Ann} said Ann.

        "The roads are bad,"{None} he said.
        """,
    ),
    "a beat is not the speaker's when the narration tags the line to a voice it does not name": (
        """
        Tom and Ann sat by the fire. Tom had his book.

        "It's cold,"{Ann} Ann said.

        "It is,"{Tom} said Tom.

        Tom looked about him for help; and help came. "Oh, there you are,"{None} said a firm, small voice. "Come on."{None}
        """,
    ),
    "a beat about a man is not the speaker's of a line that 'she answered'": (
        """
        Tom and Ann sat by the fire. Tom had his book.

        "It's cold,"{Ann} Ann said.

        "It is,"{Tom} said Tom.

        Tom smiled, as much as to say, "Are you sure?"{Tom} and she answered, smiling also, "Yes."{None}
        """,
    ),
    "a rank the narration wrote before a name is the description a tag calls them by": (
        """
        Ann and Tom waited in the long hall, and neither of them spoke.

        Prince Edrin came in with snow on his shoulders and a hawk's hood in his hand.

        "Ah,"{Edrin} said the prince. "Am I interrupting?"{Edrin}

        "Your Highness,"{Tom} said Tom.
        """,
        "Title: T\nCharacters: Ann, Tom, Edrin\n\n",
    ),
    "a described line is the one's the scene's narration names by that description after it": (
        """
        Ann was alone at the counter when the door opened and a tall man in a grey coat came in out of the rain.

        "Is this the ferry office?"{Mr. Halloway} asked the tall man.

        "It is,"{Ann} said Ann. "The last boat has gone."{Ann}

        The tall man, Mr. Halloway, sat down on the bench by the door and took off his hat.
        """,
        "Title: T\nCharacters: Ann, Mr. Halloway\n\n",
    ),
    "a line giving its speaker's own name with a word of address inside is theirs": (
        """
        Tom stood before Mr. Pike's desk, and an old gentleman stood beside him.

        "Who are you?"{Mr. Pike} said Mr. Pike.

        "My name, sir,"{Halloway} said the old gentleman, "my name, sir, is Halloway."{Halloway}
        """,
        "Title: T\nCharacters: Tom, Mr. Pike, Halloway\n\n",
    ),
    "a line calling someone by the start of their name is not theirs, and the answer after it is": (
        """
        Corwin, Petra and Jessamy sat by the fire. Corwin poked at the logs with a stick, and Petra watched Jessamy.

        "Jess, the fire is going out,"{Corwin} said Corwin.

        "Then fetch more wood."{Jessamy}
        """,
    ),
    "a described line after a call is the newcomer's an earlier tag described so": (
        """
        Jessamy and Corwin came into the inn out of the rain. Jessamy shook her wet hair, and Corwin set down his bag.

        The man who came in after them was thin, and carried a dripping umbrella.

        "Good evening,"{None} said the man with the umbrella.

        Jessamy tried the back door. "It's locked,"{Jessamy} she said. "Corwin, it's locked."{Jessamy}

        "It is always locked after dark,"{None} the man said.

        "Then we stay,"{Corwin} said Corwin.
        """,
    ),
    "he/she after narration that tells someone unnamed apart by where they are: a role of that description": (
        """
        Ann and Tom pushed open the door of the bakery. The girl behind the till didn't look up from her phone.

        "We're closing,"{the girl behind the till} she said.

        "Just bread,"{Ann} said Ann.

        The girl behind the till sighed. She put the phone face down on the counter.

        "Two loaves left,"{the girl behind the till} she said.
        """,
    ),
    "'said the girl' after her: the same role": (
        """
        Ann and Tom pushed open the door of the bakery. The girl behind the till didn't look up from her phone.

        "Just bread,"{Ann} said Ann.

        "We're closing,"{the girl behind the till} said the girl.
        """,
    ),
    "he/she after narration that brings in someone by a calling: a role of that calling": (
        """
        Tom and Ann sat at the window table of the café. A waitress came over with a notepad.

        "What can I get you?"{the waitress} she asked.
        """,
    ),
    "he/she after narration about someone unnamed by a word for anyone: no role, as they may be someone named": (
        """
        Tom and Ann sat at the window table of the café. The young man across the aisle smiled at them.

        "Nice day,"{None} he said.
        """,
    ),
    "he/she after narration about someone unnamed by what they wear: no role, the story may name them later": (
        """
        Tom and Ann sat at the window table of the café. The man in the grey coat folded his paper.

        "Nice day,"{None} he said.
        """,
    ),
    "a speech continued over paragraphs, its opening placed after turn-taking (a role): all of it one speaker's": (
        """
        Ann sat at the table by the window, reading.

        "Tea?"{the waiter} asked the waiter. "We have a fine Assam today.{the waiter}

        "And there is cake, if you would like it."{the waiter}

        "Just the tea,"{Ann} said Ann.
        """,
    ),
    "a calling the narration brings in after a she acting in the same paragraph: not the newcomer's line": (
        """
        Tom and Ann walked up to the house.

        Ann gazed at the windows, shading her eyes. She could not see who was coming out. A maid walked ahead of them.

        "Who are those people?"{None} she asked.
        """,
    ),
    "a line giving a name in answer to being asked for one is that one's own, though it reads like a call": (
        """
        The Duchess Ysa sat at the high table with her steward, Lord Vane. At the far end of the hall a widow waited by
        the door, and it was some time before anyone called Goodwife Moll.

        "Come closer,"{Duchess Ysa} the Duchess said. "What is your name?"{Duchess Ysa}

        "Hesper Moll, Your Grace."{Goodwife Moll}
        """,
    ),
    "a line asked who its speaker is that calls someone by name is not theirs": (
        """
        The Duchess Ysa sat at the high table with her steward, Lord Vane. At the far end of the hall a widow waited by
        the door, and it was some time before anyone called Goodwife Moll.

        "Come closer,"{Duchess Ysa} the Duchess said. "Who are you?"{Duchess Ysa}

        "Moll, go on, tell her."{None}
        """,
    ),
    "a line whose narration calls one character by the title that alone names them is theirs": (
        """
        Inspector Ada Kell sat down across the table from Ivo Lind and his lawyer, Mara Voss. Sergeant Tom Bry leaned
        on the wall by the door.

        "Where were you on Monday?"{Inspector Ada Kell} Kell asked.

        "At home,"{Ivo} Ivo said.

        "My client has answered,"{Voss} said Voss.

        The sergeant's pen stopped. "Alone?"{Sergeant Tom Bry}

        "Yes."{None}
        """,
    ),
    "a line whose narration has a titled man and a she acting is not his": (
        """
        Inspector Ada Kell sat down across the table from Ivo Lind and his lawyer, Mara Voss. Sergeant Tom Bry leaned
        on the wall by the door.

        "Where were you on Monday?"{Inspector Ada Kell} Kell asked.

        "At home,"{Ivo} Ivo said.

        "My client has answered,"{Voss} said Voss.

        The sergeant's pen stopped. She looked at him. "Alone?"{None}

        "Yes."{None}
        """,
    ),
    "a first-person beat whose sentence has an I doing something in it, not opening it, is the narrator's": (
        """
        I spread the blanket over the gravel and lie down on it before anyone else can claim the middle. Kiki lies
        down next to me, and I let her. Sol sits by the door with the thermos. I check my phone. I tell them about the
        letter.

        "I'm proud of you,"{Sol} Sol says.

        "Me too,"{Kiki} says Kiki.

        "Thanks."{narrator} It comes out smaller than I mean it to.

        "Good,"{Sol} Sol says.
        """,
    ),
    "a first-person beat with no I in it is not the narrator's": (
        """
        I spread the blanket over the gravel and lie down on it before anyone else can claim the middle. Kiki lies
        down next to me, and I let her. Sol sits by the door with the thermos. I check my phone. I tell them about the
        letter.

        "I'm proud of you,"{Sol} Sol says.

        "Me too,"{Kiki} says Kiki.

        "Thanks."{None} It comes out small.

        "Good,"{Sol} Sol says.
        """,
    ),
    "a he/she beat closing a paragraph where one character of that gender acts is theirs": (
        """
        The kitchen was warm. Ann, Tom and Sam had come in from the snow an hour before.

        "More tea?"{Ann} Ann asked.

        "Please,"{Tom} said Tom.

        Ann poured the tea. Tom watched her. He frowned. "Too strong."{Tom}

        "Then add milk,"{Ann} said Ann.
        """,
    ),
    "a he/she opening the last clause of a paragraph where one character of that gender acts is theirs": (
        """
        The bakery was the only lit window on the street. Marcus, Tobias and Gemma had been at work since three.

        "You burned the rye,"{Marcus} said Marcus.

        "It's rustic,"{Tobias} said Tobias.

        "Who burned the rye?"{Gemma} Gemma asked.

        Marcus laughed into his coffee. Gemma shot him a look, and he held up his free hand. "Don't look at me."{Marcus}

        "So ring the engineer,"{Gemma} said Gemma.
        """,
    ),
    "a he/she beat closing a paragraph that names two of that gender is no one's": (
        """
        The kitchen was warm. Ann, Tom and Sam had come in from the snow an hour before.

        "More tea?"{Ann} Ann asked.

        "Please,"{Tom} said Tom.

        Ann poured the tea. Tom watched Sam. He frowned. "Too strong."{None}

        "Then add milk,"{Ann} said Ann.
        """,
    ),
    "a long sentence's speech verb is its subject's, walked back to over the verbs it shares": (
        """
        Ivo and Tom stood in the hall of the old house, and the clock struck nine.

        Having found the key in the drawer, and beholding therein a small box, Tom went back to the fireplace with a stately walk; and, resuming his old place, said, with a grave and determined air, "We go tonight."{Tom}
        """,
    ),
    "a long sentence's speech verb in the passive tells no speaker": (
        """
        Ann, Tom and Sam sat by the fire. Sam poked the fire.

        The others had gone to the ball, but Tom had not been asked, "Why not?"{None}
        """,
    ),
}


@pytest.mark.parametrize("name", CASES)
def test_attribution(tmp_path, name):
    annotated, *header = CASES[name]
    expected = [None if m == "None" else m for m in re.findall(r"\{([^}]*)\}", annotated)]
    got = lines_of(tmp_path, re.sub(r"\{[^}]*\}", "", annotated), *header)
    speakers = [speaker for _, speaker in got]  # every quotation here is one sentence
    assert len(speakers) == len(expected), got
    assert speakers == expected, got


def lines_with_cast(tmp_path: Path, body: str, cast_text: str) -> list[tuple[str, str | None]]:
    """lines_of a story (its `{?}` marks dropped) planned with a cast file of `cast_text`."""
    cast = tmp_path / "cast.toml"
    cast.write_text(cast_text, encoding="utf-8")
    return lines_of(tmp_path, re.sub(r"\{[^}]*\}", "", body), cast=cast)


def test_cast_file_gender_overrides_pronouns(tmp_path):
    body = """
    Sam and Alex were in the car, and it was Sam who drove while Alex read the map. Sam kept his eyes on the road.

    "Left here,"{?} she said.
    """
    plain = re.sub(r"\{[^}]*\}", "", body)
    assert lines_of(tmp_path, plain) == [("Left here,", "Alex")]  # Sam reads as a man: Alex is the only possible "she"
    cast = '[characters.Sam]\ngender = "female"\n[characters.Alex]\ngender = "male"\n'
    assert lines_with_cast(tmp_path, body, cast) == [("Left here,", "Sam")]


def test_cast_file_names_match_the_story_whatever_their_case_accents_or_article(tmp_path):
    # a cast file spells names as its writer does: "Mr. Mcbryde" for the story's McBryde, "Therese" for Thérèse,
    # "The Collector" for "the Collector"; each is still the one the cast file lists, not someone new beside them
    body = """
    Mr. McBryde came in with Thérèse and the Collector. Thérèse sat down.

    "It is late,"{?} said McBryde.

    "Not yet,"{?} said Thérèse.

    "Late enough,"{?} said the Collector.
    """
    cast = (
        '[characters."Mr. Mcbryde"]\ngender = "male"\n'
        '[characters."Therese Vitre"]\ngender = "female"\naliases = ["Therese"]\n'
        '[characters."Mr. Turton"]\ngender = "male"\naliases = ["The Collector"]\n'
    )
    assert lines_with_cast(tmp_path, body, cast) == [
        ("It is late,", "Mr. Mcbryde"),
        ("Not yet,", "Therese Vitre"),
        ("Late enough,", "Mr. Turton"),
    ]


def test_a_cast_character_called_by_a_title_shares_it_with_a_named_holder_by_chapter(tmp_path):
    # the cast lists "The Doctor" (a doctor the story never names) and Doctor Losberne: "the doctor" is the unnamed
    # one until the chapter whose narration first names Losberne, and Losberne from there on
    body = """
    Chapter 1

    The doctor bent over the bed while Ann watched.

    "She will live,"{?} said the doctor.

    Chapter 2

    Doctor Losberne came in with Ann, and sat down by the bed.

    "He will live,"{?} said the doctor.
    """
    cast = (
        '[characters."The Doctor"]\ngender = "male"\n'
        '[characters."Mr. Losberne"]\ngender = "male"\naliases = ["Doctor Losberne", "the doctor"]\n'
        '[characters.Ann]\ngender = "female"\n'
    )
    assert lines_with_cast(tmp_path, body, cast) == [("She will live,", "The Doctor"), ("He will live,", "Mr. Losberne")]


@pytest.mark.parametrize(
    ("beaver_named", "expected"),
    [(0, "John Andrew"), (2, None)],  # the one named far more; else unsure, not the alias's lister
)
def test_a_cast_alias_that_is_another_listed_characters_first_name_is_not_his_alone(tmp_path, beaver_named, expected):
    # the cast gives John Beaver the alias "John", and lists John Andrew too: "said John" is placed as an unlisted
    # "John" is, by who the story names far more, not taken as John Beaver's because his entry lists it
    beaver = "John Beaver sat by the fire. " * beaver_named
    body = f"""
    John Andrew ran into the hall. John Andrew was six, and Nanny followed him. {beaver}

    "I want a pony,"{{?}} said John.
    """
    cast = (
        '[characters."John Beaver"]\ngender = "male"\naliases = ["John", "Beaver"]\n'
        '[characters."John Andrew"]\ngender = "male"\naliases = ["John Last"]\n'
        '[characters.Nanny]\ngender = "female"\n'
    )
    assert lines_with_cast(tmp_path, body, cast) == [("I want a pony,", expected)]


@pytest.mark.parametrize(("who", "expected"), [("Henry", "Henry"), ("Crane", "His Father'S Chauffeur")])
def test_a_cast_characters_description_lends_no_name_words(tmp_path, who, expected):
    # the cast lists a role by its description, "His Father's Chauffeur" (called Crane): "His", a word the story
    # writes in lower case, is no name of his, so "His face was red" does not bring him into the scene; his name does
    body = f"""
    Margaret was upstairs.

    {who} came into the hall and took off his hat. His face was red.

    "We shall have rain,"{{?}} he said.

    "I hope not,"{{?}} said Margaret.
    """
    cast = (
        '[characters."His Father\'S Chauffeur"]\ngender = "male"\naliases = ["Crane"]\n'
        '[characters.Margaret]\ngender = "female"\n[characters.Henry]\ngender = "male"\n'
    )
    assert lines_with_cast(tmp_path, body, cast) == [("We shall have rain,", expected), ("I hope not,", "Margaret")]


def test_for_her_lines_have_two_different_speakers():
    script = plan_story(STORIES / "For_Her.txt")
    speakers = {s.text: s.speaker for ch in script.chapters for s in ch.segments if s.kind is Kind.DIALOGUE}
    her, his = (
        speakers["I love you"],
        speakers["No, you don't, but thanks for saying it"],
    )
    assert her == "she"  # the story never names her; the pairing "Spuffy" is not a name
    assert his == "Spike"
    thoughts = [s.speaker for ch in script.chapters for s in ch.segments if s.kind is Kind.THOUGHT]
    assert thoughts == ["Spike"]  # his thought, in a chapter told from his side


def test_attribution_keeps_every_word_once(tmp_path):
    """Chat lines are split into name and message; no word is lost or doubled."""
    story = tmp_path / "chat.txt"
    story.write_text(
        "Title: Chat\n\nNell: who took the milk\nRavi: not me. honest\nNell: liar\n\nThe end came.\n",
        encoding="utf-8",
    )
    plain = build_script(read_story(story))
    voiced = plan_story(story, RenderOptions(credits=False))  # credits add header words of their own
    words = lambda script: " ".join(s.text for ch in script.chapters for s in ch.segments).split()  # noqa: E731
    assert words(voiced) == words(plain)
    kinds = [(s.kind.value, s.text, s.speaker) for s in voiced.chapters[1].segments][:4]
    assert kinds == [
        ("narration", "Nell:", None),
        ("dialogue", "who took the milk", "Nell"),
        ("narration", "Ravi:", None),
        ("dialogue", "not me.", "Ravi"),
    ]


def test_annotated_set_meets_the_target():
    """The scorer over tests/speakers/: precision at least 0.9 with coverage at least 0.7, the first target; and the
    score the set keeps as the regression bar of the rules tuned on other text (issue 11): no line of it wrong, and
    coverage no lower than 0.88 (0.889 when set)."""
    result = subprocess.run(
        [sys.executable, str(ROOT / "tests" / "speakers" / "score_speakers.py")],
        capture_output=True,
        text=True,
        check=True,
    )
    last = result.stdout.strip().splitlines()[-1]
    lines, precision, coverage = (
        float(x) for x in re.findall(r"lines\s+(\d+)\s+precision ([\d.]+)\s+coverage ([\d.]+)", last)[0]
    )
    assert lines >= 150
    assert precision >= 0.9 and coverage >= 0.7, result.stdout
    assert precision == 1.0 and coverage >= 0.88, result.stdout


def test_plan_json_fills_speaker():
    result = subprocess.run(
        [
            str(Path(sys.executable).parent / "fic2audio"),
            "plan",
            str(STORIES / "For_Her.txt"),
            "--json",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    import json

    segments = [s for ch in json.loads(result.stdout)["chapters"] for s in ch["segments"] if s["kind"] == "dialogue"]
    assert [s["speaker"] for s in segments] == ["she", "Spike"]


def test_cast_file_is_parsed_with_aliases():
    cast = parse_cast(
        '[characters."Buffy Summers"]\ngender = "female"\naliases = ["Buff"]\nvoice = "en+f3"\n',
        "cast.toml",
    )
    assert cast.characters[0].name == "Buffy Summers" and cast.characters[0].aliases == ("Buff",)


def test_a_cast_file_for_another_story_changes_nothing(tmp_path):
    cast = tmp_path / "cast.toml"
    cast.write_text(
        '[characters.Aldric]\ngender = "male"\n[characters.Wenna]\ngender = "female"\n',
        encoding="utf-8",
    )
    script = plan_story(STORIES / "For_Her.txt", RenderOptions(cast=cast))
    assert [s.speaker for ch in script.chapters for s in ch.segments if s.kind is Kind.DIALOGUE] == ["she", "Spike"]


def test_a_nickname_is_its_characters_name_not_a_new_character(tmp_path):
    """Castiel is "Cas" in the narration: one character, one voice."""
    got = lines_of(
        tmp_path,
        """
        Dean came back with roses. Cas frowned at them, and Cas did not take them.

        "What are those?" Cas asked.

        "Flowers," Dean said.
        """,
        "Title: T\nCharacters: Dean Winchester, Castiel\n\n",
    )
    assert got == [("What are those?", "Castiel"), ("Flowers,", "Dean Winchester")]


def test_he_answering_someone_of_unknown_gender_is_not_them(tmp_path):
    """Nothing says whether Pansy is a he or a she; the "he" who answers her is surely not her."""
    got = lines_of(
        tmp_path,
        """
        The owl arrived at breakfast.

        "Trouble?" Pansy asked, leaning over. It was Pansy who always asked.

        "Always," he said.
        """,
    )
    assert got == [("Trouble?", "Pansy"), ("Always,", None)]


def test_chat_lines_with_time_stamps(tmp_path):
    got = lines_of(
        tmp_path,
        """
        [10:42 PM] guyinthechair: WHICH ROOF
        [10:43 PM] spiderling: that's the thing
        [10:43 PM] guyinthechair: peter
        (22:44) mj: go to sleep
        """,
    )
    assert got == [
        ("WHICH ROOF", "guyinthechair"),
        ("that's the thing", "spiderling"),
        ("peter", "guyinthechair"),
        ("go to sleep", "mj"),
    ]


def _characters(tmp_path: Path, body: str):
    from fic2audio.characters import find_characters

    story = tmp_path / "story.txt"
    story.write_text("Title: T\n\n" + textwrap.dedent(body).strip() + "\n", encoding="utf-8")
    return {c.name: c for c in find_characters(build_script(read_story(story)))}


def test_names_keep_their_honorifics_and_cluster(tmp_path):
    """Miss Woodhouse is Emma Woodhouse; Mr. Woodhouse is someone else; a rank alone names no one."""
    found = _characters(
        tmp_path,
        """
        Emma Woodhouse walked in the garden with her father. Mr. Woodhouse complained of the cold, and Emma laughed at herself.

        Later Miss Woodhouse sat with Captain Ferris. The Captain talked of ships, and Miss Woodhouse listened to him.

        Mr. Woodhouse slept. Emma read, and Captain Ferris went home before she looked up.
        """,
    )
    emma = next(c for c in found.values() if "Emma" in c.words)
    assert "Miss Woodhouse" in emma.words and emma.gender == "female"
    assert found["Mr. Woodhouse"].gender == "male" and "Emma" not in found["Mr. Woodhouse"].words
    assert any("Captain Ferris" in c.words for c in found.values())
    assert not any(w in ("Captain", "The Captain") for c in found.values() for w in (c.name,))


def test_a_younger_sister_is_not_miss_surname(tmp_path):
    """ "Miss Dulcie" is a younger daughter: "Miss Harrow" (the eldest) stays someone of her own."""
    found = _characters(
        tmp_path,
        """
        Dulcie Harrow sat at the window. Miss Dulcie was the younger of the two, and Miss Harrow was the elder.

        Miss Harrow sewed, and Dulcie watched the road while Miss Harrow sang to herself.
        """,
    )
    dulcie = next(c for c in found.values() if "Dulcie" in c.words)
    assert "Miss Harrow" not in dulcie.words


def test_places_and_nationalities_are_not_characters(tmp_path):
    found = _characters(
        tmp_path,
        """
        Priya had lived in Lisbon for a year. The Indian cook in Lisbon made her tea, and Priya drank it.

        "Lisbon is warm,"{?} said Priya. Once more she drank. Like all mornings in Lisbon, it was slow.
        """.replace("{?}", ""),
    )
    assert set(found) == {"Priya"}


def test_a_calling_the_story_set_beside_a_name_long_before_is_no_role(tmp_path):
    later = "\n\n".join(f"Tom read page {n} of the deed." for n in range(15))
    body = f'Tom sat in the office. Mr. Pike, the clerk, sat at the desk.\n\n{later}\n\n"Sign here," said the clerk.\n'
    assert lines_of(tmp_path, body) == [("Sign here,", None)]


def test_a_role_speaker_is_among_the_characters_with_its_callings_gender(tmp_path):
    story = tmp_path / "story.txt"
    story.write_text('Title: T\n\nTom sat at the inn.\n\n"More tea?" said the landlady.\n', encoding="utf-8")
    script, characters = plan_with_characters(story)
    assert [s.speaker for ch in script.chapters for s in ch.segments if s.kind is Kind.DIALOGUE] == ["the landlady"]
    assert ("the landlady", "female") in [(c.name, c.gender) for c in characters]


@pytest.mark.parametrize(
    ("after", "gender"),
    [
        ("The officer shook his head.", "male"),
        ("The officer turned away, and she wrote something down.", "female"),
        ("Tom looked at the officer.", None),  # no he/she after its words: no gender
        ("Tom nodded to the officer. He left.", None),  # the next sentence's "he" after an object: Tom's as often
    ],
)
def test_a_role_speaker_of_a_calling_without_gender_has_the_gender_of_the_pronouns_after_it(tmp_path, after, gender):
    """ "the officer" tells no gender; the he/she after its words in the narration does, as after a name."""
    story = tmp_path / "story.txt"
    story.write_text(f'Title: T\n\nTom stood at the gate.\n\n"Move along," said the officer.\n\n{after}\n', encoding="utf-8")
    _, characters = plan_with_characters(story)
    assert ("the officer", gender) in [(c.name, c.gender) for c in characters]


def test_a_character_whose_pronouns_decide_no_gender_has_the_likely_one_for_the_voice(tmp_path):
    """No he/she after Wrenna, only "her": the plan's character is a she (her voice), the attribution unchanged."""
    story = tmp_path / "story.txt"
    story.write_text(
        'Title: T\n\nWrenna was on her knees by the oven. Wrenna wiped her hands.\n\n"Yes," said Wrenna.\n', encoding="utf-8"
    )
    script, characters = plan_with_characters(story)
    assert [s.speaker for ch in script.chapters for s in ch.segments if s.kind is Kind.DIALOGUE] == ["Wrenna"]
    assert ("Wrenna", "female") in [(c.name, c.gender) for c in characters]


def test_plan_shows_the_characters_with_aliases_and_genders(tmp_path):
    story = tmp_path / "story.txt"
    story.write_text(
        textwrap.dedent("""
        Title: T

        Emma Woodhouse walked with her father. Mr. Woodhouse was cold, and Emma laughed at herself.

        "You will take a chill, my dear," said Mr. Woodhouse, and he pulled his coat close. Later Miss Woodhouse read to him.
        """).lstrip(),
        encoding="utf-8",
    )
    result = subprocess.run(
        [str(Path(sys.executable).parent / "fic2audio"), "plan", str(story)],
        capture_output=True,
        text=True,
        check=True,
    )
    listing = result.stdout.split("Characters", 1)[1]
    assert listing.index("Mr. Woodhouse (male, 1 line)") < listing.index("Emma"), listing  # who speaks first
    assert re.search(r"Emma[^\n]*\(female, no lines\)[^\n]*also[^\n]*Miss Woodhouse", listing), listing


def test_ranking_probabilities_follow_the_weights():
    """The conditional logit: a feature with a positive weight raises its candidate, "none" takes the rest."""
    from fic2audio.ranking import FEATURES, LINE_FEATURES, probabilities

    first = tuple(1.0 if f == "called-by-1" else 0.0 for f in FEATURES)
    second = tuple(0.0 for _ in FEATURES)
    line = tuple(0.0 for _ in LINE_FEATURES)
    chances = probabilities([("Mara", first), ("Ann", second)], line, {"called-by-1": 2.0, "none": 0.0})
    assert chances["Mara"] > chances["Ann"]
    assert abs(chances["Mara"] - 2.718281828**2 / (2.718281828**2 + 2)) < 1e-6
    assert 1 - sum(chances.values()) == pytest.approx(1 / (2.718281828**2 + 2))


def _evidence(speaker: str | None = None, **fields) -> ParagraphEvidence:
    return ParagraphEvidence([0], 0, speaker=speaker, placed=speaker is not None, has_dialogue=True, **fields)


@pytest.mark.parametrize(("about", "expected"), [(("Tom",), "Tom"), (("Tom", "Kit"), None)])
def test_a_he_line_is_the_one_man_placed_near_unless_someone_of_untold_gender_is_about(monkeypatch, about, expected):
    """ "'Why wait?' asked Ann. / 'To see you,' he replied.": the one man about. With Kit about too, whose gender the
    story never told, the "he" may be Kit's (fics held out: 3 lines fewer placed, one more right; PDNC dev: 1 more)."""
    import fic2audio.turns as turns

    monkeypatch.setattr(turns, "ranked_rounds", lambda runs, resolver: None)
    people = [Character(n, (), g, True) for n, g in (("Ann", "female"), ("Eve", "female"), ("Tom", "male"), ("Kit", None))]
    resolver = Resolver(people, False)
    he_line = _evidence(gender_hint="male", present=about, in_scene={"Tom": 3})
    paras = [_evidence("Tom"), _evidence("Ann"), _evidence("Eve"), he_line]
    for before, after in itertools.pairwise(paras):
        before.following, after.previous = after, before
    turns.take_turns(paras, resolver)
    assert paras[-1].speaker == expected


@pytest.mark.parametrize(("between", "expected"), [(False, "Tom"), (True, None)])
def test_the_one_called_answers_unless_narration_comes_between(monkeypatch, between, expected):
    """The line just after "'Sit down, Tom,' said Ann." is Tom's answer; with narration between ("There was no
    answer.") Ann as often goes on, and the turns leave the line (the ranker, left out here, may still place it)."""
    import fic2audio.turns as turns

    monkeypatch.setattr(turns, "ranked_rounds", lambda runs, resolver: None)
    resolver = Resolver([Character("Ann", (), "female", True), Character("Tom", (), "male", True)], False)
    narration = [ParagraphEvidence([1], 0, has_narration=True)] if between else []
    paras = [_evidence("Ann", vocatives=("Tom",)), *narration, _evidence(said="The rain will not stop for you.")]
    for before, after in itertools.pairwise(paras):
        before.following, after.previous = after, before
    turns.take_turns(paras, resolver)
    assert paras[-1].speaker == expected


@pytest.mark.parametrize(("spoken_of", "expected"), [((), "Tom"), (("Tom",), None)])
def test_a_he_line_is_not_the_recent_man_it_speaks_of(spoken_of, expected):
    """ "Tom came in. / 'Mother,' he called, 'Tom has broken the window again!'": a line that names the one man seen
    lately is seldom his (PDNC dev: the pronoun rules gave 4 such lines, all wrong)."""
    resolver = Resolver([Character("Ann", (), "female", True), Character("Tom", (), "male", True)], False)
    resolver.paragraph = 5
    resolver.recent = {"Tom": 4}
    assert resolver.resolve("male", _evidence(spoken_of=spoken_of), (), None) == expected


@pytest.mark.parametrize(("vocatives", "expected"), [((), None), (("Meg",), "Ann")])
def test_a_she_line_is_the_one_woman_acting_just_before_when_another_about_is_the_one_it_calls(vocatives, expected):
    """ "Ann put down her cup. / 'Meg, I like him,' she said.", with Meg and Eve about: the line is said to Meg, so Meg is
    no other "she" who may have said it, and one other woman about leaves the "she" to the one acting just before
    (PDNC dev: 5 lines more right, none more wrong). Without the call, two other women about: anyone's guess."""
    people = [Character(n, (), "female", True) for n in ("Ann", "Meg", "Eve")]
    resolver = Resolver(people, False)
    resolver.paragraph = 5
    resolver.recent = {"Ann": 4}
    resolver.mentioned = {"Meg": 4, "Eve": 4}
    assert resolver.resolve("female", _evidence(vocatives=vocatives), (), None) == expected


@pytest.mark.parametrize(
    ("second", "expected"),
    [
        ("Frank would be famous one day.", "Mr. Pell"),
        ("Frank might be home by now.", "Mr. Pell"),
        ("Frank came in from the garden.", None),  # two men acting just before: either may be the "he"
    ],
)
def test_a_name_opening_with_would_is_pictured_not_acting_in_the_scene(tmp_path, second, expected):
    """ "Mr. Pell sat with the letter. Frank would be famous one day. / '...,' he muttered.": Frank is what Mr. Pell
    pictures, far away, no second man acting beside him (PDNC dev: 9 lines more right, 2 wrong fewer)."""
    story = tmp_path / "story.txt"
    story.write_text(
        "Title: T\n\nMr. Pell sat in his library with the letter from Paris. "
        f'{second}\n\n"My brother will conquer the world," he muttered.\n',
        encoding="utf-8",
    )
    people = [Character("Mr. Pell", (), "male", True), Character("Frank", (), "male", True)]
    script, _ = attribute_speakers(build_script(read_story(story)), people)
    lines = [s.speaker for chapter in script.chapters[1:] for s in chapter.segments if s.kind is Kind.DIALOGUE]
    assert lines == [expected]


@pytest.mark.parametrize(("continued", "expected"), [(_evidence(), "Fanny"), (_evidence(vocatives=("Fanny",)), "Edmund")])
def test_a_speech_going_on_is_not_the_one_it_calls(monkeypatch, continued, expected):
    """A paragraph read as going on with the speech before (its quotation left open) is its speaker's, unless it
    calls that speaker by name: "'I believe you are right, Fanny,' was his reply." answers Fanny."""
    import fic2audio.turns as turns

    monkeypatch.setattr(turns, "ranked_rounds", lambda runs, resolver: None)
    resolver = Resolver([Character("Fanny", (), "female", True), Character("Edmund", (), "male", True)], False)
    continued.continues = True
    paras = [_evidence("Edmund"), _evidence("Fanny"), continued]
    for before, after in itertools.pairwise(paras):
        before.following, after.previous = after, before
    turns.take_turns(paras, resolver)
    assert paras[-1].speaker == expected


@pytest.mark.parametrize(
    ("opening", "named", "expected"), [(True, "Cass", None), (True, "Kate", "Cass"), (False, "Cass", "Cass")]
)
def test_a_recency_pronoun_line_before_a_line_named_anew_for_the_same_one_is_left(opening, named, expected):
    """ "'Yes, I'm happy,' she said. / 'Oh, Kate!' Cass cried.": the he/she line recency gave to Cass is left to
    the turns when the next paragraph opens with a line its tag gives to Cass by name; not when that line is
    another's, nor when the paragraph opens with narration ("Cass rose. 'Oh, Kate!' she cried.")."""
    from fic2audio.speakers import _unplace_recency_before_a_named_turn

    resolver = Resolver([Character("Kate", (), "female", True), Character("Cass", (), "female", True)], False)
    segments = [Segment(Kind.DIALOGUE, "Yes, I'm happy,"), Segment(Kind.DIALOGUE if opening else Kind.NARRATION, "Oh!")]
    she_line = ParagraphEvidence([0], 0, speaker="Cass", rule="pronoun-recent-d1-u0", has_dialogue=True)
    after = ParagraphEvidence([1], 0, speaker=named, rule="tag-name", has_dialogue=True)
    she_line.following, after.previous = after, she_line
    _unplace_recency_before_a_named_turn([she_line, after], segments, resolver)
    assert she_line.speaker == expected
    assert she_line.gender_hint == ("female" if expected is None else None)


@pytest.mark.parametrize(
    ("rule", "opening", "expected"),
    [("ranked-2", True, None), ("pronoun-exchange", True, None), ("tag-name", True, "Tom"), ("ranked-2", False, "Tom")],
)
def test_a_guessed_line_before_a_line_named_anew_for_the_same_one_is_left(rule, opening, expected):
    """ "'You worked for it?' / 'I do,' said Tom.": a line the turns or the ranker guessed for Tom is left unplaced
    when the next paragraph opens with a line its tag gives to Tom by name (a writer names the speaker anew at a
    change of turn); not a line its own tag placed, nor one before a paragraph that opens with narration."""
    from fic2audio.speakers import _unplace_guesses_before_a_named_turn

    segments = [Segment(Kind.DIALOGUE, "Later?"), Segment(Kind.DIALOGUE if opening else Kind.NARRATION, "Now.")]
    guessed = ParagraphEvidence([0], 0, speaker="Tom", rule=rule, has_dialogue=True)
    after = ParagraphEvidence([1], 0, speaker="Tom", rule="tag-name", has_dialogue=True)
    guessed.following, after.previous = after, guessed
    _unplace_guesses_before_a_named_turn([guessed, after], segments)
    assert guessed.speaker == expected


def test_ranking_rounds_read_the_guesses_of_the_round_before():
    """Round 1 places the lines it can from the tagged ones; round 2 reads those guesses as voices heard: in
    "Ann Tom [?] [?] [?]" the fifth line's A B [A] pattern exists only once the third is placed."""
    from fic2audio.ranking import ranked_rounds

    resolver = Resolver([Character("Ann", (), "female", True), Character("Tom", (), "male", True)], False)
    run = [_evidence("Ann"), _evidence("Tom"), _evidence(said="Quite splendid."), _evidence(), _evidence()]
    ranked_rounds([run], resolver, {"spoke-2": 3.0, "none": 0.0}, (0.8, 0.8))
    assert [p.speaker for p in run] == ["Ann", "Tom", "Ann", "Tom", "Ann"]
    assert [p.rule for p in run[2:]] == ["ranked", "ranked", "ranked-2"]
    assert resolver.idiolects.by_speaker["Ann"]["splendid"] == 1  # a placed line teaches how its speaker talks


@pytest.mark.parametrize(
    ("in_scene", "spoken_of", "expected"),
    [
        ({"Ann": 1, "Tom": 3}, (), ("Ann", "ranked-2")),  # the likeliest is the one seen most lately
        ({"Ann": 3, "Tom": 1}, (), (None, "")),  # Tom was seen later: the two readings disagree
        ({"Ann": 1, "Tom": 3}, ("Ann",), (None, "")),  # "Ann is never wrong, she says.": seldom Ann's own line
    ],
)
def test_ranking_places_an_unsure_line_only_where_recency_agrees(in_scene, spoken_of, expected):
    """Below the main threshold (Ann: e^1.79 / (e^1.79 + 2) = 0.75), a round of nearest_schedule places a line
    only when its likeliest speaker is also the candidate named or seen most lately, and not one it speaks of."""
    from fic2audio.ranking import ranked_rounds

    resolver = Resolver([Character("Ann", (), "female", True), Character("Tom", (), "male", True)], False)
    run = [_evidence("Ann"), _evidence("Tom"), _evidence(in_scene=in_scene, spoken_of=spoken_of)]
    ranked_rounds([run], resolver, {"spoke-2": 1.79, "none": 0.0}, (0.8,), (0.7,))
    assert (run[2].speaker, run[2].rule) == expected
    run = [_evidence("Ann"), _evidence("Tom"), _evidence(in_scene=in_scene, spoken_of=spoken_of)]
    ranked_rounds([run], resolver, {"spoke-2": 1.79, "none": 0.0}, (0.8,), ())
    assert run[2].speaker is None  # the main round alone leaves it


@pytest.mark.parametrize(
    ("present", "mentioned", "hint", "expected"),
    [
        (("Ann", "Tom"), (), "female", ("Ann", "ranked-one-about")),  # "she said" with one woman about: hers
        (("Ann", "Tom"), ("Meg",), "female", (None, "")),  # Meg was named lately too: either woman's
        (("Tom",), ("Ann",), "female", (None, "")),  # Ann only named lately, not acting or speaking: someone else's
        (("Ann", "Tom"), (), None, (None, "")),  # no he/she: the round is for pronoun lines only
    ],
)
def test_ranking_gives_a_he_she_line_to_the_one_of_its_gender_about(present, mentioned, hint, expected):
    """A round of one_about_schedule, below the others (Ann: e^1.2 / (e^1.2 + 1) = 0.77, or 0.62 beside Meg), places a
    he/she line only when its likeliest speaker is the one person of its gender acting or speaking lately, and no other
    candidate was about (the pronoun rules leave it when another woman was about further back in the scene)."""
    from fic2audio.ranking import ranked_rounds

    people = [Character(n, (), g, True) for n, g in (("Ann", "female"), ("Meg", "female"), ("Tom", "male"))]
    resolver = Resolver(people, False)
    line = _evidence(gender_hint=hint, present=present, mentioned=mentioned, in_scene={"Meg": 20})
    run = [_evidence("Ann"), _evidence("Tom"), line]
    ranked_rounds([run], resolver, {"spoke-2": 1.2, "none": 0.0}, (0.8,), ())
    assert (line.speaker, line.rule) == expected
    line = _evidence(gender_hint=hint, present=present, mentioned=mentioned, in_scene={"Meg": 20})
    run = [_evidence("Ann"), _evidence("Tom"), line]
    ranked_rounds([run], resolver, {"spoke-2": 1.2, "none": 0.0}, (0.8,), (), ())
    assert line.speaker is None  # the main round alone leaves it


def test_ranking_scores_no_line_the_one_about_round_must_turn_down(monkeypatch):
    """The round of one_about_schedule scores only he/she lines with someone about lately (_may_be_the_one_about): a
    line with no he/she is left unscored there, as whoever scored best it could not be placed."""
    import fic2audio.ranking as ranking

    resolver = Resolver([Character("Ann", (), "female", True), Character("Tom", (), "male", True)], False)
    scored_lines: list[int] = []
    line_candidates = ranking.line_candidates

    def counted(run, i, resolver, scenes=None):
        scored_lines.append(i)
        return line_candidates(run, i, resolver, scenes)

    monkeypatch.setattr(ranking, "line_candidates", counted)
    for hint, scorings, expected in ((None, 1, None), ("female", 2, "Ann")):  # scored by the main round, then by it
        scored_lines.clear()
        run = [_evidence("Ann"), _evidence("Tom"), _evidence(gender_hint=hint, present=("Ann", "Tom"))]
        ranking.ranked_rounds([run], resolver, {"spoke-2": 1.2, "none": 0.0}, (0.8,), (), (0.6,))
        assert (scored_lines, run[2].speaker) == ([2] * scorings, expected)


@pytest.mark.parametrize(("opener", "expected"), [("Tom", ("Ann", "ranked-2")), ("Ann", (None, ""))])
def test_ranking_places_an_unsure_line_only_where_the_one_acting_after_it_is_someone_else(opener, expected):
    """In a round of nearest_schedule, not the one who acts first in the narration just after the line ("'...' /
    Ann looked up from her book."): as often the listener (PDNC dev: 3 such lines, all wrong)."""
    from fic2audio.ranking import ranked_rounds

    resolver = Resolver([Character("Ann", (), "female", True), Character("Tom", (), "male", True)], False)
    run = [_evidence("Ann"), _evidence("Tom"), _evidence(in_scene={"Ann": 1, "Tom": 3})]
    after = ParagraphEvidence([1], 0, has_narration=True, subjects=(opener,))
    for before, later in itertools.pairwise([*run, after]):
        before.following, later.previous = later, before
    ranked_rounds([run], resolver, {"spoke-2": 1.79, "none": 0.0}, (0.8,), (0.7,))
    assert (run[2].speaker, run[2].rule) == expected


def test_ranking_places_the_surest_lines_first():
    """A round at 0.9 takes only the sure lines; the next, at 0.8, the rest it can (with the sure ones as voices)."""
    from fic2audio.ranking import ranked_rounds

    resolver = Resolver([Character("Ann", (), "female", True), Character("Tom", (), "male", True)], False)
    sure = [_evidence("Ann"), _evidence("Tom"), _evidence(vocatives=("Tom",))]  # Tom is called: Ann, e^2.5 / (e^2.5 + 1) = 0.92
    likely = [_evidence("Ann"), _evidence("Tom"), _evidence()]  # Ann: e^2.5 / (e^2.5 + 2) = 0.86
    ranked_rounds([sure, likely], resolver, {"spoke-2": 2.5, "none": 0.0}, (0.9, 0.8))
    assert (sure[2].speaker, sure[2].rule) == ("Ann", "ranked")
    assert (likely[2].speaker, likely[2].rule) == ("Ann", "ranked-2")


def test_ranking_candidates_named_long_before_only_when_no_one_is_about():
    """Someone named in the scene long ago is a candidate only when no one about lately could have said it."""
    from fic2audio.ranking import FEATURES, line_candidates

    resolver = Resolver([Character("Ann", (), "female", True), Character("Tom", (), "male", True)], False)
    alone = _evidence(in_scene={"Ann": 30, "Tom": 12})
    found = dict(line_candidates([alone], 0, resolver))
    assert set(found) == {"Ann", "Tom"}
    assert found["Tom"][FEATURES.index("nearest")] == 1.0 and found["Tom"][FEATURES.index("earlier")] == 1.0
    assert found["Ann"][FEATURES.index("nearest")] == 0.0
    about = _evidence(present=("Ann",), in_scene={"Ann": 1, "Tom": 12})
    assert [name for name, _ in line_candidates([about], 0, resolver)] == ["Ann"]
    told = _evidence(gender_hint="male", present=("Ann",), in_scene={"Ann": 1, "Tom": 12})
    assert [name for name, _ in line_candidates([told], 0, resolver)] == ["Tom"]  # "he said": no woman


def test_ranking_candidates_named_long_before_beside_a_voice_first_heard_after_a_he_she_line():
    """A "she said" line whose only fitting voice speaks after it, never named before it (a lawyer named only once
    she speaks): the woman named long before is a candidate too; with the voice named before the line, she is not."""
    from fic2audio.ranking import line_candidates

    resolver = Resolver([Character(n, (), g, True) for n, g in (("Ann", "female"), ("Eve", "female"), ("Tom", "male"))], False)
    line = _evidence(gender_hint="female", present=("Tom",), in_scene={"Ann": 7, "Tom": 1})
    assert [name for name, _ in line_candidates([line, _evidence("Tom"), _evidence("Eve")], 0, resolver)] == ["Eve", "Ann"]
    line = _evidence(gender_hint="female", present=("Tom",), in_scene={"Ann": 7, "Eve": 6, "Tom": 1})
    assert [name for name, _ in line_candidates([line, _evidence("Tom"), _evidence("Eve")], 0, resolver)] == ["Eve"]


def test_ranking_candidates_of_a_scene_that_names_no_one_are_the_scene_befores():
    """A scene that opens in talk and names no one: those named lately in the scene before are the candidates, marked
    so; with anyone named in the scene, they are not."""
    from fic2audio.ranking import FEATURES, line_candidates

    resolver = Resolver([Character("Ann", (), "female", True), Character("Tom", (), "male", True)], False)
    opening = _evidence(before_scene=("Tom", "Ann"))
    found = dict(line_candidates([opening], 0, resolver))
    assert set(found) == {"Tom", "Ann"} and all(f[FEATURES.index("scene-before")] == 1.0 for f in found.values())
    named = _evidence(before_scene=("Tom", "Ann"), in_scene={"Ann": 2}, present=("Ann",))
    assert [name for name, _ in line_candidates([named], 0, resolver)] == ["Ann"]


def test_ranking_reads_who_talks_with_whom():
    """Placed lines teach who answers whom; a line after Ann's marks those who answered her before, by their share."""
    from fic2audio.ranking import FEATURES, learn_idiolects, line_candidates

    resolver = Resolver([Character(n, (), None, True) for n in ("Ann", "Tom", "Sam")], False)
    learn_idiolects([[_evidence("Ann"), _evidence("Tom"), _evidence("Ann"), _evidence("Sam")]], resolver)
    assert resolver.partners["Ann"] == {"Tom": 2, "Sam": 1}
    found = dict(line_candidates([_evidence("Ann"), _evidence(present=("Tom", "Sam"))], 1, resolver))
    assert found["Tom"][FEATURES.index("partner-before")] == pytest.approx(2 / 3)
    assert found["Sam"][FEATURES.index("partner-before")] == pytest.approx(1 / 3)


def test_ranking_reads_the_turns_over_bare_lines():
    """ "Ann Tom ? ? [?]" over lines of bare dialogue: the fifth is Ann's turn and not Tom's, the fourth Tom's; a line
    with narration between breaks the count, and with a third voice about, the count says nothing (the line just
    before is still Tom's: spoke-1)."""
    from fic2audio.ranking import FEATURES, line_candidates

    def linked(*paras: ParagraphEvidence) -> list[ParagraphEvidence]:
        for before, after in itertools.pairwise(paras):
            before.following, after.previous = after, before
        return list(paras)

    def chain(run: list[ParagraphEvidence], i: int, feature: str) -> set[str]:
        return {name for name, f in line_candidates(run, i, resolver) if f[FEATURES.index(feature)]}

    resolver = Resolver([Character(n, (), None, True) for n in ("Ann", "Tom", "Sam")], False)
    bare = linked(_evidence("Ann"), _evidence("Tom"), _evidence(), _evidence(), _evidence(present=("Ann", "Tom")))
    assert chain(bare, 4, "chain-before") == {"Ann"} and chain(bare, 4, "chain-not") == {"Tom"}
    assert chain(bare, 3, "chain-before") == {"Tom"} and chain(bare, 3, "chain-not") == set()
    told = linked(
        _evidence("Ann"), _evidence("Tom"), _evidence(), _evidence(has_narration=True), _evidence(present=("Ann", "Tom"))
    )
    assert chain(told, 4, "chain-before") == chain(told, 4, "chain-not") == set()
    three = linked(_evidence("Sam"), _evidence("Ann"), _evidence("Tom"), _evidence(present=("Ann", "Tom", "Sam")))
    assert chain(three, 3, "chain-before") == chain(three, 3, "chain-not") == set()
    assert chain(three, 3, "spoke-1") == {"Tom"}


def test_ranking_candidates_heard_earlier_in_the_scene():
    """Someone who spoke in the scene beyond the exchange's reach, and is not about lately, is a candidate marked so:
    a long talk may turn back to them."""
    from fic2audio.ranking import FEATURES, REACH, line_candidates

    resolver = Resolver([Character("Ann", (), "female", True), Character("Tom", (), "male", True)], False)
    paras = [_evidence("Ann"), *(_evidence("Tom") for _ in range(REACH + 2)), _evidence(present=("Tom",))]
    for before, after in itertools.pairwise(paras):
        after.previous = before
    found = dict(line_candidates([paras[-1]], 0, resolver))
    assert set(found) == {"Ann", "Tom"}
    assert found["Ann"][FEATURES.index("scene-voice-only")] == 1.0 and found["Tom"][FEATURES.index("scene-voice-only")] == 0.0


def test_ranking_candidates_of_a_he_line_beside_a_named_woman():
    """'"Is there a road?" he asked Rosa.': a woman named in the narration of a he-line is no rival to the man;
    a man named there is. A name in the line itself, not called, is marked (few speak of themselves by name)."""
    from fic2audio.ranking import FEATURES, line_candidates

    resolver = Resolver(
        [Character("Ann", (), "female", True), Character("Tom", (), "male", True), Character("Sam", (), "male", True)],
        False,
    )
    asked = _evidence(gender_hint="male", named=("Ann",), present=("Tom", "Ann"), spoken_of=("Tom",))
    found = dict(line_candidates([asked], 0, resolver))
    assert set(found) == {"Tom"}
    assert found["Tom"][FEATURES.index("spoken-of")] == 1.0
    rival = _evidence(gender_hint="male", named=("Sam",), present=("Tom", "Sam"))
    assert [name for name, _ in line_candidates([rival], 0, resolver)] == ["Sam"]


def test_ranking_marks_those_not_of_the_gender_acting_beside_the_line():
    """'He spat over the side. "Nothing's kind out here."': a he acting in the line's own narration makes its
    speaker likelier a man; a woman, the first-person narrator and anyone of unknown gender are marked."""
    from fic2audio.ranking import FEATURES, line_candidates

    resolver = Resolver([Character("Ann", (), "female", True), Character("Tom", (), "male", True)], True)
    spat = _evidence(hints=("male",), present=("Tom", "Ann", "narrator"))
    found = dict(line_candidates([spat], 0, resolver))
    marked = {name for name, features in found.items() if features[FEATURES.index("beat-other-gender")]}
    assert marked == {"Ann", "narrator"}
    stranger = _evidence(hints=("stranger:male",), present=("Tom", "Ann"))  # "The old man spat.": no he of the cast
    assert not any(f[FEATURES.index("beat-other-gender")] for _, f in line_candidates([stranger], 0, resolver))


def test_ranking_reads_whom_the_lines_around_call_sir_or_madam():
    """'"Is it far, sir?" / [?]': the one called "sir" answers, a man; the line after calling "madam" answers a woman."""
    from fic2audio.ranking import FEATURES, line_candidates

    resolver = Resolver([Character("Ann", (), "female", True), Character("Tom", (), "male", True)], False)
    run = [_evidence("Meg", said="Is it far, sir?"), _evidence(present=("Tom", "Ann")), _evidence("Meg", said="Yes, madam.")]
    found = dict(line_candidates(run, 1, resolver))
    assert found["Tom"][FEATURES.index("addressed-by-1")] == 1.0 and found["Ann"][FEATURES.index("addressed-by-1")] == 0.0
    assert found["Ann"][FEATURES.index("addressed-by+1")] == 1.0 and found["Tom"][FEATURES.index("addressed-by+1")] == 0.0


@pytest.mark.parametrize(
    ("said", "gender"),
    [
        ("How can you, sir?", "male"),
        ("Come along, my boy.", "male"),
        ("Yes, ma'am, at once.", "female"),
        ("Good night, my lady.", "female"),
        ("Sir, madam, you are both welcome.", None),  # both: no one gender called
        ("Sirius is bright tonight.", None),
        ("I said so.", None),
    ],
)
def test_ranking_reads_whom_a_line_calls_by_a_word_of_address(said, gender):
    """A speaker seldom calls one of their own gender "sir" or "madam": the ranker's addresses-own-gender."""
    from fic2audio.ranking import _addressed_gender

    assert _addressed_gender(said) == gender


@pytest.mark.parametrize(
    ("seen", "called", "expected", "named", "named_acts"),
    [
        ("Harold Vane", "Mr Vane", "Harold Vane", None, False),  # father and son share "Mr Vane": the one about
        ("Edwin Vane", "Mr. Vane", "Edwin Vane", None, False),
        (None, "Mr Vane", None, None, False),  # neither about: no one
        ("Ida Vane", "Mr Vane", None, None, False),  # a woman of that surname is no "Mr"
        ("Ida Vane", "Mrs Vane", None, None, False),  # "Mrs" may be a wife the story never names, not a daughter
        ("Harold Vane", "Mr Vane", "Harold Vane", "Edwin Vane", False),  # Edwin only named ("Edwin's study"): Harold
        ("Harold Vane", "Mr Vane", None, "Edwin Vane", True),  # both act: either
    ],
)
def test_a_mister_and_a_surname_no_one_is_called_is_the_man_of_that_surname_about(seen, called, expected, named, named_acts):
    resolver = Resolver(
        [
            Character("Harold Vane", ("Harold",), "male", True),
            Character("Edwin Vane", ("Edwin",), "male", True),
            Character("Ida Vane", ("Ida",), "female", True),
        ],
        False,
    )
    resolver.paragraph = 10
    if seen:
        resolver.recent[seen] = 9
    if named:
        resolver.mentioned[named] = 9
        if named_acts:
            resolver.recent[named] = 8
    assert resolver.name(called) == expected
    assert not resolver.shared_hit  # a man's title and surname is his, not a name two share: a tag may place it


@pytest.mark.parametrize(("called", "sure"), [("Vane", True), ("Osbert", False)])
def test_a_surname_a_family_shares_is_the_one_of_them_about_and_sure(called, sure):
    """ "said Vane" with Harold Vane about and Edwin Vane not: Harold, which a tag may place; a first name two share
    ("Osbert") is settled by who is about too, but a tag reads it as unsure."""
    resolver = Resolver(
        [
            Character("Harold Vane", ("Harold", "Vane"), "male", True),
            Character("Edwin Vane", ("Edwin", "Vane"), "male", True),
            Character("Osbert Pendry", ("Osbert",), "male", True),
            Character("Osbert Bexley", ("Osbert",), "male", True),
        ],
        False,
    )
    resolver.paragraph = 10
    resolver.recent["Harold Vane"] = resolver.recent["Osbert Pendry"] = 9
    assert resolver.name(called) in ("Harold Vane", "Osbert Pendry")
    assert resolver.shared_hit is not sure


@pytest.mark.parametrize(
    ("sisters", "expected"),
    [
        ((("Ann Harrow", "Miss Harrow"), ("Julia Harrow", "Miss Julia Harrow", "Miss Harrow")), "Ann Harrow"),
        ((("Ann Harrow", "Miss Ann Harrow", "Miss Harrow"), ("Julia Harrow", "Miss Julia Harrow", "Miss Harrow")), None),
        ((("Ann Harrow", "Miss Harrow"), ("Julia Harrow", "Miss Harrow")), None),  # no younger one told apart
        ((("Ann", "Miss Harrow"), ("Julia Harrow", "Miss Julia Harrow", "Miss Harrow")), None),  # Ann: no Harrow known
    ],
)
def test_miss_and_a_surname_sisters_share_is_the_eldest(sisters, expected):
    """By the usage of the time the eldest daughter is "Miss Harrow", a younger one "Miss Julia Harrow"."""
    resolver = Resolver([Character(name, aliases, "female", True) for name, *aliases in sisters], False)
    assert resolver.name("Miss Harrow") == expected


def test_a_line_calling_one_of_a_scene_of_two_is_the_others_and_not_with_a_third_about():
    from fic2audio.turns import _called_in_a_scene_of_two

    people = [Character(n, (), g, True) for n, g in (("Tess", "female"), ("Marco", "male"), ("Dana", "female"))]
    two = {"Tess": 3, "Marco": 2}
    run = [_evidence(in_scene=two), _evidence(in_scene=two, vocatives=("Tess",)), _evidence(in_scene=two)]
    _called_in_a_scene_of_two(run, Resolver(people, False))
    assert [p.speaker for p in run] == [None, "Marco", None]
    three = {**two, "Dana": 1}
    run = [_evidence(in_scene=three), _evidence(in_scene=three, vocatives=("Tess",)), _evidence(in_scene=three)]
    _called_in_a_scene_of_two(run, Resolver(people, False))
    assert [p.speaker for p in run] == [None, None, None]


_CALL = """
    Nell was shelving books when her phone rang. Bram.

    "Did you find the key?" Bram said.

    "Not yet," Nell said.

    "Look under the mat."

    "I looked."

    {end}Oskar came round the end of the shelf with a trolley and parked it beside her.

    "Any luck?" Oskar asked.

    "None."

    "Want help?"

    "Please."
    """


@pytest.mark.parametrize("end", ["Nell hung up. ", ""])
def test_a_caller_is_gone_once_the_call_ends(tmp_path, end):
    """Once Nell hangs up, or turns to Oskar, who came in during the call, the voice on the phone is no longer about:
    the lines after are between the two in the room."""
    got = lines_of(tmp_path, _CALL.format(end=end))
    assert got[-4:] == [("Any luck?", "Oskar"), ("None.", "Nell"), ("Want help?", "Oskar"), ("Please.", "Nell")]


def test_someone_in_the_room_before_the_call_does_not_end_it(tmp_path):
    """Oskar was by when the phone rang (a speakerphone): his line is no sign that the call is over, and Bram, who
    answers him, stays on the line."""
    got = lines_of(
        tmp_path,
        """
        Nell and Oskar were shelving books when her phone rang. She put it on speaker. Bram.

        "Did you find the key?" Bram said.

        "Not yet," Nell said.

        Oskar leaned in over the trolley.

        "Look under the mat," Oskar said.

        "I looked there," Bram said.

        "Look again."
        """,
    )
    assert got[-1] == ("Look again.", None)


def test_without_a_phone_no_one_is_gone(tmp_path):
    """The same talk with Bram in the room: nothing tells of a call, and nothing is forgotten."""
    got = lines_of(tmp_path, _CALL.format(end="").replace("when her phone rang. Bram.", "while Bram leaned on the desk."))
    assert ("None.", "Nell") not in got


def test_someone_heard_before_the_call_is_no_caller(tmp_path):
    """Tom talks only in tags, never in the narration, but he was heard before Nell's phone buzzed: he is in the
    room, and putting the phone away does not send him off."""
    got = lines_of(
        tmp_path,
        """
        Nell sat at the kitchen table.

        "Eggs?" Tom asked.

        "Please," Nell said.

        Nell's phone buzzed. She glanced at it and sighed.

        "Work?" Tom asked.

        "Work," Nell said.

        She put her phone away.

        "Ignore them."

        "I will."
        """,
    )
    assert got[-2:] == [("Ignore them.", "Tom"), ("I will.", "Nell")]


def test_a_she_after_the_call_is_not_the_caller(tmp_path):
    """Marta, on the phone, is the woman the talk was about; once Juno hangs up, "she said" is not Marta's."""
    got = lines_of(
        tmp_path,
        """
        Juno and Felix were arguing over the map when Juno's phone rang.

        "It's Marta," said Marta. "Where are you?"

        "Lost."

        "Then turn left at the church," Marta said.

        She hung up and looked at Felix.

        "Left at the church," she said.
        """,
    )
    assert got[-1][0] == "Left at the church," and got[-1][1] != "Marta"


_ROOM_AND_CALL = """
    Juno and Felix were arguing over the map when {whose} phone rang.

    "It's Marta," said Marta. "Where are you?"

    "Lost."

    "Lost where?"

    "Somewhere with cows."

    Felix snorted and turned the map upside down.

    "Describe a landmark," Marta said.

    "There's a red barn."
    """


@pytest.mark.parametrize(("whose", "expected"), [("Juno's", "Juno"), ("a", "Felix")])
def test_lines_of_a_call_are_the_phone_holders_not_the_one_across_the_room(tmp_path, whose, expected):
    """Juno's phone rang: the lines that answer Marta are Juno's, though Felix acts in the room. When the narration
    does not say whose phone it is, nothing is set aside (and the turns stay as they were)."""
    got = lines_of(tmp_path, _ROOM_AND_CALL.format(whose=whose))
    assert ("Lost.", expected) in got and ("There's a red barn.", expected) in got


@pytest.mark.parametrize(
    ("called", "vocatives", "hints", "expected"),
    [
        ("Meg, how long?", ("Meg",), (), None),  # Meg, called and no candidate, answers
        ("How long, Meg?", ("Meg",), (), "Tom"),  # a call at the end is as often answered by another
        ("Mum, is that you?", (), (), None),  # whoever the story's mum is
        ("How long?", (), ("stranger:female",), None),  # "The widow stepped forward.": hers, unnamed yet
        ("How long?", (), ("stranger:male",), "Tom"),
        ("How long?", (), (), "Tom"),
    ],
)
def test_ranking_leaves_a_line_likelier_someone_elses(called, vocatives, hints, expected):
    """'Ann: "..." / Tom: "..." / Ann: "Meg, how long?" / [?]': the turns make the last line Tom's, but the one the
    line before opens by calling answers, and a line beside narration about someone unnamed of another gender is
    theirs: the ranker leaves both unplaced."""
    from fic2audio.ranking import ranked_rounds

    people = [Character("Ann", (), "female", True), Character("Tom", (), "male", True), Character("Meg", (), "female", True)]
    resolver = Resolver(people, False)
    run = [_evidence("Ann"), _evidence("Tom"), _evidence("Ann", said=called, vocatives=vocatives), _evidence(hints=hints)]
    ranked_rounds([run], resolver, {"spoke-2": 3.0, "none": 0.0}, (0.8,))
    assert run[3].speaker == expected


@pytest.mark.parametrize(("said", "expected"), [("Your Grace cannot take her word.", None), ("Her word is good.", "Ysa")])
def test_ranking_gives_no_line_to_the_one_it_calls_by_a_title(said, expected):
    """'"Your Grace cannot mean it."': said to the duchess, not by her, though not as a call."""
    from fic2audio.ranking import ranked_rounds

    people = [Character("Ysa", ("the duchess",), "female", True), Character("Orm", (), "male", True)]
    resolver = Resolver(people, False)
    run = [_evidence("Ysa"), _evidence("Orm"), _evidence(said=said)]
    ranked_rounds([run], resolver, {"spoke-2": 3.0, "none": 0.0}, (0.8,))
    assert run[2].speaker == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The inspector sits.", "Inspector Ada Kell"),
        ("The sergeant's pen stops.", "Sergeant Ben Hoad"),
        ("The man sits.", None),  # a word for anyone: _sentence_subject's
        ("The door opens.", None),
    ],
)
def test_a_sentence_opening_with_a_title_is_about_its_holder(sentence, expected):
    """'The inspector sits. "Sit down."': the one acting beside the line, for the ranker, is Inspector Ada Kell."""
    from fic2audio.speakers import _titled_subject

    people = [  # (the aliases the characters' titles give them: see characters.py)
        Character("Inspector Ada Kell", ("the inspector",), "female", True),
        Character("Sergeant Ben Hoad", ("the sergeant",), "male", True),
    ]
    assert _titled_subject(sentence, Resolver(people, False)) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Greta swept out.", ["Greta"]),
        ("Tom left the room.", ["Tom"]),
        ("Tom rose and left the room.", ["Tom"]),
        ("Then she went upstairs.", ["she"]),
        ("Mr. Hale took his leave.", ["Mr. Hale"]),
        ("Ann looked up as Tom walked out.", ["Tom"]),
        ("Greta hurried off to fetch the file.", ["Greta"]),
        ("He shook hands with Tom and went away.", ["He"]),
        ("Tom took leave of them.", ["Tom"]),
        ("said Ann, when Tom had left the room.", ["Tom"]),  # told from just after it
        ("Tom said, leaving the room.", ["Tom"]),
        ("Tom sat, leaving the letter.", []),
        ("said Tom, and left the room.", ["Tom"]),  # a tag, then its speaker going
        ("said Tom, and left the letter.", []),
        ("Tom's left hand shook.", []),  # a possessive and "left" as a side
        ("Tom turned left.", []),  # a direction
        ("Ann left the letter on the desk.", []),  # an object that is no room
        ("He went out yesterday.", []),  # told of another time
        ("She always left early.", []),
        ("She went out with Tom.", []),  # going with someone: not one of them alone
        ("He had left.", []),  # told from after: the pluperfect
        ("If he left, she would cry.", []),  # what might be
        ("Ann nodded, and he went upstairs.", []),  # a he deep in a sentence: too often another than the scene's he
    ],
)
def test_the_narration_tells_who_leaves_the_scene(sentence, expected):
    from fic2audio.exits import clause_leavers

    assert clause_leavers(sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The door closed behind Ann.", "Ann"),
        ("The door shut softly behind him.", "him"),
        ("When the room-door closed behind Tom, Ann sat.", "Tom"),
        ("The door closed.", None),
    ],
)
def test_a_door_closing_behind_someone_is_their_exit(sentence, expected):
    from fic2audio.exits import door_closed_behind

    assert door_closed_behind(sentence) == expected


def test_one_who_left_the_scene_is_no_party_to_the_talk_after(tmp_path):
    """Greta sweeps out: Ann and Tom talk on, and the untagged lines after are theirs in turn, not Greta's."""
    got = lines_of(
        tmp_path,
        """
        Ann, Tom and Greta sat around the table in the meeting room.

        "We are down eleven percent," Greta said. "Why?"

        "The northern stores," Ann said.

        "And the button," Tom said.

        "Fix it by Friday," Greta said. "Both of you."

        Greta swept out of the room.

        "Well," Tom said.

        "You should have told her yourself."

        "I know."

        "Do you? Because it felt like you let me walk into it."
        """,
    )
    assert got[-5:] == [
        ("Well,", "Tom"),
        ("You should have told her yourself.", "Ann"),
        ("I know.", "Tom"),
        ("Do you?", "Ann"),
        ("Because it felt like you let me walk into it.", "Ann"),
    ]


def test_one_who_left_and_comes_back_talks_again(tmp_path):
    """Greta leaves and comes back in: her tagged line brings her back, and the turns are hers again."""
    got = lines_of(
        tmp_path,
        """
        Ann and Greta sat in the office.

        "Fix it," Greta said.

        Greta left the room.

        "Fine," Ann said.

        Greta came back in with a folder.

        "And this," Greta said.

        "What is it?" Ann asked.

        "The figures."
        """,
    )
    assert got[-1] == ("The figures.", "Greta")


@pytest.mark.parametrize(
    ("clause", "expected"),
    [
        ("she exhorted.", (None, "female")),
        ("he acknowledged; but", (None, "male")),
        ("she prattled on,", (None, "female")),
        ("Mara chided him.", ("Mara", None)),
        ("Ivo quipped.", ("Ivo", None)),
        ("coaxed Mara.", ("Mara", None)),  # the clause ends at the name: the speaker, as "begged Mara."
        ("she turned.", (None, None)),  # narration, not a way of saying something
    ],
)
def test_a_tag_reads_any_way_of_saying_something(clause, expected):
    """'"...," she exhorted.': exhorted, acknowledged, prattled, chided, quipped are ways of saying, as "said" is."""
    from fic2audio.speakers import SUBJECT, _match_tag

    people = [Character("Mara", (), "female", True), Character("Ivo", (), "male", True)]
    assert _match_tag(clause, SUBJECT, Resolver(people, False), at_start=True, line_open=False) == expected


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        ("called the broken voice of Ivo.", ("Ivo", None)),
        ("broke in the cool voice of Mara.", ("Mara", None)),
        ("cried the voice of the crowd outside.", (None, "")),  # no name: someone unknown
        ("was a fond saying of Mara's.", ("Mara", None)),
        ("was the opinion of all Mara's friends.", (None, None)),  # not Mara's own
        ("was the porter's gruff answer.", (None, "")),  # a description, as "said the porter" is
    ],
)
def test_a_tag_after_a_line_names_its_speaker_by_the_speech_or_voice_it_tells(tag, expected):
    """'"...," called the broken voice of Ivo' / 'was a fond saying of Mara's' / 'was the porter's gruff answer': the
    voice or speech told is the speaker's."""
    from fic2audio.speakers import SUBJECT, _match_tag

    people = [Character("Mara", (), "female", True), Character("Ivo", (), "male", True)]
    resolver = Resolver(people, False)
    assert _match_tag(tag, SUBJECT, resolver, at_start=True, line_open=True) == expected
    if "porter" in tag:
        assert resolver.description == "porter"


@pytest.mark.parametrize(
    ("narration", "expected"),
    [
        ("Mara heard the excuse with some impatience, and renewed her request eagerly.", "Mara"),
        ("Jonah made no answer, but gazed at the sea; so Ivo repeated his question.", "Ivo"),
        ("Mara put her question to Jonah.", None),  # the answer may come next: Jonah's
        ("Ivo frowned, and waited, and made only this short answer:--", "Ivo"),
        ("Ivo frowned, and Mara made this answer to him; then", None),
        ("He read on; but when he heard in his turn Mara's question of", "Mara"),
        ("He read on; but when he heard in his turn the story of", None),
        ("Tess walked on, still talking to Jonah, and Mara seized the moment for glancing round, and saying to Ivo--", "Mara"),
        ("Mara seized the moment for glancing round, and began to laugh--", None),  # no speech
        ("As for Mara, some one said to her,", None),  # someone unnamed spoke
        ("Mara went up after him, but stopped to say softly over the railing to Jonah,", "Mara"),
    ],
)
def test_narration_before_a_line_names_its_speaker_by_what_it_tells(narration, expected):
    """A paragraph of narration before a line tells who speaks it: asked again ("renewed her request eagerly."), a speech
    told by its noun ("made only this short answer:--", "Mara's question of"), a long sentence whose subject said it
    to someone ("and saying to Ivo--", "stopped to say ... to Jonah,")."""
    from fic2audio.speakers import _tag_before

    people = [Character(n, (), g, True) for n, g in (("Mara", "female"), ("Ivo", "male"), ("Jonah", "male"))]
    assert _tag_before(narration, Resolver(people, False), announces=True)[0] == expected


@pytest.mark.parametrize(("between", "expected"), [(False, "Tom"), (True, None)])
def test_a_he_line_answers_the_man_called_only_just_after_the_call(between, expected):
    """After "'Sit down, Tom,' said Ann." the line "'No,' he said." is Tom's answer; with narration between ("Sam came in.") the
    he is as often another man (PDNC: 5 of 11 such lines wrong)."""
    import fic2audio.turns as turns

    resolver = Resolver([Character("Ann", (), "female", True), Character("Tom", (), "male", True)], False)
    narration = [ParagraphEvidence([1], 0, has_narration=True)] if between else []
    call, line = _evidence("Ann", vocatives=("Tom",)), _evidence(gender_hint="male", has_narration=True)
    for before, after in itertools.pairwise([call, *narration, line]):
        before.following, after.previous = after, before
    turns._answering_pronouns([call, line], resolver)
    assert line.speaker == expected


@pytest.mark.parametrize(("called", "expected"), [((), "Tom"), (("Mr. Price",), None)])
def test_a_he_line_of_a_pair_is_not_the_pairs_man_after_a_call_to_another_man(called, expected):
    """Ann and Tom talk; "'Drive on, Mr. Price,' said Ann. / 'Pardon?' he said." is Mr. Price's answer, not Tom's."""
    import fic2audio.turns as turns

    people = [Character("Ann", (), "female", True), Character("Tom", (), "male", True)]
    resolver = Resolver([*people, Character("Mr. Price", (), "male", True)], False)
    run = [_evidence("Tom"), _evidence("Ann", vocatives=called), _evidence(gender_hint="male", has_narration=True)]
    for before, after in itertools.pairwise(run):
        before.following, after.previous = after, before
    turns._scene_pair_turns(run, resolver)
    assert run[-1].speaker == expected


def _linked(paras: list[ParagraphEvidence]) -> list[ParagraphEvidence]:
    for before, after in itertools.pairwise(paras):
        before.following, after.previous = after, before
    return paras


@pytest.mark.parametrize(("first_person", "expected"), [(True, NARRATOR), (False, None)])
def test_a_first_person_narrators_line_after_an_answer_to_it_is_the_narrators(monkeypatch, first_person, expected):
    """'"She sells eggs," I report. / Tash opens one eye. "Not a thief?" / "Not a thief."': the narrator's again,
    with a third voice about; not in a story told in the third person (the ranker, left out here, may still place it)."""
    import fic2audio.turns as turns

    monkeypatch.setattr(turns, "ranked_rounds", lambda runs, resolver: None)
    cast = [Character(name, (), None, True) for name in ("Tash", "Jonah")]
    resolver = Resolver(cast, first_person)
    paras = _linked([_evidence("Jonah"), _evidence(NARRATOR), _evidence("Tash"), _evidence(said="Not a thief.")])
    for para in paras:
        para.present = ("Tash", "Jonah")
    turns.take_turns(paras, resolver)
    assert paras[-1].speaker == expected


@pytest.mark.parametrize(("opening", "expected"), [("—or we keep going.", "Ann"), ("Or we keep going.", None)])
def test_a_line_opening_with_a_dash_after_another_cut_in_goes_on_from_the_broken_line(monkeypatch, opening, expected):
    """'"We turn round—" said Ann. / "No room." / "—or we keep going."': Ann going on after the one who cut in."""
    import fic2audio.turns as turns

    monkeypatch.setattr(turns, "ranked_rounds", lambda runs, resolver: None)
    cast = [Character(name, (), None, True) for name in ("Ann", "Tom", "Bea")]
    resolver = Resolver(cast, False)
    paras = _linked([_evidence("Ann", said="We turn round—"), _evidence(said="No room."), _evidence(said=opening)])
    for para in paras:
        para.present = ("Ann", "Tom", "Bea")
    turns.take_turns(paras, resolver)
    assert paras[-1].speaker == expected


@pytest.mark.parametrize(
    ("beat", "expected"),
    [
        ("I set the cup down.", True),
        ("My voice cracks on it. I look away.", True),
        ("I look at her.", False),  # the line may as well be hers
        ("I look at Tom.", False),
        ("Tom sets the cup down.", False),
        ("I set the cup down. I fill it. I wait. I look out.", False),  # a summary, not a beat
    ],
)
def test_a_first_person_beat_is_the_narrators_alone(beat, expected):
    from fic2audio.speakers import _first_person_beat

    resolver = Resolver([Character("Tom", (), "male", True)], True)
    assert _first_person_beat([(Kind.NARRATION, beat), (Kind.DIALOGUE, "Fine.")], resolver) is expected


@pytest.mark.parametrize(
    ("body", "thinkers"),
    [
        # a he/she thought tag: the one of that gender the paragraph names, and every sentence of the thought is theirs
        (
            'Mara came in. Owen was at the window.\n\n"Tea?" Owen asked.\n\n"Please," said Mara.\n\n'
            "Mara sat down. *Not tonight,* she thought. *Not with that wind.*\n",
            ["Mara", "Mara"],
        ),
        # no one of that gender named in the paragraph: the one the scene is about
        (
            'Mara came in. Owen was at the window.\n\n"Tea?" said Mara.\n\n"No," said Owen.\n\n'
            "He looked at the sea. *She's early,* he thought.\n",
            ["Owen"],
        ),
        # two of that gender named beside the tag: either may think it
        (
            '"Look," said Owen.\n\n"Show me," said Daniel.\n\n'
            "Owen handed it to him, and Daniel turned the pages. *Neat handwriting,* he thought.\n",
            [None],
        ),
        # a she-thought is never the man's whose side the chapter is told from
        (
            '"Night," said Tom.\n\nTom walked home. He was tired. He thought of the sea. He was cold. He hummed. He sighed. He smiled.\n\n'
            "A woman passed him. *What a strange man,* she thought.\n",
            [None],
        ),
    ],
)
def test_he_she_thought_tags(tmp_path, body, thinkers):
    story = tmp_path / "thoughts.txt"
    story.write_text("Title: T\n\n" + body, encoding="utf-8")
    script = plan_story(story)
    assert [s.speaker for ch in script.chapters for s in ch.segments if s.kind is Kind.THOUGHT] == thinkers


def test_a_point_of_view_mark_names_the_i_of_its_scene(tmp_path):
    """Fan fiction heads a scene with whose side it is told from ("Sakura's POV"): its "I" is that character, its
    untagged thoughts theirs; a scene break ends it, and "Normal POV" names no one."""
    story = tmp_path / "pov.txt"
    story.write_text(
        "Title: T\n\nSakura's POV\n\n"
        "I walked into the classroom. Naruto was asleep at his desk again, drooling on his notes.\n\n"
        '"Naruto," I said. "Wake up."\n\n"Five more minutes," Naruto mumbled.\n\n*Why is he always like this?*\n\n'
        "~*~\n\n~Naruto POV~\n\nSakura-chan was yelling again. I opened one eye.\n\n"
        '"Fine," I said. "I\'m up."\n\n"You\'d better be," Sakura said.\n\n'
        '~*~\n\nBack to Sakura\'s POV\n\n"Late," I said.\n\n'
        '~*~\n\nI ran all the way home.\n\n"Made it," I said.\n\n'
        '~*~\n\nNormal POV\n\nThe bell rang.\n\n"Lunch," I said.\n',
        encoding="utf-8",
    )
    script = plan_story(story)
    voiced = [
        (s.kind, s.text, s.speaker) for ch in script.chapters[1:] for s in ch.segments if s.kind in (Kind.DIALOGUE, Kind.THOUGHT)
    ]
    assert [(text, who) for _, text, who in voiced] == [
        ("Naruto,", "Sakura"),
        ("Wake up.", "Sakura"),
        ("Five more minutes,", "Naruto"),
        ("Why is he always like this?", "Sakura"),
        ("Fine,", "Naruto"),
        ("I'm up.", "Naruto"),
        ("You'd better be,", "Sakura"),
        ("Late,", "Sakura"),
        ("Made it,", "narrator"),  # a scene under no mark: the story's "I"
        ("Lunch,", "narrator"),
    ]


def test_a_second_person_story_is_told_as_by_its_you(tmp_path):
    """A reader-insert story's "you said" is the narrator's line, as a first-person "I said" is; the turns run
    through it, and the narration keeps its own words."""
    story = tmp_path / "reader.txt"
    story.write_text(
        "Title: Coffee (Bucky x Reader)\n\n"
        "You walked into the coffee shop and spotted Bucky at the corner table. He waved, and you felt your heart skip.\n\n"
        '"Hey, Y/N," Bucky said. "I got you a latte."\n\n"You remembered," you said, sitting down.\n\n"Of course I did."\n\n'
        'You smiled at him. "Thanks, Buck."\n\n"Anything for you, doll," he said.\n\n'
        "You wrapped your hands around the cup. It was warm.\n",
        encoding="utf-8",
    )
    script = plan_story(story)
    segments = [s for ch in script.chapters[1:] for s in ch.segments]
    assert [(s.text, s.speaker) for s in segments if s.kind is Kind.DIALOGUE] == [
        ("Hey, Y/N,", "Bucky"),
        ("I got you a latte.", "Bucky"),
        ("You remembered,", "narrator"),
        ("Of course I did.", "Bucky"),
        ("Thanks, Buck.", "narrator"),
        ("Anything for you, doll,", "Bucky"),
    ]
    narration = [s.text for s in segments if s.kind is Kind.NARRATION]
    assert "you said, sitting down." in narration and "You smiled at him." in narration


@pytest.mark.parametrize(
    ("text", "as_i"),
    [
        ("You smiled at him.", "I smiled at him."),
        ("He handed you your cup, and you took it.", "He handed me my cup, and I took it."),
        ("Your heart skipped. You're late, you'll see.", "My heart skipped. I'm late, I'll see."),
    ],
)
def test_second_person_narration_read_as_first_person(text, as_i):
    from fic2audio.speakers import _as_told_by_i

    assert _as_told_by_i(text) == as_i


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("she said, and waved to them both on her way out, smiling.", True),
        ("Tom nodded on his way out.", True),
        ("She smiled at them on his way out.", False),  # his: someone else's going
        ("He held the door for her on her way out.", False),  # hers, not his
        ("She stopped Tom on his way out.", False),  # a name between: Tom's
        ("She went out yesterday.", False),
    ],
)
def test_doing_something_on_the_way_out_is_an_exit(sentence, expected):
    """'"Bake it an hour," she said, and waved on her way out.': the lines after are not hers."""
    from fic2audio.exits import leaves_after_subject

    subject = sentence.split()[0]
    assert leaves_after_subject(sentence[len(subject) :], sentence) is expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("They went out, Tom still arguing, Ann humming a tune.", ["Tom", "Ann"]),
        ("They filed out, Tom laughing.", ["Tom"]),
        ("They sat down, Tom still arguing.", []),  # no going
        ("They always left early, Tom arguing.", []),  # another time
    ],
)
def test_a_group_going_names_who_goes(sentence, expected):
    """'They went out, Tom still arguing, Ann humming. Sam stayed.': Tom and Ann are gone."""
    from fic2audio.exits import group_leavers

    assert group_leavers(sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Tom, who had nothing to carry, took the lamp.", "Tom"),
        ("Tom took the lamp.", "Tom"),
        ("Tom, who was watching, while the others talked, saw it.", None),  # the aside runs on: no verb of Tom's read
    ],
)
def test_a_subject_may_have_a_relative_aside_before_its_verb(sentence, expected):
    """'Tom, who had nothing to carry, took the lamp. "Ready," he said.': the he is Tom."""
    from fic2audio.speakers import _sentence_subject

    people = [Character("Tom", (), "male", True), Character("Ivo", (), "male", True)]
    assert _sentence_subject(sentence, Resolver(people, False))[0] == expected


def test_the_one_everyone_looks_to_answers(tmp_path):
    """'Everyone turned to look at X.' / "'Well,' she said.": X's answer, whoever talked before."""
    got = lines_of(
        tmp_path,
        """
        Ann, Greta and Mrs. Pell sat round the table in the parish room.

        "The accounts," said Ann. "Who had the cash box last?"

        "Not I," said Greta.

        "It was seen in a hedge," said Ann. "Behind the school."

        Everyone turned to look at Mrs. Pell.

        "Well," she said. "Well, now."
        """,
    )
    assert got[-2:] == [("Well,", "Mrs. Pell"), ("Well, now.", "Mrs. Pell")]


def test_texts_just_before_make_no_pair_with_the_talk_after(tmp_path):
    """A phone call, texts read in the middle of it: the spoken lines after are the caller's and the narrator's,
    never the texter's turns (on main "Oh what?" and the last line were Bex's)."""
    got = lines_of(
        tmp_path,
        """
        Ivy called just before midnight, which meant trouble, because Ivy thought calls were for emergencies.

        "Stay calm," she said, as soon as I answered.

        "I was calm. I'm not now."

        "The bike's got a flat. I'm on the towpath by the lock, Nell."

        I switched her to speaker and looked for my coat. "Which lock?"

        "The one by the bridge. With the swans."

        "Are you somewhere lit?"

        "I'm standing under a lamp."

        "Ivy. Stay under the lamp."

        My phone shook in my hand. I glanced at the screen. Bex.

        Bex: you awake? got off work early
        Bex: bringing noodles unless you object

        "Hold on, Ives, Bex is messaging."

        "Say hi from me."

        I typed with one thumb while Ivy told me about the swans.

        Nell: ivy has a flat by the lock. going to fetch her
        Bex: how
        Nell: in my car
        Bex: your car is in the shop

        I stood still in the middle of the landing.

        "Oh," I said.

        "Oh what? Don't say oh to someone by a canal at night."

        "My car's in the shop. I forgot."

        "You forgot about your own car."
        """,
        header="Title: T\nCharacters: Nell, Ivy, Bex\n\n",
    )
    assert not [line for line, who in got[-6:] if who == "Bex"]


def test_one_who_speaks_on_her_way_out_is_gone_after(tmp_path):
    """'"...," Rosa said, and waved to them both on her way out.': the "she said" after is not Rosa's (on main it
    was)."""
    got = lines_of(
        tmp_path,
        """
        Pia found her brother in the garden.

        "You sold the boat," Pia said.

        "I told you," Ben said.

        The gate creaked. Aunt Rosa came in with a basket.

        "Oh, good, you're both here," she said.

        "It's fine," Ben said.

        "The pie wants an hour at two hundred," Rosa said, and waved to them both on her way out.

        The gate banged.

        He picked up the basket. She watched him carry it in, and said nothing for a while.

        "I'll pay half," she said.

        "You don't have to."
        """,
    )
    assert ("I'll pay half,", "Rosa") not in got


@pytest.mark.parametrize(
    ("subject", "after", "description", "gender"),
    [
        ("the irritable old", " gentleman, drawing off his gloves.", "irritable old gentleman", "male"),
        ("the good-natured old", " lady, and laughed.", "good-natured old lady", "female"),
        ("the woman with", " the basket.", "woman with the basket", ""),  # someone told apart: no he/she of the talk
        ("the gentleman in", " the white waistcoat, smiling.", "gentleman in the white waistcoat", ""),
        ("the woman with", " a groan.", "woman", "female"),  # how the line was said, not who said it
        ("the girl in", " a hoarse voice.", "girl", "female"),
        ("the man with", " the air of a judge.", "man", "male"),
        ("the doctor again", ".", "doctor", ""),
        ("the boy falling", " back, as Tom turned.", "boy", "male"),
        ("the darling girl", ".", "darling girl", "female"),
        ("the good-looking young", " man who had spoken.", "good-looking young man", "male"),
        ("the soi-disant de", " Worms, pulling his beard.", "soi-disant de", ""),
    ],
)
def test_a_tags_description_is_read_to_its_noun(subject, after, description, gender):
    resolver = Resolver([], first_person=False)
    assert resolver.subject(subject, after) == (None, gender)
    assert resolver.description == description
