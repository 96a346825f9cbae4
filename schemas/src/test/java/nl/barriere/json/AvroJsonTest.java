package nl.barriere.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import nl.barriere.schema.Address;
import nl.barriere.schema.BusinessEvent;
import nl.barriere.schema.BusinessEventType;
import nl.barriere.schema.DeadLetter;
import nl.barriere.schema.EvidenceRef;
import nl.barriere.schema.IndicatorResult;
import nl.barriere.schema.LegalForm;
import nl.barriere.schema.Party;
import nl.barriere.schema.PropertyTransfer;
import nl.barriere.schema.RiskSignal;
import nl.barriere.schema.SignalSubject;
import nl.barriere.schema.Source;
import nl.barriere.schema.SubjectType;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

class AvroJsonTest {

    static final BusinessEvent REGISTERED = BusinessEvent.newBuilder()
            .setEventId("kvk-000001")
            .setOccurredAt(Instant.parse("2024-03-01T09:30:00Z"))
            .setSource(new Source("kvk-mutatieservice", "M-1"))
            .setType(BusinessEventType.REGISTERED)
            .setKvkNumber("12345678")
            .setEstablishmentNumber("000012345678")
            .setLegalForm(LegalForm.BV)
            .setSbiCodes(List.of("5630", "4726"))
            .setStartDate("20240300")
            .setAddress(new Address("0546010000012345", "2311AB", "12a"))
            .build();

    @Test
    void aRecordSurvivesJsonAndBackUnchanged() {
        // Given records of several shapes: enums, nested records, optional fields, dates, bytes, maps, arrays
        final PropertyTransfer transfer = PropertyTransfer.newBuilder()
                .setEventId("kad-1").setOccurredAt(Instant.parse("2024-05-02T00:00:00.250Z"))
                .setSource(new Source("kadaster-brk", "D-9")).setBagVboId("0546010000012345")
                .setCadastralParcel("LDN00-K-1234").setDeedDate(LocalDate.parse("2024-05-02")).setPrice(425_000)
                .setMultipleObjects(false)
                .setBuyer(new Party("12345678", null)).setSeller(new Party(null, "p-" + "ab".repeat(32))).build();
        final RiskSignal signal = RiskSignal.newBuilder()
                .setSignalId("s-1").setSubject(new SignalSubject(SubjectType.PROPERTY, "0546010000012345"))
                .setIndicators(List.of(new IndicatorResult("I1", 1, 3, Map.of("windowDays", "183"), "nl", "en",
                        List.of(new EvidenceRef("kad-1", "kadaster.property-transfers", 0, 42L, Instant.parse("2024-05-02T00:00:00Z"))))))
                .setScore(3).setRulesetVersion("v1").setDetectedAt(Instant.parse("2024-05-02T00:00:00Z")).setSupersedes(null).build();
        final DeadLetter dead = new DeadLetter("kvk.business-events", 1, 7L, "ingest", "kvkNumber: not 8 digits",
                ByteBuffer.wrap(new byte[] {1, 2}), ByteBuffer.wrap(new byte[] {0, 0, 0, 0, 1, -1}),
                2, null, false, 6, null, false, false, Instant.parse("2024-01-01T00:00:00Z"));

        for (final SpecificRecord record : List.<SpecificRecord>of(REGISTERED, transfer, signal, dead)) {
            // When it is written as JSON and read back
            final String line = AvroJson.toJsonLine(record);
            final SpecificRecord back = AvroJson.fromJsonLine(line, record.getClass());

            // Then it equals the original and writes the same text again
            assertThat(back).isEqualTo(record);
            assertThat(AvroJson.toJsonLine(back)).isEqualTo(line);
        }
    }

    @Test
    void theFormatIsPlainJsonAPersonCanRead() {
        assertThat(AvroJson.toJsonLine(REGISTERED)).isEqualTo(
                "{\"eventId\":\"kvk-000001\",\"occurredAt\":\"2024-03-01T09:30:00Z\","
                        + "\"source\":{\"system\":\"kvk-mutatieservice\",\"reference\":\"M-1\"},\"type\":\"REGISTERED\","
                        + "\"kvkNumber\":\"12345678\",\"establishmentNumber\":\"000012345678\",\"legalForm\":\"BV\","
                        + "\"sbiCodes\":[\"5630\",\"4726\"],\"startDate\":\"20240300\","
                        + "\"address\":{\"bagVboId\":\"0546010000012345\",\"postcode\":\"2311AB\",\"houseNumber\":\"12a\"},"
                        + "\"officer\":null,\"deregistrationReason\":null,\"transferredFromKvkNumber\":null}");
    }

    @Test
    void optionalFieldsMayBeLeftOut() {
        final BusinessEvent event = AvroJson.fromJsonLine(
                "{\"eventId\":\"e\",\"occurredAt\":\"2024-03-01T09:30:00Z\",\"source\":{\"system\":\"s\",\"reference\":\"r\"},"
                        + "\"type\":\"DEREGISTERED\",\"kvkNumber\":\"12345678\",\"deregistrationReason\":\"OO\"}", BusinessEvent.class);
        assertThat(event.getSbiCodes()).isEmpty();
        assertThat(event.getAddress()).isNull();
        assertThat(event.getDeregistrationReason()).isEqualTo("OO");
    }

    @Test
    void eachKindOfMistakeNamesTheField() {
        final String good = AvroJson.toJsonLine(REGISTERED);
        assertThatThrownBy(() -> AvroJson.fromJsonLine(good.replace("\"kvkNumber\":\"12345678\"", "\"kvkNumber\":12345678"), BusinessEvent.class))
                .isInstanceOf(JsonFormatException.class).hasMessage("$.kvkNumber: expected a string, got 12345678 (number)");
        assertThatThrownBy(() -> AvroJson.fromJsonLine(good.replace("\"REGISTERED\"", "\"OPENED\""), BusinessEvent.class))
                .hasMessageStartingWith("$.type: 'OPENED' is not one of [REGISTERED, OFFICER_APPOINTED");
        assertThatThrownBy(() -> AvroJson.fromJsonLine(good.replace("\"eventId\":\"kvk-000001\",", ""), BusinessEvent.class))
                .hasMessage("$.eventId: required field is missing");
        assertThatThrownBy(() -> AvroJson.fromJsonLine(good.replace("\"postcode\"", "\"postalCode\""), BusinessEvent.class))
                .hasMessage("$.address.postalCode: unknown field for Address");
        assertThatThrownBy(() -> AvroJson.fromJsonLine(good.replace("2024-03-01T09:30:00Z", "1 March 2024"), BusinessEvent.class))
                .hasMessage("$.occurredAt: '1 March 2024' is not an ISO instant like 2024-03-01T09:30:00Z");
        assertThatThrownBy(() -> AvroJson.fromJsonLine(good.replace("2024-03-01T09:30:00Z", "2024-03-01T09:30:00.000001Z"), BusinessEvent.class))
                .hasMessageContaining("more precise than milliseconds");
        assertThatThrownBy(() -> AvroJson.fromJsonLine(good.replace("[\"5630\",", "[5630,"), BusinessEvent.class))
                .hasMessage("$.sbiCodes[0]: expected a string, got 5630 (number)");
        assertThatThrownBy(() -> AvroJson.fromJsonLine("{\"eventId\":", BusinessEvent.class))
                .hasMessageStartingWith("$: not valid JSON");
    }
}
