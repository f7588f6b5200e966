#!/usr/bin/env bash
# Makes previous-schema.backup.gz: a database made by the previous schema, with data, for
# apps/api/src/database/upgrade.spec.ts. The previous schema is main at ae24917 (before the merge
# of 'data-in', whose migrations ReadingCorrections1764600000000 and SpreadsheetMappings1764700000000
# added ingest_batches.kind and .reason, measurement_history and spreadsheet_mappings).
#
# What it does: checks that commit out beside this repository (git worktree, detached), gives it
# this repository's installed packages (its own @threshold/* links to its own libs), builds it,
# and runs THAT commit's `outcomes ingest` on an embedded database in a new folder with a fixed
# pseudonym key: data/demo/trial.csv, then the first 4,000 lines of data/demo/practice.csv (clinics
# and therapists). Then this repository's `outcomes backup` (build it first) writes the database
# as a backup file, of the old schema's migrations and rows. The same files sent to today's code
# must give the same reports (upgrade.spec.ts).
#
# Run from anywhere: apps/api/test-fixtures/upgrade/make-fixture.sh
set -euo pipefail
COMMIT=ae24917
KEY=upgrade-fixture-pseudonym-key-0001
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../../../.." && pwd)
WORK=$(mktemp -d)
trap 'git -C "$REPO" worktree remove --force "$WORK/old" >/dev/null 2>&1 || true; rm -rf "$WORK"' EXIT

git -C "$REPO" worktree add --quiet --detach "$WORK/old" "$COMMIT" >/dev/null
mkdir "$WORK/old/node_modules" "$WORK/old/node_modules/@threshold"
for entry in "$REPO"/node_modules/* "$REPO"/node_modules/.bin; do
  name=$(basename "$entry")
  [ "$name" = "@threshold" ] || ln -s "$entry" "$WORK/old/node_modules/$name"
done
ln -s ../../libs/ingest "$WORK/old/node_modules/@threshold/ingest"
ln -s ../../libs/stats "$WORK/old/node_modules/@threshold/stats"
(cd "$WORK/old" && npx tsc -b apps/api/tsconfig.app.json)

head -n 4000 "$REPO/data/demo/practice.csv" > "$WORK/practice-4000.csv"
export THRESHOLD_DATA_DIR="$WORK/data" THRESHOLD_PSEUDONYM_KEY=$KEY DATABASE_URL=
node "$WORK/old/apps/api/dist/cli/outcomes.js" ingest "$REPO/data/demo/trial.csv"
node "$WORK/old/apps/api/dist/cli/outcomes.js" ingest "$WORK/practice-4000.csv"

rm -f "$HERE/previous-schema.backup.gz"
node "$REPO/apps/api/dist/cli/outcomes.js" backup "$HERE/previous-schema.backup.gz"
