package nl.barriere.detect;

import static nl.barriere.detect.Events.at;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import nl.barriere.contract.DeadLetters;
import nl.barriere.contract.Topic;
import nl.barriere.contract.Topics;
import nl.barriere.detect.Facts.Business;
import nl.barriere.detect.bibob.BibobZoneTopology;
import nl.barriere.platform.AppConfig;
import nl.barriere.platform.DeadLetterProductionHandler;
import nl.barriere.platform.EmbeddedPlatform;
import nl.barriere.platform.StreamsApp;
import nl.barriere.platform.TopicReader;
import nl.barriere.schema.DeadLetter;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * DESIGN.md §2 rule 7 against a real broker and registry: a bad input value as large as the broker takes must not
 * stop detection. Before dead letters were bounded, its dead letter (the whole value plus reason and names) was larger
 * than the producer's {@code max.request.size}, detection went to ERROR and failed on the same record after every
 * restart.
 */
class PoisonPillTest {

    /**
     * About the largest value the broker's default {@code message.max.bytes} (1 MiB + 12 bytes) takes with a short
     * key and the record batch's overhead; its dead letter, whole, would pass 1 MiB.
     */
    private static final int PILL_BYTES = 1_048_400;

    private static final Duration WAIT = Duration.ofSeconds(90);

    private static EmbeddedPlatform platform;

    @BeforeAll
    static void start() throws Exception {
        platform = EmbeddedPlatform.start("poison-pill");
    }

    @AfterAll
    static void stop() {
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void detectionDeadLettersAPillJustUnderTheBrokersLimitAndGoesOn() throws Exception {
        // Given a good registration (2024-01-01), then a ~1 MB value that is not Avro, then a good one (2024-01-20)
        // whose later event time, past the 14-day hold, releases the first from the ordering buffer
        final byte[] pill = pill();
        platform.write(Topics.KVK_BUSINESS_EVENTS,
                Events.registered("10000001", at("2024-01-01"), "20200101", "7022", "0546010000000001"));
        final long pillOffset = writeRaw(Topics.KVK_BUSINESS_EVENTS, "10000002", pill, at("2024-01-01").toEpochMilli());
        platform.write(Topics.KVK_BUSINESS_EVENTS,
                Events.registered("10000003", at("2024-01-20"), "20200101", "7022", "0546010000000003"));

        // When detection runs over it
        try (StreamsApp detection = new StreamsApp("barriere-detect-pill",
                DetectionTopology.build(Ruleset.load("v1"), platform.config().serdeConfig(), Topics.SIGNALS.name()),
                platform.config()).start()) {
            assertThat(detection.awaitRunning(WAIT)).isTrue();

            // Then the pill is a dead letter: cut to 256 KiB, with the length and SHA-256 of the whole value
            final DeadLetter letter = awaitDeadLetter(Topics.DEAD_LETTERS, detection);
            assertPill(letter, pill, pillOffset);

            // And the good record after it was still processed: the first business is in detection's state
            final Business business = awaitBusiness(detection, "10000001");
            assertThat(business.kvkNumber()).isEqualTo("10000001");
            assertThat(detection.state()).isEqualTo(KafkaStreams.State.RUNNING);
        }
    }

    @Test
    void theBibobZoneDeadLettersAPillOnItsRestrictedTopicAndGoesOn() throws Exception {
        // Given a ~1 MB Bibob case event that is not Avro
        final byte[] pill = pill();
        final long pillOffset = writeRaw(Topics.BIBOB_CASE_EVENTS, "HV-2024-0017", pill, at("2024-06-20").toEpochMilli());

        // When the Bibob zone runs, with the dead-letter topic it runs with in production
        final AppConfig config = platform.config()
                .with(DeadLetterProductionHandler.DEAD_LETTERS_TOPIC_CONFIG, BibobZoneTopology.DEAD_LETTERS_TOPIC);
        try (StreamsApp zone = new StreamsApp("barriere-bibob-zone-pill",
                BibobZoneTopology.build(Ruleset.load("v1"), config.serdeConfig()), config).start()) {
            assertThat(zone.awaitRunning(WAIT)).isTrue();

            // Then the pill is on bibob.dead-letters, bounded, and the zone is still running
            assertPill(awaitDeadLetter(Topics.BIBOB_DEAD_LETTERS, zone), pill, pillOffset);
            assertThat(zone.state()).isEqualTo(KafkaStreams.State.RUNNING);
        }
    }

    private static void assertPill(final DeadLetter letter, final byte[] pill, final long offset) throws Exception {
        assertThat(letter.getOffset()).isEqualTo(offset);
        assertThat(letter.getStage()).isEqualTo(DeadLetters.INGEST);
        assertThat(letter.getReason()).startsWith("cannot decode: ");
        assertThat(letter.getOriginalValueTruncated()).isTrue();
        assertThat(letter.getOriginalValueLength()).isEqualTo(PILL_BYTES);
        assertThat(letter.getOriginalValueSha256())
                .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(pill)));
        final byte[] kept = new byte[letter.getOriginalValue().remaining()];
        letter.getOriginalValue().duplicate().get(kept);
        assertThat(kept).isEqualTo(Arrays.copyOf(pill, DeadLetters.MAX_ORIGINAL_BYTES));
    }

    private static byte[] pill() {
        final byte[] pill = new byte[PILL_BYTES];
        Arrays.fill(pill, (byte) 'x');
        pill[PILL_BYTES - 1] = '!';
        return pill;
    }

    private static long writeRaw(final Topic<String, ?> topic, final String key, final byte[] value, final long timestamp)
            throws Exception {
        final Properties props = platform.config().kafkaProperties();
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(2 * 1024 * 1024));
        try (KafkaProducer<byte[], byte[]> producer =
                     new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            return producer.send(new ProducerRecord<>(topic.name(), null, timestamp,
                    key.getBytes(StandardCharsets.UTF_8), value)).get().offset();
        }
    }

    private static DeadLetter awaitDeadLetter(final Topic<byte[], DeadLetter> topic, final StreamsApp app)
            throws InterruptedException {
        final long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(app.isAlive()).as("%s still alive", app.applicationId()).isTrue();
            final List<DeadLetter> letters = new ArrayList<>();
            TopicReader.readAll(topic, platform.config(), (raw, value) -> letters.add(value));
            if (!letters.isEmpty()) {
                assertThat(letters).hasSize(1);
                return letters.get(0);
            }
            Thread.sleep(500);
        }
        throw new AssertionError("no dead letter on " + topic.name() + " within " + WAIT + "; " + app.applicationId()
                + " is " + app.state());
    }

    private static Business awaitBusiness(final StreamsApp app, final String kvkNumber) throws InterruptedException {
        final long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(app.isAlive()).isTrue();
            try {
                final ReadOnlyKeyValueStore<String, Business> store = app.streams().store(StoreQueryParameters
                        .fromNameAndType(DetectionTopology.BUSINESSES_STORE, QueryableStoreTypes.keyValueStore()));
                final Business business = store.get(kvkNumber);
                if (business != null) {
                    return business;
                }
            } catch (org.apache.kafka.streams.errors.InvalidStateStoreException e) {
                // rebalancing; ask again
            }
            Thread.sleep(500);
        }
        throw new AssertionError("business " + kvkNumber + " not in detection's state within " + WAIT);
    }
}
