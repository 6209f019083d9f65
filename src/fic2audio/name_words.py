"""The words names are read with: honorifics and their spellings, speech verbs, the capitalized words that
are no one's name, words for places, kin and offices. Word lists only, no rules; names.py and
characters.py read them, and speakers.py and resolver.py the speech verbs and kin words."""

from __future__ import annotations

import functools
import tomllib
from importlib import resources

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
    "goodman": "male",
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
    "goodwife": "female",
    "goody": "female",
    "mistress": "female",
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
    # offices of modern stories, before a name as a rank is ("Sheriff Bell", "Agent Corrow", "Coach Dunmore")
    "sheriff": None,
    "deputy": None,
    "agent": None,
    "coach": None,
    "principal": None,
    "pastor": None,
    "governor": None,
    "mayor": None,
    "ambassador": None,
    "director": None,
    "commissioner": None,
    "superintendent": None,
    "constable": None,
}
# The titles of fantasy, the church, rule and war, which fiction gives its people (not "regent" or "cardinal" alone:
# "Regent Street", "Cardinal Wolsey", a place and a man of history).
OFFICE_TITLES: dict[str, str | None] = {
    "priest": "male",
    "priestess": "female",
    "abbot": "male",
    "abbess": "female",
    "emperor": "male",
    "empress": "female",
    "archduke": "male",
    "archduchess": "female",
    "archbishop": None,
    "bishop": None,
    "ser": None,  # a knight, and some knights are women
    "chancellor": None,
    "magister": None,
    "marshal": None,
    "inquisitor": None,
    "commodore": None,
    "brigadier": None,
    "corporal": None,
    "ensign": None,
    "senator": None,
}
HONORIFICS.update(OFFICE_TITLES)
# Titles of nobility, the church and rule that tell a gender, which the narration uses alone for their one holder as
# it does a rank ("the Marquis", "the Abbess"). Not "the King" or "the Queen", which as often mean one the story
# never names.
NOBLE_TITLES = frozenset(
    """
    duke duchess count countess baron baroness marquis marquess marchioness earl viscount viscountess archduke
    archduchess emperor empress priest priestess abbot abbess
    """.split()
)
# Titles that alone may be a name ("said the Emperor"): their one holder's where the story names one, else someone the
# story knows by the title alone. (Not the titles of nobility and the ranks, "the Duke", "the Captain": alone they stay
# no name, as before these came, which PDNC's lines bear out.)
TITLES_ALONE = frozenset(OFFICE_TITLES)
# Words before a title that make one title of the two ("High Priestess", "Lord Commander", "Grand Master", "Vice
# Admiral"), and the gender they give where the title tells none: a Lord Commander is a lord.
TITLE_PREFIXES: dict[str, str | None] = {"high": None, "grand": None, "lord": "male", "arch": None, "chief": None, "vice": None}
# The titles a prefix goes before: HONORIFICS' offices and ranks, and offices that are a title only with one
# ("Lord Protector", "Grand Vizier", "High Septon").
PREFIXED_TITLES = frozenset(
    """
    priest priestess king queen prince princess lord lady duke duchess master commander general admiral marshal
    chancellor inquisitor judge inspector constable steward regent magister bishop druid mage warden captain protector
    chamberlain treasurer vizier sheriff septon maester justiciar
    """.split()
)
COMPOUND_TITLES: dict[str, str | None] = {
    f"{prefix} {title}": HONORIFICS.get(title) or gender
    for prefix, gender in TITLE_PREFIXES.items()
    for title in PREFIXED_TITLES
    if prefix != title
}
HONORIFICS.update(COMPOUND_TITLES)
TITLE_SPELLING = {
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
# Titles written short, the only ones a dot may follow: "the Prince. Clearly..." ends a sentence.
ABBREVIATED = frozenset("mr mrs ms mx dr prof capt col lt sgt rev mme mlle".split())
# Titles that go with a Mr./Mrs. surname: such a form names the family's head, not "Osbert Miller" the son,
# unless the text once joins them ("Mr. Osbert Miller").
# Foreign forms of address a story may use alone as a name ("said Mademoiselle", "Monsieur smiled").
ADDRESSES = frozenset("Mademoiselle Madame Monsieur Mlle. Mme. Signor Signora Señor Señora Herr Frau".split())
FAMILY_TITLES = frozenset("mr mrs miss ms lady lord".split())
# Lower-case particles inside a name, after a title or a first name: "Professor de Vries", "Pieter van Dijk".
PARTICLES = frozenset("de du des van von der den del della di da le la ten ter zu".split())
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
    "rev": "reverend",  # Rev. and Reverend are one title (TITLE_SPELLING): "the Reverend", never "the rev"
}
# The callings a title tells, by which the narration may call its one holder: the Reverend Mr. Pike is "the vicar",
# "the rector" as well as "the reverend" (not a role of its own, "the vicar": fics dev, 2 lines right more; PDNC unchanged)
CALLINGS_OF_TITLES = {"rev": ("vicar", "rector", "parson", "curate", "chaplain", "pastor", "minister", "clergyman")}
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
    commands advised advises counselled counseled instructed instructs pronounced pronounces
    """.split()
) | frozenset(
    # ways of saying something any English speaker would call so, each a tag's verb as "said" is ("...," she exhorted /
    # he acknowledged; / she prattled on, / Mara chided): on PDNC 15 lines more placed and 15 more right (half A 15
    # placed, 13 right; B 2 more right), fics unchanged. Left out as more often narration or a sound than a tag (with
    # them the lines added were right 5 of 9 and 0 of 4): "he recommended", "she addressed the letter", "she thanked
    # him and left", "it nagged at her", "she scolded him about it. He replied", "Evie tittered." (laughter is a beat:
    # the next line was the other's), "the phone trilled", "he read", "she started".
    """
    acknowledged acknowledges speculated speculates surmised surmises conjectured conjectures riposted ripostes
    concurred concurs averred avers avowed avows asseverated elaborated elaborates expounded expounds quibbled quibbles
    exhorted exhorts chaffed chaffs chided chides rebuked rebukes reproved reproves upbraided upbraids admonished
    admonishes berated berates harangued harangues twitted cajoled cajoles coaxed coaxes wheedled wheedles soothed
    soothes consoled consoles reassured reassures besought beseeched beseeches panted pants wheezed wheezes lisped
    lisps slurred slurs crooned croons chirped chirps cooed coos hollered hollers yelped yelps squealed squeals
    squawked squawks blubbered blubbers sniffled sniffles snivelled sniveled snivels prattled prattles babbled babbles
    blustered blusters bragged brags boasted boasts chattered chatters gabbled gabbles jabbered jabbers blathered
    blathers quipped quips jested jests bantered banters gushed gushes enthused enthuses ranted rants raved raves
    fretted frets griped gripes groused grouses whinged whinges carped carps bemoaned bemoans fulminated mused muses
    pondered ponders reflected reflects
    """.split()
)


def _plain_present(verbs: frozenset[str]) -> frozenset[str]:
    """The plain present of each speech verb given in its -s form ("says" -> "say", "replies" -> "reply",
    "finishes" -> "finish"): the verb of a tag told in the first person and the present ("I say", "I ask her")."""
    bases = set()
    for verb in verbs - _NOT_PLAIN_TAGS:
        if verb.endswith("ies"):
            bases.add(verb[:-3] + "y")
        elif verb.endswith(("shes", "ches", "xes", "sses", "oes")):
            bases.add(verb[:-2])
        elif verb.endswith("s") and not verb.endswith("ss"):
            bases.add(verb[:-1])
    return frozenset(bases)


# "I lie", "I object", "I note": as often about something else as a tag
_NOT_PLAIN_TAGS = frozenset("lies states notes objects reasons returns counters mouths offers reflects ponders muses".split())
# "...," I report: a present-tense first-person tag (fics dev: 1 line more, right); "he reported" is left out (with it in
# SPEECH_VERBS, PDNC lost a right line: 3 lines the turns placed anew, 2 right before, none after)
FIRST_PERSON_SPEECH_VERBS = _plain_present(SPEECH_VERBS) | {"report"}
# Inverted tags ("said Hermia") only with verbs that take no object: "told Mara" names the listener.
NOT_INVERTED = frozenset(
    """
    told tells greeted greets ordered orders begged begs assured assures reminded reminds informed informs
    implored implores entreated entreats taunted taunts cautioned cautions commanded commands advised advises
    counselled counseled instructed instructs exhorted exhorts chaffed chaffs chided chides
    rebuked rebukes reproved reproves upbraided upbraids admonished admonishes berated berates harangued harangues
    twitted cajoled cajoles coaxed coaxes soothed soothes consoled consoles reassured reassures besought beseeched
    beseeches
    """.split()
)
# Past forms of common verbs without "-ed", what follows a subject in narration (`He shook his head.`): quotes.py
# reads a sentence so shaped as narration, speakers.py a word among them after a subject's words as its verb. Not
# "read", in the present as well (speakers.py adds it, with "said" and the modals, where any verb will do).
IRREGULAR_PAST = frozenset(
    """
    was were had did held put took gave went came sat stood saw felt knew made got let ran set shook told threw wore
    began drew drove ate fell found kept left lost meant met paid rode rose sang shut slept spoke spent stuck struck
    swung taught tore thought brought bought caught fought sought wrote hid hit hung lay led slit cut sent spun knelt
    dealt built bent crept swept wept leapt bit lit spat split shed fed fled sped strode froze chose woke broke stole
    shone flung clung sank shrank drank rang sprang swam became grew blew withdrew swore bore laid heard sold bound
    wound understood forgot slid stung spread flew shot
    """.split()
)
# Evidence of a name's gender from the first of these after it: a subject or reflexive pronoun is
# strong; "her" may be an object (another woman); "him" after a name is nearly always someone else.
GENDER_WORDS = {
    "he": ("male", 2),
    "his": ("male", 2),
    "himself": ("male", 2),
    "she": ("female", 2),
    "hers": ("female", 2),
    "herself": ("female", 2),
}
# Capitalized words that are not names even mid-sentence.
NOT_NAMES = frozenset(
    """
    I I'm I'd I'll I've Oh OK Okay Ok Yes No Hey Hi Hello Mr Mrs Ms Miss Dr Sir Madam Lady Lord God Christ
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July
    August September October November December Christmas Easter English French American British Internet
    TV The A An And But Or So If Then When What Why How Where Who Well Just
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
    Mondays Tuesdays Wednesdays Thursdays Fridays Saturdays Sundays Michaelmas Martinmas Candlemas Lammas Whitsun
    Whitsuntide Lent Advent Epiphany Midsummer Second Third Fourth Fifth Sixth Seventh Eighth Ninth Tenth Between
    Behind Beneath Beyond Across Among Amongst Against Around Towards Toward Through Throughout Under Above Below
    Within Along Beside
    """.split()
)
# Forms of address after "Your", "His", "Her" ("Your Grace", "His Honour") that are given names alone ("Grace laughed").
HELD_ADDRESSES = frozenset("grace honour honor".split())
# Capitalized words that are no one's name: nationalities, languages, faiths, and words for places.
NOT_PEOPLE = frozenset(
    """
    english french german indian american british italian spanish russian chinese japanese irish scottish scotch
    welsh dutch greek roman polish swiss swedish danish norwegian portuguese turkish austrian belgian canadian
    australian mexican european african asian arab arabian persian egyptian hindu muslim moslem mohammedan
    christian jewish jew catholic protestant anglican latin hebrew oriental western eastern northern southern
    islam islamic buddhist buddhism sikh parsee parsi pagan heathen gentile quaker methodist baptist puritan
    heaven hell providence paradise god lord christ jesus bible church parliament government court majesty
    highness excellency lordship ladyship
    conservative conservatives liberal liberals tory tories whig whigs radical radicals socialist socialists
    """.split()
)
PLACE_NOUNS = frozenset(
    """
    hall street place house park square road lane abbey court lodge cottage buildings castle church bridge
    river hill island station college hotel inn club gardens garden terrace row avenue manor farm grange
    hospital school museum theatre theater chapel cathedral valley mountain mountains lake bay wood woods
    forest gate cross end town city village county shire sea ocean bank company office library palace tower
    room rooms hills cave caves hart arms indies isles islands states kingdom empire republic street dock docks wharf pier
    port harbour harbor quay embankment
    """.split()
)
LOCATIVES = frozenset("in into near through across within beyond outside inside via".split())
TOWARDS = frozenset("at from to towards toward of for".split())  # said of people too ("looked at Clemency"): half a vote
# Words for kin that a story may use as a name ("Granny said"): their gender is the word's.
KIN_NAMES = {
    **dict.fromkeys("granny gran grandma grandmother nanny nana mammy mummy mumsy auntie aunty".split(), "female"),
    **dict.fromkeys("grandpa grandad granddad gramps grandfather daddy".split(), "male"),
}
# Words for a parent: a name where the narration writes them as one ("Dad said", "Mum put the kettle on": a first-person
# narrator's parents), or a cast or a header lists them; their gender is the word's.
PARENT_NAMES = {
    **dict.fromkeys("mum mom mam mama mamma ma mother".split(), "female"),
    **dict.fromkeys("dad papa pa da father".split(), "male"),
}
KIN_AND_PARENT_NAMES = {**KIN_NAMES, **PARENT_NAMES}  # "Grandma", "Dad": a name that is its gender
ARTICLES = frozenset("the a an this that these those every each no some any another".split())
# Words a line calls anyone by, capitalized when they open it ("Hon, come here", "Mate, listen"): no short form of a
# name they start ("Honoria", "Mateo").
TERMS_OF_ADDRESS = frozenset(
    """Hon Honey Babe Baby Bro Sis Son Kid Kiddo Love Lovey Sweetie Sweetheart Darling Buddy Pal Mate Boss Chief
    Doc Sarge Cap Coach Sport Champ Dude Bud""".split()
)
# Words for anyone ("the old man", "the girl") or for no one ("the day"), never one person's office.
NOT_OFFICES = frozenset(
    """
    man men woman women gentleman gentlemen lady ladies girl girls boy boys lad fellow youth child children person people
    creature stranger other others one same first last next rest latter former elder younger eldest youngest
    day night morning evening afternoon week month year time moment while way end room house door window street town
    world whole most best worst husband wife father mother son daughter brother sister uncle aunt friend
    """.split()
)


# Callings of people a story meets in passing, who serve or keep a place or the peace or share a journey ("said the
# waiter", "the landlady asked", "said the policeman", "said the genial passenger"), with the gender the word tells
# where it tells one. Not the callings a story's own people often have (doctor, surgeon, detective, nurse, servant,
# butler, ranks), which more often stand for someone named; "officer" is one when a tag calls someone so (PDNC dev: 8 of
# its 11 tag lines are the officer met there, 3 another officer).
ROLE_NOUNS: dict[str, str | None] = {
    **dict.fromkeys(
        """waiter landlord barman porter cabman cabbie coachman turnkey page bellboy bellhop steward vicar curate parson
        postman boatman ferryman doorman policeman valet footman lackey lacquey ostler gamekeeper game-keeper watchman
        tinker""".split(),
        "male",
    ),
    **dict.fromkeys("waitress landlady barmaid stewardess housemaid parlourmaid chambermaid".split(), "female"),
    **dict.fromkeys(
        """innkeeper driver chauffeur conductor croupier jailer gaoler keeper shopkeeper proprietor clerk usher attendant
        solicitor bartender barista receptionist cashier teller concierge cook constable officer passenger
        missionary""".split(),
        None,
    ),
}


@functools.cache
def given_names() -> dict[str, str]:
    """The commonest given names and the gender they usually name, from data/given_names.toml."""
    text = resources.files("fic2audio").joinpath("data/given_names.toml").read_text(encoding="utf-8")
    return {name: gender for gender, names in tomllib.loads(text).items() for name in names.split()}


@functools.cache
def places() -> frozenset[str]:
    """Well-known places a story names as it names people, from data/places.txt ("Egypt", "New York")."""
    text = resources.files("fic2audio").joinpath("data/places.txt").read_text(encoding="utf-8")
    return frozenset(line for line in map(str.strip, text.splitlines()) if line and not line.startswith("#"))
