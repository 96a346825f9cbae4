#!/usr/bin/env bash
# Creates Barrière's SCRAM users and applies acls.txt, as the super user. Safe to repeat: kafka-acls adds an ACL
# that exists already without complaint, and a SCRAM credential is replaced.
#
#   BOOTSTRAP=broker-1:9092 ADMIN_CONFIG=/secrets/admin.properties ./acls.sh
#
# Passwords come from the environment, one per principal: SCRAM_PASSWORD_DETECT, SCRAM_PASSWORD_BIBOB_ZONE, ...
# (the principal's name in upper case, '-' as '_'). A principal without a password gets its ACLs but no login.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
bootstrap="${BOOTSTRAP:?set BOOTSTRAP to the brokers}"
admin_config="${ADMIN_CONFIG:?set ADMIN_CONFIG to the super user client properties}"
bin="${KAFKA_BIN:-/opt/kafka/bin}"

grep -vE '^\s*(#|$)' "$here/acls.txt" | awk '{print $1}' | sort -u | while read -r principal; do
  user="${principal#User:}"
  var="SCRAM_PASSWORD_$(echo "$user" | tr 'a-z-' 'A-Z_')"
  if [ -n "${!var:-}" ]; then
    "$bin/kafka-configs.sh" --bootstrap-server "$bootstrap" --command-config "$admin_config" --alter \
      --entity-type users --entity-name "$user" --add-config "SCRAM-SHA-256=[password=${!var}]" >/dev/null
    echo "SCRAM user $user"
  fi
done

grep -vE '^\s*(#|$)' "$here/acls.txt" | while read -r principal operation resource pattern name; do
  case "$resource" in
    TOPIC) target=(--topic "$name") ;;
    GROUP) target=(--group "$name") ;;
    TRANSACTIONAL_ID) target=(--transactional-id "$name") ;;
    *) echo "acls.txt: unknown resource type $resource" >&2; exit 1 ;;
  esac
  # kafka-acls names operations in Pascal case: DESCRIBE_CONFIGS is DescribeConfigs.
  op="$(echo "$operation" | awk -F_ '{for (i = 1; i <= NF; i++) printf "%s%s", toupper(substr($i, 1, 1)), tolower(substr($i, 2))}')"
  "$bin/kafka-acls.sh" --bootstrap-server "$bootstrap" --command-config "$admin_config" --add \
    --allow-principal "$principal" --operation "$op" --resource-pattern-type "$pattern" "${target[@]}" >/dev/null
  echo "ACL $principal $operation $resource $pattern $name"
done
