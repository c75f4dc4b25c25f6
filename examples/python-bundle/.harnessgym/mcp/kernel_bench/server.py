#!/usr/bin/env python3
"""A small MCP server in the legacy Content-Length framing, as servers built for the Python
HarnessGym speak it. Tools: run_benchmark (a fake timing) and compare_outputs (max abs diff)."""
import json
import sys

TOOLS = [
    {"name": "run_benchmark", "description": "Time the kernel on a named input size.",
     "inputSchema": {"type": "object", "properties": {"size": {"type": "integer"}}, "required": ["size"]}},
    {"name": "compare_outputs", "description": "Largest absolute difference of two vectors.",
     "inputSchema": {"type": "object", "properties": {"a": {"type": "array"}, "b": {"type": "array"}}}},
]


def read_message(stream):
    headers = {}
    while True:
        line = stream.readline()
        if not line:
            return None
        line = line.decode("ascii").strip()
        if not line:
            break
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    body = stream.read(int(headers["content-length"]))
    return json.loads(body.decode("utf-8"))


def write_message(stream, message):
    body = json.dumps(message, separators=(",", ":")).encode("utf-8")
    stream.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
    stream.flush()


def call_tool(name, arguments):
    if name == "run_benchmark":
        size = int(arguments.get("size", 1024))
        return {"content": [{"type": "text", "text": json.dumps({"size": size, "microseconds": size / 512.0})}]}
    if name == "compare_outputs":
        a, b = arguments.get("a", []), arguments.get("b", [])
        diff = max((abs(x - y) for x, y in zip(a, b)), default=0.0)
        return {"content": [{"type": "text", "text": json.dumps({"max_abs_diff": diff})}]}
    return {"content": [{"type": "text", "text": "unknown tool " + name}], "isError": True}


def main():
    if "--self-test" in sys.argv:
        result = call_tool("compare_outputs", {"a": [1.0, 2.0], "b": [1.0, 2.5]})
        ok = json.loads(result["content"][0]["text"])["max_abs_diff"] == 0.5
        print("self-test", "passed" if ok else "failed")
        sys.exit(0 if ok else 1)
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    while True:
        message = read_message(stdin)
        if message is None:
            return
        if "id" not in message:
            continue
        method = message.get("method")
        if method == "initialize":
            result = {"protocolVersion": message["params"].get("protocolVersion", "2024-11-05"),
                      "capabilities": {"tools": {}}, "serverInfo": {"name": "kernel_bench", "version": "1"}}
        elif method == "tools/list":
            result = {"tools": TOOLS}
        elif method == "tools/call":
            result = call_tool(message["params"]["name"], message["params"].get("arguments") or {})
        elif method == "ping":
            result = {}
        else:
            write_message(stdout, {"jsonrpc": "2.0", "id": message["id"],
                                   "error": {"code": -32601, "message": "method not found"}})
            continue
        write_message(stdout, {"jsonrpc": "2.0", "id": message["id"], "result": result})


if __name__ == "__main__":
    main()
