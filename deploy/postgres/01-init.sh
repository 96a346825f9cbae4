#!/usr/bin/env bash
# The stand-in permit system (database vergunningen) and the registry's database (apicurio). Runs once, when the
# PostgreSQL volume is first created. The permit schema lies in a subdirectory because the image's entrypoint runs
# every *.sql file at the top of this directory by itself, and would run it a second time.
set -euo pipefail
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres <<SQL
CREATE USER apicurio WITH PASSWORD '${APICURIO_DB_PASSWORD}';
CREATE DATABASE apicurio OWNER apicurio;
-- Debezium reads the write-ahead log: it needs REPLICATION, and owns the publication it creates.
CREATE USER barriere_cdc WITH REPLICATION PASSWORD '${PERMITS_DB_PASSWORD}';
SQL
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname vergunningen -f /docker-entrypoint-initdb.d/permits/permits.sql
