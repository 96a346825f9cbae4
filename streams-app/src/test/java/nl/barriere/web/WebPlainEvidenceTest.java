package nl.barriere.web;

import static nl.barriere.web.Signals.ref;
import static nl.barriere.web.Signals.signal;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nl.barriere.contract.Role;
import nl.barriere.schema.Address;
import nl.barriere.schema.BagObject;
import nl.barriere.schema.BagPurpose;
import nl.barriere.schema.BusinessEvent;
import nl.barriere.schema.BusinessEventType;
import nl.barriere.schema.EvidenceRef;
import nl.barriere.schema.IndicatorResult;
import nl.barriere.schema.LegalForm;
import nl.barriere.schema.Party;
import nl.barriere.schema.PermitEvent;
import nl.barriere.schema.PermitEventType;
import nl.barriere.schema.PermitKind;
import nl.barriere.schema.PropertyTransfer;
import nl.barriere.schema.Source;
import nl.barriere.schema.SubjectType;
import nl.barriere.schema.WozValuation;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The signal page reads as a case, not as a topic dump: a property by its address, amounts, dates and the registers'
 * codes in the page's language, each indicator's measurement against its limit, and the Kafka coordinates and BAG
 * ids behind a "technical source" toggle.
 */
class WebPlainEvidenceTest {

    private static final String PROPERTY = "0546010000012345";
    private static final String PREMISES = "0546010000054321";
    private static final Instant DEED = Instant.parse("2024-03-01T09:00:00Z");
    private static final Instant APPLIED = Instant.parse("2024-06-10T08:00:00Z");
    private static final Instant REGISTERED = Instant.parse("2024-04-02T09:00:00Z");
    private static final int TEST_ITERATIONS = 1_000;

    private final MutableClock clock = new MutableClock(Instant.parse("2024-07-01T10:00:00Z"));
    private Users.DemoUsers users;
    private WebServer server;

