package nl.barriere.audit;

import java.time.Clock;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import nl.barriere.contract.Topics;
import nl.barriere.platform.AppConfig;
import nl.barriere.schema.AccessAction;
import nl.barriere.schema.AccessEvent;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Writes what an auditor or operator looked at to {@code review.access-log} (DESIGN.md rule 8), before anything is
 * shown: if the access cannot be logged, nothing is disclosed. The time is the wall clock on purpose: an access
 * log says when someone looked, and no signal depends on it.
 */
final class AccessLog {

    private final AppConfig config;
    private final Clock clock;

    AccessLog(final AppConfig config, final Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    /** Writes one access event per signal and waits until the broker has them all; returns them. */
    List<AccessEvent> record(final Accessor accessor, final AccessAction action,
                             final List<String> signalIds, final String detail)
            throws ExecutionException, InterruptedException {
        final Properties properties = config.kafkaProperties();
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        final List<AccessEvent> events = signalIds.stream().map(signalId -> AccessEvent.newBuilder()
                .setAccessId("acc-" + UUID.randomUUID())
                .setSignalId(signalId)
                .setUser(accessor.loggedUser())
                .setRole(accessor.role())
                .setAction(action)
                .setAt(clock.instant())
                .setDetail(detail)
                .build()).toList();
        try (KafkaProducer<String, AccessEvent> producer = new KafkaProducer<>(properties,
                Topics.ACCESS_LOG.keySerde().serializer(), Topics.ACCESS_LOG.valueSerde(config.serdeConfig()).serializer())) {
            final List<Future<RecordMetadata>> sent = events.stream().map(event -> producer.send(new ProducerRecord<>(
                    Topics.ACCESS_LOG.name(), null, Topics.ACCESS_LOG.timestampOf(event), Topics.ACCESS_LOG.keyOf(event),
                    event))).toList();
            for (final Future<RecordMetadata> written : sent) {
                written.get();
            }
        }
        return events;
    }
}
