#!/bin/sh
# Compiles src/Calc.java with the checks and prints the verdict as one JSON line. Needs only a JDK.
set -e
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
javac -d "$out" src/Calc.java check/Check.java
java -cp "$out" Check
