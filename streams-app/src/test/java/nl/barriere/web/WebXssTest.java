package nl.barriere.web;

import static nl.barriere.web.Signals.ref;
import static nl.barriere.web.Signals.signal;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nl.barriere.contract.Role;
import nl.barriere.schema.Address;
import nl.barriere.schema.BagObject;
import nl.barriere.schema.BagPurpose;
import nl.barriere.schema.BusinessEvent;
import nl.barriere.schema.BusinessEventType;
import nl.barriere.schema.DangerLevel;
import nl.barriere.schema.DangerMatch;
import nl.barriere.schema.EvidenceRef;
import nl.barriere.schema.IndicatorResult;
import nl.barriere.schema.LegalForm;
import nl.barriere.schema.MatchBasis;
import nl.barriere.schema.RestrictedContext;
import nl.barriere.schema.Source;
import nl.barriere.schema.SubjectType;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every text a page shows that a person or a source system wrote is rendered inert: a rationale, a user name, the
 * queue's filter parameters, the login's {@code next}, a subject id, an indicator's explanation and parameters, the
 * restricted context, and evidence fields from the registers (postcode, house number, SBI codes, start date, the BAG
 * object's street, number, postcode and place, which name a property on the page). Each
 * carries the same markup; no page may contain it as markup, and the pages that show the text show it escaped.
 */
class WebXssTest {

    /** No blanks, so it also fits a user name; breaks out of an attribute and opens a script and an image. */
    private static final String PAYLOAD = "\"'><script>alert(1)</script><img/src=x/onerror=alert(1)>";
    private static final String ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;";
    private static final Instant AT = Instant.parse("2024-06-10T08:00:00Z");
    private static final String RATIONALE = "Escalated because of " + PAYLOAD + " and a fresh applicant at a resold address.";
    private static final int TEST_ITERATIONS = 1_000;

    private final MutableClock clock = new MutableClock(Instant.parse("2024-07-01T10:00:00Z"));
    private InMemoryReview review;
    private WebServer server;

    @BeforeEach
    void start() {
        // Given users whose names are markup, signals whose subject, explanation and parameters are, Bibob context and
        // register events with markup in every free-text field
        final List<String> lines = List.of(
                Users.line(PAYLOAD, Role.ANALYST, "pw-analyst", TEST_ITERATIONS),
                Users.line("analyst2", Role.ANALYST, "pw-analyst2", TEST_ITERATIONS),
                Users.line("bibob" + PAYLOAD, Role.BIBOB_OFFICER, "pw-bibob", TEST_ITERATIONS),
                Users.line("operator" + PAYLOAD, Role.OPERATOR, "pw-operator", TEST_ITERATIONS),
                Users.line("auditor" + PAYLOAD, Role.AUDITOR, "pw-auditor", TEST_ITERATIONS));
        review = new InMemoryReview(clock);
        final EvidenceRef registration = ref("kvk-000000001", "kvk.business-events", 1, AT);
        review.add(signal("sig-permit", SubjectType.PERMIT_APPLICATION, "HV-2024-0017", AT, null,
                marked("I11", registration)));
        final EvidenceRef bagObject = ref("bag-000000002", "bag.objects", 2, AT);
        review.add(signal("sig-marked", SubjectType.BUSINESS, PAYLOAD, AT, null, marked("I7", registration),
                marked(PAYLOAD, registration)));
        review.add(signal("sig-address", SubjectType.PROPERTY, "0546010000054321", AT, null, marked("I6", bagObject)));
        review.restrictedContext(new RestrictedContext("HV-2024-0017", "I12", 1, "Conclusie " + PAYLOAD,
                "Conclusion " + PAYLOAD, List.of(new DangerMatch("BIBOB-" + PAYLOAD, MatchBasis.APPLICANT, PAYLOAD,
                        DangerLevel.SERIOUS_DANGER, AT, new EvidenceRef("bib-1", "bibob.case-events", 0, 3L, AT))), AT));
        final BusinessEvent registered = BusinessEvent.newBuilder().setEventId("kvk-000000001").setOccurredAt(AT)
                .setSource(new Source("kvk-mutatieservice", PAYLOAD)).setType(BusinessEventType.REGISTERED)
                .setKvkNumber(PAYLOAD).setEstablishmentNumber(PAYLOAD).setLegalForm(LegalForm.BV)
                .setSbiCodes(List.of(PAYLOAD)).setStartDate(PAYLOAD)
                .setAddress(new Address("0546010000054321", PAYLOAD, PAYLOAD)).build();
        final BagObject bag = BagObject.newBuilder().setEventId("bag-000000002").setOccurredAt(AT)
                .setSource(new Source("bag", PAYLOAD)).setBagVboId("0546010000054321").setStatus(PAYLOAD)
                .setPurposes(List.of(BagPurpose.WINKELFUNCTIE)).setStreet(PAYLOAD).setHouseNumber(PAYLOAD)
                .setPostcode(PAYLOAD).setCity(PAYLOAD).build();
        final EvidenceLookup lookup = refs -> {
            final Map<EvidenceRef, SpecificRecord> found = new LinkedHashMap<>();
            refs.forEach(ref -> found.put(ref, ref.getTopic().equals("bag.objects") ? bag : registered));
            return found;
        };
        server = WebServer.start(0, review, review, Users.parse(lines, "test"), lookup, clock, Duration.ofMinutes(30));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void everyPageRendersUserAndSourceTextInert() {
        // When the analyst with the marked name escalates with a marked rationale, a colleague confirms, and everyone
        // opens their pages, with markup in the filters, the language and the login's next
        final WebClient analyst = loggedIn(PAYLOAD, "pw-analyst");
        final WebClient colleague = loggedIn("analyst2", "pw-analyst2");
        assertThat(analyst.decide("sig-permit", "ESCALATE", RATIONALE).statusCode()).isEqualTo(303);
        assertThat(analyst.decide("sig-marked", "REQUEST_INFO", RATIONALE).statusCode()).isEqualTo(303);
        final String secondReview = colleague.get("/second-review").body();
        assertThat(colleague.decide("sig-permit", "CONFIRM_ESCALATION", RATIONALE).statusCode()).isEqualTo(303);
        final String query = "?indicator=" + url(PAYLOAD) + "&state=" + url(PAYLOAD) + "&minAge=" + url(PAYLOAD)
                + "&lang=" + url(PAYLOAD);
        final WebClient officer = loggedIn("bibob" + PAYLOAD, "pw-bibob");

        final Map<String, String> shown = new LinkedHashMap<>();
        shown.put("queue", analyst.get("/queue" + query).body());
        shown.put("all signals", analyst.get("/signals" + query).body());
        shown.put("second review", secondReview);
        shown.put("signal detail", analyst.get("/signals/sig-marked").body());
        shown.put("property named by its BAG address", analyst.get("/signals/sig-address").body());
        shown.put("signal detail, confirmed", colleague.get("/signals/sig-permit?lang=en").body());
        final HttpResponse<String> refused = analyst.decide("sig-marked", "ESCALATE", "<script>alert(1)</script>");
        assertThat(refused.statusCode()).as("too short a rationale: the form comes back with it").isEqualTo(409);
        shown.put("refused decision", refused.body());
        shown.put("dashboard", analyst.get("/dashboard").body());
        shown.put("not for this role", analyst.get("/bibob").body());
        shown.put("bibob list", officer.get("/bibob").body());
        shown.put("flagged permit", officer.get("/bibob/permits/HV-2024-0017").body());
        shown.put("operator start page", loggedIn("operator" + PAYLOAD, "pw-operator").get("/").body());
        shown.put("auditor start page", loggedIn("auditor" + PAYLOAD, "pw-auditor").get("/").body());

        // Last: the clock moves past every session
        final WebClient expiring = loggedIn("analyst2", "pw-analyst2");
        final String expiringToken = WebClient.csrf(expiring.get("/signals/sig-marked").body());
        clock.advance(java.time.Duration.ofMinutes(31));
        final HttpResponse<String> ended = expiring.post("/signals/sig-marked/decision",
                Map.of("csrf", expiringToken, "action", "ESCALATE", "rationale", RATIONALE));
        assertThat(ended.statusCode()).as("sent after the session ended: the rationale comes back").isEqualTo(401);
        shown.put("session ended", ended.body());
        final Map<String, String> notShown = new LinkedHashMap<>();
        final WebClient anonymous = new WebClient(server.port());
        notShown.put("login form", anonymous.get("/login?next=" + url(PAYLOAD) + "&lang=" + url(PAYLOAD)).body());
        final HttpResponse<String> failed = anonymous.post("/login", Map.of("csrf", WebClient.csrf(
                anonymous.get("/login").body()), "username", PAYLOAD, "password", PAYLOAD, "next", PAYLOAD));
        notShown.put("failed login", failed.body());
        notShown.put("not found", analyst.get("/" + url(PAYLOAD)).body());

        // Then no page carries the markup, and each page that shows the text shows it escaped
        shown.forEach((page, html) -> {
            assertThat(html).as(page).doesNotContain("<script>alert", "<img/src=x").contains(ESCAPED);
        });
        notShown.forEach((page, html) -> assertThat(html).as(page).doesNotContain("<script>alert", "<img/src=x"));
        assertThat(failed.statusCode()).isEqualTo(401);
    }

    private static IndicatorResult marked(final String ruleId, final EvidenceRef evidence) {
        return new IndicatorResult(ruleId, 1, 3, Map.of("windowDays", PAYLOAD, PAYLOAD, "2"),
                "Uitleg " + PAYLOAD, "Explanation " + PAYLOAD, List.of(evidence));
    }

    private WebClient loggedIn(final String user, final String password) {
        return WebClient.loggedIn(server.port(), user, password);
    }

    private static String url(final String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
