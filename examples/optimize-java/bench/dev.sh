#!/bin/sh
# The dev score: the same measurement on a small fixed input (fast; not the final score).
set -e
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
javac -d "$out" src/Search.java check/Probe.java check/Measure.java
java -cp "$out" Measure dev
