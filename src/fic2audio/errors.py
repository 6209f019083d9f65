"""The project's errors. Each carries the exit code the CLI returns and prints as one line."""

from __future__ import annotations

EXIT_USAGE = 2
EXIT_INPUT = 3
EXIT_ENGINE = 4
EXIT_ENCODER = 5
EXIT_OUTPUT = 6
EXIT_INTERRUPTED = 130


class Fic2AudioError(Exception):
    """Base of every error fic2audio reports to the user as one line."""

    exit_code = 1


class UsageError(Fic2AudioError):
    """A bad option or voices file: the user must change the command or the settings."""

    exit_code = EXIT_USAGE


class InputError(Fic2AudioError):
    """The story file is missing, unreadable, empty, binary or of a format we cannot read."""

    exit_code = EXIT_INPUT


class EngineError(Fic2AudioError):
    """The speech engine is missing, refused a voice, or gave no audio after retries."""

    exit_code = EXIT_ENGINE


class EncoderError(Fic2AudioError):
    """ffmpeg is missing or failed; the message carries its stderr."""

    exit_code = EXIT_ENCODER


class OutputError(Fic2AudioError):
    """The output path cannot be written."""

    exit_code = EXIT_OUTPUT


class Interrupted(BaseException):
    """Ctrl-C (SIGINT) or SIGTERM. A BaseException like KeyboardInterrupt, so `except Exception` never
    swallows it and every `finally` and `except BaseException` cleanup still runs on the way out."""

    exit_code = EXIT_INTERRUPTED
    written: str | None = None  # the audiobook, when the signal came as its finished files were landing
