#!/usr/bin/env python3
"""Compare two JSON vectors and print the largest absolute difference."""
import json
import sys

a, b = (json.load(open(path)) for path in sys.argv[1:3])
print(json.dumps({"max_abs_diff": max(abs(x - y) for x, y in zip(a, b))}))
