package nl.barriere.audit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import nl.barriere.contract.AuditChain;
import nl.barriere.contract.Topic;
import nl.barriere.contract.Topics;
import nl.barriere.platform.AppConfig;
import nl.barriere.platform.TopicReader;
import nl.barriere.schema.AuditSeal;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * {@code audit-verify}: recomputes the hash chain of every partition of the chained logs ({@link AuditChain}) from
 * the records as they lie, end to end, and compares it with their seals on {@code audit.seals} and with anchors
 * kept outside Kafka (an earlier run's heads, or the review app's hourly log lines). The first record that does not
 * match is named per partition: a deleted, inserted or altered record, or a topic copied back without one. A
 * rewrite of a log together with its seals is caught by an anchor taken before it.
 */
public final class AuditVerify {

    /** A chain head kept outside Kafka: after {@code offset}, the partition's chain was {@code chain}. */
    public record Anchor(String partition, long offset, String chain) {

        /** One line of an anchor file: {@code review.decisions-0 41 sha256:…}. */
        String line() {
            return partition + " " + offset + " " + chain;
        }
    }

    /** One partition's outcome; {@code broken} is null when every sealed record is as sealed. */
    public record Partition(String topic, int partition, long records, long sealed, long expired, Anchor head,
                            String broken) {

        String key() {
            return AuditChain.partitionKey(topic, partition);
        }
    }

    /** The whole check: every partition, and what the anchors found. */
    public record Report(List<Partition> partitions, int anchorsChecked, List<String> anchorProblems) {

        public boolean intact() {
            return anchorProblems.isEmpty() && partitions.stream().allMatch(p -> p.broken() == null);
        }

        /** The heads of every sealed partition, as an anchor file to keep outside Kafka. */
        public String anchorFile() {
            final StringBuilder out = new StringBuilder("# audit-verify anchors: partition, last sealed offset, chain\n");
            partitions.stream().filter(p -> p.head() != null).forEach(p -> out.append(p.head().line()).append('\n'));
            return out.toString();
        }

        public String text() {
            final StringBuilder out = new StringBuilder();
            for (final Partition p : partitions) {
                out.append(p.key()).append(": ").append(p.records()).append(" records, ").append(p.sealed())
                        .append(" sealed");
                if (p.expired() > 0) {
                    out.append(", ").append(p.expired()).append(" before them removed by the topic's retention");
                }
                if (p.broken() != null) {
                    out.append("; BROKEN at ").append(p.broken());
                } else {
                    if (p.records() > p.sealed()) {
                        out.append(", the last ").append(p.records() - p.sealed())
                                .append(" not yet sealed (the review app seals them as it reads them)");
                    }
                    out.append("; intact");
                    if (p.head() != null) {
                        out.append(", chain at offset ").append(p.head().offset()).append(": ").append(p.head().chain());
                    }
                }
                out.append('\n');
            }
            out.append("anchors: ").append(anchorsChecked).append(" checked");
            out.append(anchorProblems.isEmpty() ? ", all hold\n" : "\n");
            anchorProblems.forEach(problem -> out.append("  ANCHOR BROKEN: ").append(problem).append('\n'));
            out.append(intact() ? "INTACT\n" : "BROKEN: the logs are not as they were sealed\n");
            return out.toString();
        }
    }

    private record Raw(long offset, long timestamp, byte[] key, byte[] value) {}

    private AuditVerify() {}

