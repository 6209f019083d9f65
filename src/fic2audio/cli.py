"""The `fic2audio` command: parse, call one library function, print."""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from typer.core import TyperCommand

from .errors import EXIT_INTERRUPTED, EXIT_OUTPUT, Fic2AudioError, Interrupted
from .mastering import DEFAULT_LOUDNESS_LUFS

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID


class _PlainHelp(TyperCommand):
    """Help as a person writes it: typer marks a required argument `{STORY}...` and adds its Python
    type (`<list[str]>`); both are taken out."""

    def get_help(self, ctx) -> str:
        text = re.sub(r"(\S)( <[a-z][^>\n]*>)", lambda m: m[1] + " " * len(m[2]), super().get_help(ctx))  # columns kept
        return re.sub(r"\{([A-Z][A-Z.]*)\}(?:\.\.\.)?", r"\1", text)


app = typer.Typer(
    add_completion=False,
    help="Turn a fan-fiction story into a chaptered audiobook. `fic2audio STORY` renders it.",
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain click help: importing rich's help formatter would double `--help`'s time
    context_settings={"help_option_names": ["-h", "--help"]},
)
SHORT_HELP = """Usage: fic2audio STORY [-o BOOK.mp3|.m4b|.epub] [--voice ID] [--speed FACTOR]
       fic2audio COMMAND ...

Turn a fan-fiction story (a file, a folder, or a URL) into a chaptered audiobook.

  fic2audio For_Her.txt                    output/For_Her.mp3, with chapters and a transcript
  fic2audio For_Her.txt -o book.m4b        an M4B for audiobook apps
  fic2audio voices --lang en               voices to choose from; --sample ID to hear one
  fic2audio serve output/                  listen on a phone: podcast feed and read-along pages

Commands: render, plan, cast, voices, phonemes, feed, serve. More: fic2audio --help, fic2audio COMMAND -h"""
COMMANDS = {"render", "plan", "voices", "phonemes", "feed", "serve", "cast"}
STORIES_DIR = Path("stories")

_KIND_STYLES = {
    "header": "bold magenta",
    "narration": "white",
    "dialogue": "bold cyan",
    "thought": "italic yellow",
    "heading": "bold green",
    "note": "dim",
}


def _story_path(story: str) -> Path:
    """`For_Her.txt` finds `stories/For_Her.txt` when there is no such file here."""
    path = Path(story)
    if not path.exists() and not path.is_absolute() and (STORIES_DIR / path).exists():
        return STORIES_DIR / path
    return path


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import version

        typer.echo(f"fic2audio {version('fic2audio')}")
        raise typer.Exit()


