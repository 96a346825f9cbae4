package nl.barriere.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import nl.barriere.contract.DeadLetters;
import nl.barriere.contract.Topics;
import nl.barriere.devkit.EmbeddedSchemaRegistry;
import nl.barriere.schema.DeadLetter;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler.Response;
import org.apache.kafka.streams.errors.ProductionExceptionHandler.Result;
import org.apache.kafka.streams.processor.TaskId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * DESIGN.md §2 rule 7 at the producer: an output the broker refuses for good becomes a dead letter and the
 * application goes on; a temporary outage (broker, schema registry) fails it, so nothing is skipped.
 */
class DeadLetterProductionHandlerTest {

    private static final long EVENT_TIME = 1_740_821_400_000L;

    private static EmbeddedSchemaRegistry registry;

    @BeforeAll
    static void startRegistry() {
        registry = EmbeddedSchemaRegistry.start(0);
    }

    @AfterAll
    static void stopRegistry() {
        registry.close();
    }

    @Test
    void aRecordTooLargeForItsTopicBecomesADeadLetterInTheSameTransaction() {
        // Given detection's handler (its own application id), and a signal of 2 MB refused while input
        // kvk.business-events-0@41 was processed
        final String app = TestTopologies.freshId("produce-test");
        final DeadLetterProductionHandler handler = handler(Map.of(StreamsConfig.APPLICATION_ID_CONFIG, app));
        final byte[] signal = new byte[2_000_000];
        Arrays.fill(signal, (byte) 7);
        final ProducerRecord<byte[], byte[]> refused = new ProducerRecord<>(Topics.SIGNALS.name(), 0, EVENT_TIME,
                "sig-1".getBytes(StandardCharsets.UTF_8), signal);

        // When
        final Response response = handler.handleError(context(Topics.KVK_BUSINESS_EVENTS.name()), refused,
                new RecordTooLargeException("The message is 2000100 bytes when serialized which is larger than 1048576"));

        // Then it resumes with exactly one dead letter on ondermijning.dead-letters, keyed by the refused key
        assertThat(response.result()).isEqualTo(Result.RESUME);
        assertThat(response.deadLetterQueueRecords()).hasSize(1);
        final ProducerRecord<byte[], byte[]> out = response.deadLetterQueueRecords().get(0);
        assertThat(out.topic()).isEqualTo(Topics.DEAD_LETTERS.name());
        assertThat(out.key()).isEqualTo("sig-1".getBytes(StandardCharsets.UTF_8));
        assertThat(out.timestamp()).isEqualTo(EVENT_TIME);
        assertThat(out.value().length).isLessThan(DeadLetters.MAX_DEAD_LETTER_BYTES);

        // And the letter names the input, the stage, the refused topic and why, with the refused bytes bounded
        final DeadLetter letter = decode(out);
        assertThat(letter.getSourceTopic()).isEqualTo(Topics.KVK_BUSINESS_EVENTS.name());
        assertThat(letter.getPartition()).isZero();
        assertThat(letter.getOffset()).isEqualTo(41L);
        assertThat(letter.getStage()).isEqualTo("produce");
        assertThat(letter.getReason()).startsWith("could not write its output to ondermijning.signals: "
                + "org.apache.kafka.common.errors.RecordTooLargeException: The message is 2000100 bytes");
        assertThat(letter.getOriginalValue().remaining()).isEqualTo(DeadLetters.MAX_ORIGINAL_BYTES);
        assertThat(letter.getOriginalValueLength()).isEqualTo(2_000_000);
        assertThat(letter.getOriginalValueTruncated()).isTrue();
        assertThat(letter.getOriginalKey()).isEqualTo(ByteBuffer.wrap("sig-1".getBytes(StandardCharsets.UTF_8)));

        // And the metrics count it under stage produce, its refusal and the input's topic
        assertThat(PrometheusScrape.now().value(Metrics.DEAD_LETTERS, Map.of("app", app, "stage", "produce",
                "reason", "record-too-large", "topic", Topics.KVK_BUSINESS_EVENTS.name()))).contains(1.0);
    }

