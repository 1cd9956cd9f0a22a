#!/usr/bin/env python3
"""Writes docs/schemas/serve-evaluation.schema.json and serve-state.schema.json, the answers of
`bearing serve`'s `POST /api/evaluate` and `GET /api/state` (docs/serve.md), by make_schemas.py's
rules (closed objects, snake_case keys, required unless the Swift property is an Optional) from
real answers of the current build; `regenerate.sh` starts a server and collects them:

    python3 docs/schemas/make_serve_schemas.py evaluation.json state.json
"""
import sys

import make_schemas

if __name__ == "__main__":
    make_schemas.write("serve-evaluation", [sys.argv[1]], "serve: POST /api/evaluate")
    make_schemas.write("serve-state", [sys.argv[2]], "serve: GET /api/state")
