#!/bin/sh
# Times the JGit snapshot store (first snapshot, a second one after changing 10 files, a restore after
# changing 10 files, materialising a clean room) on generated trees of 200 files / 1 MB, 5,000 files /
# 100 MB and 20,000 files / 500 MB of incompressible data, each next to `cp -a` of the same tree in the
# same run, and prints the disk the store takes (plain folder; files committed in the user's repository).
# Targets on the largest tree: incremental snapshot and restore at least 10x faster than the copy; the
# store at most 1.05x the tree, under 0.05x when the files are committed.
# Usage: bench/snapshot-bench.sh [files:megabytes ...]   (needs about 3 GB free under $TMPDIR)
set -eu
here=$(cd "$(dirname "$0")/.." && pwd -P)
cd "$here"
./mvnw -q -B -DskipTests test-compile >&2
cp=$(./mvnw -q -B dependency:build-classpath -Dmdep.outputFile=/dev/stdout):$here/target/test-classes:$here/target/classes
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM
java -Xmx2g -cp "$cp" io.harnessgym.bench.SnapshotBench "$work" "$@"
