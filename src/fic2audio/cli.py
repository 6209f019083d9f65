"""The `fic2audio` command: parse, call one library function, print."""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from .errors import EXIT_INTERRUPTED, Fic2AudioError, Interrupted
from .mastering import DEFAULT_LOUDNESS_LUFS

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Turn a fan-fiction story into a chaptered audiobook. `fic2audio STORY` renders it.",
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain click help: importing rich's help formatter would double `--help`'s time
)
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


def _story_paths(stories: list[str]) -> Path | list[Path]:
    """One story file or folder, or several files read as the chapters of one story."""
    paths = [_story_path(s) for s in stories]
    return paths[0] if len(paths) == 1 else paths


_NOTES_HELP = "Notes read: all (summary, notes, chapter and end notes), summary (summaries only), none."
_WARNINGS_HELP = "Read archive warnings as a chapter of their own, before the header."
_CREDITS_HELP = "Credit the author and say the recording is synthetic, in the header."


@app.command()
def render(
    story: Annotated[
        list[str],
        typer.Argument(help="The story file or folder (looked up in stories/ too); several files are read as chapters."),
    ],
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Audiobook path; default output/<story>.<format>.")
    ] = None,
    format: Annotated[
        str, typer.Option("--format", "-f", help="mp3 (ID3 chapters), m4b (AAC) or epub3 (text + narration with Media Overlays).")
    ] = "mp3",
    voices: Annotated[Path | None, typer.Option("--voices", help="Voices TOML file; default voices/default.toml.")] = None,
    cast: Annotated[Path | None, typer.Option("--cast", help="Cast TOML file; default voices/cast.toml, else automatic.")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    cover: Annotated[
        Path | None, typer.Option("--cover", help="Cover image (PNG or JPEG); default: one drawn from the story's header.")
    ] = None,
    notes: Annotated[str, typer.Option("--notes", help=_NOTES_HELP)] = "all",
    warnings: Annotated[bool, typer.Option("--warnings", help=_WARNINGS_HELP)] = False,
    credits: Annotated[bool, typer.Option("--credits/--no-credits", help=_CREDITS_HELP)] = True,
    emoji: Annotated[str | None, typer.Option("--emoji", help="Emoji and emoticons: name (spoken) or drop.")] = None,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=0, help="Worker processes for speech; 0: one per CPU.")] = 0,
    cache_dir: Annotated[
        Path | None, typer.Option("--cache-dir", help="Clip cache folder; default the user cache folder.")
    ] = None,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Make every clip afresh and store nothing.")] = False,
    split_hours: Annotated[
        float | None, typer.Option("--split-hours", help="Start a new file every N hours (at a chapter end).")
    ] = None,
    split_chapters: Annotated[int | None, typer.Option("--split-chapters", help="At most N chapters per file.")] = None,
    loudness: Annotated[
        float, typer.Option("--loudness", help="Integrated loudness of the whole book, in LUFS (EBU R128).")
    ] = DEFAULT_LOUDNESS_LUFS,
    preset: Annotated[
        str | None,
        typer.Option(
            "--preset", help="acx: a folder of MP3s for ACX (44.1 kHz, 192 kbps CBR, one per chapter, credits), checked."
        ),
    ] = None,
) -> None:
    """Render STORY to a chaptered audiobook."""
    from .pipeline import RenderOptions, build_audiobook

    with _progress(quiet) as progress:
        options = RenderOptions(
            output=output,
            format=format.lower(),
            voices=voices,
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
            loudness=loudness,
            preset=preset.lower() if preset else None,
        )
        book = build_audiobook(_story_paths(story), options)
    for warning in book.warnings:
        typer.echo(f"fic2audio: warning: {warning}", err=True)
    minutes, seconds = divmod(book.duration_ms // 1000, 60)
    files = book.files or (book.path,)
    typer.echo(f"{', '.join(files)}: {book.duration_ms // 3600000}:{minutes % 60:02d}:{seconds:02d}, {len(book.marks)} chapters")


@app.command()
def plan(
    story: Annotated[
        list[str],
        typer.Argument(help="The story file or folder (looked up in stories/ too); several files are read as chapters."),
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Print the script as JSON.")] = False,
    cast: Annotated[Path | None, typer.Option("--cast", help="Cast TOML file; default voices/cast.toml.")] = None,
    notes: Annotated[str, typer.Option("--notes", help=_NOTES_HELP)] = "all",
    warnings: Annotated[bool, typer.Option("--warnings", help=_WARNINGS_HELP)] = False,
    credits: Annotated[bool, typer.Option("--credits/--no-credits", help=_CREDITS_HELP)] = True,
) -> None:
    """Show how STORY will be read, segment by segment, and who says each line, without synthesizing."""
    from .pipeline import RenderOptions, plan_story

    script = plan_story(_story_paths(story), RenderOptions(cast=cast, notes=notes.lower(), warnings=warnings, credits=credits))
    if as_json:
        # stdout keeps the documented shape exactly; what was guessed or repaired goes to stderr.
        for warning in script.warnings:
            typer.echo(f"fic2audio: warning: {warning}", err=True)
        for repair in script.repairs:
            where = f"line {repair.line}: " if repair.line else ""
            typer.echo(f"fic2audio: repaired {where}{repair.what}: {repair.before!r} -> {repair.after!r}", err=True)
        # streamed: a long book's JSON is never one string in memory beside its dict
        json.dump(script.to_dict(), sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
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


@app.command("cast")
def cast_command(
    story: Annotated[
        list[str],
        typer.Argument(help="The story file or folder (looked up in stories/ too); several files are read as chapters."),
    ],
    output: Annotated[Path, typer.Option("-o", "--output", help="Where to write the cast file.")] = Path("voices/cast.toml"),
    voices: Annotated[Path | None, typer.Option("--voices", help="Voices TOML file; default voices/default.toml.")] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing cast file.")] = False,
) -> None:
    """Write a starting cast file for STORY: its characters, their genders and voices, to edit."""
    from .pipeline import write_starting_cast

    voiced = write_starting_cast(_story_paths(story), output, voices, force=force)
    names = [name for name, _ in voiced[:-1]]
    typer.echo(f"{output}: {len(names)} characters ({', '.join(names) or 'none found'})")
    for name, label in voiced:
        typer.echo(f"  {name}: {label}")


@app.command("voices")
def list_voices() -> None:
    """List the voices usable in a voices file (eSpeak variants combine: en+f3)."""
    from .voices import available_voices

    for name, version, voices in available_voices():
        typer.echo(f"# engine {name} ({version})")
        for voice in voices:
            languages = ",".join(voice.languages)
            kind = "variant (use as LANG+NAME)" if voice.variant else (voice.gender or "")
            typer.echo(f"{voice.id:28} {voice.name:28} {languages:10} {kind}")


@app.command("phonemes")
def show_phonemes(
    words: Annotated[list[str], typer.Argument(help="Words or names to look up.")],
    voice: Annotated[str, typer.Option("--voice", help="The eSpeak NG voice whose reading to show.")] = "en",
) -> None:
    """Print how eSpeak NG reads each WORD, as lines for a lexicon's [words] table to edit."""
    from .voices import phonemes

    for word in words:
        typer.echo(f'{_toml_key(word)} = "[[{phonemes(word, voice)}]]"')


def _toml_key(word: str) -> str:
    return word if re.fullmatch(r"[A-Za-z0-9_-]+", word) else '"' + word.replace("\\", "\\\\").replace('"', '\\"') + '"'


@app.command()
def feed(
    folder: Annotated[Path, typer.Argument(help="The folder of audiobooks (e.g. output/).")],
    base_url: Annotated[str, typer.Option("--base-url", help="The URL the folder is published at.")],
    title: Annotated[str | None, typer.Option("--title", help="The podcast's title.")] = None,
) -> None:
    """Write FOLDER/feed.xml: a private podcast feed of the audiobooks in FOLDER."""
    from .feed import write_feed

    typer.echo(write_feed(folder, base_url, title))


@app.command()
def serve(
    folder: Annotated[Path, typer.Argument(help="The folder of audiobooks (e.g. output/).")],
    host: Annotated[str, typer.Option("--host", help="Address to listen on; 0.0.0.0 is the whole local network.")] = "0.0.0.0",
    port: Annotated[int, typer.Option("--port", help="Port; 0 picks a free one.")] = 8765,
    token: Annotated[str | None, typer.Option("--token", help="Secret URL token; default: one saved in FOLDER.")] = None,
) -> None:
    """Serve FOLDER's feed, audiobooks and read-along pages; prints the subscribe URL."""
    from .serve import ServeOptions
    from .serve import serve as run_server

    run_server(ServeOptions(folder, host, port, token), announce=lambda line: typer.echo(line))


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
    if args and args[0] not in COMMANDS and not args[0].startswith("-"):
        args.insert(0, "render")
    previous = _stop_on_signals()
    try:
        code = app(args=args, prog_name="fic2audio", standalone_mode=False)
        if code == EXIT_INTERRUPTED:  # typer turns Ctrl-C into a returned 130 when not standalone
            raise KeyboardInterrupt
    except Fic2AudioError as exc:
        _fail(f"error: {exc}", exc.exit_code)
    except (Interrupted, KeyboardInterrupt) as exc:
        typer.echo(f"fic2audio: interrupted{f' ({exc})' if str(exc) else ''}; nothing was written", err=True)
        _exit_now(EXIT_INTERRUPTED)
    except typer.Abort:
        _fail("interrupted; nothing was written", EXIT_INTERRUPTED)
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


def _restore_signals(previous: dict) -> None:
    import signal

    for sig, handler in previous.items():
        signal.signal(sig, handler)


if __name__ == "__main__":
    main()
