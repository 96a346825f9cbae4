package nl.barriere.devkit.generator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import nl.barriere.schema.BibobCaseEvent;
import nl.barriere.schema.BusinessEvent;
import nl.barriere.schema.Party;
import nl.barriere.schema.PermitEvent;
import nl.barriere.schema.PropertyTransfer;
import org.junit.jupiter.api.Test;

class GeneratorOutputShapeTest {

    private static final Pattern KVK = Pattern.compile("\\d{8}");
    private static final Pattern ESTABLISHMENT = Pattern.compile("\\d{12}");
    private static final Pattern BAG_VBO = Pattern.compile("\\d{4}01\\d{10}");
    private static final Pattern PSEUDONYM = Pattern.compile("p-[0-9a-f]{64}");
    private static final Pattern START_DATE = Pattern.compile("(19|20)\\d{2}(0[1-9]|1[0-2])(0[0-9]|[12]\\d|3[01])");
    private static final Pattern POSTCODE = Pattern.compile("[1-9]\\d{3}[A-Z]{2}");
    private static final Pattern EVENT_ID = Pattern.compile("(kvk|kad|hor|bib)-\\d{9}");

    private final GeneratorFixture.Generated leiden = GeneratorFixture.leidenThreeYears();

    @Test
    void everyFileIsSortedByEventTimeThenEventId() {
        // Given the parsed files (every line parsed back with AvroJson.fromJsonLine in the fixture)
        // When / Then each is in (occurredAt, eventId) order
        assertSorted(leiden.business(), BusinessEvent::getOccurredAt, BusinessEvent::getEventId);
        assertSorted(leiden.transfers(), PropertyTransfer::getOccurredAt, PropertyTransfer::getEventId);
        assertSorted(leiden.permits(), PermitEvent::getOccurredAt, PermitEvent::getEventId);
        assertSorted(leiden.bibob(), BibobCaseEvent::getOccurredAt, BibobCaseEvent::getEventId);
    }

    @Test
    void everyEventIdIsUniqueAcrossAllFilesAndTheCountsMatchTheReport() {
        // Given all event ids
        final List<String> ids = new ArrayList<>();
        leiden.business().forEach(e -> ids.add(e.getEventId()));
        leiden.transfers().forEach(e -> ids.add(e.getEventId()));
        leiden.permits().forEach(e -> ids.add(e.getEventId()));
        leiden.bibob().forEach(e -> ids.add(e.getEventId()));

        // When / Then
        assertThat(ids).doesNotHaveDuplicates().allMatch(id -> EVENT_ID.matcher(id).matches());
        assertThat(leiden.report().eventsPerTopic())
                .containsEntry(GeneratorTopics.BUSINESS_EVENTS, (long) leiden.business().size())
                .containsEntry(GeneratorTopics.PROPERTY_TRANSFERS, (long) leiden.transfers().size())
                .containsEntry(GeneratorTopics.PERMIT_EVENTS, (long) leiden.permits().size())
                .containsEntry(GeneratorTopics.BIBOB_CASE_EVENTS, (long) leiden.bibob().size());
    }

    @Test
    void businessEventsHaveRegisterShapedIdentifiers() {
        for (final BusinessEvent event : leiden.business()) {
            assertThat(event.getKvkNumber()).matches(KVK);
            if (event.getEstablishmentNumber() != null) {
                assertThat(event.getEstablishmentNumber()).matches(ESTABLISHMENT);
            }
            if (event.getAddress() != null) {
                assertThat(event.getAddress().getBagVboId()).startsWith("0546").matches(BAG_VBO);
                assertThat(event.getAddress().getPostcode()).matches(POSTCODE);
            }
            if (event.getOfficer() != null) {
                assertThat(event.getOfficer().getPersonPseudonym()).matches(PSEUDONYM);
            }
            if (event.getStartDate() != null) {
                assertThat(event.getStartDate()).matches(START_DATE);
            }
            if (event.getTransferredFromKvkNumber() != null) {
                assertThat(event.getTransferredFromKvkNumber()).matches(KVK);
            }
        }
        assertThat(leiden.business()).anyMatch(e -> e.getStartDate() != null && e.getStartDate().endsWith("00"));
    }

    @Test
    void everyPersonIsAPseudonymAndEveryPartyHasExactlyOneIdentifier() {
        for (final PropertyTransfer transfer : leiden.transfers()) {
            assertThat(transfer.getBagVboId()).matches(BAG_VBO);
            assertThat(transfer.getPrice()).isPositive();
            assertParty(transfer.getBuyer());
            assertParty(transfer.getSeller());
        }
        for (final PermitEvent permit : leiden.permits()) {
            assertThat(permit.getApplicantKvkNumber()).matches(KVK);
            assertThat(permit.getEstablishmentNumber()).matches(ESTABLISHMENT);
            assertThat(permit.getBagVboId()).matches(BAG_VBO);
            assertThat(permit.getManagerPseudonyms()).allMatch(p -> PSEUDONYM.matcher(p).matches());
            assertThat(permit.getApplicationId()).matches("HOR-\\d{4}-\\d{6}");
        }
        for (final BibobCaseEvent bibob : leiden.bibob()) {
            assertThat(bibob.getSubjectKvkNumber() == null).isNotEqualTo(bibob.getSubjectPersonPseudonym() == null);
            if (bibob.getSubjectKvkNumber() != null) {
                assertThat(bibob.getSubjectKvkNumber()).matches(KVK);
            } else {
                assertThat(bibob.getSubjectPersonPseudonym()).matches(PSEUDONYM);
            }
        }
    }

    @Test
    void backgroundPricesAreRealistic() {
        // Given the background transfers (planted ones are listed in the ground truth)
        final Set<String> planted = new HashSet<>();
        leiden.groundTruth().get("cases").forEach(c -> c.get("eventIds").forEach(id -> planted.add(id.asText())));
        final List<Long> prices =
                leiden.transfers().stream().filter(t -> !planted.contains(t.getEventId())).map(PropertyTransfer::getPrice)
                        .sorted().toList();

        // When the median is taken
        final long median = prices.get(prices.size() / 2);
        final Set<String> mortgaged = new HashSet<>();
        leiden.mortgages().stream().filter(m -> !planted.contains(m.getEventId())).forEach(m -> mortgaged.add(m.getBagVboId()));
        final double withMortgage =
                leiden.transfers().stream().filter(t -> !planted.contains(t.getEventId()))
                        .filter(t -> mortgaged.contains(t.getBagVboId())).count() / (double) prices.size();
        final double personBuyers =
                leiden.transfers().stream().filter(t -> !planted.contains(t.getEventId()))
                        .filter(t -> t.getBuyer().getPersonPseudonym() != null).count() / (double) prices.size();

        // Then it is near Leiden's 400k, most sales have a mortgage and most buyers are persons
        assertThat(median).isBetween(370_000L, 440_000L);
        assertThat(withMortgage).isGreaterThan(0.8);
        assertThat(personBuyers).isGreaterThan(0.85);
    }

    private static void assertParty(final Party party) {
        assertThat(party.getKvkNumber() == null).isNotEqualTo(party.getPersonPseudonym() == null);
        if (party.getKvkNumber() != null) {
            assertThat(party.getKvkNumber()).matches(KVK);
        } else {
            assertThat(party.getPersonPseudonym()).matches(PSEUDONYM);
        }
    }

    private static <T> void assertSorted(
            final List<T> events, final Function<T, Instant> time, final Function<T, String> id) {
        assertThat(events).isNotEmpty().isSortedAccordingTo(Comparator.comparing(time).thenComparing(id));
    }
}