@app.callback()
def _options(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """Turn a fan-fiction story into a chaptered audiobook. `fic2audio STORY` renders it."""


def _story_paths(stories: list[str]) -> Path | list[Path]:
    """One story file or folder, or several files read as the chapters of one story."""
    paths = [_story_path(s) for s in stories]
    return paths[0] if len(paths) == 1 else paths


_STORY_HELP = "The story file, folder or URL (files are looked up in stories/ too); several files are read as chapters."
_ENGINE_HELP = (
    "Speech engine for every voice: pyttsx3 (eSpeak NG, the default) or piper (neural; pip install 'fic2audio[piper]')."
)
_NOTES_HELP = "Notes read: all (summary, notes, chapter and end notes), summary (summaries only), none."
_WARNINGS_HELP = "Read archive warnings as a chapter of their own, before the header."
_CREDITS_HELP = "Credit the author and say the recording is synthetic, in the header."


@app.command(cls=_PlainHelp)
def render(
    story: Annotated[list[str], typer.Argument(metavar="STORY...", help=_STORY_HELP, show_default=False)],
    output: Annotated[
        Path | None,
        typer.Option(
            "-o",
            "--output",
            metavar="FILE",
            help="Audiobook path; its extension (.mp3, .m4b, .epub) sets the format. Default output/<story>.mp3.",
        ),
    ] = None,
    format: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help="mp3 (ID3 chapters), m4b (AAC) or epub3 (text + narration with Media Overlays); default: from -o, else mp3.",
        ),
    ] = None,
    voice: Annotated[
        str | None,
        typer.Option(
            "--voice",
            metavar="ID",
            help="The voice for the narration and the base of the automatic cast, over the voices file's (see fic2audio voices).",
        ),
    ] = None,
    rate: Annotated[
        int | None,
        typer.Option(
            "--rate", metavar="WPM", help="Narration words per minute (other voices in proportion), over the voices file's."
        ),
    ] = None,
    speed: Annotated[
        float | None, typer.Option("--speed", metavar="FACTOR", help="Every voice's pace times FACTOR (0.5-2.5), e.g. 1.2.")
    ] = None,
    voices: Annotated[
        Path | None, typer.Option("--voices", metavar="FILE", help="Voices TOML file; default voices/default.toml.")
    ] = None,
    cast: Annotated[
        Path | None, typer.Option("--cast", metavar="FILE", help="Cast TOML file; default voices/cast.toml, else automatic.")
    ] = None,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="No progress bar and no summary; warnings and errors only.")
    ] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Say the format chosen and every file written.")] = False,
    cover: Annotated[
        Path | None,
        typer.Option("--cover", metavar="IMAGE", help="Cover image (PNG or JPEG); default: one drawn from the story's header."),
    ] = None,
    notes: Annotated[str, typer.Option("--notes", metavar="WHICH", help=_NOTES_HELP)] = "all",
    warnings: Annotated[bool, typer.Option("--warnings", help=_WARNINGS_HELP)] = False,
    credits: Annotated[bool, typer.Option("--credits/--no-credits", help=_CREDITS_HELP)] = True,
    emoji: Annotated[
        str | None, typer.Option("--emoji", metavar="HOW", help="Emoji and emoticons: name (spoken) or drop.")
    ] = None,
    jobs: Annotated[
        int, typer.Option("--jobs", "-j", metavar="N", min=0, help="Worker processes for speech; 0: one per CPU.")
    ] = 0,
    cache_dir: Annotated[
        Path | None, typer.Option("--cache-dir", metavar="FOLDER", help="Clip cache folder; default the user cache folder.")
    ] = None,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Make every clip afresh and store nothing.")] = False,
    split_hours: Annotated[
        float | None,
        typer.Option("--split-hours", metavar="HOURS", help="Start a new file every HOURS hours (at a chapter end)."),
    ] = None,
    split_chapters: Annotated[
        int | None, typer.Option("--split-chapters", metavar="N", help="At most N chapters per file.")
    ] = None,
    engine: Annotated[str | None, typer.Option("--engine", metavar="ENGINE", help=_ENGINE_HELP)] = None,
    loudness: Annotated[
        float, typer.Option("--loudness", metavar="LUFS", help="Integrated loudness of the whole book, in LUFS (EBU R128).")
    ] = DEFAULT_LOUDNESS_LUFS,
    preset: Annotated[
        str | None,
        typer.Option(
            "--preset",
            metavar="NAME",
            help="acx: a folder of MP3s for ACX (44.1 kHz, 192 kbps CBR, one per chapter, credits), checked.",
        ),
    ] = None,
) -> None:
    """Render STORY to a chaptered audiobook."""
    from .fetch import fetched
    from .pipeline import RenderOptions, build_audiobook

    with fetched(story) as local, _progress(quiet) as progress:
        options = RenderOptions(
            output=output,
            format=format,
            voices=voices,
            voice=voice,
            rate=rate,
            speed=speed,
            cast=cast,
            progress=progress,
            cover=cover,
            notes=notes.lower(),
            warnings=warnings,
            credits=credits,
            emoji=emoji,
            jobs=jobs,
            cache_dir=cache_dir,
            use_cache=not no_cache,
            split_hours=split_hours,
            split_chapters=split_chapters,
            engine=engine,
            loudness=loudness,
            preset=preset.lower() if preset else None,
        )
        book = build_audiobook(_story_paths(local), options)
    _ignore_signals()  # the audiobook is written: a signal from here on changes nothing, and exits 0
    for warning in book.warnings:
        typer.echo(f"fic2audio: warning: {warning}", err=True)
    files = book.files or (book.path,)
    if verbose:
        typer.echo(f"format: {book.format}")
        for path in (*files, *book.sidecars):
            typer.echo(f"wrote: {path}")
    if quiet:
        return
    minutes, seconds = divmod(book.duration_ms // 1000, 60)
    typer.echo(f"{', '.join(files)}: {book.duration_ms // 3600000}:{minutes % 60:02d}:{seconds:02d}, {len(book.marks)} chapters")


def _write_json(value: object) -> None:
    """`json.dump(value, sys.stdout, ensure_ascii=False, indent=1)` and a newline, byte for byte, streamed in
    runs of pieces (a long book's JSON is never one string in memory beside its dict, nor written a comma
    at a time) and without json's generator per nesting level: strings are quoted by json's own C
    function, other scalars by `json.dumps`; a `Segment` is written in `segment_dict`'s shape."""
    from .model import Segment

    quote = json.encoder.encode_basestring  # what ensure_ascii=False quotes with
    pieces: list[str] = []

    def put(item: object, indent: str) -> None:
        if isinstance(item, str):
            pieces.append(quote(item))
        elif item is None:
            pieces.append("null")
        elif isinstance(item, Segment):  # as `segment_dict` gives it, written at once (a long plan has millions)
            inner = indent + " "
            speaker = "null" if item.speaker is None else quote(item.speaker)
            pieces.append(
                f'{{\n{inner}"kind": {quote(str(item.kind))},\n{inner}"text": {quote(item.text)},\n{inner}"speaker": {speaker}\n{indent}}}'
            )
        elif isinstance(item, dict) and item:
            inner = indent + " "
            lead = "{\n" + inner
            for key, member in item.items():
                if not isinstance(key, str):
                    raise TypeError(f"plan JSON keys are strings, not {key!r}")
                if isinstance(member, str):  # most members: a segment's kind, text and speaker, written in place
                    pieces.append(lead + quote(key) + ": " + quote(member))
                elif member is None:
                    pieces.append(lead + quote(key) + ": null")
                else:
                    pieces.append(lead + quote(key) + ": ")
                    put(member, inner)
                lead = ",\n" + inner
            pieces.append("\n" + indent + "}")
        elif isinstance(item, list) and item:
            inner = indent + " "
            lead = "[\n" + inner
            for member in item:
                pieces.append(lead)
                put(member, inner)
                lead = ",\n" + inner
                if len(pieces) >= 8192:
                    sys.stdout.write("".join(pieces))
                    pieces.clear()
            pieces.append("\n" + indent + "]")
        else:
            pieces.append(json.dumps(item))  # numbers, booleans, {} and []

    put(value, "")
    sys.stdout.write("".join(pieces) + "\n")


@app.command(cls=_PlainHelp)
def plan(
    story: Annotated[list[str], typer.Argument(metavar="STORY...", help=_STORY_HELP, show_default=False)],
    as_json: Annotated[bool, typer.Option("--json", help="Print the script as JSON.")] = False,
    cast: Annotated[Path | None, typer.Option("--cast", metavar="FILE", help="Cast TOML file; default voices/cast.toml.")] = None,
    notes: Annotated[str, typer.Option("--notes", metavar="WHICH", help=_NOTES_HELP)] = "all",
    warnings: Annotated[bool, typer.Option("--warnings", help=_WARNINGS_HELP)] = False,
    credits: Annotated[bool, typer.Option("--credits/--no-credits", help=_CREDITS_HELP)] = True,
) -> None:
    """Show how STORY will be read, segment by segment, and who says each line, without synthesizing."""
    from .fetch import fetched
    from .pipeline import RenderOptions, plan_with_characters

    with fetched(story) as local:
        script, characters = plan_with_characters(
            _story_paths(local), RenderOptions(cast=cast, notes=notes.lower(), warnings=warnings, credits=credits)
        )
    if as_json:
        # stdout keeps the documented shape exactly; what was guessed or repaired goes to stderr.
        for warning in script.warnings:
            typer.echo(f"fic2audio: warning: {warning}", err=True)
        for repair in script.repairs:
            where = f"line {repair.line}: " if repair.line else ""
            typer.echo(f"fic2audio: repaired {where}{repair.what}: {repair.before!r} -> {repair.after!r}", err=True)
        _write_json(script.to_dict(segments_as_dicts=False))
        return
    from rich.console import Console

    console = Console(highlight=False)
    for warning in script.warnings:
        console.print(f"[yellow]warning:[/] {warning}", markup=True)
    for repair in script.repairs:
        where = f"line {repair.line}: " if repair.line else ""
        console.print(f"[dim]repaired {where}{repair.what}: {repair.before!r} -> {repair.after!r}[/]")
    for chapter in script.chapters:
        console.rule(chapter.title)
        for segment in chapter.segments:
            who = f" ({segment.speaker})" if segment.speaker else ""
            console.print(
                f"[{_KIND_STYLES[segment.kind.value]}]{segment.kind.value:>9}{who} | {segment.text}[/]",
                markup=True,
                soft_wrap=True,
            )
    # who the rules found, so a wrong name, alias or gender can be fixed in voices/cast.toml
    console.rule("Characters")
    from .casting import narrator_called, speakers_in_order

    if script.narrator_name:
        console.print(f"narrator: {narrator_called(script)}", markup=False)
    lines_by = dict(speakers_in_order(script))
    for character in sorted(characters, key=lambda c: not lines_by.get(c.name)):  # those given lines first
        aliases = f" | also {', '.join(character.aliases)}" if character.aliases else ""
        count = lines_by.get(character.name, 0)
        said = f"{count} line{'' if count == 1 else 's'}" if count else "no lines"
        console.print(f"{character.name} ({character.gender or 'gender unknown'}, {said}){aliases}", markup=False, soft_wrap=True)


@app.command("cast", cls=_PlainHelp)
def cast_command(
    story: Annotated[list[str], typer.Argument(metavar="STORY...", help=_STORY_HELP, show_default=False)],
    output: Annotated[Path, typer.Option("-o", "--output", metavar="FILE", help="Where to write the cast file.")] = Path(
        "voices/cast.toml"
    ),
    voices: Annotated[
        Path | None, typer.Option("--voices", metavar="FILE", help="Voices TOML file; default voices/default.toml.")
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing cast file.")] = False,
    engine: Annotated[str | None, typer.Option("--engine", help=_ENGINE_HELP)] = None,
) -> None:
    """Write a starting cast file for STORY: its characters, their genders and voices, to edit."""
    from .casting import cast_note
    from .fetch import fetched
    from .pipeline import write_starting_cast
    from .voices import load_voices, with_engine

    with fetched(story) as local:
        voiced = write_starting_cast(_story_paths(local), output, voices, force=force, engine=engine)
    names = [name for name, _ in voiced[:-1]]
    typer.echo(f"{output}: {len(names)} characters ({', '.join(names) or 'none found'})")
    for name, label in voiced:
        typer.echo(f"  {name}: {label}")
    note = cast_note(with_engine(load_voices(voices), engine))
    if note:
        typer.echo(f"fic2audio: note: {note}", err=True)


@app.command("voices", cls=_PlainHelp)
def list_voices(
    lang: Annotated[
        str | None, typer.Option("--lang", metavar="LANG", help="Only voices for this language (en: en, en-us, en-gb...).")
    ] = None,
    sample: Annotated[
        str | None, typer.Option("--sample", metavar="ID", help="Say a sentence in voice ID into a WAV file instead of listing.")
    ] = None,
    output: Annotated[
        Path | None, typer.Option("-o", "--output", metavar="FILE", help="The sample's file; default voice-ID.wav here.")
    ] = None,
    rate: Annotated[int | None, typer.Option("--rate", metavar="WPM", help="The sample's words per minute.")] = None,
    engine: Annotated[str | None, typer.Option("--engine", metavar="ENGINE", help="Only this engine's voices.")] = None,
) -> None:
    """List the voices a voices file (or --voice) takes, by the id it takes; variants combine: en+f3;
    Piper voices with their model card."""
    from .errors import UsageError
    from .voices import available_voices, speak_sample

    if sample is not None:
        typer.echo(speak_sample(sample, output, rate))
        return
    found = available_voices(lang, engine)
    if not any(not voice.variant for _, voice in found):
        raise UsageError(f"no voice speaks '{lang}'; fic2audio voices lists every language")
    for engine, voice in found:
        if voice.variant:
            typer.echo(f"{voice.id:24} {'variant: en' + voice.id:32} {voice.gender or ''}")
        else:
            typer.echo(
                f"{voice.id:24} {voice.name:32} {voice.gender or '':7} {','.join(voice.languages)}  ({engine}){voice.details}"
            )


@app.command("phonemes", cls=_PlainHelp)
def show_phonemes(
    words: Annotated[list[str], typer.Argument(metavar="WORD...", help="Words or names to look up.", show_default=False)],
    voice: Annotated[str, typer.Option("--voice", metavar="ID", help="The eSpeak NG voice whose reading to show.")] = "en",
) -> None:
    """Print how eSpeak NG reads each WORD, as lines for a lexicon's [words] table to edit."""
    from .voices import phonemes

    for word in words:
        typer.echo(f'{_toml_key(word)} = "[[{phonemes(word, voice)}]]"')


def _toml_key(word: str) -> str:
    return word if re.fullmatch(r"[A-Za-z0-9_-]+", word) else '"' + word.replace("\\", "\\\\").replace('"', '\\"') + '"'


@app.command(cls=_PlainHelp)
def feed(
    folder: Annotated[
        Path, typer.Argument(metavar="FOLDER", help="The folder of audiobooks (e.g. output/).", show_default=False)
    ],
    base_url: Annotated[str, typer.Option("--base-url", metavar="URL", help="The URL the folder is published at.")],
    title: Annotated[
        str | None,
        typer.Option("--title", metavar="TITLE", help="The podcast's title; default the book's, or its author's stories."),
    ] = None,
) -> None:
    """Write FOLDER/feed.xml: a private podcast feed of the audiobooks in FOLDER."""
    from .feed import write_feed

    typer.echo(write_feed(folder, base_url, title, warn=lambda message: typer.echo(f"fic2audio: warning: {message}", err=True)))


@app.command(cls=_PlainHelp)
def serve(
    folder: Annotated[
        Path, typer.Argument(metavar="FOLDER", help="The folder of audiobooks (e.g. output/).", show_default=False)
    ],
    host: Annotated[
        str, typer.Option("--host", metavar="ADDRESS", help="Address to listen on; 0.0.0.0 is the whole local network.")
    ] = "0.0.0.0",
    port: Annotated[int, typer.Option("--port", metavar="PORT", help="Port; 0 picks a free one.")] = 8765,
    token: Annotated[
        str | None, typer.Option("--token", metavar="TOKEN", help="Secret URL token; default: one saved in FOLDER.")
    ] = None,
) -> None:
    """Serve FOLDER's feed, audiobooks and read-along pages; prints the subscribe URL. Ctrl-C stops it."""
    from .serve import ServeOptions
    from .serve import serve as run_server

    try:
        run_server(ServeOptions(folder, host, port, token), announce=lambda line: typer.echo(line))
    except (Interrupted, KeyboardInterrupt):
        typer.echo("fic2audio: stopped serving", err=True)  # the way a server is meant to stop: not a failure


class _progress:
    """A rich progress bar on stderr for long renders; nothing when quiet or not a terminal."""

    def __init__(self, quiet: bool) -> None:
        self.enabled = not quiet and sys.stderr.isatty()
        self._bar: Progress | None = None
        self._task: TaskID | None = None

    def __enter__(self):
        if not self.enabled:
            return None
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

        self._bar = Progress(
            "[progress.description]{task.description}",
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            console=Console(stderr=True),
            transient=True,
        )
        self._bar.start()
        self._task = self._bar.add_task("speaking", total=None)
        return self._update

    def _update(self, done: int, total: int) -> None:
        if self._bar is not None and self._task is not None:
            self._bar.update(self._task, completed=done, total=total)

    def __exit__(self, *exc) -> None:
        if self._bar is not None:
            self._bar.stop()


def main(argv: list[str] | None = None) -> None:
    """Console entry point: `fic2audio STORY` means `fic2audio render STORY`; errors print one line."""
    args = list(sys.argv[1:] if argv is None else argv)
    if not args:
        typer.echo(SHORT_HELP)
        return
    if args[0] not in COMMANDS and not args[0].startswith("-"):
        args.insert(0, "render")
    previous = _stop_on_signals()
    succeeded = False
    try:
        code = app(args=args, prog_name="fic2audio", standalone_mode=False)
        if code == EXIT_INTERRUPTED:  # typer turns Ctrl-C into a returned 130 when not standalone
            raise KeyboardInterrupt
        succeeded = True
    except Fic2AudioError as exc:
        _fail(f"error: {exc}", exc.exit_code)
    except (Interrupted, KeyboardInterrupt) as exc:
        written = exc.written if isinstance(exc, Interrupted) else None
        outcome = f"the new audiobook was written whole: {written}" if written else "nothing was written"
        typer.echo(f"fic2audio: interrupted{f' ({exc})' if str(exc) else ''}; {outcome}", err=True)
        _exit_now(EXIT_INTERRUPTED)
    except typer.Abort:
        _fail("interrupted; nothing was written", EXIT_INTERRUPTED)
    except OSError as exc:  # a disk or permission failure no stage named more precisely: still one line
        _fail(f"error: {exc.filename or 'a file'}: {exc.strerror or exc}", EXIT_OUTPUT)
    except Exception as exc:
        # Usage errors of click, which typer may vendor (typer._click), so matched by shape, not class.
        format_message, exit_code = getattr(exc, "format_message", None), getattr(exc, "exit_code", None)
        if callable(format_message) and isinstance(exit_code, int):
            message = format_message().strip().rstrip(".")
            if not message:  # no arguments at all: the help was shown
                sys.exit(exit_code)
            _fail(f"error: {message}; see fic2audio --help", exit_code)
        raise
    finally:
        if succeeded and argv is None:
            _ignore_signals()  # the whole process: a signal as it exits must not turn success into -2 or -15
        else:
            _restore_signals(previous)


def _fail(message: str, code: int) -> None:
    # One line whatever the message holds: file names and tool output may carry newlines.
    typer.echo("fic2audio: " + " ".join(message.split()), err=True)
    sys.exit(code)


def _exit_now(code: int) -> None:
    """Exit at once after an interrupt, with the temporary files already gone.

    Interpreter shutdown would wait 1-2 s inside eSpeak NG, whose clip was cut off; so the at-exit
    cleanups (the engine's scratch folder) run here and the process ends without that wait."""
    import atexit

    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
    os._exit(code)


def _stop_on_signals() -> dict:
    """Ctrl-C and SIGTERM raise Interrupted once, so cleanup runs; a second signal during cleanup is ignored."""
    import signal

    from .engines import quiet_engines

    def stop(number: int, frame) -> None:
        for sig in handled:
            signal.signal(sig, signal.SIG_IGN)
        quiet_engines()  # nothing of ours goes to stdout after this, and engines' threads may still print
        raise Interrupted(signal.Signals(number).name)

    handled = [signal.SIGINT, signal.SIGTERM]
    previous = {}
    try:
        for sig in handled:
            previous[sig] = signal.signal(sig, stop)
    except ValueError:  # not the main thread (an embedding app): leave signals to it
        pass
    return previous


def _ignore_signals() -> None:
    import signal

    try:
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, signal.SIG_IGN)
    except ValueError:  # not the main thread: signals are not ours
        pass


def _restore_signals(previous: dict) -> None:
    import signal

    for sig, handler in previous.items():
        signal.signal(sig, handler)


if __name__ == "__main__":
    main()
