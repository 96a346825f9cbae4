#!/usr/bin/env bash
# A distributed Kafka Connect worker of the compose stack, logged in as User:connect. Connector configs are posted
# to its REST API (see connectors/README.md); secrets reach them through the file config provider.
set -euo pipefail
: "${SCRAM_PASSWORD_CONNECT:?}"
jaas="org.apache.kafka.common.security.scram.ScramLoginModule required username=\"connect\" password=\"${SCRAM_PASSWORD_CONNECT}\";"
config=/tmp/worker.properties
{
  echo "bootstrap.servers=${BOOTSTRAP:-kafka-1:9092,kafka-2:9092,kafka-3:9092}"
  echo "group.id=barriere-connect"
  echo "config.storage.topic=connect-configs"
  echo "offset.storage.topic=connect-offsets"
  echo "status.storage.topic=connect-status"
  echo "config.storage.replication.factor=3"
  echo "offset.storage.replication.factor=3"
  echo "status.storage.replication.factor=3"
  echo "key.converter=org.apache.kafka.connect.storage.StringConverter"
  echo "value.converter=org.apache.kafka.connect.json.JsonConverter"
  echo "plugin.path=/opt/connect-plugins"
  echo "listeners=http://0.0.0.0:8083"
  echo "config.providers=file"
  echo "config.providers.file.class=org.apache.kafka.common.config.provider.FileConfigProvider"
  for prefix in "" "producer." "consumer." "admin."; do
    echo "${prefix}security.protocol=SASL_PLAINTEXT"
    echo "${prefix}sasl.mechanism=SCRAM-SHA-256"
    echo "${prefix}sasl.jaas.config=${jaas}"
  done
} > "$config"
exec /opt/kafka/bin/connect-distributed.sh "$config"
