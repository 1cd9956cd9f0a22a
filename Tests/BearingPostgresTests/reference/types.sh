#!/usr/bin/env bash
# Reference for PostgresLiveTests.typesPrintAsPsqlDoes: what `psql --csv` prints for types.sql.
# Run against the test server: eval "$(bash .ci/postgres-up)"; bash Tests/BearingPostgresTests/reference/types.sh
# The session settings match the test's (PGTZ, PGDATESTYLE), so timestamps print the same way.
# NULL prints as <NULL> (psql's CSV would print NULL and '' alike).
set -euo pipefail
cd "$(dirname "$0")"
PGTZ=Europe/Paris PGDATESTYLE='ISO, MDY' psql "$BEARING_TEST_POSTGRES_URL" -X --csv -P null='<NULL>' -f types.sql
