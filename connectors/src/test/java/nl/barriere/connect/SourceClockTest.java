package nl.barriere.connect;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.Properties;
import nl.barriere.contract.Topics;
import nl.barriere.schema.Address;
import nl.barriere.schema.BusinessEvent;
import nl.barriere.schema.BusinessEventType;
import nl.barriere.schema.Party;
import nl.barriere.schema.PropertyTransfer;
import nl.barriere.schema.Source;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a lookup connector dates what it looked up. */
class SourceClockTest {

    @TempDir
    Path dir;

    private static final Instant ASKED_AT = Instant.parse("2024-03-01T12:00:00Z");
    private static final Instant REGISTERED_2019 = Instant.parse("2019-06-03T08:15:00Z");

    @Test
    void aLookupIsDatedAtTheRecordThatAskedForItWhenTheSourcesAreNotFarAhead() {
        // a BAG version registered in 2019, asked for by a transfer of 1 March 2024 while the newest event is a day
        // later: dated at the transfer, so it sorts with it instead of years back
        final long newest = ASKED_AT.plusSeconds(86_400).toEpochMilli();
        assertThat(SourceClock.date(ASKED_AT, REGISTERED_2019, newest)).isEqualTo(ASKED_AT);
        // a fact of its own that is later than the asking record keeps its own time
        final Instant later = ASKED_AT.plusSeconds(3_600);
        assertThat(SourceClock.date(ASKED_AT, later, newest)).isEqualTo(later);
        // and with no time of its own, or no source event yet, the asking record's
        assertThat(SourceClock.date(ASKED_AT, null, newest)).isEqualTo(ASKED_AT);
        assertThat(SourceClock.date(ASKED_AT, REGISTERED_2019, Long.MIN_VALUE)).isEqualTo(ASKED_AT);
    }

    @Test
    void aLookupThatTrailsABurstOfHistoryIsDatedTheLagBehindTheNewestEventInstead() {
        // asked for on 1 March while the sources have already delivered up to 1 April: 1 April minus 7 days, within
        // the lateness detection allows a looked-up topic (8 days), where 1 March would be refused as late
        final Instant newest = Instant.parse("2024-04-01T00:00:00Z");
        assertThat(SourceClock.date(ASKED_AT, REGISTERED_2019, newest.toEpochMilli()))
                .isEqualTo(newest.minus(SourceClock.LAG)).isEqualTo(Instant.parse("2024-03-25T00:00:00Z"));
    }

    @Test
    void theNewestEventTimeIsReadFromTheLastRecordsOfTheSourceTopics() throws Exception {
        try (ConnectPlatform platform = ConnectPlatform.start(dir)) {
            // Given a transfer of 1 March on the land register's topic, a registration of 1 April on the KvK's, and
            // a record on the permits' topic that is not the contract's Avro
            final Instant april = Instant.parse("2024-04-01T00:00:00Z");
            final Properties props = new Properties();
            props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrapServers());
            final Map<String, String> serde = Map.of("schema.registry.url", platform.registryUrl());
            try (KafkaProducer<String, byte[]> producer =
                         new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
                final String transfers = Topics.KADASTER_PROPERTY_TRANSFERS.name();
                producer.send(new ProducerRecord<>(transfers, "0546010000000001", Topics.KADASTER_PROPERTY_TRANSFERS
                        .valueSerde(serde).serializer().serialize(transfers, PropertyTransfer.newBuilder()
                                .setEventId("kad-1").setOccurredAt(ASKED_AT).setSource(new Source("test", "D-1"))
                                .setBagVboId("0546010000000001").setCadastralParcel("LDN00-K-1")
                                .setDeedDate(LocalDate.parse("2024-03-01")).setPrice(300_000)
                                .setBuyer(new Party("12345678", null)).setSeller(new Party("87654321", null))
                                .build()))).get();
                final String kvk = Topics.KVK_BUSINESS_EVENTS.name();
                producer.send(new ProducerRecord<>(kvk, "12345678", Topics.KVK_BUSINESS_EVENTS.valueSerde(serde)
                        .serializer().serialize(kvk, BusinessEvent.newBuilder().setEventId("kvk-1")
                                .setOccurredAt(april).setSource(new Source("test", "12345678")).setKvkNumber("12345678")
                                .setType(BusinessEventType.REGISTERED)
                                .setAddress(new Address("0546010000000002", "2311CS", "12")).build()))).get();
                producer.send(new ProducerRecord<>(Topics.HORECA_PERMIT_EVENTS.name(), "A-1",
                        "{\"eventId\":\"far-ahead\",\"occurredAt\":\"2030-01-01T00:00:00Z\"}"
                                .getBytes(StandardCharsets.UTF_8))).get();
            }
            final Properties consumer = new Properties();
            consumer.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrapServers());
            try (SourceClock clock = new SourceClock(consumer, platform.registryUrl())) {
                // Then the newest event time is the registration's (the undecodable record counts for nothing), and a
                // value asked for by the transfer is dated the lag behind it
                assertThat(clock.newest()).isEqualTo(april.toEpochMilli());
                assertThat(clock.date(ASKED_AT, null)).isEqualTo(april.minus(SourceClock.LAG));
            }
        }
    }
}
