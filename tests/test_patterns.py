"""The kept compiled patterns (fic2audio.patterns): each one the same pattern `re.compile` makes, and a store from
another build or a damaged one passed over."""

from __future__ import annotations

import importlib
import marshal
import pkgutil
import re
from pathlib import Path

import pytest

import fic2audio
from fic2audio import patterns


def _package_patterns() -> list[tuple[str, re.Pattern[str]]]:
    found = []
    for module_info in pkgutil.walk_packages(fic2audio.__path__, "fic2audio."):
        if module_info.name.endswith("__main__"):
            continue  # (runs the command line)
        try:
            module = importlib.import_module(module_info.name)
        except ImportError:  # an engine or tool whose optional dependency is not installed
            continue
        found += [(f"{module_info.name}.{name}", value) for name, value in vars(module).items() if isinstance(value, re.Pattern)]
    return found


def test_every_pattern_of_the_package_is_the_one_re_compiles() -> None:
    """Pattern equality is its text, flags and code: a pattern made from a kept code matches as `re`'s would."""
    from fic2audio import speakers

    found = _package_patterns()
    # and those made once from the fixed tag subject when first asked for
    found += [("_tag_searches", p) for p in speakers._tag_searches(speakers.SUBJECT)]
    found += [("_inverted_tag", speakers._inverted_tag(speakers.SUBJECT, line_open)) for line_open in (False, True)]
    assert len(found) > 250
    for name, pattern in found:
        assert pattern == re.compile(pattern.pattern, pattern.flags), name


@pytest.mark.parametrize(
    ("pattern", "flags"),
    [
        (r"(?P<who>[A-Z]\w+)\s+(said|asked)", 0),
        (r"\b(?:phone|mobile)\b", re.IGNORECASE),
        (r"^(?:a|b)+$", re.MULTILINE | re.DOTALL),
        ("[\ud800-\udfff]", 0),
    ],
)
def test_kept_codes_make_the_same_patterns(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pattern: str, flags: int) -> None:
    store = tmp_path / "__pycache__" / "patterns.re"
    monkeypatch.setattr(patterns, "_PATH", store)
    monkeypatch.setattr(patterns, "_KEPT", {})
    monkeypatch.setattr(patterns, "_NEW", {})
    monkeypatch.setattr(patterns.sys, "dont_write_bytecode", False)
    fresh = patterns.compiled(pattern, flags)
    patterns._save()
    monkeypatch.setattr(patterns, "_KEPT", patterns._load(store))
    monkeypatch.setattr(patterns, "_NEW", {})
    kept = patterns.compiled(pattern, flags)
    assert not patterns._NEW  # made from the store, not compiled again
    assert fresh == kept == re.compile(pattern, flags)
    assert kept.groupindex == re.compile(pattern, flags).groupindex


def test_a_store_of_another_build_or_damaged_is_passed_over(tmp_path: Path) -> None:
    store = tmp_path / "patterns.re"
    store.write_bytes(marshal.dumps((("another Python",), {("a", 0): (32, b"", 0, {}, ())})))
    assert patterns._load(store) == {}
    store.write_bytes(b"\x00not marshal")
    assert patterns._load(store) == {}
    assert patterns._load(tmp_path / "missing.re") == {}


def test_a_kept_entry_the_engine_turns_down_is_compiled_anew(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(patterns, "_KEPT", {("ab+", 0): (32, b"\x01\x02\x03", 0, {}, ())})
    monkeypatch.setattr(patterns, "_NEW", {})
    assert patterns.compiled("ab+") == re.compile("ab+")
    assert ("ab+", 0) in patterns._NEW  # and kept anew at exit


def test_the_store_keeps_every_code(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A run that compiled a new pattern keeps the codes it did not use too (another command's modules)."""
    store = tmp_path / "patterns.re"
    monkeypatch.setattr(patterns, "_PATH", store)
    monkeypatch.setattr(patterns.sys, "dont_write_bytecode", False)
    monkeypatch.setattr(patterns, "_KEPT", {("other", 0): patterns._code("other", 0), ("kept", 0): patterns._code("kept", 0)})
    monkeypatch.setattr(patterns, "_NEW", {})
    patterns.compiled("kept")
    patterns.compiled("new")
    patterns._save()
    assert set(patterns._load(store)) == {("other", 0), ("kept", 0), ("new", 0)}


def test_a_python_whose_re_internals_differ_compiles_every_pattern_as_re_does(monkeypatch: pytest.MonkeyPatch) -> None:
    assert patterns._kept_codes_work()  # this Python's: the kept codes are used
    monkeypatch.setattr(patterns, "_compiler", None)  # as if `re` had renamed its code generator
    assert not patterns._kept_codes_work()
    monkeypatch.setattr(patterns, "_WORKS", False)
    monkeypatch.setattr(patterns, "_KEPT", {("ab+", 0): (32, b"\x01\x02\x03", 0, {}, ())})
    monkeypatch.setattr(patterns, "_NEW", {})
    assert patterns.compiled("ab+") == re.compile("ab+")
    assert not patterns._NEW  # nothing kept by a Python the store cannot serve


_PATTERN_TEXTS = """
import hashlib, sys
sys.path.insert(0, sys.argv[1])
from test_patterns import _package_patterns
texts = sorted(ascii(pattern.pattern) for _, pattern in _package_patterns())
print(len(texts), hashlib.sha256("\\n".join(texts).encode()).hexdigest())
"""


def test_the_patterns_are_written_alike_whatever_the_hash_seed() -> None:
    """A pattern's text is the key its code is kept under: one joined from a set in the set's order would be another
    key in each run, compiled anew every time and kept on and on (the store grew by 2 MB a run)."""
    import os
    import subprocess
    import sys

    here = str(Path(__file__).parent)
    runs = {
        seed: subprocess.run(
            [sys.executable, "-c", _PATTERN_TEXTS, here],
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
            check=True,
        ).stdout
        for seed in ("1", "2", "3")
    }
    assert len(set(runs.values())) == 1, runs