    @Test
    void aTemporaryFailureAnywhereInTheCauseChainFailsTheApplication() {
        // Given a write that failed because a registry or broker was unreachable (a RetriableException, wrapped)
        final DeadLetterProductionHandler handler = handler(Map.of());
        final ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(Topics.SIGNALS.name(), new byte[1], new byte[1]);
        final Exception outage = new SerializationException("could not register schema",
                new IllegalStateException("registry", new NotEnoughReplicasException("unreachable")));

        // When / Then: FAIL, and nothing is dead-lettered
        final Response response = handler.handleError(context(Topics.KVK_BUSINESS_EVENTS.name()), record, outage);
        assertThat(response.result()).isEqualTo(Result.FAIL);
        assertThat(response.deadLetterQueueRecords()).isEmpty();
    }

    @Test
    void anyOtherFailureStillStopsTheApplication() {
        // Given a refusal that is about the application, not the record
        final DeadLetterProductionHandler handler = handler(Map.of());
        final ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(Topics.SIGNALS.name(), new byte[1], new byte[1]);

        // When / Then
        assertThat(handler.handleError(context(Topics.KVK_BUSINESS_EVENTS.name()), record,
                new TopicAuthorizationException("not allowed")).result()).isEqualTo(Result.FAIL);
        assertThat(handler.handleSerializationError(context(Topics.KVK_BUSINESS_EVENTS.name()), record,
                new SerializationException("bug"), null).result()).isEqualTo(Result.FAIL);
    }

    @Test
    void theBibobZoneDeadLettersOnItsOwnTopicAndKeepsTheBytes() {
        // Given the Bibob zone's handler and a refused restricted-context record
        final DeadLetterProductionHandler handler = handler(Map.of(
                DeadLetterProductionHandler.DEAD_LETTERS_TOPIC_CONFIG, Topics.BIBOB_DEAD_LETTERS.name()));
        final ProducerRecord<byte[], byte[]> refused = new ProducerRecord<>(Topics.RESTRICTED_CONTEXT.name(), 0,
                EVENT_TIME, "HV-1".getBytes(StandardCharsets.UTF_8), new byte[] {1, 2, 3});

        // When
        final Response response = handler.handleError(context(Topics.BIBOB_CASE_EVENTS.name()), refused,
                new RecordTooLargeException("too large"));

        // Then it goes to bibob.dead-letters, restricted like the record, bytes and all
        final DeadLetter letter = decode(response.deadLetterQueueRecords().get(0));
        assertThat(response.deadLetterQueueRecords().get(0).topic()).isEqualTo(Topics.BIBOB_DEAD_LETTERS.name());
        assertThat(letter.getOriginalValue()).isEqualTo(ByteBuffer.wrap(new byte[] {1, 2, 3}));
        assertThat(letter.getOriginalValueTruncated()).isFalse();
    }

    @Test
    void aRestrictedRecordRefusedOnTheSharedTopicKeepsOnlyItsLengthAndHash() {
        // Given review (shared dead letters) failing to write a flagged permit (restricted)
        final DeadLetterProductionHandler handler = handler(Map.of());
        final ProducerRecord<byte[], byte[]> refused = new ProducerRecord<>(Topics.FLAGGED_PERMITS.name(), 0,
                EVENT_TIME, "HV-1".getBytes(StandardCharsets.UTF_8), new byte[] {1, 2, 3});

        // When
        final Response response = handler.handleError(context(Topics.REVIEW_DECISIONS.name()), refused,
                new RecordTooLargeException("too large"));

        // Then the dead letter on ondermijning.dead-letters withholds the bytes but says how long they were
        final ProducerRecord<byte[], byte[]> out = response.deadLetterQueueRecords().get(0);
        assertThat(out.topic()).isEqualTo(Topics.DEAD_LETTERS.name());
        assertThat(out.key()).isNull();
        final DeadLetter letter = decode(out);
        assertThat(letter.getOriginalValue()).isNull();
        assertThat(letter.getOriginalKey()).isNull();
        assertThat(letter.getOriginalValueLength()).isEqualTo(3);
        assertThat(letter.getOriginalValueSha256()).hasSize(64);
        assertThat(letter.getOriginalValueTruncated()).isTrue();
        assertThat(letter.getReason()).contains("restricted, so only its length and SHA-256 are kept");
    }

