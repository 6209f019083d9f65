"""The rules' regular expressions, compiled once per Python build and kept beside the package's bytecode.

`re` compiles a pattern in Python, its parser and code generator: the patterns of the rules, many holding a name's
or the speech verbs' alternation of a thousand characters and more, took 0.9 s of a 50k-word plan's 3.8 s CPU (1.1 s
of the 200k-word bench's 9.9 s), at every run, before a word was read. `compiled` keeps the code `re` makes of each
pattern in one file per Python build (beside this module's bytecode, where the interpreter writes that), and makes a
pattern found there from its code with the call `re` itself ends with (`_sre.compile`): the same pattern object, equal
to `re.compile`'s (tests/test_patterns.py checks each one the package holds). A file from another build, a damaged or
missing one is passed over: its patterns are compiled as `re` compiles them, and the file written anew at exit, as
bytecode is written (not where PYTHONDONTWRITEBYTECODE says not to).

Only for the fixed patterns of the modules (and those made from them once, as speakers._inverted_tag's): one made from
a story's names would be kept for every story after it.
"""

from __future__ import annotations

import _sre
import atexit
import contextlib
import importlib.util
import marshal
import os
import re
import sys
from array import array
from pathlib import Path

try:  # private parts of `re`: where a Python lacks them, _kept_codes_work says so
    from re import _compiler, _parser  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - every Python 3.11 to 3.13 has them
    _compiler = _parser = None

# what a kept code was made by: another Python, or another regular expression engine, makes other code
_BUILD = (sys.version, _sre.MAGIC, _sre.CODESIZE, sys.maxunicode)
# pattern, flags as given -> flags, code, groups, group index, index group: the arguments of _sre.compile, the code
# kept as the bytes of an array of its words (the 2.2 MB of the package's 368 are read in 1 ms, where as a list of
# ints they took 70 ms; the patterns are made from them in 11 ms)
Kept = tuple[int, bytes, int, dict[str, int], tuple[str | None, ...]]
_WORD = next(kind for kind in "IL" if array(kind).itemsize == _sre.CODESIZE)


def _store_path() -> Path | None:
    """The file the codes are kept in: beside this module's bytecode (None where there is none, as when frozen)."""
    try:
        bytecode = importlib.util.cache_from_source(__file__)
    except (NotImplementedError, ValueError):
        return None
    return Path(bytecode).with_name(f"patterns.{sys.implementation.cache_tag}.re")


def _load(path: Path | None) -> dict[tuple[str, int], Kept]:
    if path is None:
        return {}
    try:
        build, kept = marshal.loads(path.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return {}
    return kept if build == _BUILD and isinstance(kept, dict) else {}


_PATH = _store_path()
_KEPT = _load(_PATH)
_NEW: dict[tuple[str, int], Kept] = {}  # the ones this run compiled


def _kept_codes_work() -> bool:
    """Whether this Python's `re` internals are the ones `_code` and `_made` call: another version may rename or
    change them, and then every pattern is compiled as `re` compiles it (`re`'s own parts are private)."""
    probe, flags = r"(?P<word>\w+)\s+(?:said|asked)|\d{2,}", re.IGNORECASE
    try:
        return _made(probe, _code(probe, flags)) == re.compile(probe, flags)
    except Exception:  # noqa: BLE001 -- any failure of private parts means "do not use them"
        return False


def compiled(pattern: str, flags: int | re.RegexFlag = 0) -> re.Pattern[str]:
    """`re.compile(pattern, flags)`, from the code kept for it when there is one."""
    if not _WORKS:
        return re.compile(pattern, flags)
    key = (pattern, int(flags))
    kept = _KEPT.get(key)
    if kept is not None:
        try:
            return _made(pattern, kept)
        except (TypeError, ValueError, RuntimeError):
            pass  # an entry the engine turns down (a damaged file): compiled anew, and kept so
    kept = _NEW[key] = _code(pattern, int(flags))
    return _made(pattern, kept)


def _made(pattern: str, kept: Kept) -> re.Pattern[str]:
    final_flags, code, groups, groupindex, indexgroup = kept
    return _sre.compile(pattern, final_flags, array(_WORD, code).tolist(), groups, groupindex, indexgroup)


def _code(pattern: str, flags: int) -> Kept:
    """What re._compiler.compile passes _sre.compile after compiling `pattern`."""
    parsed = _parser.parse(pattern, flags)
    code = array(_WORD, _compiler._code(parsed, flags)).tobytes()
    groupindex = parsed.state.groupdict
    indexgroup: list[str | None] = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    return flags | parsed.state.flags, code, parsed.state.groups - 1, dict(groupindex), tuple(indexgroup)


def _save() -> None:
    """Write the kept codes with those this run compiled, whole or not at all (another process may write too). All
    are kept: a run that imports some modules only must not drop the others' (a pattern changed leaves its old code,
    a few kilobytes, until __pycache__ is cleared)."""
    if _PATH is None or sys.dont_write_bytecode or not _NEW:
        return
    temporary = _PATH.with_name(f".{_PATH.name}.{os.getpid()}")
    try:
        _PATH.parent.mkdir(exist_ok=True)
        temporary.write_bytes(marshal.dumps((_BUILD, {**_KEPT, **_NEW})))
        os.replace(temporary, _PATH)
    except OSError:  # a folder not ours to write: compiled again next time
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)


_WORKS = _kept_codes_work()
atexit.register(_save)
