#!/bin/sh
# harnessgym's own cost per loop iteration (scripted runner, an agent that does nothing): 3 iterations
# of 'harnessgym run' with a post-attempt command on workspaces of 200 / 5,000 / 20,000 files, the
# agent's phase time taken out, and the disk .harnessgym plus the state directory take afterwards.
# The Python tool: 27 s for 3 iterations on 20,000 files / 500 MB, and 3-6x the workspace on disk
# (a full copy per checkpoint, template and task state). Target: at least 5x less time, at most one
# compressed copy of the workspace in the store.
# Usage: bench/loop-cost-bench.sh [bytes per file]   (default 25000: 20,000 files = 500 MB)
# HARNESSGYM_SCORING_ROOM=copy measures the copied scoring room (where no overlay can be mounted).
set -eu
here=$(cd "$(dirname "$0")/.." && pwd -P)
hg=$here/bin/harnessgym
size=${1:-25000}
# Under /tmp: a confined agent does not see /var/tmp (a private tmpfs there), so its phases would fail
# and skip the reflection and build that an iteration costs.
work=$(mktemp -d /tmp/hg-loop-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT INT TERM
"$hg" --version >/dev/null
printf '{"version": 1, "phases": {"attempt": [], "reflect": [], "build": []}}\n' > "$work/script.json"
printf '%-8s %-10s %-12s %-14s %-14s %-12s %-8s %s\n' FILES WORKSPACE "TOTAL (3 it)" "AGENT PHASES" "HG/ITERATION" "HG DISK" ROOM "PYTHON (20k)"
for files in 200 5000 20000; do
  ws=$work/ws-$files
  python3 - "$ws" "$files" "$size" <<'PY'
import os, sys
root, n, size = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
for i in range(n):
    d = os.path.join(root, "src", "d%03d" % (i % 200))
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "f%05d.txt" % i), "wb") as f:
        f.write((("line %d of file %d\n" % (i, i)) * (size // 20 + 1))[:size].encode())
os.makedirs(os.path.join(root, "check"), exist_ok=True)
with open(os.path.join(root, "check", "run.sh"), "w") as f:
    f.write('echo \'{"status": "failed", "score": 1}\'\n')
PY
  state=$work/state-$files
  s=$(date +%s%N)
  HARNESSGYM_PROGRESS=plain HARNESSGYM_AGENT_DIR=$work/agent "$hg" run --runner scripted --script "$work/script.json" \
    --task-text "nothing" --iterations 3 --post-attempt-command "sh check/run.sh" --protect check \
    --run-id bench --workspace "$ws" --state-dir "$state" --json > "$work/summary-$files.json" 2>/dev/null || true
  e=$(date +%s%N)
  total_ms=$(( (e - s) / 1000000 ))
  agent_ms=$(python3 - "$state" <<'PY'
import json, sys, glob
total, phases = 0, []
for f in glob.glob(sys.argv[1] + "/runs/bench/iterations/*/result.json"):
    for name, phase in json.load(open(f))["phases"].items():
        total += phase.get("duration_ms", 0)
        phases.append((name, phase.get("status")))
# Every iteration must attempt, reflect and build, or the figure leaves out what an iteration costs.
if len(phases) != 9 or any(status != "completed" for _, status in phases):
    sys.exit("the loop did not run every phase: %s" % phases)
print(total)
PY
)
  # The scoring room each iteration used (overlay where one mounts, else copy: docs/loop.md).
  room=$(python3 - "$state" <<'PY'
import json, sys, glob
rooms = {json.load(open(f))["measured"]["room"] for f in glob.glob(sys.argv[1] + "/runs/bench/iterations/*/result.json")}
print("+".join(sorted(rooms)))
PY
)
  ws_kb=$(du -sk --exclude=.harnessgym "$ws" | cut -f1)
  hg_kb=$(( $(du -sk "$ws/.harnessgym" | cut -f1) + $(du -sk "$state" | cut -f1) ))
  per_it=$(( (total_ms - agent_ms) / 3 ))
  printf '%-8s %-10s %-12s %-14s %-14s %-12s %-8s %s\n' "$files" "$((ws_kb / 1024)) MB" "${total_ms} ms" "${agent_ms} ms" "${per_it} ms" \
    "$((hg_kb / 1024)) MB ($(python3 -c "print(round($hg_kb / max($ws_kb, 1), 2))")x)" "$room" \
    "$( [ "$files" = 20000 ] && echo '9000 ms/iteration, 3-6x' || echo '-')"
  rm -rf "$ws" "$state"
done
