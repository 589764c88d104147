#!/bin/sh
# Makes replica.sqlite and dump.json with a loket built from a commit whose store is at
# migration v3 (records' states in loket_records, the outbox numbered by AUTOINCREMENT):
# a92fa8d. StoreMigrationTests opens the file with today's store and checks that nothing
# was lost. Usage: make-fixture.sh PATH-TO-OLD-LOKET
set -eu
loket=$1
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
db=$work/replica.sqlite
cat > "$work/schema.json" <<'JSON'
{"collections": {"notes": {"fields": {"text": "register", "likes": "counter", "tags": "set"}}}}
JSON
"$loket" db init "$db" --replica-id fixture-v3 --schema "$work/schema.json" >/dev/null
"$loket" db put >/dev/null "$db" devices LPT-0001 model="ThinkPad T14" state=available
"$loket" db put >/dev/null "$db" devices LPT-0002 model="Latitude 5440" state=lent
"$loket" db put >/dev/null "$db" devices LPT-0003 model="EliteBook" state=repair
"$loket" db delete >/dev/null "$db" devices LPT-0003
"$loket" db put >/dev/null "$db" notes café text="crème brûlée" --incr likes=3 --add tags=menu --add tags=dessert
"$loket" db put >/dev/null "$db" notes café --incr likes=-1 --remove tags=menu
"$loket" db put >/dev/null "$db" notes n-2 text='{"nested": [1, 2.5, null, true]}' --scope branch:centrum
"$loket" db delete >/dev/null "$db" notes n-2
"$loket" db put >/dev/null "$db" notes n-2 text="again"
"$loket" db put >/dev/null "$db" sessions s-1 --incr minutes_used=15
# The hub acknowledged the first three outbox entries: the outbox was trimmed through 3,
# and the times they carried moved into the replica row (as acknowledgeOutbox does).
sqlite3 "$db" "
UPDATE loket_replica SET
  clock = max(clock, (SELECT max(time) FROM loket_outbox WHERE seq <= 3)),
  own_time = max(own_time, (SELECT max(time) FROM loket_outbox WHERE seq <= 3));
DELETE FROM loket_outbox WHERE seq <= 3;
PRAGMA wal_checkpoint(TRUNCATE);
VACUUM;" >/dev/null
"$loket" db dump "$db" > "$here/dump.json"
sqlite3 "$db" "PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null
cp "$db" "$here/replica.sqlite"
