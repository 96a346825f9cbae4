#!/usr/bin/env bash
# The stand-in permit system (database vergunningen) and the registry's database (apicurio). Runs once, when the
# PostgreSQL volume is first created.
set -euo pipefail
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres <<SQL
CREATE USER apicurio WITH PASSWORD '${APICURIO_DB_PASSWORD}';
CREATE DATABASE apicurio OWNER apicurio;
-- Debezium reads the write-ahead log: it needs REPLICATION, and owns the publication it creates.
CREATE USER barriere_cdc WITH REPLICATION PASSWORD '${PERMITS_DB_PASSWORD}';
SQL
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname vergunningen -f /docker-entrypoint-initdb.d/permits.sql
