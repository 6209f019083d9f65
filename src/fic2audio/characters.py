"""Who is in the story: characters from the cast file, the metadata and the names the narration uses,
each with the words that refer to them and a gender read from the pronouns after their names."""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from .model import Kind, Metadata, Pause, Script, Segment

NARRATOR = "narrator"  # the first-person narrator: the "I" of the narration
ROLE_FOR_GENDER = {"male": "he", "female": "she"}  # speakers with no name in the story
GENDERS = ("male", "female")

_PAIRING_KEYS = (
    "pairing",
    "pairings",
    "relationship",
    "relationships",
    "ship",
    "ships",
)
_CHARACTER_KEYS = ("characters", "character")
_PAIR_SEPARATOR = re.compile(r"\s*(?:/|\bx\b|\bX\b|&|\+)\s*")
TITLES = {
    "brother": "male",
    "father": "male",
    "son": "male",
    "uncle": "male",
    "husband": "male",
    "boyfriend": "male",
    "sister": "female",
    "mother": "female",
    "daughter": "female",
    "aunt": "female",
    "wife": "female",
    "girlfriend": "female",
    "mr": "male",
    "mister": "male",
    "sir": "male",
    "lord": "male",
    "king": "male",
    "prince": "male",
    "mrs": "female",
    "miss": "female",
    "ms": "female",
    "lady": "female",
    "queen": "female",
    "princess": "female",
    "madam": "female",
    "dr": None,
    "professor": None,
    "captain": None,
}
# Titles in a character's name by which the narration may call them: Dr. Amadi is "the doctor".
RANKS = {
    "dr": "doctor",
    "doctor": "doctor",
    "doc": "doctor",
    "captain": "captain",
    "capt": "captain",
    "lieutenant": "lieutenant",
    "lt": "lieutenant",
    "sergeant": "sergeant",
    "sgt": "sergeant",
    "professor": "professor",
    "prof": "professor",
    "detective": "detective",
    "inspector": "inspector",
    "king": "king",
    "queen": "queen",
    "prince": "prince",
    "princess": "princess",
    "general": "general",
    "commander": "commander",
    "colonel": "colonel",
    "major": "major",
    "nurse": "nurse",
    "officer": "officer",
}
SPEECH_VERBS = frozenset(
    """
    said says asked asks replied replies answered answers whispered whispers murmured murmurs muttered mutters
    shouted shouts yelled yells called calls cried cries snapped snaps added adds continued continues told tells
    began begins insisted insists admitted admits agreed agrees explained explains repeated repeats sighed sighs
    laughed laughs groaned groans breathed breathes hissed hisses growled growls teased teases offered offers
    demanded demands mumbled mumbles stammered stammers protested protests interrupted interrupts suggested
    suggests warned warns promised promises announced announces declared declares whimpered whimpers sobbed sobs
    grumbled grumbles drawled drawls purred purrs huffed huffs scoffed scoffs snorted snorts chuckled chuckles
    giggled giggles retorted retorts countered counters prompted prompts observed observes noted notes remarked
    remarks finished finishes conceded concedes blurted blurts exclaimed exclaims gasped gasps screamed screams
    barked barks ordered orders pleaded pleads begged begs inquired inquires responded responds spoke speaks
    greeted greets corrected corrects confirmed confirms joked jokes argued argues shrieked shrieks squeaked
    squeaks croaked croaks rasped rasps sang sings sneered sneers smirked smirks grinned grins smiled smiles
    whined whines lied lies mouthed mouths echoed echoes wondered wonders returned returns rejoined rejoins
    resumed resumes pursued pursues interposed interposes urged urges persisted persists faltered falters
    objected objects assented assents ventured ventures reasoned reasons concluded concludes stated states
    ejaculated roared roars thundered thunders wailed wails moaned moans exploded explodes chimed chimes
    enquired enquires affirmed affirms hazarded hazards remonstrated remonstrates reiterated reiterates
    expostulated expostulates asserted asserts commented comments spluttered splutters sputtered sputters
    stuttered stutters bellowed bellows screeched screeches implored implores entreated entreats grunted grunts
    snarled snarls complained complains cautioned cautions queried queries
    quavered quavers intoned intones lamented laments jeered jeers taunted taunts vowed vows demurred demurs
    volunteered volunteers assured assures reminded reminds informed informs proceeded proceeds acquiesced
    acquiesces uttered utters interjected interjects intervened intervenes proclaimed proclaims questioned
    bawled bawls howled howls boomed booms vociferated fumed confided confides apologized apologizes apologised
    apologises opined opines confessed confesses contradicted contradicts corroborated corroborates commanded
    commands advised advises counselled counseled instructed instructs
    """.split()
)
# Inverted tags ("said Hermia") only with verbs that take no object: "told Mara" names the listener.
NOT_INVERTED = frozenset(
    """
    told tells greeted greets ordered orders begged begs assured assures reminded reminds informed informs
    implored implores entreated entreats taunted taunts cautioned cautions commanded commands advised advises
    counselled counseled instructed instructs
    """.split()
)
# Evidence of a name's gender from the first of these after it: a subject or reflexive pronoun is
# strong; "her" may be an object (another woman); "him" after a name is nearly always someone else.
_GENDER_WORDS = {
    "he": ("male", 2),
    "his": ("male", 2),
    "himself": ("male", 2),
    "she": ("female", 2),
    "hers": ("female", 2),
    "herself": ("female", 2),
}
WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
# Capitalized words that are not names even mid-sentence.
NOT_NAMES = frozenset(
    """
    I I'm I'd I'll I've Oh OK Okay Ok Yes No Hey Hi Hello Mr Mrs Ms Miss Dr Sir Madam Lady Lord God Christ
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July
    August September October November December Christmas Easter English French American British Internet
    TV Mom Mum Dad Mama Papa Ma Pa The A An And But Or So If Then When What Why How Where Who Well Just
    Maybe Please Thanks Thank Sorry Good Fine Right Wait Look Come Go Stop Don't It's That's There
    Here This Then He She They We You His Her Their Our My Your Its Chapter Part End Author Note
    It At These Those Once One Two Three Four Five Six Seven Eight Nine Ten First Last Next Now After Before As
    By For From In Into Of On To With Without Upon Yet Still Not Nor All Some Any Every Each Both Such None
    Nothing Something Everything Anything Nobody Everybody Somebody Anybody Although Though While Whilst Since
    Until Unless Because However Perhaps Indeed Certainly Surely Besides Meanwhile Instead Otherwise Almost
    Even Only Never Always Sometimes Often Again Soon Later Today Tomorrow Yesterday Tonight Like Whatever
    Whoever Whenever Wherever Which Whose Whom That Them Us Mine Ours Yours Himself Herself Itself Themselves
    Myself Ourselves Yourself Everyone Someone Anyone Noone Messrs Mesdames Mmes Do Does Did Is Are Was Were Be Been Being Have Has Had Can Could Will Would Shall
    Should Might Must Let Thus Hence Therefore Ah Alas Aye Nay Poor Dear Old Young Little Ha Hm Hush Why Yours
    Miss Mister Master Mademoiselle Madame Monsieur Heaven Providence Mrs Mr
    """.split()
)


