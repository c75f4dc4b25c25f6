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
trap 'rm -rf "$work"' EXIT INT TERM

echo "== latency (Java echo server; same client loop direct and through the proxy)"
java -cp "$cp" io.harnessgym.bench.ProxyBench "$here/bin/harnessgym" "$work" \
  java -XX:+UseSerialGC -cp "$cp" io.harnessgym.bench.BenchEchoServer

echo "== start-up: spawn to the first initialize answer (Python NDJSON test server)"
cp src/test/resources/mcp/test_server.py "$work/server.py"
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
first_answer(proxy)
direct = [first_answer(server) for _ in range(runs)]
proxied = [first_answer(proxy) for _ in range(runs)]
print("server alone: median %.0f ms" % statistics.median(direct))
print("through the proxy (launcher): median %.0f ms, p90 %.0f ms" % (statistics.median(proxied), sorted(proxied)[int(0.9 * runs) - 1]))
print("proxy start-up added: median %.0f ms (target: total at most 250 ms)" % (statistics.median(proxied) - statistics.median(direct)))
PY
