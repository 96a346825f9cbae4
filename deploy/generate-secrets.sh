#!/usr/bin/env bash
# Writes fresh random secrets for the compose stack, once: `.env` beside docker-compose.yml (passwords, read by
# docker-compose) and deploy/secrets/barriere.properties (the pseudonymisation HMAC key and the CDC database password, read
# only by Kafka Connect through its file config provider). Both are ignored by git. Run again with --force to replace them; note that a
# new HMAC key gives every person a new pseudonym, so detection no longer links them to earlier events.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
secret() { head -c 24 /dev/urandom | base64 | tr -d '/+=' ; }
permits_db_password="$(secret)"
if [ -e "$root/.env" ] && [ "${1:-}" != "--force" ]; then
  echo ".env exists; keeping it (--force replaces it)"; exit 0
fi
{
  echo "KAFKA_CLUSTER_ID=$(head -c 16 /dev/urandom | base64 | tr '/+' '_-' | tr -d '=')"
  echo "KAFKA_ADMIN_PASSWORD=$(secret)"
  for user in detect bibob-zone review connect analyst-bi operator auditor; do
    echo "SCRAM_PASSWORD_$(echo "$user" | tr 'a-z-' 'A-Z_')=$(secret)"
  done
  echo "POSTGRES_PASSWORD=$(secret)"
  echo "PERMITS_DB_PASSWORD=${permits_db_password}"
  echo "APICURIO_DB_PASSWORD=$(secret)"
} > "$root/.env"
mkdir -p "$root/deploy/secrets"
umask 077
{
  echo "hmac.key=$(head -c 48 /dev/urandom | base64 | tr -d '\n')"
  echo "permits.db.password=${permits_db_password}"
} > "$root/deploy/secrets/barriere.properties"
echo "wrote .env and deploy/secrets/barriere.properties"
