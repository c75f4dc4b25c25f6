#!/bin/sh
# The final score: compiles src/Search.java with check/ and measures it on held-out arrays.
set -e
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
javac -d "$out" src/Search.java check/Probe.java check/Measure.java
java -cp "$out" Measure final
