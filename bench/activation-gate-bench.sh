#!/bin/sh
# Times qualification of 8 MCP servers that each take 0.5 s to start (harnessgym qualify --retest: a clean
# room each, judged in parallel, each self-test running while its server starts). The Python tool checks
# them one after another: 8.9 s. Target: under 1.5 s.
# Usage: bench/activation-gate-bench.sh [runs]   (default 5)
set -eu
here=$(cd "$(dirname "$0")/.." && pwd -P)
hg=$here/bin/harnessgym
runs=${1:-5}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM
"$hg" --version >/dev/null
# The interpreter itself, not a version-manager shim (pyenv's adds a shell start to every launch).
python=$(python3 -c 'import sys; print(sys.executable)')
for i in 1 2 3 4 5 6 7 8; do
  mkdir -p "$work/.harnessgym/mcp/slow$i"
  cp "$here/src/test/resources/mcp/test_server.py" "$work/.harnessgym/mcp/slow$i/server.py"
  printf '{"command": "%s", "args": ["server.py", "--start-delay", "0.5"], "cwd": ".harnessgym/mcp/slow%s",
  "framing": "ndjson", "self_test": ["%s", "server.py", "--self-test"]}\n' "$python" "$i" "$python" \
    > "$work/.harnessgym/mcp/slow$i/mcp.json"
done
now_ms() { date +%s%N | cut -c1-13; }
times=""
for r in $(seq "$runs"); do
  s=$(now_ms); "$hg" qualify --retest --workspace "$work" > "$work/out.txt"; e=$(now_ms)
  times="$times $((e - s))"
done
version=$(s=$(now_ms); "$hg" --version >/dev/null; e=$(now_ms); echo $((e - s)))
median=$(echo $times | tr ' ' '\n' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
head -1 "$work/out.txt"
echo "qualify over 8 servers (0.5 s start each), median of $runs: ${median} ms wall, $((median - version)) ms after JVM start (target: under 1500 ms; Python: 8.9 s serially)"
grep -E 'PASS|FAIL' "$work/out.txt" | sed 's/^/  /' | head -8
