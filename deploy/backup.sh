#!/usr/bin/env bash
# Nightly backup: PostgreSQL dump (custom format) and the uploads folder.
# Restore:  pg_restore --clean --if-exists -d "$DATABASE_URL_PLAIN" moisess-YYYYmmdd.dump
#           tar -xzf uploads-YYYYmmdd.tar.gz -C /srv/moisess/data
set -euo pipefail
. /etc/moisess/env
dest=${BACKUP_DIR:-/srv/moisess/backups}
stamp=$(date +%Y%m%d)
mkdir -p "$dest"
pg_dump --format=custom --file "$dest/moisess-$stamp.dump" "${DATABASE_URL/postgresql+psycopg/postgresql}"
tar -czf "$dest/uploads-$stamp.tar.gz" -C "$(dirname "$UPLOAD_DIR")" "$(basename "$UPLOAD_DIR")"
find "$dest" -type f -mtime +30 -delete
