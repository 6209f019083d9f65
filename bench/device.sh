#!/bin/sh
# Run the benchmark on a machine without the dependencies installed: unpack a bundle made by
#   pip install --target site --python-version 3.12 --only-binary=:all: <runtime deps>; tar site + an ffmpeg in bin/ | xz
# into /tmp and run bench/run.py with it. Usage: sh bench/device.sh .cache/bundle.tar.xz [bench args...]
set -e
bundle=$1; shift
mkdir -p /tmp/f2a && tar xJf "$bundle" -C /tmp/f2a
export PATH=/tmp/f2a/bin:$PATH PYTHONPATH=$PWD/src:/tmp/f2a/site
python3 bench/run.py "$@"
