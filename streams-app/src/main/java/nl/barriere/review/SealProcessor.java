package nl.barriere.review;

import java.time.Duration;
import java.time.Instant;
import nl.barriere.contract.AuditChain;
import nl.barriere.schema.AuditSeal;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Seals every record of a chained log as the review app reads it ({@link AuditChain}): one {@link AuditSeal} per
 * record on {@code audit.seals}, with the record's hash and its partition's chain so far. The chain head per
 * partition is kept in a store; with exactly-once the seal, the head and the consumer's offset commit together, so
 * a record is sealed once, also across a crash. Once an hour the heads are written to the log, which the platform
 * keeps outside Kafka: an anchor that a rewrite of both the log and its seals cannot reach.
 */
public final class SealProcessor implements Processor<byte[], byte[], String, AuditSeal> {

    private static final Logger LOG = LoggerFactory.getLogger(SealProcessor.class);
    /** How often the chain heads are logged as an anchor. */
    static final Duration ANCHOR_INTERVAL = Duration.ofHours(1);

    private final String storeName;
    private ProcessorContext<String, AuditSeal> context;
    private KeyValueStore<String, String> heads;

    /** @param storeName the store of this log's chain heads: partition key → {@code offset chain} */
    public SealProcessor(final String storeName) {
        this.storeName = storeName;
    }

    @Override
    public void init(final ProcessorContext<String, AuditSeal> context) {
        this.context = context;
        heads = context.getStateStore(storeName);
        context.schedule(ANCHOR_INTERVAL, PunctuationType.WALL_CLOCK_TIME, now -> logHeads());
    }

    @Override
    public void process(final Record<byte[], byte[]> record) {
        final RecordMetadata at = context.recordMetadata().orElseThrow();
        final String partition = AuditChain.partitionKey(at.topic(), at.partition());
        final String head = heads.get(partition);
        if (head != null && Long.parseLong(head.substring(0, head.indexOf(' '))) >= at.offset()) {
            return;
        }
        final String previous = head == null ? AuditChain.start(at.topic(), at.partition()) : head.substring(head.indexOf(' ') + 1);
        final String hash = AuditChain.record(at.offset(), record.timestamp(), record.key(), record.value());
        final String chain = AuditChain.next(previous, hash);
        heads.put(partition, at.offset() + " " + chain);
        context.forward(new Record<>(partition, AuditSeal.newBuilder().setTopic(at.topic()).setPartition(at.partition())
                .setOffset(at.offset()).setRecordTimestamp(Instant.ofEpochMilli(record.timestamp()))
                .setRecordSha256(hash).setChainSha256(chain).build(), record.timestamp()));
    }

    private void logHeads() {
        try (KeyValueIterator<String, String> all = heads.all()) {
            while (all.hasNext()) {
                final KeyValue<String, String> head = all.next();
                LOG.info("audit chain anchor: {} at offset {}", head.key, head.value.replace(" ", " is "));
            }
        }
    }
}
