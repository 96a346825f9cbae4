package nl.barriere.review;

import static nl.barriere.review.Reviews.RATIONALE_50;
import static nl.barriere.review.Reviews.permitSignal;
import static nl.barriere.review.Reviews.signalId;
import static nl.barriere.review.Reviews.unsigned;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import nl.barriere.contract.Role;
import nl.barriere.contract.Topics;
import nl.barriere.platform.AppConfig;
import nl.barriere.platform.EmbeddedPlatform;
import nl.barriere.platform.TopicReader;
import nl.barriere.schema.DeadLetter;
import nl.barriere.schema.EvidenceRef;
import nl.barriere.schema.FlaggedPermit;
import nl.barriere.schema.ReviewAction;
import nl.barriere.schema.ReviewDecision;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * On a real broker with {@code topics.partitions} partitions: the gate does not depend on the partition a decision
 * was produced to. A producer whose partitioner differs from Java's (librdkafka's default) puts a decision on another
 * partition than its signal's; the review app re-keys it by its signal id and the gate still finds the signal. A
 * decision on such a partition that is not signed by the review app is refused all the same.
 */
class ReviewPartitioningIntegrationTest {

    private static final Instant DETECTED = Instant.parse("2025-03-03T12:00:00Z");

    private static EmbeddedPlatform platform;
    private static AppConfig config;

    @BeforeAll
    static void startTheCluster() throws Exception {
        platform = EmbeddedPlatform.start("review-partitioning");
        config = platform.config();
    }

    @AfterAll
    static void stop() {
        platform.close();
    }

    @Test
    void decisionsProducedToAnotherPartitionThanTheirSignalsAreDecidedOnTheSignal() throws Exception {
        // Given a permit-application signal, written by Java's default partitioner to partition p
        final String id = signalId();
        final EvidenceRef signal = platform.write(Topics.SIGNALS, permitSignal(id, "APP-2025-0300", DETECTED), "signal");
        final int partitions = config.getInt(AppConfig.PARTITIONS);
        final int elsewhere = (signal.getPartition() + 1) % partitions;
        final DecisionSigner signer = DecisionSigner.fromConfig(config);
        final Instant now = Instant.now();

        try (ReviewApp review = ReviewApp.start(config);
             KafkaProducer<String, ReviewDecision> producer = new KafkaProducer<>(config.kafkaProperties(),
                     Topics.REVIEW_DECISIONS.keySerde().serializer(),
                     Topics.REVIEW_DECISIONS.valueSerde(config.serdeConfig()).serializer())) {
            assertThat(review.streamsApp().awaitRunning(Duration.ofSeconds(60))).isTrue();
            // When an escalation and its confirmation, signed by the review app, are produced to partition p + 1
            final ReviewDecision escalation = signer.sign(withAnalystRole(
                    unsigned(id, "analyst-a", ReviewAction.ESCALATE, RATIONALE_50, now)));
            final ReviewDecision confirmation = signer.sign(withAnalystRole(
                    unsigned(id, "analyst-b", ReviewAction.CONFIRM_ESCALATION, RATIONALE_50, now.plusSeconds(1))));
            // And a forged confirmation in a BIBOB officer's name before them, to the same partition
            final ReviewDecision forged = unsigned(id, "bibob1", ReviewAction.CONFIRM_ESCALATION, RATIONALE_50,
                    now.minusSeconds(1));
            for (final ReviewDecision decision : List.of(forged, escalation, confirmation)) {
                final var written = producer.send(new ProducerRecord<>(Topics.REVIEW_DECISIONS.name(), elsewhere,
                        decision.getDecidedAt().toEpochMilli(), id, decision)).get();
                assertThat(written.partition()).isNotEqualTo(signal.getPartition());
            }

            // Then the permit is flagged once, by the two analysts
            final List<FlaggedPermit> flagged = await(() -> {
                final List<FlaggedPermit> values = new ArrayList<>();
                TopicReader.readAll(Topics.FLAGGED_PERMITS, config, (raw, value) -> values.add(value));
                return values;
            });
            assertThat(flagged).extracting(FlaggedPermit::getSignalId).containsExactly(id);
            assertThat(flagged.get(0).getEscalatedBy()).isEqualTo("analyst-a");
            assertThat(flagged.get(0).getConfirmedBy()).isEqualTo("analyst-b");
            // And the forged one is the only dead letter, naming where it was written and why it was refused
            final List<DeadLetter> letters = await(() -> {
                final List<DeadLetter> values = new ArrayList<>();
                TopicReader.readAll(Topics.DEAD_LETTERS, config, (raw, value) -> values.add(value));
                return values;
            });
            assertThat(letters).hasSize(1);
            assertThat(letters.get(0).getSourceTopic()).isEqualTo(Topics.REVIEW_DECISIONS.name());
            assertThat(letters.get(0).getPartition()).isEqualTo(elsewhere);
            assertThat(letters.get(0).getReason()).isEqualTo("decision " + forged.getDecisionId()
                    + " by bibob1 (CONFIRM_ESCALATION) refused: it carries no signature, so it was not written by the review app");
        }
    }

    private static ReviewDecision withAnalystRole(final ReviewDecision decision) {
        return ReviewDecision.newBuilder(decision).setRoles(DecisionSigner.roleIds(List.of(Role.ANALYST))).build();
    }

    private static <T> List<T> await(final java.util.function.Supplier<List<T>> read) throws InterruptedException {
        final long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            final List<T> values = read.get();
            if (!values.isEmpty()) {
                return values;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("nothing arrived within 30 s");
    }
}
