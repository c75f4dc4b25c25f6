#!/bin/sh
# Times `registry sync` + `registry list` on a generated bundle of 2,000 artifacts, and the JVM start
# of `--version`, through the launcher (class-data archive on). Prints medians in milliseconds.
# Usage: bench/registry-bench.sh [runs]   (default 7)
set -eu
here=$(cd "$(dirname "$0")/.." && pwd -P)
hg=$here/bin/harnessgym
runs=${1:-7}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM

"$hg" --version >/dev/null   # builds the jar and its archive on first use; not timed

template=$work/template
python3 - "$template" <<'PY'
import json, os, sys
root = os.path.join(sys.argv[1], ".harnessgym")
def write(rel, text):
    path = os.path.join(root, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)
for i in range(500):
    name = "skill-%04d" % i
    write("skills/%s/SKILL.md" % name, "---\nname: %s\ndescription: Generated skill %d.\n---\n\nBody.\n" % (name, i))
    write("skills/%s/scripts/run.sh" % name, "echo %d\n" % i)
for i in range(250):
    write("mcp/server_%04d/mcp.json" % i, json.dumps({
        "command": "python3", "args": ["server.py"], "cwd": ".harnessgym/mcp/server_%04d" % i,
        "timeouts": {"tool_ms": 30000}, "self_test": {"command": "python3 server.py --self-test"}}))
    write("mcp/server_%04d/server.py" % i, "print(%d)\n" % i)
kinds = ["tools", "verifiers", "fixtures", "tests", "docs", "scripts"]
for i in range(1250):
    write("%s/group_%02d/file_%04d.txt" % (kinds[i % 6], i % 20, i), "content %d\n" % i)
PY

now_ms() { date +%s%N | cut -c1-13; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
time_ms() { s=$(now_ms); "$@" >/dev/null 2>&1; e=$(now_ms); echo $((e - s)); }

version=$(for i in $(seq "$runs"); do time_ms "$hg" --version; done | median)
sync=$(for i in $(seq "$runs"); do
  rm -rf "$work/ws"; cp -r "$template" "$work/ws"
  time_ms "$hg" registry sync --workspace "$work/ws"
done | median)
list=$(for i in $(seq "$runs"); do time_ms "$hg" registry list --workspace "$work/ws"; done | median)
inproc() { HARNESSGYM_TIMING=1 "$@" 2>&1 >/dev/null | sed -n 's/^harnessgym: timing: \([0-9]*\) ms.*/\1/p'; }
sync_in=$(for i in $(seq "$runs"); do
  rm -rf "$work/ws"; cp -r "$template" "$work/ws"
  inproc "$hg" registry sync --workspace "$work/ws"
done | median)
list_in=$(for i in $(seq "$runs"); do inproc "$hg" registry list --workspace "$work/ws"; done | median)
count=$("$hg" registry list --json --workspace "$work/ws" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["artifacts"]))')

echo "artifacts in bundle:            $count"
echo "JVM start (--version), median:  ${version} ms"
echo "registry sync (first), median:  ${sync} ms   ($((sync - version)) ms after JVM start)"
echo "registry list, median:          ${list} ms   ($((list - version)) ms after JVM start)"
echo "sync + list after JVM start:    $((sync + list - 2 * version)) ms wall, minus two --version starts (target: under 1000 ms)"
echo "sync + list measured in-process: $((sync_in + list_in)) ms since main() (sync ${sync_in} ms, list ${list_in} ms)"