    /**
     * Checks every partition of {@link AuditChain#SEALED} against its seals and {@code anchors}. A record the topic's
     * own retention has removed by {@code now} is not a break: its seal (kept forever) says how old it was.
     */
    public static Report verify(final AppConfig config, final List<Anchor> anchors, final Instant now)
            throws ExecutionException, InterruptedException {
        // Seals first: a record written after they were read is then at most unsealed, never missing
        final Map<String, TreeMap<Long, AuditSeal>> seals = new HashMap<>();
        TopicReader.readAll(Topics.AUDIT_SEALS, config, (raw, seal) -> seals.computeIfAbsent(
                AuditChain.partitionKey(seal.getTopic(), seal.getPartition()), k -> new TreeMap<>())
                .put(seal.getOffset(), seal));
        final Map<String, List<Anchor>> anchored = new HashMap<>();
        anchors.forEach(a -> anchored.computeIfAbsent(a.partition(), k -> new ArrayList<>()).add(a));
        final List<Partition> partitions = new ArrayList<>();
        final List<String> anchorProblems = new ArrayList<>();
        final Map<String, Long> retention = retentionMs(config);
        for (final Topic<String, ?> topic : AuditChain.SEALED) {
            final Map<Integer, List<Raw>> records = raw(topic, config);
            final long expiredBefore = retention.get(topic.name()) < 0 ? Long.MIN_VALUE
                    : now.toEpochMilli() - retention.get(topic.name());
            for (final int partition : partitions(topic, config)) {
                final String key = AuditChain.partitionKey(topic.name(), partition);
                partitions.add(walk(topic.name(), partition, records.getOrDefault(partition, List.of()),
                        seals.getOrDefault(key, new TreeMap<>()), expiredBefore, anchored.getOrDefault(key, List.of()),
                        anchorProblems));
                anchored.remove(key);
            }
        }
        anchored.values().forEach(list -> list.forEach(a -> anchorProblems.add(a.partition()
                + ": no such partition of a sealed log")));
        return new Report(partitions, anchors.size(), anchorProblems);
    }

    /**
     * Walks one partition's records and seals in offset order, recomputing the chain from the records alone; stops
     * at the first record that is not as sealed.
     */
    private static Partition walk(final String topic, final int partition, final List<Raw> records,
                                  final TreeMap<Long, AuditSeal> seals, final long expiredBefore,
                                  final List<Anchor> anchors, final List<String> anchorProblems) {
        final Map<Long, String> chainAt = new HashMap<>();
        final long lastSealed = seals.isEmpty() ? -1 : seals.lastKey();
        String chain = AuditChain.start(topic, partition);
        String broken = null;
        long sealed = 0;
        Anchor head = null;
        int next = 0;
        final TreeMap<Long, AuditSeal> pending = new TreeMap<>(seals);
        // Sealed records before the first one left that retention removed: the chain goes on through their seals
        long expired = 0;
        while (broken == null && !pending.isEmpty()
                && (records.isEmpty() || pending.firstKey() < records.get(0).offset())
                && pending.firstEntry().getValue().getRecordTimestamp().toEpochMilli() < expiredBefore) {
            final AuditSeal seal = pending.pollFirstEntry().getValue();
            chain = AuditChain.next(chain, seal.getRecordSha256());
            if (!chain.equals(seal.getChainSha256())) {
                broken = "offset " + seal.getOffset() + " (removed by retention): its seal does not continue the "
                        + "chain (the seals were rewritten)";
            }
            expired++;
        }
        while (broken == null && (next < records.size() || !pending.isEmpty())) {
            final Raw record = next < records.size() ? records.get(next) : null;
            final Map.Entry<Long, AuditSeal> seal = pending.firstEntry();
            if (record == null || seal != null && seal.getKey() < record.offset()) {
                broken = "offset " + seal.getKey() + ": the record sealed there is gone (deleted, or the topic was "
                        + "rewritten without it)";
                break;
            }
            final String hash = AuditChain.record(record.offset(), record.timestamp(), record.key(), record.value());
            chain = AuditChain.next(chain, hash);
            chainAt.put(record.offset(), chain);
            next++;
            if (seal == null || seal.getKey() > record.offset()) {
                if (record.offset() < lastSealed) {
                    broken = "offset " + record.offset() + ": a record that was never sealed lies between sealed ones "
                            + "(inserted, or the topic was rewritten)";
                }
                continue;
            }
            pending.pollFirstEntry();
            if (!hash.equals(seal.getValue().getRecordSha256())) {
                broken = "offset " + record.offset() + ": the record there is not the one sealed (altered, or the topic "
                        + "was rewritten without a record before it)";
            } else if (!chain.equals(seal.getValue().getChainSha256())) {
                broken = "offset " + record.offset() + ": the record is as sealed but the chain is not (the seals were "
                        + "rewritten)";
            } else {
                sealed++;
                head = new Anchor(AuditChain.partitionKey(topic, partition), record.offset(), chain);
            }
        }
        final long lastOffset = records.isEmpty() ? -1 : records.get(records.size() - 1).offset();
        for (final Anchor anchor : anchors) {
            final String there = chainAt.get(anchor.offset());
            if (there == null) {
                anchorProblems.add(anchor.partition() + " at offset " + anchor.offset() + ": "
                        + (anchor.offset() > lastOffset ? "the log now ends at offset " + lastOffset
                                + ", before the anchor (records were removed at its end)"
                                : "no record there any more") );
            } else if (!there.equals(anchor.chain())) {
                anchorProblems.add(anchor.partition() + " at offset " + anchor.offset() + ": the chain is " + there
                        + ", the anchor says " + anchor.chain() + " (a record at or before it was changed)");
            }
        }
        return new Partition(topic, partition, records.size(), sealed, expired, head, broken);
    }

