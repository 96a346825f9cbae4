package nl.barriere.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import nl.barriere.contract.Topics;
import nl.barriere.platform.TestTopologies;
import nl.barriere.schema.BusinessEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

/**
 * The time Kafka Streams orders input records by. A record ingest will refuse, for whatever reason, must keep its
 * partition where it is: neither hold it back nor move it ahead of the good records around it.
 */
class EventTimeExtractorTest {

    private static final String TOPIC = Topics.KVK_BUSINESS_EVENTS.name();
    /** When the records reached the broker (LogAppendTime): long after the events, as on a load of history. */
    private static final long ARRIVED = Instant.parse("2026-12-02T10:00:00Z").toEpochMilli();
    private static final Instant SPRING = Instant.parse("2025-03-01T09:30:00Z");
    private static final Instant AUTUMN = Instant.parse("2025-11-01T09:30:00Z");
    private static final long PARTITION_TIME = SPRING.toEpochMilli();

    private final EventTimeExtractor extractor = new EventTimeExtractor(List.of(Topics.KVK_BUSINESS_EVENTS),
            TestTopologies.serdeConfig());

    @Test
    void aValidEventIsOrderedByItsOwnTime() {
        assertThat(extract(ValidationTest.registered().setOccurredAt(AUTUMN).build())).isEqualTo(AUTUMN.toEpochMilli());
    }

    @Test
    void anEventThatBreaksARuleKeepsItsPartitionsTimeRatherThanMovingItToItsOwnLaterTime() {
        // A copy of a real autumn event with one field wrong, among spring events: had it moved its partition's
        // time to autumn, every undecodable record after it would have taken autumn too, and held the good spring
        // events behind them back until the other sources' spring events were past.
        final BusinessEvent broken = ValidationTest.registered().setOccurredAt(AUTUMN).setKvkNumber("1234567X").build();
        assertThat(extract(broken)).isEqualTo(PARTITION_TIME);
    }

    @Test
    void anEventDatedMoreThanADayAfterItArrivedKeepsItsPartitionsTime() {
        final BusinessEvent mistyped = ValidationTest.registered().setOccurredAt(Instant.parse("2105-03-01T09:30:00Z"))
                .build();
        assertThat(extract(mistyped)).isEqualTo(PARTITION_TIME);
    }

    @Test
    void aValueThatDoesNotDecodeKeepsItsPartitionsTimeAndSortsFirstBeforeThePartitionHasOne() {
        assertThat(extractor.extract(record(new byte[] {1, 2, 3}), PARTITION_TIME)).isEqualTo(PARTITION_TIME);
        assertThat(extractor.extract(record(null), PARTITION_TIME)).isEqualTo(PARTITION_TIME);
        assertThat(extractor.extract(record(new byte[] {1, 2, 3}), -1)).isZero();
    }

    private long extract(final BusinessEvent event) {
        final byte[] value = Topics.KVK_BUSINESS_EVENTS.valueSerde(TestTopologies.serdeConfig()).serializer()
                .serialize(TOPIC, event);
        return extractor.extract(record(value), PARTITION_TIME);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static ConsumerRecord<Object, Object> record(final byte[] value) {
        return (ConsumerRecord) new ConsumerRecord<>(TOPIC, 0, 7L, ARRIVED, TimestampType.LOG_APPEND_TIME,
                0, value == null ? 0 : value.length, "k".getBytes(), value, new RecordHeaders(), Optional.empty());
    }
}
