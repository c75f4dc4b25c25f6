#!/usr/bin/env python3
"""The benchmarks' MCP echo server: answers initialize, tools/list and every tools/call with a small
result (the size of the arguments it got), in either framing. The same server for harnessgym's proxy,
the Python HarnessGym's proxy and the direct baseline, so that only the proxy differs.

Usage: echo_server.py [--framing content-length|ndjson]
"""
import json
import sys

FRAMING = sys.argv[sys.argv.index("--framing") + 1] if "--framing" in sys.argv else "content-length"
IN = sys.stdin.buffer
OUT = sys.stdout.buffer


def read():
    if FRAMING == "ndjson":
        while True:
            line = IN.readline()
            if not line:
                return None
            if line.strip():
                return line
    length = None
    while True:
        header = IN.readline()
        if not header:
            return None
        header = header.strip()
        if not header:
            if length is not None:
                return IN.read(length)
            continue
        name, _, value = header.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())


def write(message):
    body = json.dumps(message, separators=(",", ":")).encode()
    if FRAMING == "ndjson":
        OUT.write(body + b"\n")
    else:
        OUT.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
    OUT.flush()


def main():
    while True:
        raw = read()
        if raw is None:
            return
        message = json.loads(raw)
        if "id" not in message or "method" not in message:
            continue
        method = message["method"]
        if method == "initialize":
            result = {"protocolVersion": message.get("params", {}).get("protocolVersion", "2025-06-18"),
                      "capabilities": {"tools": {}}, "serverInfo": {"name": "echo", "version": "1"}}
        elif method == "tools/list":
            result = {"tools": [{"name": "echo", "description": "echo", "inputSchema": {"type": "object"}}]}
        elif method == "tools/call":
            size = len(json.dumps(message.get("params", {}).get("arguments", {})))
            result = {"content": [{"type": "text", "text": "ok %d" % size}]}
        else:
            result = {}
        write({"jsonrpc": "2.0", "id": message["id"], "result": result})


if __name__ == "__main__":
    main()