    @BeforeEach
    void start() {
        // Given a property sold far below its WOZ value, with its BAG object among the evidence, and a permit
        // application by a fresh café whose registration gives the premises' postcode and number
        users = Users.demo(TEST_ITERATIONS);
        final InMemoryReview review = new InMemoryReview(clock);
        final EvidenceRef transfer = ref("kad-000000044", "kadaster.property-transfers", 969, DEED);
        final EvidenceRef woz = ref("woz-000000045", "woz.valuations", 970, DEED);
        final EvidenceRef bag = ref("bag-000000046", "bag.objects", 971, Instant.parse("2020-01-01T00:00:00Z"));
        final EvidenceRef permit = ref("hor-000000042", "horeca.permit-events", 42, APPLIED);
        final EvidenceRef registration = ref("kvk-000000420", "kvk.business-events", 420, REGISTERED);
        review.add(signal("sig-price", SubjectType.PROPERTY, PROPERTY, DEED, null,
                new IndicatorResult("I2", 1, 2, Map.of("observedRatio", "0.38", "lowRatio", "0.7", "highRatio", "1.5",
                        "price", "150000", "wozValue", "400000", "wozValuationDate", "2023-01-01"),
                        "De koopsom is 0.38 keer de WOZ-waarde.", "The price is 0.38 times the WOZ value.",
                        List.of(transfer, woz, bag))));
        review.add(signal("sig-fresh", SubjectType.PERMIT_APPLICATION, "HV-2024-0042", APPLIED, null,
                new IndicatorResult("I11", 1, 2, Map.of("ageDays", "69", "freshMonths", "3",
                        "reshuffleDaysBefore", "-", "reshuffleMonths", "6"),
                        "De aanvrager bestond 69 dagen.", "The applicant had existed for 69 days.",
                        List.of(registration, permit))));
        final Map<String, SpecificRecord> events = Map.of(
                "kad-000000044", new PropertyTransfer("kad-000000044", DEED, new Source("kadaster", "akte-1"), PROPERTY,
                        "LDN01-K-1234", LocalDate.of(2024, 3, 1), 150_000L, false,
                        new Party(null, "87654321"), new Party("p-" + "cd".repeat(32), null)),
                "woz-000000045", new WozValuation("woz-000000045", DEED, new Source("woz", "w-1"), PROPERTY, "054600001234",
                        LocalDate.of(2023, 1, 1), 400_000L, false),
                "bag-000000046", BagObject.newBuilder().setEventId("bag-000000046").setOccurredAt(Instant.parse("2020-01-01T00:00:00Z"))
                        .setSource(new Source("bag", "v1")).setBagVboId(PROPERTY).setStatus("Verblijfsobject in gebruik")
                        .setPurposes(List.of(BagPurpose.WINKELFUNCTIE)).setStreet("Breestraat").setHouseNumber("12a")
                        .setPostcode("2311CS").setCity("Leiden").build(),
                "hor-000000042", new PermitEvent("hor-000000042", APPLIED, new Source("horeca-zaaksysteem", "Z-2024-042"),
                        "HV-2024-0042", PermitEventType.SUBMITTED, PermitKind.EXPLOITATIE, "87654321", null, PREMISES,
                        List.of(), null),
                "kvk-000000420", BusinessEvent.newBuilder().setEventId("kvk-000000420").setOccurredAt(REGISTERED)
                        .setSource(new Source("kvk-mutatieservice", "M-420")).setType(BusinessEventType.REGISTERED)
                        .setKvkNumber("87654321").setLegalForm(LegalForm.BV).setSbiCodes(List.of("5630"))
                        .setStartDate("20240402").setAddress(new Address(PREMISES, "2311AB", "7")).build());
        final EvidenceLookup lookup = refs -> {
            final Map<EvidenceRef, SpecificRecord> found = new LinkedHashMap<>();
            refs.forEach(r -> found.put(r, events.get(r.getEventId())));
            return found;
        };
        server = WebServer.start(0, review, review, users.users(), lookup, clock, Duration.ofMinutes(30));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aPropertyIsNamedByItsAddressAndItsBagIdIsBehindTheToggle() {
        // When the analyst opens the property's signal and the permit application's
        final WebClient analyst = analyst();
        final String property = analyst.get("/signals/sig-price").body();
        final String permit = analyst.get("/signals/sig-fresh").body();

        // Then the property is its address, in the heading, the summary and the timeline; the BAG id only in a toggle
        assertThat(property).contains("<h1>Object Breestraat 12a, 2311 CS Leiden</h1>",
                "Overdracht Breestraat 12a, 2311 CS Leiden (LDN01-K-1234)",
                "<details class=\"technical\"><summary>technische bron</summary><code>BAG " + PROPERTY + "</code></details>");
        assertThat(visible(property)).doesNotContain(PROPERTY);
        // And premises known only from the business register read as its postcode and number
        assertThat(permit).contains("<dt>Pand</dt><dd>2311 AB, nr. 7 <details class=\"technical\">");
        assertThat(visible(permit)).doesNotContain(PREMISES);
    }

    @Test
    void amountsDatesAndCodesReadInThePagesLanguage() {
        final WebClient analyst = analyst();

        final String dutch = analyst.get("/signals/sig-price").body() + analyst.get("/signals/sig-fresh").body();
        final String english = analyst.get("/signals/sig-price?lang=en").body() + analyst.get("/signals/sig-fresh").body();

        assertThat(dutch).contains("koopsom € 150.000", "akte 1 maart 2024", "WOZ-waarde € 400.000 (waardepeildatum 1 januari 2023)",
                "1 maart 2024 10:00", "gebruiksdoel winkel", "besloten vennootschap (bv)", "SBI 5630 cafés en bars",
                "start 2 april 2024", "KvK 87654321: ingeschreven", "exploitatievergunning", "laatste stap ingediend");
        assertThat(english).contains("price € 150,000", "deed 1 March 2024", "use shop", "private limited company (bv)",
                "SBI 5630 cafés and bars", "operating permit", "last step submitted");
        assertThat(visible(dutch + english)).as("no ISO timestamps, no raw codes")
                .doesNotContainPattern("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d")
                .doesNotContain("EXPLOITATIE", "SUBMITTED", "WINKELFUNCTIE", "20240402", "2023-01-01");
    }

    @Test
    void eachIndicatorShowsWhatItMeasuredAgainstItsLimit() {
        final WebClient analyst = analyst();

        final String dutch = analyst.get("/signals/sig-price").body();
        final String english = analyst.get("/signals/sig-price?lang=en").body();
        final String fresh = analyst.get("/signals/sig-fresh?lang=nl").body();

        assertThat(dutch).contains("<span class=\"measured\">koopsom 0,38 × WOZ-waarde</span> — <span class=\"limit\">grens 0,7 tot 1,5</span>");
        assertThat(english).contains("<span class=\"measured\">price 0.38 × WOZ value</span> — <span class=\"limit\">limit 0.7 to 1.5</span>");
        assertThat(fresh).contains("aanvrager bestond 69 dagen bij de aanvraag</span> — <span class=\"limit\">grens minder dan 3 maanden")
                .as("no reshuffle happened: nothing to measure").doesNotContain("rechtsvormwijziging of overdracht -");
        assertThat(dutch).as("the raw parameters behind the toggle")
                .contains("<details class=\"technical\"><summary>Technische bron: parameters zoals de regel ze vastlegde</summary>"
                        + "<table class=\"parameters\">");
    }

    @Test
    void kafkaCoordinatesAndEventIdsAreBehindTheTechnicalSourceToggle() {
        final String page = analyst().get("/signals/sig-price").body();

        assertThat(page).contains("<details class=\"technical ref\"><summary>technische bron</summary>"
                + "<code>kad-000000044 · kadaster.property-transfers / partitie 0 / offset 969</code></details>");
        assertThat(visible(page)).doesNotContain("kadaster.property-transfers", "kad-000000044", "offset 969");
    }

    /** The page as it reads with every toggle closed: without the {@code <details>} that hold technical sources. */
    private static String visible(final String html) {
        return html.replaceAll("(?s)<details class=\"technical[^\"]*\">.*?</details>", "")
                .replaceAll("(?s)<[^>]+>", " ");
    }

    private WebClient analyst() {
        return WebClient.loggedIn(server.port(), "analyst1", users.passwords().get("analyst1"));
    }
}
