package nl.barriere.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.function.Function;
import nl.barriere.contract.DeadLetters;
import nl.barriere.contract.Topic;
import nl.barriere.contract.Topics;
import nl.barriere.detect.DetectionTopology;
import nl.barriere.detect.GeneratedYear;
import nl.barriere.detect.Ruleset;
import nl.barriere.platform.AppConfig;
import nl.barriere.platform.EmbeddedPlatform;
import nl.barriere.platform.Lag;
import nl.barriere.platform.StreamsApp;
import nl.barriere.platform.TopicReader;
import nl.barriere.schema.DeadLetter;
import nl.barriere.schema.PermitEvent;
import nl.barriere.schema.RiskSignal;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DESIGN.md rule 3 on the shipped ruleset under realistic delivery, on real brokers and registries: one generated
 * Leiden year (seed 42) arrives as its sources would deliver it, every event up to its source's lateness after it
 * happened (KvK 8 days, Kadaster 14, permits 3), the three sources interleaved by arrival. Live detection and a
 * replay over the same topics give byte-identical signals, nothing is a dead letter, and the signal ids are those
 * of a live run fed the same year in tidy event-time order. An event later than the ruleset allows is a dead letter
 * with stage {@value DeadLetters#LATE}, live and in the replay alike, and changes no signal.
 */
class DelayedDeliveryReplayTest {

    private static final Instant ALL_FROM = Instant.EPOCH;
    private static final Instant ALL_TO = Instant.parse("9999-12-31T00:00:00Z");
    private static final List<String> INPUT_NAMES = DetectionTopology.INPUTS.stream().map(Topic::name).toList();

    /** An event of the year and when it reaches Kafka. */
    record Delivery(Topic<String, SpecificRecord> topic, SpecificRecord event, long time, long arrival) {}

    @TempDir
    static Path data;

    private static final List<Delivery> TIDY = new ArrayList<>();
    private static final List<Delivery> DELIVERED = new ArrayList<>();

    @BeforeAll
    static void generateTheYearAndItsDelivery() throws Exception {
        final Ruleset shipped = Ruleset.load("v1");
        final SplittableRandom random = new SplittableRandom(7);
        for (final GeneratedYear.Event e : GeneratedYear.leiden(data)) {
            final long lateness = shipped.latenessMs(e.topic().name());
            TIDY.add(new Delivery(e.topic(), e.event(), e.time(), e.time()));
            DELIVERED.add(new Delivery(e.topic(), e.event(), e.time(), e.time() + random.nextLong(lateness + 1)));
        }
        TIDY.sort(Comparator.comparingLong(Delivery::time));
        DELIVERED.sort(Comparator.comparingLong(Delivery::arrival));
        assertThat(DELIVERED.stream().map(Delivery::event).toList())
                .isNotEqualTo(TIDY.stream().map(Delivery::event).toList());
    }

    @Test
    void delayedDeliveryGivesByteIdenticalSignalsLiveAndInReplayAndTheIdsOfTheTidyOrder() throws Exception {
        // Given the signals of a live run over the year in tidy event-time order, on a platform of its own
        final long tidyStarted = System.nanoTime();
        final Map<String, RiskSignal> tidy = new TreeMap<>();
        try (EmbeddedPlatform platform = EmbeddedPlatform.start("delayed-delivery-tidy")) {
            produce(platform.config(), TIDY);
            runLive(platform.config(), "tidy-" + UUID.randomUUID());
            TopicReader.readAll(Topics.SIGNALS, platform.config(), (raw, signal) -> tidy.put(signal.getSignalId(), signal));
            assertThat(deadLetters(platform.config(), Topics.DEAD_LETTERS.name())).isEmpty();
        }
        final double tidySeconds = (System.nanoTime() - tidyStarted) / 1e9;
        assertThat(tidy).hasSizeGreaterThan(20);

        try (EmbeddedPlatform platform = EmbeddedPlatform.start("delayed-delivery")) {
            final AppConfig config = platform.config();

            // When the year arrives as delivered, live detection runs until it has caught up, and a replay runs over
            // the same topics
            final long liveStarted = System.nanoTime();
            produce(config, DELIVERED);
            final String liveId = "live-" + UUID.randomUUID();
            runLive(config, liveId);
            final double liveSeconds = (System.nanoTime() - liveStarted) / 1e9;
            final Map<String, SignalDiff.Stored> live = SignalDiff.read(config, Topics.SIGNALS.name(), ALL_FROM, ALL_TO);
            final Replay.Summary replay = replay(config, "delayed");

            // Then audit-diff finds the replayed signals byte-identical to the live ones, nothing missing, extra or
            // changed; nothing was a dead letter in either run
            final SignalDiff.Result diff = SignalDiff.compare(config, Topics.SIGNALS.name(), replay.signalsTopic(),
                    ALL_FROM, ALL_TO);
            System.out.printf("%ndelayed delivery: %,d events; tidy run %.1f s, delayed live run %.1f s, replay %.1f s; "
                            + "%,d live signals, %,d identical, %d missing, %d extra, %d changed%n", DELIVERED.size(),
                    tidySeconds, liveSeconds, replay.seconds(), live.size(), diff.identical().size(), diff.missing().size(),
                    diff.extra().size(), diff.changed().size());
            assertThat(live).isNotEmpty();
            assertThat(diff.missing()).isEmpty();
            assertThat(diff.extra()).isEmpty();
            assertThat(diff.changed()).isEmpty();
            assertThat(diff.identical()).containsExactlyElementsOf(live.keySet());
            assertThat(deadLetters(config, Topics.DEAD_LETTERS.name())).isEmpty();
            assertThat(replay.deadLetters()).isZero();

            // And the signal ids, and all content but where the evidence lies, are those of the tidy order
            assertThat(live.keySet()).containsExactlyElementsOf(tidy.keySet());
            live.forEach((id, stored) -> assertThat(GeneratedYear.withoutOffsets(stored.signal())).as(id)
                    .isEqualTo(GeneratedYear.withoutOffsets(tidy.get(id))));

            // When, after all that, a permit event arrives a month after its place: further behind the newest event
            // time than any source's lateness
            final Delivery lastPermit = DELIVERED.stream()
                    .filter(d -> d.topic().name().equals(Topics.HORECA_PERMIT_EVENTS.name()))
                    .max(Comparator.comparingLong(Delivery::time)).orElseThrow();
            final long newest = DELIVERED.stream().mapToLong(Delivery::time).max().orElseThrow();
            final Instant lateTime = Instant.ofEpochMilli(lastPermit.time()).minus(Duration.ofDays(30));
            final PermitEvent late = PermitEvent.newBuilder((PermitEvent) lastPermit.event())
                    .setEventId("late-" + ((PermitEvent) lastPermit.event()).getEventId()).setOccurredAt(lateTime).build();
            assertThat(newest - lateTime.toEpochMilli()).isGreaterThan(Ruleset.load("v1").holdMs(INPUT_NAMES));
            final RecordMetadata lateAt = produce(config, List.of(new Delivery(asTopic(Topics.HORECA_PERMIT_EVENTS),
                    late, lateTime.toEpochMilli(), newest))).get(0);
            runLive(config, liveId);
            final Replay.Summary lateReplay = replay(config, "delayed-with-late");

            // Then it is a dead letter with stage late, live and in the replay, for that offset and with its bytes;
            // and the replay still gives the live signals, byte for byte
            for (final String topic : List.of(Topics.DEAD_LETTERS.name(), Replay.deadLettersTopic("delayed-with-late"))) {
                final List<DeadLetter> letters = deadLetters(config, topic);
                assertThat(letters).as(topic).hasSize(1);
                final DeadLetter letter = letters.get(0);
                assertThat(letter.getStage()).as(topic).isEqualTo(DeadLetters.LATE);
                assertThat(letter.getSourceTopic()).isEqualTo(Topics.HORECA_PERMIT_EVENTS.name());
                assertThat(letter.getPartition()).isEqualTo(lateAt.partition());
                assertThat(letter.getOffset()).isEqualTo(lateAt.offset());
                assertThat(letter.getReason()).startsWith("late: occurredAt " + lateTime);
            }
            assertThat(SignalDiff.read(config, Topics.SIGNALS.name(), ALL_FROM, ALL_TO).keySet())
                    .containsExactlyElementsOf(live.keySet());
            final SignalDiff.Result afterLate = SignalDiff.compare(config, Topics.SIGNALS.name(),
                    lateReplay.signalsTopic(), ALL_FROM, ALL_TO);
            assertThat(afterLate.isIdentical()).isTrue();
            assertThat(afterLate.identical()).containsExactlyElementsOf(live.keySet());
        }
    }

    /**
     * Writes the deliveries in the order given with one producer, record timestamp = arrival (the broker restamps
     * it with its own append time anyway); every partition keeps that order.
     */
    @SuppressWarnings("unchecked")
    private static List<RecordMetadata> produce(final AppConfig config, final List<Delivery> deliveries) throws Exception {
        final Map<String, Serializer<SpecificRecord>> values = new TreeMap<>();
        final Function<Topic<String, SpecificRecord>, Serializer<SpecificRecord>> serializer = topic ->
                values.computeIfAbsent(topic.name(), name -> topic.valueSerde(config.serdeConfig()).serializer());
        final Properties props = config.kafkaProperties();
        final List<Future<RecordMetadata>> sent = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer =
                     new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (final Delivery d : deliveries) {
                sent.add(producer.send(new ProducerRecord<>(d.topic().name(), null, d.arrival(),
                        d.topic().keyOf(d.event()).getBytes(StandardCharsets.UTF_8),
                        serializer.apply(d.topic()).serialize(d.topic().name(), d.event()))));
            }
            producer.flush();
        }
        final List<RecordMetadata> written = new ArrayList<>();
        for (final Future<RecordMetadata> future : sent) {
            written.add(future.get());
        }
        return written;
    }

    /** Runs live detection until it has committed every input record and released every due event, then stops it. */
    private static void runLive(final AppConfig config, final String applicationId) throws Exception {
        final Ruleset rules = Ruleset.load("v1");
        try (StreamsApp detect = new StreamsApp(applicationId,
                DetectionTopology.build(rules, config.serdeConfig(), Topics.SIGNALS.name()), config).start();
             Admin admin = Admin.create(config.kafkaProperties())) {
            assertThat(Lag.awaitCaughtUp(admin, applicationId, INPUT_NAMES, Duration.ofMinutes(3))).isTrue();
            final long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
            while (!Replay.drained(detect, rules) && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertThat(Replay.drained(detect, rules)).isTrue();
        }
    }

    private static Replay.Summary replay(final AppConfig config, final String name) throws Exception {
        return new Replay(config, Clock.systemUTC()).run(name, ALL_FROM, ALL_TO, Ruleset.load("v1"),
                new PrintWriter(new StringWriter()));
    }

    private static List<DeadLetter> deadLetters(final AppConfig config, final String topic) {
        final List<DeadLetter> letters = new ArrayList<>();
        TopicReader.readAll(Topics.DEAD_LETTERS.named(topic), config, (raw, letter) -> letters.add(letter));
        return letters;
    }

    @SuppressWarnings("unchecked")
    private static Topic<String, SpecificRecord> asTopic(final Topic<String, ? extends SpecificRecord> topic) {
        return (Topic<String, SpecificRecord>) topic;
    }
}
