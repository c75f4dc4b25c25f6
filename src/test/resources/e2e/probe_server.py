"""A stdio MCP server (newline-delimited JSON-RPC) as an agent would build it: one tool, 'probe',
that says what the task's check expects; '--self-test' runs the protocol once and exits 0."""
import json
import sys

TOOLS = [{
    "name": "probe",
    "description": "Reports what the check expects of src/value.txt.",
    "inputSchema": {"type": "object", "properties": {}},
}]


def handle(message):
    method, ident = message.get("method"), message.get("id")
    if method == "initialize":
        version = message.get("params", {}).get("protocolVersion", "2025-06-18")
        result = {"protocolVersion": version, "capabilities": {"tools": {}},
                  "serverInfo": {"name": "probe", "version": "1.0.0"}}
    elif method == "tools/list":
        result = {"tools": TOOLS}
    elif method == "tools/call":
        result = {"content": [{"type": "text", "text": "probe: the check wants the word 'right'"}],
                  "isError": False}
    elif ident is None:
        return None
    else:
        return {"jsonrpc": "2.0", "id": ident, "error": {"code": -32601, "message": "no " + str(method)}}
    return {"jsonrpc": "2.0", "id": ident, "result": result}


if "--self-test" in sys.argv:
    assert handle({"id": 1, "method": "initialize", "params": {}})["result"]["serverInfo"]["name"] == "probe"
    assert handle({"id": 2, "method": "tools/list"})["result"]["tools"][0]["name"] == "probe"
    assert "right" in handle({"id": 3, "method": "tools/call", "params": {"name": "probe"}})["result"]["content"][0]["text"]
    assert "error" in handle({"id": 4, "method": "nope"})
    print("self-test passed")
    sys.exit(0)

for line in sys.stdin:
    if line.strip():
        reply = handle(json.loads(line))
        if reply is not None:
            sys.stdout.write(json.dumps(reply) + "\n")
            sys.stdout.flush()