    @Test
    void aDeadLetterThatItselfCannotBeWrittenIsRewrittenBoundedOnTheSameTopic() {
        // Given a replay whose own dead letter was refused
        final DeadLetterProductionHandler handler = handler(Map.of(
                DeadLetterProductionHandler.DEAD_LETTERS_TOPIC_CONFIG, "audit-2025.dead-letters"));
        final ProducerRecord<byte[], byte[]> refused = new ProducerRecord<>("audit-2025.dead-letters", 0, EVENT_TIME,
                new byte[2_000_000], new byte[2_000_000]);

        // When
        final Response response = handler.handleError(context(Topics.KVK_BUSINESS_EVENTS.name()), refused,
                new RecordTooLargeException("too large"));

        // Then the new letter goes to the same topic with its key cut, and describes the refused letter by length
        // and hash only, so that it is small whatever the refused one was
        final ProducerRecord<byte[], byte[]> out = response.deadLetterQueueRecords().get(0);
        assertThat(out.topic()).isEqualTo("audit-2025.dead-letters");
        assertThat(out.key()).hasSize(DeadLetters.MAX_ORIGINAL_BYTES);
        assertThat(out.value().length).isLessThan(10_000);
        final DeadLetter letter = decode(out);
        assertThat(letter.getOriginalValue()).isNull();
        assertThat(letter.getOriginalValueLength()).isEqualTo(2_000_000);
        assertThat(letter.getReason()).contains("is a dead letter itself");
    }

    @Test
    void theSettingsInstallTheHandlerAndTheProducersLimit() {
        final Map<String, Object> settings = DeadLetterProductionHandler.settings(
                AppConfig.defaults().with(AppConfig.REGISTRY_URL, registry.url()));
        assertThat(settings)
                .containsEntry(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterProductionHandler.class.getName())
                .containsEntry("producer.max.request.size", "1048576")
                .containsEntry(AppConfig.REGISTRY_URL, registry.url());
    }

    private static DeadLetterProductionHandler handler(final Map<String, Object> extra) {
        final Map<String, Object> configs = new HashMap<>(
                DeadLetterProductionHandler.settings(AppConfig.defaults().with(AppConfig.REGISTRY_URL, registry.url())));
        configs.putAll(extra);
        final DeadLetterProductionHandler handler = new DeadLetterProductionHandler();
        handler.configure(configs);
        return handler;
    }

    private static DeadLetter decode(final ProducerRecord<byte[], byte[]> record) {
        return Topics.DEAD_LETTERS.valueSerde(Map.of(AppConfig.REGISTRY_URL, registry.url())).deserializer()
                .deserialize(record.topic(), record.value());
    }

    /** What Kafka Streams hands the handler while the input at {@code topic}-0@41 is processed. */
    private static ErrorHandlerContext context(final String topic) {
        return new ErrorHandlerContext() {
            @Override public String topic() { return topic; }
            @Override public int partition() { return 0; }
            @Override public long offset() { return 41L; }
            @Override public Headers headers() { return new RecordHeaders(); }
            @Override public String processorNodeId() { return "write-signals"; }
            @Override public TaskId taskId() { return new TaskId(0, 0); }
            @Override public long timestamp() { return EVENT_TIME; }
            @Override public byte[] sourceRawKey() { return null; }
            @Override public byte[] sourceRawValue() { return null; }
        };
    }
}
