#!/usr/bin/env bash
# One-shot setup of the compose stack's cluster, as the super user: SCRAM users and ACLs (acls.sh), and the topic
# that Kafka Connect routes refused records to. Barrière's own topics are created by `barriere create-topics`.
set -euo pipefail
admin_config=/tmp/admin.properties
cat > "$admin_config" <<PROPS
security.protocol=SASL_PLAINTEXT
sasl.mechanism=SCRAM-SHA-256
sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="admin" password="${KAFKA_ADMIN_PASSWORD:?}";
PROPS
export ADMIN_CONFIG="$admin_config" BOOTSTRAP="${BOOTSTRAP:-kafka-1:9092,kafka-2:9092,kafka-3:9092}"
until /opt/kafka/bin/kafka-broker-api-versions.sh --bootstrap-server "$BOOTSTRAP" --command-config "$admin_config" >/dev/null 2>&1; do
  echo "waiting for the brokers"; sleep 2
done
"$(dirname "${BASH_SOURCE[0]}")/acls.sh"
/opt/kafka/bin/kafka-topics.sh --bootstrap-server "$BOOTSTRAP" --command-config "$admin_config" --create \
  --if-not-exists --topic connect.refused-records --partitions 1 --replication-factor 3
