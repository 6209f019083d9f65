#!/usr/bin/env bash
# Word error rate of a speech recognizer (Whisper tiny.en, ../shared/tools/intelligibility.py) listening
# to the same story read by eSpeak NG and by Piper: lower is more intelligible. By hand, never in CI.
#   bash bench/engines_wer.sh [STORY...]      # default: stories/For_Her.txt bench/stories/Lighthouse.txt
# Needs the piper extra with a voice, and the recognizer's own venv (see intelligibility.py's docstring):
#   ASR_PYTHON=/path/to/.venv-asr/bin/python bash bench/engines_wer.sh
set -euo pipefail
cd "$(dirname "$0")/.."
asr="${ASR_PYTHON:-.venv-asr/bin/python}"
tool="${INTELLIGIBILITY:-../shared/tools/intelligibility.py}"
out="$(mktemp -d -t fic2audio-wer-XXXXXX)"
trap 'rm -rf "$out"' EXIT
stories=("$@")
[ ${#stories[@]} -gt 0 ] || stories=(stories/For_Her.txt bench/stories/Lighthouse.txt)
for story in "${stories[@]}"; do
    name="$(basename "$story" .txt)"
    .venv/bin/fic2audio plan "$story" --json > "$out/$name.plan.json" 2>/dev/null
    for engine in pyttsx3 piper; do
        .venv/bin/fic2audio render "$story" --engine "$engine" -o "$out/$engine/$name.mp3" --quiet --cache-dir "$out/cache"
        echo "== $name, $engine"
        "$asr" "$tool" "$out/$engine/$name.mp3" --plan "$out/$name.plan.json"
    done
done