    /** Reads an anchor file: one {@code partition offset chain} per line; {@code #} starts a comment. */
    public static List<Anchor> anchors(final Path file) throws IOException {
        final List<Anchor> anchors = new ArrayList<>();
        for (final String line : Files.readAllLines(file)) {
            final String text = line.strip();
            if (text.isEmpty() || text.startsWith("#")) {
                continue;
            }
            final String[] parts = text.split("\\s+");
            if (parts.length != 3 || !parts[2].startsWith("sha256:")) {
                throw new IllegalArgumentException(file + ": not an anchor line (partition offset sha256:…): " + line);
            }
            anchors.add(new Anchor(parts[0], Long.parseLong(parts[1]), parts[2]));
        }
        return anchors;
    }

    /** Every record of {@code topic} by partition in offset order, the undecodable ones too. */
    private static <V extends SpecificRecord> Map<Integer, List<Raw>> raw(final Topic<String, V> topic,
                                                                          final AppConfig config) {
        final Map<Integer, List<Raw>> records = new TreeMap<>();
        TopicReader.readAll(topic, config, new TopicReader.Handler<>() {
            @Override
            public void record(final ConsumerRecord<byte[], byte[]> raw, final V value) {
                keep(raw);
            }

            @Override
            public void undecodable(final ConsumerRecord<byte[], byte[]> raw, final SerializationException error) {
                keep(raw);
            }

            private void keep(final ConsumerRecord<byte[], byte[]> raw) {
                records.computeIfAbsent(raw.partition(), p -> new ArrayList<>())
                        .add(new Raw(raw.offset(), raw.timestamp(), raw.key(), raw.value()));
            }
        });
        records.values().forEach(list -> list.sort((a, b) -> Long.compare(a.offset(), b.offset())));
        return records;
    }

    /** retention.ms of every sealed topic, as the broker has it (-1: kept forever). */
    private static Map<String, Long> retentionMs(final AppConfig config) throws ExecutionException, InterruptedException {
        try (Admin admin = Admin.create(config.kafkaProperties())) {
            final List<ConfigResource> topics = AuditChain.SEALED.stream()
                    .map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t.name())).toList();
            final Map<String, Long> retention = new HashMap<>();
            admin.describeConfigs(topics).all().get().forEach((resource, described) -> retention.put(resource.name(),
                    Long.parseLong(described.get(TopicConfig.RETENTION_MS_CONFIG).value())));
            return retention;
        }
    }

    private static List<Integer> partitions(final Topic<String, ?> topic, final AppConfig config) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config.kafkaProperties(),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            return consumer.partitionsFor(topic.name()).stream().map(info -> info.partition()).sorted().toList();
        }
    }
}
