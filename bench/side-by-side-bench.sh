#!/bin/sh
# harnessgym and the Python HarnessGym 0.1.1 side by side, interleaved in one run (issue 13): the MCP proxy
# (whole first 2,000 calls and first 100 calls of a fresh proxy, 50 B and 256 KiB, Content-Length on both
# sides, start-up to the first initialize answer), 8 and 16 proxies at once with an audit of the shared call
# log and each proxy's peak RSS, the qualification gate over 8 servers with and without `framing`, and
# CLI start. Each figure: the median over the repetitions, with its range. harnessgym's proxy is measured
# twice: through a proxy host (`harnessgym mcp host`, started once and warmed for 2 s first, as a run keeps
# one for an agent phase while the agent CLI starts) and with a JVM per session (HARNESSGYM_PROXY_HOST=0).
#
# The Python tool is installed into a scratch virtual environment (pip install harnessgym==0.1.1); where
# that cannot be done (no package index, as on a machine that reaches only Maven Central, npm and Debian),
# its half is skipped with a message and the figures issue 13 recorded for it on this kind of machine are
# printed beside ours instead, marked as recorded.
# Usage: bench/side-by-side-bench.sh [repetitions]   (default 5)
set -eu
here=$(cd "$(dirname "$0")/.." && pwd -P)
cd "$here"
reps=${1:-5}
./mvnw -q -B -DskipTests test-compile >&2
bin/harnessgym --version >/dev/null            # builds the jar and its archive; not timed
cp=$(./mvnw -q -B dependency:build-classpath -Dmdep.outputFile=/dev/stdout):$here/target/test-classes:$here/target/classes
work=$(mktemp -d)                               # under /tmp: confined servers do not see /var/tmp
trap 'rm -rf "$work"' EXIT INT TERM
python=$(python3 -c 'import sys; print(sys.executable)')

py_tool=
if python3 -m venv "$work/venv" >/dev/null 2>&1 \
    && "$work/venv/bin/pip" install -q --disable-pip-version-check harnessgym==0.1.1 >"$work/pip.txt" 2>&1; then
  proxy_py=$("$work/venv/bin/python" -c 'import harnessgym, os; print(os.path.join(os.path.dirname(harnessgym.__file__), "mcp_telemetry_proxy.py"))')
  py_tool="$work/venv/bin/python $proxy_py"
  echo "Python HarnessGym 0.1.1: installed in $work/venv"
else
  reason=$(tail -n 1 "$work/pip.txt" 2>/dev/null || echo "python3 -m venv failed")
  echo "Python HarnessGym 0.1.1: cannot be installed here ($reason); its half is skipped."
  echo "Its figures recorded in issue 13 (same kind of machine, 2 cores) are shown as 'recorded'."
fi

echo
echo "== the proxy (echo server bench/echo_server.py; Content-Length on both sides)"
# shellcheck disable=SC2086
java -cp "$cp" io.harnessgym.bench.SideBySideBench "$work/proxy" "$reps" "$here/bin/harnessgym" \
  "$python" "$here/bench/echo_server.py" $py_tool
if [ -z "$py_tool" ]; then
  cat <<'EOF'
recorded for Python 0.1.1 (issue 13): added p50 2,000 calls 50 B +230 us, p99 +298 us; first 100 calls 50 B
  p50 +213 us; 256 KiB p50 +3,596 us; 8 proxies x 500: 2,658 calls/s; 16 proxies x 500: 1,988 calls/s;
  start-up 74 ms (server alone 31 ms)
EOF
fi

echo
echo "== the qualification gate: 8 Content-Length servers"
median() { tr ' ' '\n' | grep -v '^$' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
range() { tr ' ' '\n' | grep -v '^$' | sort -n | awk 'NR==1{lo=$1} {hi=$1} END {printf "%s-%s", lo, hi}'; }
now_ms() { date +%s%N | cut -c1-13; }
printf '%-34s %-18s %-18s %-18s %s\n' "SERVERS" "FIRST (detects)" "AGAIN (--retest)" "ACTIVATE (records)" "PYTHON 0.1.1 (recorded)"
for framing in none declared; do
  for delay in 0 0.5; do
    ws=$work/gate-$framing-$delay
    for i in 1 2 3 4 5 6 7 8; do
      mkdir -p "$ws/.harnessgym/mcp/s$i"
      cp src/test/resources/mcp/test_server.py "$ws/.harnessgym/mcp/s$i/server.py"
      extra=
      [ "$framing" = declared ] && extra='"framing": "content-length", '
      printf '{%s"command": "%s", "args": ["server.py", "--framing", "content-length", "--start-delay", "%s"], "cwd": ".harnessgym/mcp/s%s", "self_test": ["%s", "server.py", "--self-test"]}\n' \
        "$extra" "$python" "$delay" "$i" "$python" > "$ws/.harnessgym/mcp/s$i/mcp.json"
    done
    first=""; again=""; act=""
    for r in $(seq "$reps"); do
      state=$work/gate-state-$framing-$delay-$r
      s=$(now_ms); bin/harnessgym qualify --workspace "$ws" --state-dir "$state" >/dev/null; e=$(now_ms)
      first="$first $((e - s))"
      s=$(now_ms); bin/harnessgym qualify --retest --workspace "$ws" --state-dir "$state" >/dev/null; e=$(now_ms)
      again="$again $((e - s))"
      # What every later activation of unchanged servers pays: the verdicts at these digests are reused.
      s=$(now_ms); bin/harnessgym activate --workspace "$ws" --state-dir "$state" >/dev/null; e=$(now_ms)
      act="$act $((e - s))"
      bin/harnessgym deactivate --workspace "$ws" --state-dir "$state" >/dev/null
    done
    py=-
    [ "$framing" = none ] && { [ "$delay" = 0 ] && py="590 ms" || py="8640 ms"; }
    printf '%-34s %-18s %-18s %-18s %s\n' "framing $framing, ${delay} s start" \
      "$(echo $first | median) [$(echo $first | range)]" "$(echo $again | median) [$(echo $again | range)]" \
      "$(echo $act | median) [$(echo $act | range)]" "$py"
  done
done
echo "(ms; the Python tool has no command that runs its gate alone: it runs inside 'run', so its figure is"
echo " the one issue 13 recorded)"

echo
echo "== CLI start (ms)"
python3 - "$here/bin/harnessgym" "$reps" "${py_tool:+$work/venv/bin/harnessgym}" <<'PY'
import statistics, subprocess, sys, time
launcher, reps, python_cli = sys.argv[1], int(sys.argv[2]), sys.argv[3]
def ms(argv):
    start = time.perf_counter()
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return (time.perf_counter() - start) * 1000
rows = {"--help": ([launcher, "--help"], [python_cli, "--help"] if python_cli else None),
        "--version": ([launcher, "--version"], None)}
for name, (ours, theirs) in rows.items():
    mine, other = [], []
    for _ in range(max(reps, 5) * 3):  # interleaved
        mine.append(ms(ours))
        if theirs:
            other.append(ms(theirs))
    line = "%-10s harnessgym %.0f [%.0f-%.0f]" % (name, statistics.median(mine), min(mine), max(mine))
    if other:
        line += "   python %.0f [%.0f-%.0f]   ratio %.2f" % (statistics.median(other), min(other), max(other), statistics.median(other) / statistics.median(mine))
    elif name == "--help":
        line += "   python 61 (recorded)"
    else:
        line += "   python: has no --version"
    print(line + "   (target: under 120)")
PY
