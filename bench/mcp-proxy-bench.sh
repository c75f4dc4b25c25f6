#!/bin/sh
# Prints what the telemetry proxy adds per tools/call (p50, p99; small and 256 KiB arguments) against a
# direct call to the same server, its calls/s, and its start-up time to the first initialize answer
# through the launcher (class-data archive, no picocli on the proxy path).
# Usage: bench/mcp-proxy-bench.sh [startup runs]   (default 15)
set -eu
here=$(cd "$(dirname "$0")/.." && pwd -P)
cd "$here"
runs=${1:-15}
./mvnw -q -B -DskipTests test-compile >&2
bin/harnessgym --version >/dev/null            # builds the jar and its archive; not timed
cp=$(./mvnw -q -B dependency:build-classpath -Dmdep.outputFile=/dev/stdout):$here/target/test-classes:$here/target/classes
work=$(mktemp -d)
export HARNESSGYM_STATE_DIR="$work-state"   # the proxy's private state, outside the workspace
trap 'rm -rf "$work" "$work-state"' EXIT INT TERM

echo "== latency (Java echo server; same client loop direct and through the proxy)"
java -cp "$cp" io.harnessgym.bench.ProxyBench "$here/bin/harnessgym" "$work" \
  java -XX:+UseSerialGC -cp "$cp" io.harnessgym.bench.BenchEchoServer

echo "== start-up: spawn to the first initialize answer (Python NDJSON test server)"
cp src/test/resources/mcp/test_server.py "$work/server.py"
# A bundle server too, started with --manifest: the proxy then digests its folder and reads the
# private quarantine records before it starts it (admission), as agent configs have it do.
mkdir -p "$work/.harnessgym/mcp/s"
cp src/test/resources/mcp/test_server.py "$work/.harnessgym/mcp/s/server.py"
printf '%s' '{"name": "s", "command": "python3", "args": ["server.py", "--framing", "ndjson"], "cwd": ".harnessgym/mcp/s", "framing": "ndjson"}' > "$work/.harnessgym/mcp/s/mcp.json"
python3 - "$here/bin/harnessgym" "$work" "$runs" <<'PY'
import json, statistics, subprocess, sys, time
launcher, work, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
init = json.dumps({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
    "protocolVersion": "2025-11-25", "capabilities": {}, "clientInfo": {"name": "bench", "version": "1"}}}) + "\n"
def first_answer(argv):
    start = time.perf_counter()
    p = subprocess.Popen(argv, cwd=work, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    p.stdin.write(init.encode()); p.stdin.flush()
    line = p.stdout.readline()
    elapsed = time.perf_counter() - start
    p.stdin.close(); p.wait(timeout=10)
    assert b'"result"' in line, line
    return elapsed * 1000
server = ["python3", "server.py", "--framing", "ndjson"]
proxy = [launcher, "mcp", "proxy", "--workspace", work, "--framing", "ndjson", "--"] + server
manifest = [launcher, "mcp", "proxy", "--workspace", work, "--manifest", ".harnessgym/mcp/s/mcp.json"]
first_answer(proxy)
first_answer(manifest)
direct, proxied, admitted = [], [], []
for _ in range(runs):  # interleaved, so that a noisy moment hits all three alike
    direct.append(first_answer(server))
    proxied.append(first_answer(proxy))
    admitted.append(first_answer(manifest))
print("server alone: median %.0f ms" % statistics.median(direct))
print("through the proxy (launcher): median %.0f ms, p90 %.0f ms" % (statistics.median(proxied), sorted(proxied)[int(0.9 * runs) - 1]))
print("through the proxy with --manifest (admission: digest + private records): median %.0f ms, p90 %.0f ms" % (statistics.median(admitted), sorted(admitted)[int(0.9 * runs) - 1]))
print("proxy start-up added: median %.0f ms, with admission %.0f ms (target: total at most 250 ms)" % (statistics.median(proxied) - statistics.median(direct), statistics.median(admitted) - statistics.median(direct)))
PY
