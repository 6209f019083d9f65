"""The `fic2audio` command: parse, call one library function, print."""

from __future__ import annotations

import json
import sys
from dataclasses import replace
from pathlib import Path
from typing import Annotated, Optional

import typer

from .errors import EXIT_INTERRUPTED, Fic2AudioError

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Turn a fan-fiction story into a chaptered audiobook. `fic2audio STORY` renders it.",
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain click help: importing rich's help formatter would double `--help`'s time
)
COMMANDS = {"render", "plan", "voices"}
STORIES_DIR = Path("stories")

_KIND_STYLES = {
    "header": "bold magenta", "narration": "white", "dialogue": "bold cyan", "thought": "italic yellow",
    "heading": "bold green", "note": "dim",
}


def _story_path(story: str) -> Path:
    """`For_Her.txt` finds `stories/For_Her.txt` when there is no such file here."""
    path = Path(story)
    if not path.exists() and not path.is_absolute() and (STORIES_DIR / path).exists():
        return STORIES_DIR / path
    return path


@app.command()
def render(
    story: Annotated[str, typer.Argument(help="The story file (looked up in stories/ too).")],
    output: Annotated[Optional[Path], typer.Option("-o", "--output", help="Audiobook path; default output/<story>.<format>.")] = None,
    format: Annotated[str, typer.Option("--format", "-f", help="mp3 (ID3 chapters) or m4b (AAC).")] = "mp3",
    voices: Annotated[Optional[Path], typer.Option("--voices", help="Voices TOML file; default voices/default.toml.")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=0, help="Worker processes for speech; 0: one per CPU.")] = 0,
    cache_dir: Annotated[Optional[Path], typer.Option("--cache-dir", help="Clip cache folder; default the user cache folder.")] = None,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Make every clip afresh and store nothing.")] = False,
    split_hours: Annotated[Optional[float], typer.Option("--split-hours", help="Start a new file every N hours (at a chapter end).")] = None,
    split_chapters: Annotated[Optional[int], typer.Option("--split-chapters", help="At most N chapters per file.")] = None,
) -> None:
    """Render STORY to a chaptered audiobook."""
    from .pipeline import RenderOptions, build_audiobook

    options = RenderOptions(output=output, format=format.lower(), voices=voices, jobs=jobs, cache_dir=cache_dir, use_cache=not no_cache,
                            split_hours=split_hours, split_chapters=split_chapters)
    with _progress(quiet) as progress:
        book = build_audiobook(_story_path(story), replace(options, progress=progress))
    minutes, seconds = divmod(book.duration_ms // 1000, 60)
    files = book.files or (book.path,)
    typer.echo(f"{', '.join(files)}: {book.duration_ms // 3600000}:{minutes % 60:02d}:{seconds:02d}, {len(book.marks)} chapters")


@app.command()
def plan(
    story: Annotated[str, typer.Argument(help="The story file (looked up in stories/ too).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the script as JSON.")] = False,
) -> None:
    """Show how STORY will be read, segment by segment, without synthesizing."""
    from .pipeline import plan_story

    script = plan_story(_story_path(story))
    if as_json:
        typer.echo(json.dumps(script.to_dict(), ensure_ascii=False, indent=1))
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
            console.print(f"[{_KIND_STYLES[segment.kind.value]}]{segment.kind.value:>9}{who} | {segment.text}[/]", markup=True, soft_wrap=True)


@app.command("voices")
def list_voices() -> None:
    """List the voices usable in a voices file (eSpeak variants combine: en+f3)."""
    from .engines import engine_names, get_engine

    for name in engine_names():
        engine = get_engine(name)
        typer.echo(f"# engine {name} ({engine.version()})")
        for voice in engine.voices():
            languages = ",".join(voice.languages)
            kind = "variant (use as LANG+NAME)" if voice.variant else (voice.gender or "")
            typer.echo(f"{voice.id:28} {voice.name:28} {languages:10} {kind}")


class _progress:
    """A rich progress bar on stderr for long renders; nothing when quiet or not a terminal."""

    def __init__(self, quiet: bool) -> None:
        self.enabled = not quiet and sys.stderr.isatty()
        self._bar = None
        self._task = None

    def __enter__(self):
        if not self.enabled:
            return None
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

        self._bar = Progress("[progress.description]{task.description}", BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(), console=Console(stderr=True), transient=True)
        self._bar.start()
        self._task = self._bar.add_task("speaking", total=None)
        return self._update

    def _update(self, done: int, total: int) -> None:
        self._bar.update(self._task, completed=done, total=total)

    def __exit__(self, *exc) -> None:
        if self._bar is not None:
            self._bar.stop()


def main(argv: list[str] | None = None) -> None:
    """Console entry point: `fic2audio STORY` means `fic2audio render STORY`; errors print one line."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] not in COMMANDS and not args[0].startswith("-"):
        args.insert(0, "render")
    try:
        code = app(args=args, prog_name="fic2audio", standalone_mode=False)
        if code == EXIT_INTERRUPTED:  # typer turns Ctrl-C into a returned 130 when not standalone
            raise KeyboardInterrupt
    except Fic2AudioError as exc:
        typer.echo(f"fic2audio: error: {exc}", err=True)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        typer.echo("fic2audio: interrupted", err=True)
        sys.exit(EXIT_INTERRUPTED)
    except Exception as exc:  # click's usage errors and aborts
        import click

        if isinstance(exc, click.exceptions.ClickException):
            exc.show()
            sys.exit(exc.exit_code)
        if isinstance(exc, click.exceptions.Abort):
            typer.echo("fic2audio: interrupted", err=True)
            sys.exit(EXIT_INTERRUPTED)
        raise


if __name__ == "__main__":
    main()
