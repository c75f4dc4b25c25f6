#!/bin/sh
# Wall time of 8 compare trials run serially against --parallel 4, with the scripted runner and a
# fixed agent time (each attempt sleeps 3 s, then answers): once with 8 plain trials, once with 4
# plain and 4 harnessed trials (a bundle a scripted run built: one MCP server, qualified in every
# harnessed trial and called through the proxy). Ideal speed-up is 4x; on 2 cores the trials'
# own CPU work (snapshot, qualification, JVMs) bounds it below that.
# Usage: bench/compare-parallel-bench.sh [agent seconds per attempt]   (default 3)
set -eu
here=$(cd "$(dirname "$0")/.." && pwd -P)
hg=$here/bin/harnessgym
sleep_ms=$(( ${1:-3} * 1000 ))
work=$(mktemp -d /tmp/hg-compare-bench.XXXXXX)   # /var/tmp is hidden from confined agents
[ -n "${KEEP:-}" ] || trap 'rm -rf "$work"' EXIT INT TERM; echo "work: $work" >&2
"$hg" --version >/dev/null
export HARNESSGYM_PROGRESS=plain HARNESSGYM_AGENT_DIR="$work/agent"
mkdir -p "$work/source" "$work/ws"
echo "tool source" > "$work/source/README"
cat > "$work/build.json" <<'JSON'
{"phases": {"attempt": [], "reflect": [],
 "build": [{"do": "mcp_server", "name": "fixer", "tool": "fix", "reply": "42"}]}}
JSON
"$hg" run --workspace "$work/source" --state-dir "$work/state-source" --runner scripted --script "$work/build.json" \
  --task-text "Build a fixer." --iterations 1 --run-id build --post-attempt-command "echo '{\"status\":\"failed\"}'" \
  >/dev/null 2>&1 || true
cat > "$work/agent.json" <<JSON
{"phases": {"attempt": [
  {"do": "call_tool", "server": "fixer", "tool": "fix"},
  {"do": "sleep", "ms": $sleep_ms},
  {"do": "write", "path": "answer.txt", "content": "42\n"}]}}
JSON
printf -- '---\nverify: sh check.sh\n---\n# Answer\n\nWrite 42 to answer.txt.\n' > "$work/ws/task.md"
echo 'grep -q 42 answer.txt 2>/dev/null && echo "{\"status\":\"passed\"}" || echo "{\"status\":\"failed\"}"' > "$work/ws/check.sh"
printf '%-26s %-10s %-12s %-12s %s\n' TRIALS PARALLEL "WALL" "PER TRIAL" "SPEED-UP"
for arms in plain plain,harnessed; do
  if [ "$arms" = plain ]; then trials=8; label="8 plain"; else trials=4; label="4 plain + 4 harnessed"; fi
  serial_ms=0
  for p in 1 4; do
    s=$(date +%s%N)
    "$hg" compare --workspace "$work/ws" --state-dir "$work/state-$p-$trials" --task task.md --arms "$arms" \
      --trials "$trials" --parallel "$p" --artifact-source "$work/source" --trust-bundle --runner scripted \
      --script "$work/agent.json" --compare-id bench --no-require-harness-tool-use >"$work/out-$p-$trials.txt" 2>&1 || [ $? -eq 1 ] || tail -3 "$work/out-$p-$trials.txt" >&2
    e=$(date +%s%N)
    ms=$(( (e - s) / 1000000 ))
    [ "$p" = 1 ] && serial_ms=$ms
    printf '%-26s %-10s %-12s %-12s %s\n' "$label" "$p" "${ms} ms" "$(( ms / 8 )) ms" \
      "$(python3 -c "print(f'{$serial_ms / $ms:.2f}x')")"
  done
done
echo "agent time per attempt: ${sleep_ms} ms; serial floor: $(( sleep_ms * 8 )) ms; parallel-4 floor: $(( sleep_ms * 2 )) ms"