@dataclass(frozen=True)
class Character:
    """Someone who may speak: the name used as the speaker, the words the text calls them by, a gender."""

    name: str
    aliases: tuple[str, ...] = ()
    gender: str | None = None  # "male", "female" or None when unknown
    person: bool = False  # surely someone, not a place: from the cast or metadata, or seen in a speech tag

    @property
    def words(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


def script_paragraphs(segments: Iterable[Segment]) -> list[list[Segment]]:
    """Segments grouped by paragraph (a kept line break, as in chat, ends one too)."""
    out: list[list[Segment]] = [[]]
    for segment in segments:
        out[-1].append(segment)
        if segment.pause in (Pause.PARAGRAPH, Pause.SCENE, Pause.LINE):
            out.append([])
    return [p for p in out if p]


def metadata_characters(metadata: Metadata) -> list[str]:
    """Names from Characters, Relationship and Pairing fields; a lone word there ("Spuffy") is a ship name."""
    names: list[str] = []
    for key in _CHARACTER_KEYS:
        value = metadata.get(key)
        if value:
            for item in re.split(r"[,;]|\band\b", value):
                names.extend(_PAIR_SEPARATOR.split(item))
    for key in _PAIRING_KEYS:
        value = metadata.get(key)
        if value:
            for item in re.split(r"[,;]", value):
                parts = _PAIR_SEPARATOR.split(item.strip())
                if len(parts) >= 2:  # A/B, A x B, A & B; a portmanteau is not a person
                    names.extend(parts)
    cleaned = []
    for name in names:
        name = re.sub(r"\(.*?\)|\[.*?\]", "", name).strip(" .-*")
        if name and len(name) <= 40 and name not in cleaned and name[0].isalpha():
            cleaned.append(name)
    return cleaned


def find_characters(script: Script, cast: Iterable[Character] = ()) -> list[Character]:
    """Characters from the cast file, the metadata and the names the narration uses, with genders.

    Names are read with their honorifics ("Mrs Fairlie", "Dr. Park", "Captain Ashcombe"): Mr. Miller and
    Mrs. Miller are two people, a title alone is no name, and the forms of one person are clustered by
    shared first name, surname and title ("Emma", "Emma Woodhouse", "Miss Woodhouse").
    """
    # A cast file may have been written for another story: only the characters this one names count.
    words: Counter[str] = Counter()
    for chapter in script.chapters[1:]:
        # a chapter's words found at once, a line break between segments (no word runs across one), counted in C
        words.update(WORD.findall("\n".join(segment.text for segment in chapter.segments)))
    used = {w.casefold() for w in words}
    lower: Counter[str] = Counter()
    for word, n in words.items():
        if word[0].islower():
            lower[word.casefold()] += n
    seeds: list[tuple[str, tuple[str, ...], str | None]] = []
    for character in cast:
        if character.name.casefold() in (NARRATOR, *ROLE_FOR_GENDER.values()):
            continue  # voices for unnamed speakers, not people
        if any(w.casefold() in used for word in character.words for w in WORD.findall(word)):
            seeds.append((character.name, character.aliases, character.gender))
    seeds.extend((name, (), None) for name in metadata_characters(script.metadata))
    pieces = _paragraph_pieces(script)
    forms = scan_names(pieces)
    return _with_offices(_cluster(seeds, forms, lower), pieces)


# --- names in the narration -------------------------------------------------------------------------

# Honorifics and the gender they give (None: a rank that says nothing of it). "Mr." and "Mr" are one.
HONORIFICS: dict[str, str | None] = {
    "mr": "male",
    "mister": "male",
    "sir": "male",
    "lord": "male",
    "monsieur": "male",
    "herr": "male",
    "signor": "male",
    "señor": "male",
    "master": "male",
    "uncle": "male",
    "father": "male",
    "brother": "male",
    "king": "male",
    "prince": "male",
    "duke": "male",
    "count": "male",
    "baron": "male",
    "grandpa": "male",
    "mrs": "female",
    "miss": "female",
    "ms": "female",
    "lady": "female",
    "madam": "female",
    "madame": "female",
    "mme": "female",
    "mlle": "female",
    "mademoiselle": "female",
    "dame": "female",
    "frau": "female",
    "signora": "female",
    "señora": "female",
    "aunt": "female",
    "mother": "female",
    "sister": "female",
    "queen": "female",
    "princess": "female",
    "duchess": "female",
    "countess": "female",
    "baroness": "female",
    "grandma": "female",
    "mx": None,
    "dr": None,
    "doctor": None,
    "professor": None,
    "prof": None,
    "captain": None,
    "capt": None,
    "colonel": None,
    "col": None,
    "admiral": None,
    "general": None,
    "major": None,
    "lieutenant": None,
    "lt": None,
    "sergeant": None,
    "sgt": None,
    "inspector": None,
    "detective": None,
    "rev": None,
    "reverend": None,
    "commander": None,
    "officer": None,
    "nurse": None,
    "judge": None,
    "earl": "male",
    "viscount": "male",
    "marquis": "male",
    "marquess": "male",
    "viscountess": "female",
    "marchioness": "female",
    "dowager": "female",
    "honourable": None,
    "honorable": None,
}
_TITLE_SPELLING = {
    "mister": "mr",
    "doctor": "dr",
    "prof": "professor",
    "capt": "captain",
    "col": "colonel",
    "lt": "lieutenant",
    "sgt": "sergeant",
    "reverend": "rev",
    "madame": "mrs",  # the French titles are the English ones: Madame Lacoste is Mrs. Lacoste
    "mme": "mrs",
    "monsieur": "mr",
    "mademoiselle": "miss",
    "mlle": "miss",
}
# Titles that go with a Mr./Mrs. surname: such a form names the family's head, not "Osbert Miller" the son,
# unless the text once joins them ("Mr. Osbert Miller").
# Foreign forms of address a story may use alone as a name ("said Mademoiselle", "Monsieur smiled").
_ADDRESSES = frozenset("Mademoiselle Madame Monsieur Mlle. Mme. Signor Signora Señor Señora Herr Frau".split())
_FAMILY_TITLES = frozenset("mr mrs miss ms lady lord".split())
_TITLE_PATTERN = "|".join(sorted((t.capitalize() for t in HONORIFICS), key=len, reverse=True))
# Titles written short, the only ones a dot may follow: "the Prince. Clearly..." ends a sentence.
_ABBREVIATED = frozenset("mr mrs ms mx dr prof capt col lt sgt rev mme mlle".split())
_ABBREVIATION_PATTERN = "|".join(sorted((t.capitalize() for t in _ABBREVIATED), key=len, reverse=True))
_TITLE = rf"(?:(?:{_ABBREVIATION_PATTERN})\.?|(?:{_TITLE_PATTERN}))"
_UPPER, _LOWER = "A-ZÀ-ÖØ-Þ", "a-zß-öø-ÿ"
_NAME_WORD = rf"(?:Mc|Mac|O['’]|D['’])?[{_UPPER}][{_LOWER}]+(?:-[{_UPPER}]?[{_LOWER}]+)?"
# Lower-case particles inside a name, after a title or a first name: "Professor de Vries", "Pieter van Dijk".
_PARTICLES = frozenset("de du des van von der den del della di da le la ten ter zu".split())
PARTICLE = rf"(?:{'|'.join(sorted(_PARTICLES))})\s+"
_NAME_RUN = rf"(?:{PARTICLE})?{_NAME_WORD}(?:\s+(?:{PARTICLE})?{_NAME_WORD}){{0,2}}"
NAME = rf"(?:{_TITLE}\s+(?:{PARTICLE})?)?{_NAME_WORD}(?:\s+(?:{PARTICLE})?{_NAME_WORD}){{0,2}}"
# Every title and name word begins with a capital: the look-ahead turns down any other place at once,
# before the titles are tried one by one.
_MENTION = re.compile(
    rf"(?<![\w'’])(?=[{_UPPER}])(?:((?:{_ABBREVIATION_PATTERN})(?=\.?\s)|(?:{_TITLE_PATTERN})(?=\s))\.?\s+)?"
    rf"({_NAME_RUN})(?:['’]s)?(?![\w'’])"
)
_LIST_OF_NAMES = re.compile(rf"(?:,\s+|\s+and\s+){_NAME_WORD}")  # "Anna, Ben and Cleo": after a name, another
_MAN_WOMAN = re.compile("(?:wo)?m[ae]n$")  # "Englishman", "Frenchwomen": a nationality all the same
_POSSESSIVE = re.compile(r"['’]s\b")
_SENTENCE_STOP = re.compile(r"[.!?;]")
_TWO_WORDS = re.compile(r"\s*(\S+)(?:\s+(\S+))?")  # a text's first two words, as str.split() cuts them
_APOSTROPHE = re.compile(r"['’]")
# Capitalized words that are no one's name: nationalities, languages, faiths, and words for places.
NOT_PEOPLE = frozenset(
    """
    english french german indian american british italian spanish russian chinese japanese irish scottish scotch
    welsh dutch greek roman polish swiss swedish danish norwegian portuguese turkish austrian belgian canadian
    australian mexican european african asian arab arabian persian egyptian hindu muslim moslem mohammedan
    christian jewish jew catholic protestant anglican latin hebrew oriental western eastern northern southern
    heaven hell providence paradise god lord christ jesus bible church parliament government court majesty
    highness excellency lordship ladyship grace honour honor
    """.split()
)
_PLACE_NOUNS = frozenset(
    """
    hall street place house park square road lane abbey court lodge cottage buildings castle church bridge
    river hill island station college hotel inn club gardens garden terrace row avenue manor farm grange
    hospital school museum theatre theater chapel cathedral valley mountain mountains lake bay wood woods
    forest gate cross end town city village county shire sea ocean bank company office library palace tower
    room rooms hills cave caves hart arms indies isles islands states kingdom empire republic street dock docks wharf pier
    port harbour harbor quay embankment
    """.split()
)
_LOCATIVES = frozenset("in into near through across within beyond outside inside via".split())
_TOWARDS = frozenset("at from to towards toward of for".split())  # said of people too ("looked at Clemency"): half a vote
# Words for kin that a story may use as a name ("Granny said"): their gender is the word's.
KIN_NAMES = {
    **dict.fromkeys("granny gran grandma grandmother nanny nana mammy mummy mumsy auntie aunty".split(), "female"),
    **dict.fromkeys("grandpa grandad granddad gramps grandfather daddy".split(), "male"),
}
_ARTICLES = frozenset("the a an this that these those every each no some any another".split())
# Endings of nationalities and languages ("Moravian" is in NOT_PEOPLE's spirit but not its list).
_NATIONALITY = re.compile(r"(?:ese|ish|ians?|ans|i[sz]ed)$")
# Endings of abstract nouns: "Socialism", "Christianity", "Theology", "Propriety" are no one.
_ABSTRACT = re.compile(
    r".{3}(?:ism|ity|ety|logy|ship|ness|ment|tion|sion)$"
)  # said of people too ("looked at Clemency"): half a vote


@dataclass
class NameForm:
    """What the narration shows of one way of naming someone ("Mrs Fairlie", "Clemency", "Clemency Ingram")."""

    title: str  # the honorific, spelled one way ("mr", "captain"); "" when none
    words: tuple[str, ...]  # the name's words as written
    spellings: Counter[str] = field(default_factory=Counter)  # the whole name as written ("Mrs. Fairlie")
    count: int = 0
    mid: int = 0  # mid-sentence, where only names are capitalized
    tagged: int = 0  # subject of a speech tag ("said Clemency", "Clemency replied")
    place: float = 0  # after "in", "into", "near"...: a place more than a person
    possessive: int = 0  # "Spike's": someone's, mid-sentence
    article: int = 0  # after "the", "a", "this"...: a thing, a place or a rank ("the Registrar", "a Pole")
    votes: Counter[str] = field(default_factory=Counter)  # gender from the pronouns after it
    paragraphs: set[int] = field(default_factory=set)  # the paragraphs whose narration uses it, by number


@functools.lru_cache(maxsize=1 << 14)  # the same few names, asked for at every mention
def norm_name(text: str) -> str:
    """A name's key: titles spelled one way, dots and possessives gone, case folded ("Mr. Ingram's" -> "mr ingram")."""
    words = _POSSESSIVE.sub("", text).replace(".", " ").split()
    if words and words[0].casefold() in HONORIFICS:
        title = words[0].casefold()
        words[0] = _TITLE_SPELLING.get(title, title)
    return " ".join(w.casefold() for w in words)


def _paragraph_pieces(script: Script) -> list[list[tuple[Kind, str]]]:
    """Each paragraph of the story body as runs of narration and dialogue, in order."""
    out = []
    for chapter in script.chapters[1:]:
        for paragraph in script_paragraphs(chapter.segments):
            pieces: list[tuple[Kind, str]] = []
            for segment in paragraph:
                kind = Kind.NARRATION if segment.kind is Kind.NARRATION else Kind.DIALOGUE
                if pieces and pieces[-1][0] is kind:
                    pieces[-1] = (kind, f"{pieces[-1][1]} {segment.text}")
                else:
                    pieces.append((kind, segment.text))
            out.append(pieces)
    return out


def scan_names(
    paragraphs: list[list[tuple[Kind, str]]],
) -> dict[tuple[str, tuple[str, ...]], NameForm]:
    """Every capitalized name the narration uses, with the evidence of whether it is a person."""
    forms: dict[tuple[str, tuple[str, ...]], NameForm] = {}
    for number, pieces in enumerate(paragraphs):
        # a pronoun in the next paragraph may still be this one's person, when neither holds dialogue
        following = paragraphs[number + 1] if number + 1 < len(paragraphs) else []
        tail = following[0][1] if len(pieces) == 1 and len(following) == 1 and following[0][0] is Kind.NARRATION else ""
        with_tail = f"{pieces[0][1]} {tail}" if tail else ""  # made once, read from each name on, not copied per name
        for index, (kind, text) in enumerate(pieces):
            if kind is not Kind.NARRATION:
                continue
            after_line = index > 0
            # after a line that ended its sentence ("Yes." It was...), the narration opens a new one
            line_closed = after_line and pieces[index - 1][1].rstrip("'’\"” ").endswith((".", "!", "?", "…"))
            for match in _MENTION.finditer(text):
                cleaned = _clean_run(match.group(1), match.group(2))
                if cleaned is None:
                    continue
                after = match.end()  # the rest of the text is read where it lies, not copied for each name
                following_words = _TWO_WORDS.match(text, after)
                speech = False
                if following_words:
                    head, then = following_words[1].strip(",.;:!?").casefold(), following_words[2]
                    speech = head in SPEECH_VERBS or (
                        then is not None
                        and (head.endswith("ly") or head == "had")
                        and then.strip(",.;:!?").casefold() in SPEECH_VERBS
                    )
                before = text[: match.start()].rstrip()
                initial = (
                    (not before and (not after_line or line_closed and not speech)) or bool(before) and before[-1] in '.!?:;"“”…'
                )
                title, words, dropped = cleaned
                initial = initial and not dropped
                key_title = _TITLE_SPELLING.get(title.casefold(), title.casefold()) if title else ""
                form = forms.get((key_title, words))
                if form is None:
                    form = forms[key_title, words] = NameForm(key_title, words)
                form.count += 1
                form.paragraphs.add(number)
                form.spellings[" ".join([_written_title(match, title), *words]) if title else " ".join(words)] += 1
                if title or not initial or _LIST_OF_NAMES.match(text, after):
                    form.mid += 1  # mid-sentence, or first of a list of names ("Anna, Ben and Cleo")
                    form.possessive += match.group(0).endswith(("'s", "’s"))
                last_words = before.rsplit(None, 2)  # the last two words, without splitting the whole paragraph
                previous = last_words[-1].casefold() if last_words else ""
                form.article += previous in _ARTICLES
                if previous == "the" and len(last_words) > 1:
                    previous = last_words[-2].casefold()
                form.place += 1 if previous in _LOCATIVES else 0.5 if previous in _TOWARDS else 0
                beside_line = after_line and not before or index + 1 < len(pieces) and len(text) - after < 40
                if speech:
                    form.tagged += beside_line
                elif previous in SPEECH_VERBS and previous not in NOT_INVERTED and after_line and len(last_words) == 1:
                    form.tagged += 1
                elif previous in SPEECH_VERBS and after_line and len(last_words) == 2 and last_words[1].casefold() == "the":
                    form.tagged += 1  # "...," said the Registrar
                title_gender = HONORIFICS.get(key_title) if key_title else KIN_NAMES.get(words[-1].casefold())
                if title_gender:
                    form.votes[title_gender] += 3
                _vote_gender(form, with_tail or text, after)
    return forms


def _written_title(match: re.Match[str], title: str) -> str:
    """The title as the text spells it, with its dot when it has one ("Mrs." or "Mrs")."""
    found = re.search(rf"\b{re.escape(title)}(\.?)", match.group(0))
    return f"{title}{found.group(1)}" if found else title


def clean_name(title: str | None, words: list[str]) -> tuple[str, list[str], bool] | None:
    """(title, name words, whether words were dropped before it) of a capitalized run, or None when it names
    no one: "Then Captain Tresham" is Captain Tresham; "Indian", "Mr" alone, "Heaven" are no one."""
    dropped = False
    while words and not title and (words[0] in NOT_NAMES or words[0].casefold() in HONORIFICS):
        if words[0].casefold() in HONORIFICS and len(words) > 1:
            title, words = words[0], words[1:]
            break
        words = words[1:]
        dropped = True
    if title:
        words = [w for w in words if w not in NOT_NAMES]
    if not words or any(_no_one(w) for w in words):
        return None
    return title or "", words, dropped


@functools.lru_cache(maxsize=1 << 14)
def _clean_run(title: str | None, run: str) -> tuple[str, tuple[str, ...], bool] | None:
    """`clean_name` of a capitalized run as `_MENTION` found it, remembered: the same few names recur."""
    cleaned = clean_name(title, run.split())
    return None if cleaned is None else (cleaned[0], tuple(cleaned[1]), cleaned[2])


@functools.lru_cache(maxsize=1 << 14)
def _no_one(word: str) -> bool:
    """A capitalized word that is no one's name: "Indian", "Heaven", "Englishmen"."""
    folded = word.casefold()
    return folded in NOT_PEOPLE or _MAN_WOMAN.sub("", folded) in NOT_PEOPLE


@functools.lru_cache(maxsize=1 << 14)
def name_in(text: str) -> str | None:
    """The name a capitalized run holds, as written with its title ("Then Mrs. Fairlie" -> "Mrs. Fairlie")."""
    match = _MENTION.fullmatch(text.strip())
    if match is None:
        return None
    cleaned = clean_name(match.group(1), match.group(2).split())
    if cleaned is None:
        return None
    title, words, _ = cleaned
    return " ".join([title, *words]) if title else " ".join(words)


def mentions(text: str) -> list[str]:
    """The names in a text, in order, as written with their titles."""
    out = []
    for match in _MENTION.finditer(text):
        cleaned = _clean_run(match.group(1), match.group(2))
        if cleaned:
            title, words, _ = cleaned
            out.append(" ".join([title, *words]) if title else " ".join(words))
    return out


def _vote_gender(form: NameForm, text: str, start: int = 0) -> None:
    """The first he/she word after a name (in `text` from `start`), before any other name or a "him"
    (whose "he" follows): strong evidence in the name's own sentence, weak in the sentences after it."""
    end = _SENTENCE_STOP.search(text, start)
    sentence = end.start() if end else len(text)
    position = 0  # words read (WORD's), of the 25 looked at
    while True:
        # the lower-case words that can decide nothing are passed over in C, counted, not read one by one
        undeciding = _UNDECIDING_WORDS.match(text, start)  # always matches, if only nothing
        passed = undeciding.end() if undeciding else start
        position += len(WORD.findall(text, start, passed))
        match = WORD.match(text, passed)
        if position >= 25 or match is None:
            return
        position += 1
        evidence = _gender_evidence(match.group(0))
        if evidence is _STOP:
            return
        if evidence:
            form.votes[evidence[0]] += evidence[1] if match.start() < sentence else 1
            return
        start = match.end()


_STOP = ("", 0)  # _gender_evidence: the search for a pronoun ends at this word
# WORDs (and what lies between them) for which _gender_evidence is None whatever they are: lower-case
# words that begin with neither "he", "hi" nor "sh", as every he/she word and "him" do.
_UNDECIDING_WORDS = re.compile(r"[^A-Za-z]*(?:(?:[a-gi-rt-z]|h(?![eiEI])|s(?![hH]))[A-Za-z'’-]*[^A-Za-z]*)*")


@functools.lru_cache(maxsize=1 << 14)
def _gender_evidence(word: str) -> tuple[str, int] | None:
    """What a word after a name says of its gender: the evidence of a he/she word, `_STOP` at a word that
    ends the search, None for any other word."""
    if word[0].isupper() and word not in NOT_NAMES:
        return _STOP  # another name: the pronoun may be theirs
    folded = _APOSTROPHE.split(word.casefold(), 1)[0]
    if folded == "him":
        return _STOP  # "Priya told him, and left before he could argue": the next "he" is him
    return _GENDER_WORDS.get(folded)


def _is_person(form: NameForm, forms: dict[tuple[str, tuple[str, ...]], NameForm], lower: Counter[str] | None = None) -> bool:
    """A form the narration uses as a person's name, not a place, a month or a sentence's first word.
    `lower`: how often each word is written in lower case in the story ("also", "truth", "secretary")."""
    if _family(form, forms):
        return False  # "the Millers", "the Miss Millers" are a family, not someone
    if form.title:
        return True
    if form.words[-1].casefold() in _PLACE_NOUNS:
        return False
    if len(form.words) > 1 and lower is not None:
        head, tail = (w.casefold() for w in (form.words[0], form.words[-1]))
        if form.mid < 1 and lower[head] >= 1:
            return False  # "Unfortunately Kemal": a sentence's first word before a name
        if form.tagged < 1 and lower[head] >= 1 and lower[tail] >= 1:
            return False  # "Town Clerk", "Flower Show": words, capitalized as an office or an event
    if len(form.words) > 1 and form.tagged < 1 and 2 * form.article >= form.count:
        alone = forms.get(("", form.words[:1]))
        if alone is None or alone.count < 3 or alone.article * 2 >= alone.count:
            return False  # "the Grand Canal", "the Tide Warden": a place, a thing or an office, never a full name
            # (but "the Piers Quill of old" beside "Piers" alone is someone)
    if len(form.words) == 1 and form.tagged < 1:
        word = form.words[0].casefold()
        if not re.search("[aeiouy]", word) or len(word) < 3 or _NATIONALITY.search(word) or _ABSTRACT.match(word):
            return False  # "St", "Ad": abbreviations, cut words; "Japanese", "Russians": nationalities; "Socialism"
        if 2 * form.article >= form.count and not _title_only(form, lower):
            return False  # "the Danube", "a Pole", "the Registrar": a place, a thing, a rank
        if lower is not None and max(lower[word], lower[word[:-1]] if word.endswith("s") else 0) >= max(1, form.mid):
            return False  # "Also", "Truth", "Widow": a word written in lower case as often as capitalized mid-sentence
    first = forms.get(("", form.words[:1]))
    if form.count < 2 and len(form.words) > 1 and all(forms.get(("", (w,)), NameForm("", ())).count >= 3 for w in form.words):
        return False  # two names side by side ("told Tamsin Philippa was coming"), not one
    if len(form.words) > 1 and first is not None and first.mid + form.mid >= 1:
        return form.place <= 0.25 * form.count  # "Emma Woodhouse" once, at a sentence's start, and "Emma" again
    if len(form.words) == 1 and form.mid >= 1 and any(k[0] == "" and len(k[1]) > 1 and k[1][0] == form.words[0] for k in forms):
        return form.place <= 0.25 * form.count  # "Tobias" mid-sentence, and "Tobias Quill" once
    if form.mid < 1 and form.tagged < 1 or form.count < 2 and form.tagged < 1 and form.possessive < 1:
        return False
    if form.place > 0.25 * form.count and form.tagged < 1:
        return False
    return True


def _title_only(form: NameForm, lower: Counter[str] | None) -> bool:
    """A capitalized word after "the" that speaks in tags ("...," said the Registrar) and is hardly ever written in
    lower case: someone the story names by an office alone ("the Registrar", "the Gaffer")."""
    word = form.words[0].casefold()
    return form.tagged >= 2 and 2 * form.article >= form.count and (lower is None or 4 * lower[word] <= form.count)


def _family(form: NameForm, forms: dict[tuple[str, tuple[str, ...]], NameForm]) -> bool:
    """ "the Millers" beside "Miller": a family, "Poles" beside "Pole" a people (a man called Moggs, never
    "the Moggs", beside one "Mogg'" of dialect, is someone)."""
    if not form.words[-1].endswith("s"):
        return False
    singular = [f for k, f in forms.items() if k[1][-1] == form.words[-1][:-1]]
    return bool(singular) and (2 * form.article >= form.count or sum(f.count for f in singular) >= 2)


@dataclass
class _Person:
    title: str
    first: str
    last: str
    forms: dict[str, str]  # key -> the form as written
    gender: str | None
    person: bool
    votes: Counter[str] = field(default_factory=Counter)
    given_name: str = ""  # the name the cast file or the metadata gives, which stays the name
    shared: list[str] = field(default_factory=list)  # short forms that may be another's too ("Osbert")

    def add(self, form_text: str) -> None:
        self.forms.setdefault(norm_name(form_text), form_text)


def _split(text: str) -> tuple[str, str, str]:
    """(title, first name, surname) of a written name; first or surname empty when the name has one word."""
    words = text.replace(".", " ").split()
    words = [w for w in words if w.casefold() not in _PARTICLES] or words  # "de Vries", "De Lorme": Vries, Lorme
    title = ""
    if len(words) > 1 and words[0].casefold() in HONORIFICS:
        title = _TITLE_SPELLING.get(words[0].casefold(), words[0].casefold())
        words = words[1:]
    if not words:
        return title, "", ""
    if len(words) == 1:
        # a title with one name: "Sir Ignatius", "Lady Clemency" name a first name; "Mrs Fairlie" a surname
        given = title in (
            "sir",
            "dame",
            "aunt",
            "uncle",
            "father",
            "mother",
            "brother",
            "sister",
            "king",
            "queen",
            "prince",
            "princess",
            "master",
            "grandma",
            "grandpa",
        )
        return (title, words[0], "") if given or not title else (title, "", words[0])
    return title, words[0], words[-1]


def _cluster(
    seeds: list[tuple[str, tuple[str, ...], str | None]],
    forms: dict[tuple[str, tuple[str, ...]], NameForm],
    lower: Counter[str] | None = None,
) -> list[Character]:
    people: list[_Person] = []
    ambiguous: set[str] = set()
    pending: list[tuple[tuple[str, tuple[str, ...]], list[_Person], str]] = []  # forms two people may own

    def new(text: str, gender: str | None, person: bool) -> _Person:
        title, first, last = _split(text)
        found = _Person(title, first, last, {}, gender or HONORIFICS.get(title), person)
        found.add(text)
        people.append(found)
        return found

    def owner(key: str) -> _Person | None:
        return next((p for p in people if key in p.forms), None)

    for name, aliases, gender in seeds:
        if owner(norm_name(name)) is None:
            seed = new(name, gender, True)
            seed.given_name = name
            for alias in aliases:
                seed.add(alias)
    written = {key: form.spellings.most_common(1)[0][0] for key, form in forms.items()}
    counts = {norm_name(written[k]): f.count for k, f in forms.items()}
    people_forms = [k for k, f in forms.items() if _is_person(f, forms, lower)]
    # fuller forms first, so "Clemency" finds "Clemency Ingram" and "Miss Woodhouse" finds "Emma Woodhouse"
    people_forms.sort(key=lambda k: (-len(k[1]), k[0] == "", -forms[k].count))
    for key in people_forms:
        form, text = forms[key], written[key]
        found = owner(norm_name(text))
        if found is None:
            title, first, last = _split(text)
            gender = HONORIFICS.get(title)
            if first and last:
                own = _leaning(form.votes)
                # "Mrs. Osbert Miller" is Osbert Miller's wife, not Osbert Miller
                wife = title == "mrs" and _husband(first, people, forms)
                matches = [
                    p
                    for p in people
                    if p.first == first
                    and p.last == last
                    and (not title or p.title in ("", title))
                    and (own is None or HONORIFICS.get(p.title) in (None, own))
                    and (p.title == "mrs" and _husband(first, people, forms)) == wife
                ]
            elif title:
                name = first or last
                own = gender or _leaning(form.votes)  # "Captain Tresham", a he: not Lettice Tresham
                matches = [p for p in people if name in (p.first, p.last) and p.title in ("", title) and _compatible(p, own)]
                if title == "mrs":
                    # "Mrs. Osbert Miller" is Osbert Miller's wife; "Mrs. Miller" someone else, his mother
                    matches = [p for p in matches if not p.first or not _husband(p.first, people, forms)]
                titled = [p for p in matches if p.title == title]
                by_first = [p for p in matches if p.first == name and not p.title]
                if title in ("miss", "master") and last and by_first:
                    titled = by_first  # "Miss Mirabel", "Master Crispin": Mirabel, Crispin, a daughter or a son
                sisters = (
                    title in ("miss", "ms")
                    and last
                    and any(p.first and p.title in ("", title) for p in matches if p not in titled)
                )
                if titled and not sisters:
                    matches = titled  # "Captain Ashcombe" is "Captain Wilfred Ashcombe"
                    # (but "Miss Marlowe" beside Miss Perdita Marlowe and Lavinia Marlowe is either sister)
                elif title == "mrs" and _wife(last, matches, forms):
                    pass  # "Mrs. Duvernay" is Odile Duvernay, the one woman of that name, with no Miss among them
                elif title == "mr" and _sole_man(form, last, matches, forms):
                    pass  # "Mr. Quill" is Tobias Quill, the one man of that name, whom the story calls "Quill" too
                elif last and title not in ("miss", "ms"):
                    # Mrs. Miller, Lady Miller, Mr. Miller: the family's head, not Mary Miller the daughter;
                    # Captain Miller, General Miller: her brother, her father ("Aunt Tabitha" is Tabitha)
                    matches = []
                if title in _FAMILY_TITLES and matches and matches[0].title != title and matches != by_first:
                    # "Miss Woodhouse" is Emma Woodhouse only when no other woman of that name is about
                    # (Mrs. Miller beside Mary Miller is the mother, someone of her own)
                    # a Miss is no one's wife: her mother is no rival for "Miss Miller", nor she for "Mrs. Miller"
                    misses = {k[1][0] for k in forms if k[0] in ("miss", "ms") and k[1][0] != name}
                    kin = {
                        (k[0], k[1][0] if len(k[1]) > 1 else "")
                        for k in people_forms
                        if k[1][-1] == name
                        and k[0] in (*_FAMILY_TITLES, "")
                        and not (title == "miss" and k[0] == "mrs")
                        and not (title == "mrs" and (k[0] in ("miss", "ms") or len(k[1]) > 1 and k[1][0] in misses))
                        and (len(k[1]) > 1 or k[0])
                        and (HONORIFICS.get(k[0]) or _voted(forms[k].votes + forms.get(("", k[1][:1]), NameForm("", ())).votes))
                        in (gender, None)
                    }
                    younger = title == "miss" and any(("miss", (p.first,)) in forms for p in matches if p.first)
                    if len(kin) > 2 or len(matches) > 1 or younger:
                        matches = []  # "Miss Dulcie" is a younger sister: "Miss Miller" is the eldest, another
            else:
                name = first
                # (the first name in "Mrs. John Miller" is her husband's)
                own = _leaning(form.votes)  # "Fennimore", a he: Mr. Fennimore, not Mrs. Fennimore
                # a first name's own pronouns must be clear to part it from its full name: after "Wenna"
                # alone, a "he" is often the man she is with
                firm = _leaning(form.votes, 0.7)
                matches = [p for p in people if p.first == name and p.title != "mrs" and _compatible(p, firm)] or [
                    p
                    for p in people
                    if p.last == name and (own is None or HONORIFICS.get(p.title) in (None, own)) and _compatible(p, own)
                ]
                if not matches:
                    short = [
                        p
                        for p in people
                        if 3 <= len(name) <= 4 and any(len(w) >= len(name) + 2 and w.startswith(name) for w in (p.first, p.last))
                    ]
                    matches = short
            if len(matches) > 1:
                word = "" if title else first
                matches = _named_far_more(matches, counts, word)
                if len(matches) > 1:
                    ambiguous.add(norm_name(text))  # "Osbert": Osbert Pendry or Osbert Bexley, by the scene
                    pending.append((key, matches, word))
                    continue
            if matches:
                found = matches[0]
            else:
                found = new(text, None, form.tagged > 0)
                if len(form.words) > 1 and ("", form.words[:1]) in forms:
                    found.votes.update(forms[("", form.words[:1])].votes)  # "Emma" tells of "Emma Woodhouse" too
            found.add(text)
        found.votes.update(form.votes)
        found.person = found.person or form.tagged > 0
    for key, matches, word in pending:
        # again with every form placed: "Mr. Moggs" is Nat Moggs, "Moggs" 250 times, not Nathaniel Moggs, once
        own = HONORIFICS.get(key[0]) or _leaning(forms[key].votes)
        matches = [p for p in matches if _compatible(p, own)] or matches  # "Gilchrist", a he: not Araminta Gilchrist
        matches = _named_far_more(matches, counts, word)
        if len(matches) > 1 and not any(p.first == word for p in matches):
            matches = _named_far_more(matches, counts, "")  # (a first name goes by its untitled uses alone)
        text = written[key]
        if len(matches) == 1:
            ambiguous.discard(norm_name(text))
            matches[0].add(text)
            matches[0].votes.update(forms[key].votes)
            matches[0].person = matches[0].person or forms[key].tagged > 0
        else:
            for person in matches:
                person.shared.append(text)
    ranks: dict[str, list[_Person]] = {}
    for person in people:
        if person.title in HONORIFICS and HONORIFICS[person.title] is None:
            ranks.setdefault(person.title, []).append(person)
    characters = []
    for person in people:
        gender = person.gender or _voted(person.votes)
        texts = list(person.forms.values())
        # the most specific name the text uses: "Osbert Pendry" (not "Osbert", which another may share),
        # else "Mrs. Fairlie" (not "Fairlie"); of two alike, the one used more
        name = person.given_name or max(texts, key=lambda t: _naming(t, person, people, forms, counts))
        office = forms.get(("", (name,)))
        if not person.given_name and office is not None and _title_only(office, lower):
            texts.append(name)
            name = f"the {name}"  # "the Registrar", as the story calls him
        others = [t for t in texts if t != name]
        for implied in (person.first if person.title != "mrs" else "", person.last):
            if implied and implied.casefold() not in ambiguous and sum(1 for p in people if implied in (p.first, p.last)) == 1:
                others.append(implied)
        for address in {t.split()[0] for t in texts if len(t.split()) > 1} & _ADDRESSES:
            holders = [p for p in people if any(f.split()[0] == address for f in p.forms.values() if len(f.split()) > 1)]
            if len(holders) == 1 or _named_far_more(holders, counts, "") == [person]:
                others.append(address)  # "said Mademoiselle": Mademoiselle Vautrin, the one the story calls so
        rank = person.title
        if rank in ranks and (len(ranks[rank]) == 1 or _named_far_more(ranks[rank], counts, "") == [person]):
            others.append(f"the {RANKS.get(rank, rank)}")  # the one major, or the major named far more than the other
        kept = tuple(a for a in dict.fromkeys(others) if norm_name(a) != norm_name(name) and norm_name(a) not in ambiguous)
        kept += tuple(a for a in dict.fromkeys(person.shared) if a not in kept and norm_name(a) != norm_name(name))
        characters.append(Character(name, kept, gender, person.person))
    return characters


def _named_far_more(matches: list[_Person], counts: dict[str, int], given: str) -> list[_Person]:
    """The one of `matches` named four times as often as the others together, else all of them. For a
    lone name, only the untitled forms with it count: "Sir John" is no evidence for a bare "John"."""
    weights = sorted(
        ((sum(counts.get(k, 0) for k in p.forms if not given or _untitled_with(k, given)), id(p)) for p in matches),
        reverse=True,
    )
    if weights[0][0] >= max(2, 4 * sum(w for w, _ in weights[1:])):
        return [p for p in matches if id(p) == weights[0][1]]  # "Lavinia" is the Lavinia named far more
    return matches


def _untitled_with(key: str, name: str) -> bool:
    """Whether a form's key has `name` among its words and no title ("osbert pendry" for "Osbert")."""
    words = key.split()
    return name.casefold() in words and words[0] not in HONORIFICS


def _naming(
    text: str, person: _Person, people: list[_Person], forms: dict[tuple[str, tuple[str, ...]], NameForm], counts: dict[str, int]
) -> tuple[int, int]:
    """How well a written form serves as its person's name: the name the text calls them by most, with
    a first name (alone or with the surname) counted thrice, since a reader knows "Rosalba" before
    "Miss Farrant"; of two alike, the more specific ("Osbert Pendry" before "Osbert")."""
    title, first, last = _split(text)
    used = counts.get(norm_name(text), 0)
    if not title and not last and any(p is not person and first in (p.first, p.last) for p in people):
        used = 0  # "John", which John Lumley shares with John Oakes, is no name for either
    return (used * (3 if not title and first and first == person.first else 1), _specificity(text, people, forms))


def _specificity(text: str, people: list[_Person], forms: dict[tuple[str, tuple[str, ...]], NameForm]) -> int:
    """How surely a written name means one person: first name and surname 3 (with a title 2), a title and
    a name 1, a lone name 0. "Mrs. Osbert Miller" names her by her husband: 1."""
    title, first, last = _split(text)
    if first and last:
        if title == "mrs" and _husband(first, people, forms):
            return 1
        return 2 if title else 3
    return 1 if title else 0


def _wife(surname: str, matches: list[_Person], forms: dict[tuple[str, tuple[str, ...]], NameForm]) -> bool:
    """Whether "Mrs. <surname>" is the one woman of `matches` ("Odile Duvernay"): she alone has a first name
    and that surname, she is surely a she, and no "Miss <surname>" or "Miss <her first name>" says that
    daughters of the house are about (Mrs. Pendry beside Leonie Pendry is her mother)."""
    if len(matches) != 1 or not matches[0].first or not matches[0].last:
        return False
    wife = matches[0]
    if (wife.gender or _voted(wife.votes)) != "female":
        return False
    return ("miss", (surname,)) not in forms and ("miss", (wife.first,)) not in forms


def _sole_man(form: NameForm, surname: str, matches: list[_Person], forms: dict[tuple[str, tuple[str, ...]], NameForm]) -> bool:
    """Whether "Mr. <surname>" (`form`) is the one man of `matches` with a first name ("Tobias Quill"), and
    the narration does not name both in one paragraph as two people ("Mr. Quill told Tobias")."""
    if len(matches) != 1 or not matches[0].first or matches[0].last != surname:
        return False
    first = forms.get(("", (matches[0].first,)))
    together = len(form.paragraphs & first.paragraphs) if first is not None else 0
    if together >= 2 and 10 * together >= len(form.paragraphs):
        return False  # his father, most likely, beside him in one paragraph in ten
    return (matches[0].gender or _voted(matches[0].votes)) in ("male", None)


def _husband(first: str, people: list[_Person], forms: dict[tuple[str, tuple[str, ...]], NameForm]) -> bool:
    """Whether a first name after "Mrs." is a man's ("Mrs. John Miller"): a man of that first name is about,
    or the pronouns after the name alone say "he"."""
    alone = forms.get(("", (first,)))
    return any(p.first == first and (p.gender or _voted(p.votes)) == "male" for p in people) or (
        alone is not None and _voted(alone.votes) == "male"
    )


def _leaning(votes: Counter[str], share: float = 0.6) -> str | None:
    """The gender a form's own pronouns give, when there are enough of them to set it against a person's:
    one "she" after "Ashcombe" is likely someone else's."""
    return _voted(votes, share) if sum(votes.values()) >= 3 else None


def _voted(votes: Counter[str], share: float = 0.6) -> str | None:
    """The gender `share` of the evidence agrees on, if any."""
    if not votes:
        return None
    (top, n), total = votes.most_common(1)[0], sum(votes.values())
    return top if n / total >= share else None


def _compatible(person: _Person, gender: str | None) -> bool:
    known = person.gender or _voted(person.votes)
    return gender is None or known is None or known == gender


def alias_lookup(characters: Iterable[Character]) -> dict[str, str]:
    """Each name form (normalized by norm_name) -> the character's name; a form two characters share -> ""."""
    lookup: dict[str, str] = {}
    for character in characters:
        for word in character.words:
            key = norm_name(word)
            if lookup.get(key, character.name) != character.name:
                lookup[key] = ""
            else:
                lookup[key] = character.name
    return lookup


# --- offices: "Mr. Halloway, the bailiff," then "said the bailiff" ------------------------------------------

# "Mr. Halloway, the bailiff," / "Mrs. Pike, the housekeeper of the house": a name, then the office it holds.
_APPOSED = re.compile(r",\s+the\s+(?:[a-z]+\s+){0,2}?([a-z]{3,})(?=\s*[,;:.!?]|\s+(?:of|who|whose|at|in|to)\b)")
_NAME_BEFORE = re.compile(rf"({NAME})(?:['’]s)?$")
# "the bailiff, Mr. Halloway, ...": the office, then the name that holds it, read by _MENTION where it lies.
_OFFICE_BEFORE = re.compile(r"(?<![\w'’])[Tt]he\s+(?:[a-z]+\s+){0,2}?([a-z]{3,}),\s+(?=[A-Z])")
# After an office or a name set beside the other: a comma and "and", or another name, go on with a list.
_LIST_GOES_ON = re.compile(r",\s+(?:and|or|nor)\b|,\s+[A-Z]")
# Words for anyone ("the old man", "the girl") or for no one ("the day"), never one person's office.
_NOT_OFFICES = frozenset(
    """
    man men woman women gentleman gentlemen lady ladies girl girls boy boys lad fellow youth child children person people
    creature stranger other others one same first last next rest latter former elder younger eldest youngest
    day night morning evening afternoon week month year time moment while way end room house door window street town
    world whole most best worst husband wife father mother son daughter brother sister uncle aunt friend
    """.split()
)
_OFFICE_TAGS = 2  # speech tags that name a speaker by an office before it is worth a name ("said the bailiff")


def _with_offices(characters: list[Character], pieces: list[list[tuple[Kind, str]]]) -> list[Character]:
    """Characters with the offices the narration gives them ("Mr. Halloway, the bailiff,") as aliases
    ("the bailiff"), when speech tags use the office as a speaker and the story gives it to one person only."""
    holders: dict[str, set[str]] = {}
    since: dict[str, int] = {}  # the paragraph where the narration first gives each office to a name
    lookup = alias_lookup(characters)
    for number, paragraph in enumerate(pieces):
        for kind, text in paragraph:
            if kind is not Kind.NARRATION or ", " not in text:
                continue  # both shapes hold a comma and a space
            for match in _APPOSED.finditer(text):
                office = match.group(1)
                if office in _NOT_OFFICES:
                    continue
                named = _NAME_BEFORE.search(text, max(0, match.start() - 60), match.start())
                written = name_in(named.group(1)) if named else None
                if written is None or _LIST_GOES_ON.match(text, match.end()):
                    continue  # "While they ate, the housekeeper, who...": no name before it; "Wat, the steward, and Ann"
                holders.setdefault(office, set()).add(lookup.get(norm_name(written)) or "")  # "": no one's, or two people's
                since.setdefault(office, number)
            for match in _OFFICE_BEFORE.finditer(text):
                office = match.group(1)
                named = _MENTION.match(text, match.end())
                if office in _NOT_OFFICES or named is None or not text.startswith(",", named.end()):
                    continue
                if _LIST_GOES_ON.match(text, named.end()):
                    continue  # "the steward, Mr. Pike, and Ann": three people
                written = name_in(named.group(0))
                if written is not None:
                    holders.setdefault(office, set()).add(lookup.get(norm_name(written)) or "")
                    since.setdefault(office, number)
    taken = {norm_name(word) for c in characters for word in c.words}
    held = {office: next(iter(owners)) for office, owners in holders.items() if len(owners) == 1 and "" not in owners}
    held = {office: owner for office, owner in held.items() if f"the {office}" not in taken}
    if not held:
        return characters  # most stories: no office set beside a name, and no tag read for one
    tagged: Counter[str] = Counter()  # speech tags naming the office: after it was given to a name, less before
    mention = re.compile(rf"(?<![\w'’])[Tt]he\s+({'|'.join(map(re.escape, held))})(?![\w'’])")
    for number, paragraph in enumerate(pieces):
        for kind, text in paragraph:
            if kind is not Kind.NARRATION:
                continue
            for match in mention.finditer(text):
                before = text[max(0, match.start() - 20) : match.start()].split()
                after = _TWO_WORDS.match(text, match.end())
                verb_before = bool(before) and before[-1].casefold() in SPEECH_VERBS - NOT_INVERTED
                verb_after = after is not None and after[1].strip(",.;:!?").casefold() in SPEECH_VERBS
                if verb_before or verb_after:
                    # "said the innkeeper" before any "Mr. Royle, the innkeeper": another innkeeper's
                    tagged[match.group(1)] += 1 if number >= since[match.group(1)] else -1
    offices: dict[str, list[str]] = {}
    for office, owner in held.items():
        if tagged[office] >= _OFFICE_TAGS:
            offices.setdefault(owner, []).append(f"the {office}")
    return [replace(c, aliases=(*c.aliases, *offices[c.name])) if c.name in offices else c for c in characters]
