#!/usr/bin/env python3
"""`fic2audio plan --json` of every story the project holds, by another revision and by this tree: byte for byte.

A change meant only to make planning faster must not change one plan. Each side plans every story in
one child process (the real CLI's main, stdout and stderr kept per story), the other revision's `src`
taken with `git archive`; prints each story whose stdout or stderr differs, and the CPU seconds of
each side. Stories: stories/, bench/stories, the test fixtures (text, HTML, EPUB, folders), and with
--synthetic the bench's generated text and HTML page (1 MB each), with --novels the PDNC novels.

    python bench/plans_same.py                 # against main
    python bench/plans_same.py REV --synthetic --novels
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


PDNC = ROOT.parent / "shared" / "corpora" / "pdnc-dev"


def stories(folder: Path, synthetic: bool, novels: bool) -> list[Path]:
    found = [*ROOT.glob("stories/*"), *ROOT.glob("bench/stories/*"), *ROOT.glob("tests/*/*"), *ROOT.glob("tests/fixtures/*/*")]
    found = sorted(path for path in found if path.suffix not in (".expected", ".py") and path.name != "__pycache__")
    if novels:
        found += sorted(PDNC.glob("*/novel_text.txt"))
    if synthetic:
        sys.path.insert(0, str(HERE))
        from plan_scaling import html_page, text_story

        (folder / "synthetic.txt").write_text(text_story(1), encoding="utf-8")
        (folder / "synthetic.html").write_text(html_page(1), encoding="utf-8")
        found += [folder / "synthetic.txt", folder / "synthetic.html"]
    return found


def plan_all(paths: list[str], out: Path) -> None:
    """In the child: `fic2audio plan PATH --json` for each path through the CLI's main, outputs kept."""
    from fic2audio.cli import main

    for number, path in enumerate(paths):
        stdout, stderr = io.StringIO(), io.StringIO()
        sys.argv = ["fic2audio", "plan", path, "--json"]
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            try:
                main()
            except SystemExit as exit_:
                print(f"exit {exit_.code}", file=stderr)
        (out / f"{number}.out").write_text(stdout.getvalue(), encoding="utf-8")
        (out / f"{number}.err").write_text(stderr.getvalue(), encoding="utf-8")


def run_side(src: Path, paths: list[Path], out: Path) -> float:
    """CPU seconds of one child planning every path with the package in `src`."""
    out.mkdir()
    env = {**os.environ, "PYTHONPATH": str(src)}
    code = f"import sys; sys.path.insert(0, {str(HERE)!r}); from plans_same import plan_all; plan_all(sys.argv[1:], __import__('pathlib').Path({str(out)!r}))"
    child = subprocess.Popen([sys.executable, "-c", code, *map(str, paths)], env=env, cwd=ROOT)
    _, status, usage = os.wait4(child.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"planning with {src} failed")
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("revision", nargs="?", default="main")
    parser.add_argument("--synthetic", action="store_true", help="also the bench's generated 1 MB text and HTML page")
    parser.add_argument("--novels", action="store_true", help="also the PDNC novels in ../shared (7 MB of real prose)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        archive = subprocess.run(["git", "archive", args.revision, "src"], cwd=ROOT, check=True, capture_output=True).stdout
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(base / "revision", filter="data")
        paths = stories(base, args.synthetic, args.novels)
        started = time.perf_counter()
        cpu_revision = run_side(base / "revision" / "src", paths, base / "before")
        cpu_tree = run_side(ROOT / "src", paths, base / "after")
        differing = []
        for number, path in enumerate(paths):
            for suffix in (".out", ".err"):
                before = (base / "before" / f"{number}{suffix}").read_bytes()
                after = (base / "after" / f"{number}{suffix}").read_bytes()
                if before != after:
                    differing.append(
                        f"{path.relative_to(path.parents[1]) if path.name == 'novel_text.txt' else path.name} ({'stdout' if suffix == '.out' else 'stderr'})"
                    )
        print(
            f"{len(paths)} stories planned by {args.revision} (CPU {cpu_revision:.1f} s) and this tree (CPU {cpu_tree:.1f} s) "
            f"in {time.perf_counter() - started:.0f} s: "
            + (f"{len(differing)} differ: {', '.join(differing)}" if differing else "every plan identical")
        )
        if differing:
            raise SystemExit(1)


if __name__ == "__main__":
    main()
