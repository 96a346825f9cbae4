#!/usr/bin/env bash
# Writes fresh random secrets for the compose stack, once: `.env` beside docker-compose.yml (passwords, read by
# docker-compose), deploy/secrets/barriere.properties (the pseudonymisation HMAC key and the CDC database password, read
# only by Kafka Connect through its file config provider), deploy/secrets/review.properties (the review app's key for
# signing decisions), deploy/secrets/oidc-client-secret (the review UI's client secret at the identity provider, a
# placeholder to fill in, as are the OIDC_* settings in .env) and one properties file per source connector (the
# registers' keys as placeholders to fill in). Both are ignored by git. Run again with --force to replace them; note that a
# new HMAC key gives every person a new pseudonym, so detection no longer links them to earlier events.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
secret() { head -c 24 /dev/urandom | base64 | tr -d '/+=' ; }
permits_db_password="$(secret)"
connect_password="$(secret)"
if [ -e "$root/.env" ] && [ "${1:-}" != "--force" ]; then
  echo ".env exists; keeping it (--force replaces it)"; exit 0
fi
{
  echo "KAFKA_CLUSTER_ID=$(head -c 16 /dev/urandom | base64 | tr '/+' '_-' | tr -d '=')"
  echo "KAFKA_ADMIN_PASSWORD=$(secret)"
  for user in detect bibob-zone review analyst-bi operator auditor; do
    echo "SCRAM_PASSWORD_$(echo "$user" | tr 'a-z-' 'A-Z_')=$(secret)"
  done
  echo "SCRAM_PASSWORD_CONNECT=${connect_password}"
  echo "POSTGRES_PASSWORD=$(secret)"
  echo "PERMITS_DB_PASSWORD=${permits_db_password}"
  echo "APICURIO_DB_PASSWORD=$(secret)"
  # The review UI's login at the municipality's identity provider (README, Login with OpenID Connect): fill in.
  echo "OIDC_ISSUER=https://login.gemeente.example/realms/gemeente"
  echo "OIDC_CLIENT_ID=barriere"
  echo "OIDC_REDIRECT_URI=https://barriere.gemeente.example/login/oidc"
  echo "OIDC_POST_LOGOUT_REDIRECT_URI=https://barriere.gemeente.example/logged-out"
  echo "OIDC_ROLES=analyst:/barriere-analysts,bibob-officer:/barriere-bibob,operator:/barriere-operators,auditor:/barriere-auditors"
} > "$root/.env"
mkdir -p "$root/deploy/secrets"
umask 077
{
  echo "hmac.key=$(head -c 48 /dev/urandom | base64 | tr -d '\n')"
  echo "permits.db.password=${permits_db_password}"
} > "$root/deploy/secrets/barriere.properties"
# The review app's key for signing decisions (only the review app reads it; its gate refuses decisions not signed with it).
{
  echo "review.signing.key=$(head -c 32 /dev/urandom | base64 | tr -d '\n')"
} > "$root/deploy/secrets/review.properties"
# The client secret the identity provider issued for Barriere's client: a placeholder to fill in.
echo "REPLACE-with-the-client-secret-of-barriere-at-the-identity-provider" > "$root/deploy/secrets/oidc-client-secret"
# The source connectors' secrets (connectors/README.md): what the registers issue is a placeholder to fill in;
# what Barriere chooses itself is generated. Client certificates (PKCS12) go in deploy/secrets/certificates/.
mkdir -p "$root/deploy/secrets/certificates"
{
  echo "api.key=REPLACE-with-the-KVK-API-key"
  echo "subscription.id=REPLACE-with-the-Mutatieservice-subscription-id"
  echo "state.key=$(head -c 32 /dev/urandom | base64 | tr -d '\n')"
  echo "keystore.password=REPLACE-when-a-client-certificate-is-used"
} > "$root/deploy/secrets/kvk.properties"
{
  echo "api.key=REPLACE-with-the-Kadaster-API-key"
  echo "keystore.password=REPLACE-with-the-password-of-certificates/kadaster-pkioverheid.p12"
} > "$root/deploy/secrets/kadaster.properties"
{
  echo "api.key=REPLACE-with-the-WOZ-Bevragen-API-key"
  echo "keystore.password=REPLACE-with-the-password-of-certificates/woz-pkioverheid.p12"
  echo "kafka.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username=\"connect\" password=\"${connect_password}\";"
} > "$root/deploy/secrets/woz.properties"
{
  echo "api.key=REPLACE-with-the-BAG-API-key-from-the-Kadaster"
  echo "kafka.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username=\"connect\" password=\"${connect_password}\";"
} > "$root/deploy/secrets/bag.properties"
{
  echo "client.secret=REPLACE-with-the-client-secret-of-the-zaaksysteem"
  echo "callback.auth=Bearer $(secret)"
} > "$root/deploy/secrets/zgw.properties"
echo "wrote .env, deploy/secrets/oidc-client-secret and deploy/secrets/{barriere,review,kvk,kadaster,woz,bag,zgw}.properties"
