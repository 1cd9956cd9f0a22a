#!/usr/bin/env python3
"""Writes docs/schemas/serve-evaluation.schema.json and serve-state.schema.json, the answers of
`bearing serve`'s `POST /api/evaluate` and `GET /api/state` (docs/serve.md), by make_schemas.py's
rules (closed objects, snake_case keys, required unless the Swift property is an Optional) from
real answers of the current build:

    bearing serve HISTORY --port 8080 &
    curl -s localhost:8080/api/state > state.json
    python3 -c "import json; s = json.load(open('state.json')); w = s['calibrated']; \
        w['schema_version'] = s['schema_version']; print(json.dumps(w))" > weights.json
    curl -s -X POST --data-binary @weights.json localhost:8080/api/evaluate > evaluation.json
    python3 docs/schemas/make_serve_schemas.py evaluation.json state.json

The interval fields are absent until the bootstrap fills them, so they are not in the schema yet:
regenerate when they appear.
"""
import sys

import make_schemas

if __name__ == "__main__":
    make_schemas.write("serve-evaluation", sys.argv[1], "serve: POST /api/evaluate")
    make_schemas.write("serve-state", sys.argv[2], "serve: GET /api/state")
