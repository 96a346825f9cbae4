package nl.barriere.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import nl.barriere.contract.Topic;
import nl.barriere.contract.Topics;
import nl.barriere.platform.AppConfig;
import nl.barriere.platform.EmbeddedPlatform;
import nl.barriere.platform.TopicAdmin;
import nl.barriere.platform.TopicReader;
import nl.barriere.review.ReviewApp;
import nl.barriere.schema.AccessAction;
import nl.barriere.schema.AccessEvent;
import nl.barriere.schema.ReviewAction;
import nl.barriere.schema.ReviewDecision;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code audit-verify} on a real broker and registry: the review app seals every decision and access-log record
 * as it reads them; the check finds the logs intact, then names the first record of a partition after a record was
 * deleted by a topic rewrite or through the admin API, or altered, catches with an anchor a rewrite of a log
 * together with its seals, and tells records removed by the topic's retention from records removed by hand.
 */
class AuditVerifyTest {

    private static final int RECORDS = 12;

    private static EmbeddedPlatform platform;
    private static AppConfig config;

    @BeforeAll
    static void sealTwelveDecisionsAndTwelveAccesses() throws Exception {
        platform = EmbeddedPlatform.start("audit-verify");
        config = platform.config();
        final Instant at = Instant.parse("2026-03-02T09:00:00Z");
        for (int i = 0; i < RECORDS; i++) {
            final String signalId = "sig-" + i;
            platform.write(Topics.REVIEW_DECISIONS, ReviewDecision.newBuilder().setDecisionId("dec-" + i)
                    .setSignalId(signalId).setReviewer("analyst-a").setAction(ReviewAction.DISMISS)
                    .setRationale("An ordinary sale between neighbours.").setDecidedAt(at.plusSeconds(i)).build());
            platform.write(Topics.ACCESS_LOG, AccessEvent.newBuilder().setAccessId("acc-" + i).setSignalId(signalId)
                    .setUser("analyst-a").setRole("analyst").setAction(AccessAction.VIEW_SIGNAL)
                    .setAt(at.plusSeconds(i)).setDetail(null).build());
        }
        try (ReviewApp review = ReviewApp.start(config)) {
            assertThat(review.streamsApp().awaitRunning(Duration.ofSeconds(60))).isTrue();
            final long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (TopicReader.readAll(Topics.AUDIT_SEALS, config, (raw, seal) -> { }) < 2 * RECORDS
                    && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
        }
    }

    @AfterAll
    static void stop() {
        platform.close();
    }

    @Test
    void aDeletedOrAlteredRecordIsNamedAndARewriteWithItsSealsIsCaughtByTheAnchor(@TempDir final Path dir)
            throws Exception {
        // Given the logs as the review app sealed them
        final Path anchors = dir.resolve("anchors.txt");
        final Cli.Run intact = verify("--anchor-out", anchors.toString());
        assertThat(intact.exit()).as(intact.out()).isZero();
        assertThat(intact.out()).contains("INTACT").doesNotContain("not yet sealed");
        assertThat(Files.readAllLines(anchors).stream().filter(l -> !l.startsWith("#")))
                .allMatch(l -> l.matches("review\\.(decisions|access-log)-\\d+ \\d+ sha256:[0-9a-f]{64}"));

        // When a decision is deleted by copying its topic back without it
        final Map<Integer, List<Record>> decisions = records(Topics.REVIEW_DECISIONS);
        final int deletedIn = fullest(decisions);
        final long deletedAt = decisions.get(deletedIn).get(0).offset();
        rewrite(Topics.REVIEW_DECISIONS, decisions, (p, r) -> p == deletedIn && r.offset() == deletedAt ? null : r);

        // Then the check names that partition and offset, and fails
        final Cli.Run afterDeletion = verify();
        assertThat(afterDeletion.exit()).isEqualTo(1);
        assertThat(afterDeletion.out()).contains("review.decisions-" + deletedIn + ": " + (decisions.get(deletedIn).size() - 1)
                + " records, 0 sealed; BROKEN at offset " + deletedAt + ": the record there is not the one sealed");

        // When an access is altered in place (its user changed, everything else as it was)
        final Map<Integer, List<Record>> accesses = records(Topics.ACCESS_LOG);
        final int alteredIn = fullest(accesses);
        final Record altered = accesses.get(alteredIn).get(accesses.get(alteredIn).size() - 1);
        final AccessEvent original = Topics.ACCESS_LOG.valueSerde(config.serdeConfig()).deserializer()
                .deserialize(Topics.ACCESS_LOG.name(), altered.value());
        original.setUser("analyst-z");
        final byte[] forged = Topics.ACCESS_LOG.valueSerde(config.serdeConfig()).serializer()
                .serialize(Topics.ACCESS_LOG.name(), original);
        rewrite(Topics.ACCESS_LOG, accesses, (p, r) -> p == alteredIn && r.offset() == altered.offset()
                ? new Record(r.offset(), r.timestamp(), r.key(), forged) : r);

        // Then that record is named: every record before it is as sealed
        final Cli.Run afterAlteration = verify();
        assertThat(afterAlteration.out()).contains("review.access-log-" + alteredIn + ": "
                + accesses.get(alteredIn).size() + " records, " + (accesses.get(alteredIn).size() - 1)
                + " sealed; BROKEN at offset " + altered.offset() + ": the record there is not the one sealed");

        // When the last access of another partition is removed together with its seal
        final int truncatedIn = accesses.keySet().stream().filter(p -> p != alteredIn && !accesses.get(p).isEmpty())
                .findFirst().orElseThrow();
        final long truncatedAt = accesses.get(truncatedIn).get(accesses.get(truncatedIn).size() - 1).offset();
        rewrite(Topics.ACCESS_LOG, records(Topics.ACCESS_LOG),
                (p, r) -> p == truncatedIn && r.offset() == truncatedAt ? null : r);
        final String sealed = "review.access-log-" + truncatedIn;
        rewrite(Topics.AUDIT_SEALS, records(Topics.AUDIT_SEALS), (p, r) -> {
            final var seal = Topics.AUDIT_SEALS.valueSerde(config.serdeConfig()).deserializer()
                    .deserialize(Topics.AUDIT_SEALS.name(), r.value());
            return (seal.getTopic() + "-" + seal.getPartition()).equals(sealed)
                    && seal.getOffset() == truncatedAt ? null : r;
        });

        // Then the seals alone do not show it, but the anchor taken before does
        final Cli.Run withoutAnchor = verify();
        assertThat(withoutAnchor.out()).contains(sealed + ": " + truncatedAt + " records, " + truncatedAt + " sealed; intact");
        final Cli.Run withAnchor = verify("--anchor", anchors.toString());
        assertThat(withAnchor.exit()).isEqualTo(1);
        assertThat(withAnchor.out()).contains("ANCHOR BROKEN: " + sealed + " at offset " + truncatedAt
                + ": the log now ends at offset " + (truncatedAt - 1));

        // When the records of an intact decision partition are deleted through the admin API, while the topic keeps
        // its records forever
        final Map<Integer, List<Record>> left = records(Topics.REVIEW_DECISIONS);
        final int emptied = left.keySet().stream().filter(p -> p != deletedIn).findFirst().orElseThrow();
        final long end = left.get(emptied).get(left.get(emptied).size() - 1).offset() + 1;
        try (Admin admin = Admin.create(config.kafkaProperties())) {
            admin.deleteRecords(Map.of(new TopicPartition(Topics.REVIEW_DECISIONS.name(), emptied),
                    RecordsToDelete.beforeOffset(end))).all().get();
        }

        // Then that is a break
        final String emptiedKey = "review.decisions-" + emptied;
        assertThat(verify().out()).contains(emptiedKey + ": 0 records, 0 sealed; BROKEN at offset 0: the record "
                + "sealed there is gone");

        // And when the topic's retention is 30 days (the archive selection list), records older than that are gone
        // by retention, which is no break
        try (Admin admin = Admin.create(config.kafkaProperties())) {
            admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.TOPIC,
                    Topics.REVIEW_DECISIONS.name()), List.of(new AlterConfigOp(new ConfigEntry(
                    TopicConfig.RETENTION_MS_CONFIG, Long.toString(Duration.ofDays(30).toMillis())),
                    AlterConfigOp.OpType.SET)))).all().get();
        }
        assertThat(verify().out()).contains(emptiedKey + ": 0 records, 0 sealed, " + end
                + " before them removed by the topic's retention; intact");
    }

    // ------------------------------------------------------------------ helpers

    private record Record(long offset, long timestamp, byte[] key, byte[] value) {}

    private interface Edit {
        /** The record to write back in place of {@code record}, or null to leave it out. */
        Record apply(int partition, Record record);
    }

    private static Cli.Run verify(final String... options) {
        final List<String> args = new ArrayList<>(List.of("audit-verify"));
        args.addAll(List.of(options));
        final Cli.Run run = Cli.run(config, null, args.toArray(String[]::new));
        System.out.println(run.out());
        return run;
    }

    private static <V extends SpecificRecord> Map<Integer, List<Record>> records(final Topic<String, V> topic) {
        final Map<Integer, List<Record>> records = new TreeMap<>();
        TopicReader.readAll(topic, config, (raw, value) -> records.computeIfAbsent(raw.partition(), p -> new ArrayList<>())
                .add(new Record(raw.offset(), raw.timestamp(), raw.key(), raw.value())));
        return records;
    }

    private static int fullest(final Map<Integer, List<Record>> records) {
        return records.entrySet().stream().max((a, b) -> Integer.compare(a.getValue().size(), b.getValue().size()))
                .orElseThrow().getKey();
    }

    /** Deletes {@code topic}, creates it again as Barrière does, and writes {@code records} back through {@code edit}. */
    private static void rewrite(final Topic<String, ?> topic, final Map<Integer, List<Record>> records, final Edit edit)
            throws Exception {
        try (Admin admin = Admin.create(config.kafkaProperties())) {
            admin.deleteTopics(List.of(topic.name())).all().get();
            final long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!TopicAdmin.createLike(admin, config, topic, topic.name())) {
                assertThat(System.nanoTime()).as("topic deleted within 30 s").isLessThan(deadline);
                Thread.sleep(200);
            }
        }
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config.kafkaProperties(),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (final Map.Entry<Integer, List<Record>> partition : records.entrySet()) {
                for (final Record record : partition.getValue()) {
                    final Record kept = edit.apply(partition.getKey(), record);
                    if (kept != null) {
                        producer.send(new ProducerRecord<>(topic.name(), partition.getKey(), kept.timestamp(),
                                kept.key(), kept.value())).get();
                    }
                }
            }
        }
    }
}
