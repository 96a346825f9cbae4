package nl.barriere.web;

import static nl.barriere.web.Signals.indicator;
import static nl.barriere.web.Signals.ref;
import static nl.barriere.web.Signals.signal;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import nl.barriere.contract.Role;
import nl.barriere.detect.Ruleset;
import nl.barriere.platform.Metrics;
import nl.barriere.platform.PrometheusScrape;
import nl.barriere.schema.AccessAction;
import nl.barriere.schema.AccessEvent;
import nl.barriere.schema.EvidenceRef;
import nl.barriere.schema.PermitEvent;
import nl.barriere.schema.PermitEventType;
import nl.barriere.schema.PermitKind;
import nl.barriere.schema.Source;
import nl.barriere.schema.SubjectType;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The web layer's own rules over real HTTP: every route checks login and role, every POST its CSRF token, login
 * failures say nothing about which part was wrong, and analysts never see restricted context. The review app is the
 * in-memory stand-in ({@link InMemoryReview}); the rules tested here live in the web layer alone.
 */
class WebRoutesTest {

    private static final Instant NOW = Instant.parse("2024-07-01T10:00:00Z");
    private static final Instant PERMIT_SUBMITTED = Instant.parse("2024-06-10T08:00:00Z");
    private static final String RATIONALE = "Applicant formed two months ago at an address resold twice this year; needs Bibob.";
    private static final String CONFIRMATION = "Agree: a fresh applicant and a carousel of operators at one address warrant Bibob.";
    /** Low on purpose: the tests log in dozens of times; the count is stored per entry, so this changes nothing else. */
    private static final int TEST_ITERATIONS = 1_000;

    /** A concrete path for every route pattern; a route added without one here fails the test below. */
    private static final Map<String, String> SAMPLE_PATHS = Map.ofEntries(
            Map.entry("/login", "/login"),
            Map.entry("/static/([a-z]+\\.(?:css|js))", "/static/barriere.css"),
            Map.entry("/logout", "/logout"),
            Map.entry("/", "/"),
            Map.entry("/queue", "/queue"),
            Map.entry("/second-review", "/second-review"),
            Map.entry("/signals", "/signals"),
            Map.entry("/signals/([A-Za-z0-9_-]+)", "/signals/sig-permit"),
            Map.entry("/signals/([A-Za-z0-9_-]+)/decision", "/signals/sig-permit/decision"),
            Map.entry("/bibob", "/bibob"),
            Map.entry("/bibob/permits/([A-Za-z0-9_.-]+)", "/bibob/permits/HV-2024-0017"),
            Map.entry("/bibob/permits/([A-Za-z0-9_.-]+)/steps", "/bibob/permits/HV-2024-0017/steps"),
            Map.entry("/dashboard", "/dashboard"));

    private final MutableClock clock = new MutableClock(NOW);
    private final List<EvidenceRef> fetched = new CopyOnWriteArrayList<>();
    private final Map<Role, String> userOf = new EnumMap<>(Map.of(Role.ANALYST, "analyst1",
            Role.BIBOB_OFFICER, "bibob1", Role.OPERATOR, "operator1", Role.AUDITOR, "auditor1"));
    private Users.DemoUsers users;
    private InMemoryReview review;
    private WebServer server;

    @BeforeEach
    void start() {
        users = Users.demo(TEST_ITERATIONS);
        review = new InMemoryReview(clock);
        final EvidenceRef permitRef = ref("hor-000000007", "horeca.permit-events", 7, PERMIT_SUBMITTED);
        review.add(signal("sig-permit", SubjectType.PERMIT_APPLICATION, "HV-2024-0017", PERMIT_SUBMITTED, null,
                indicator("I10", 3, permitRef), indicator("I11", 2, permitRef)));
        review.add(signal("sig-property", SubjectType.PROPERTY, "0546010000012345", Instant.parse("2024-03-01T09:00:00Z"), null,
                indicator("I3", 2, ref("kad-000000044", "kadaster.property-transfers", 969, Instant.parse("2024-03-01T09:00:00Z")))));
        review.add(signal("sig-old", SubjectType.BUSINESS, "12345678", Instant.parse("2024-01-05T09:00:00Z"), null,
                indicator("I7", 2, ref("kvk-000000010", "kvk.business-events", 10, Instant.parse("2024-01-05T09:00:00Z")))));
        review.add(signal("sig-new", SubjectType.BUSINESS, "12345678", Instant.parse("2024-02-05T09:00:00Z"), "sig-old",
                indicator("I7", 2, ref("kvk-000000010", "kvk.business-events", 10, Instant.parse("2024-01-05T09:00:00Z"))),
                indicator("I8", 2, ref("kvk-000000020", "kvk.business-events", 20, Instant.parse("2024-02-05T09:00:00Z")))));
        // Cannot come from detection (it never reads Bibob topics); here to prove the page would not show it anyway.
        review.add(signal("sig-leak", SubjectType.PROPERTY, "0546010000099999", Instant.parse("2024-05-01T09:00:00Z"), null,
                indicator("I6", 2, ref("bib-000000009", "bibob.case-events", 9, Instant.parse("2024-05-01T09:00:00Z")))));
        review.restrictedContext(Signals.restricted("HV-2024-0017", "BIBOB-2023-SECRET", Instant.parse("2023-11-01T09:00:00Z")));
        final EvidenceLookup lookup = refs -> {
            fetched.addAll(refs);
            final Map<EvidenceRef, SpecificRecord> found = new LinkedHashMap<>();
            refs.stream().filter(r -> r.getEventId().equals("hor-000000007")).forEach(r -> found.put(r,
                    new PermitEvent("hor-000000007", PERMIT_SUBMITTED, new Source("horeca-zaaksysteem", "Z-2024-017"),
                            "HV-2024-0017", PermitEventType.SUBMITTED, PermitKind.EXPLOITATIE, "12345678", null,
                            "0546010000012345", List.of(), null)));
            return found;
        };
        server = WebServer.start(0, review, review, users.users(), lookup, clock, Duration.ofMinutes(30));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void everyRouteHasASamplePathHere() {
        for (final WebServer.Route route : routes()) {
            assertThat(SAMPLE_PATHS).as("sample path for %s", route.path()).containsKey(route.path().pattern());
        }
    }

    @Test
    void everyAnswerIsTimedUnderItsRoutesPatternNeverItsPath() {
        // Given the counts so far (the registry is the process's, shared by every test)
        final Map<String, String> signalPage = Map.of("route", "/signals/([A-Za-z0-9_-]+)", "method", "GET",
                "status", "303");
        final Map<String, String> unknown = Map.of("route", WebServer.UNKNOWN_ROUTE, "method", "GET", "status", "303");
        final double pagesBefore = timed(signalPage);
        final double unknownBefore = timed(unknown);

        // When an anonymous browser asks for two signals and a path no route knows
        final WebClient anonymous = client();
        anonymous.get("/signals/sig-property");
        anonymous.get("/signals/sig-permit");
        anonymous.get("/no-such-page");

        // Then both signal pages are timed under the route's pattern, the other path as "other", and no signal id
        // is a label
        assertThat(timed(signalPage)).isEqualTo(pagesBefore + 2);
        assertThat(timed(unknown)).isEqualTo(unknownBefore + 1);
        final PrometheusScrape scrape = PrometheusScrape.now();
        assertThat(scrape.samples(Metrics.HTTP_REQUESTS + "_bucket", signalPage)).isNotEmpty();
        assertThat(scrape.all()).noneMatch(sample -> sample.labels().containsValue("/signals/sig-property"));
    }

    private static double timed(final Map<String, String> labels) {
        return PrometheusScrape.now().value(Metrics.HTTP_REQUESTS + "_count", labels).orElse(0.0);
    }

    @Test
    void everyRouteRefusesAnAnonymousRequest() {
        final WebClient anonymous = client();
        for (final WebServer.Route route : routes()) {
            if (route.isPublic()) {
                continue;
            }
            final String path = SAMPLE_PATHS.get(route.path().pattern());
            // When an anonymous request comes in,
            final HttpResponse<String> response = route.method().equals("GET") ? anonymous.get(path)
                    : anonymous.post(path, Map.of("action", "DISMISS", "rationale", "x".repeat(60)));
            // Then a page is redirected to the login form and a form post is refused.
            if (route.method().equals("GET")) {
                assertThat(response.statusCode()).as("GET %s", path).isEqualTo(303);
                assertThat(response.headers().firstValue("Location")).as("GET %s", path).hasValueSatisfying(
                        location -> assertThat(location).startsWith("/login?next="));
            } else {
                assertThat(response.statusCode()).as("POST %s", path).isEqualTo(401);
            }
        }
        assertThat(review.allDecisions()).isEmpty();
        assertThat(review.accessLog()).isEmpty();
    }

    @Test
    void everyRouteRefusesAWrongRoleAndServesTheRightOne() {
        // Given a flagged permit, so the BIBOB officer's pages have something to show
        decide(loggedIn("analyst1"), "sig-permit", "ESCALATE", RATIONALE);
        decide(loggedIn("analyst2"), "sig-permit", "CONFIRM_ESCALATION", CONFIRMATION);
        final int decided = review.allDecisions().size();
        final Map<Role, WebClient> clients = new EnumMap<>(Role.class);
        for (final Role role : Role.values()) {
            clients.put(role, loggedIn(userOf.get(role)));
        }
        int refused = 0;
        for (final WebServer.Route route : routes()) {
            if (route.isPublic()) {
                continue;
            }
            final String path = SAMPLE_PATHS.get(route.path().pattern());
            for (final Role role : Role.values()) {
                final WebClient client = clients.get(role);
                if (route.method().equals("POST")) {
                    if (route.roles().contains(role)) {
                        continue;
                    }
                    final String token = WebClient.csrf(client.get(homeOf(role)).body());
                    final HttpResponse<String> response = client.post(path,
                            Map.of("csrf", token, "action", "DISMISS", "rationale", "x".repeat(60)));
                    assertThat(response.statusCode()).as("%s POST %s", role, path).isEqualTo(403);
                    refused++;
                    continue;
                }
                final HttpResponse<String> response = client.get(path);
                if (route.roles().contains(role)) {
                    assertThat(response.statusCode()).as("%s GET %s", role, path).isIn(200, 303);
                } else {
                    assertThat(response.statusCode()).as("%s GET %s", role, path).isEqualTo(403);
                    assertThat(response.body()).contains("Geen toegang");
                    refused++;
                }
            }
        }
        assertThat(refused).isGreaterThan(10);
        assertThat(review.allDecisions()).hasSize(decided);
    }

    @Test
    void aPostWithoutOrWithAWrongCsrfTokenIsRefusedAndDecidesNothing() {
        // Given two logged-in analysts
        final WebClient analyst1 = loggedIn("analyst1");
        final WebClient analyst2 = loggedIn("analyst2");
        final String own = WebClient.csrf(analyst1.get("/signals/sig-permit").body());
        final String colleagues = WebClient.csrf(analyst2.get("/signals/sig-permit").body());

        // When analyst 1 posts a decision without a token, with a made-up one, or with the colleague's
        final HttpResponse<String> missing = analyst1.post("/signals/sig-permit/decision", decision("ESCALATE", RATIONALE, null));
        final HttpResponse<String> wrong = analyst1.post("/signals/sig-permit/decision", decision("ESCALATE", RATIONALE, "forged"));
        final HttpResponse<String> foreign = analyst1.post("/signals/sig-permit/decision", decision("ESCALATE", RATIONALE, colleagues));

        // Then each is refused and nothing is decided
        assertThat(List.of(missing.statusCode(), wrong.statusCode(), foreign.statusCode())).containsOnly(403);
        assertThat(missing.body()).contains("er is niets vastgelegd");
        assertThat(review.allDecisions()).isEmpty();

        // And with the session's own token the same post is taken
        final HttpResponse<String> taken = analyst1.post("/signals/sig-permit/decision", decision("ESCALATE", RATIONALE, own));
        assertThat(taken.statusCode()).isEqualTo(303);
        assertThat(review.allDecisions()).extracting(d -> d.getReviewer() + " " + d.getAction() + " " + d.getSignalId())
                .containsExactly("analyst1 ESCALATE sig-permit");
    }

    @Test
    void loginWithAWrongPasswordOrNameFailsWithTheSameMessage() {
        final WebClient client = client();

        final HttpResponse<String> wrongPassword = client.login("analyst1", "not-the-password");
        final HttpResponse<String> wrongName = client.login("analyst9", users.passwords().get("analyst1"));

        assertThat(wrongPassword.statusCode()).isEqualTo(401);
        assertThat(wrongName.statusCode()).isEqualTo(401);
        final String message = "Inloggen mislukt: de combinatie van gebruikersnaam en wachtwoord is onbekend.";
        assertThat(wrongPassword.body()).contains(message);
        assertThat(wrongName.body()).contains(message);
        assertThat(client.get("/queue").statusCode()).isEqualTo(303);
    }

    @Test
    void loginWithoutTheFormsTokenIsRefused() {
        final WebClient client = client();
        client.get("/login");

        final HttpResponse<String> response = client.post("/login",
                Map.of("username", "analyst1", "password", users.passwords().get("analyst1")));

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(client.get("/queue").statusCode()).isEqualTo(303);
    }

    @Test
    void loginSetsAFreshHttpOnlyLaxSessionCookieAndTheFormNone() {
        final WebClient client = client();
        final List<String> form = client.get("/login").headers().allValues("Set-Cookie");

        final HttpResponse<String> response = client.login("analyst1", users.passwords().get("analyst1"));

        final String session = response.headers().allValues("Set-Cookie").stream()
                .filter(cookie -> cookie.startsWith(Sessions.COOKIE + "=")).findFirst().orElseThrow();
        assertThat(response.statusCode()).isEqualTo(303);
        assertThat(form).as("the login form sets only its pre-login cookie").noneMatch(c -> c.startsWith(Sessions.COOKIE + "="));
        assertThat(session).contains("HttpOnly", "SameSite=Lax", "Path=/");
    }

    @Test
    void aSessionEndsAfterThirtyIdleMinutesAndAtLogout() {
        final WebClient idle = loggedIn("analyst1");
        final WebClient leaving = loggedIn("analyst2");
        assertThat(idle.get("/queue").statusCode()).isEqualTo(200);

        final String token = WebClient.csrf(leaving.get("/queue").body());
        assertThat(leaving.post("/logout", Map.of("csrf", token)).statusCode()).isEqualTo(303);
        clock.advance(Duration.ofMinutes(31));

        assertThat(idle.get("/queue").statusCode()).isEqualTo(303);
        assertThat(leaving.get("/queue").statusCode()).isEqualTo(303);
    }

    @Test
    void theSignalPageShowsIndicatorsEvidenceAndSubjectAndRecordsTheView() {
        final WebClient analyst = loggedIn("analyst1");

        final String page = analyst.get("/signals/sig-permit").body();
        final String english = analyst.get("/signals/sig-permit?lang=en").body();

        assertThat(page).contains("Vergunningaanvraag HV-2024-0017", "Uitleg I10 in het Nederlands.", "Uitleg I11 in het Nederlands.",
                "<th scope=\"row\">windowDays</th><td>183</td>", "regelversie 1 · gewicht 3",
                "hor-000000007 · horeca.permit-events / partitie 0 / offset 7",
                "HV-2024-0017 · exploitatievergunning · laatste stap ingediend", "KvK 12345678", "minstens 50 tekens");
        final String digest = Ruleset.load("v1").digest();
        assertThat(page).as("the ruleset that made the signal, by version and content")
                .contains("regelset v1 <code title=\"" + digest + "\">" + digest.substring(0, 19) + "…</code>");
        assertThat(english).contains("Permit application HV-2024-0017", "<p class=\"explanation\" lang=\"en\">Explanation I10 in English.");
        assertThat(review.accessLog()).extracting(AccessEvent::getUser, AccessEvent::getRole, AccessEvent::getAction, AccessEvent::getSignalId)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("analyst1", "analyst", AccessAction.VIEW_SIGNAL, "sig-permit"),
                        org.assertj.core.groups.Tuple.tuple("analyst1", "analyst", AccessAction.VIEW_SIGNAL, "sig-permit"));
    }

    @Test
    void analystsNeverSeeRestrictedContextAndBibobOfficersDo() {
        // Given a permit application escalated by analyst 1 and confirmed by analyst 2
        final WebClient analyst1 = loggedIn("analyst1");
        final WebClient analyst2 = loggedIn("analyst2");
        decide(analyst1, "sig-permit", "ESCALATE", RATIONALE);
        decide(analyst2, "sig-permit", "CONFIRM_ESCALATION", CONFIRMATION);
        assertThat(review.flaggedPermits()).hasSize(1);

        // When the analysts and the BIBOB officer look
        final String analystPage = analyst1.get("/signals/sig-permit").body() + analyst2.get("/signals/sig-leak").body();
        final WebClient officer = loggedIn("bibob1");
        final String list = officer.get("/bibob").body();
        final String permit = officer.get("/bibob/permits/HV-2024-0017").body();

        // Then only the officer sees the Bibob case, and a restricted evidence reference is neither fetched nor shown
        assertThat(analystPage).doesNotContain("BIBOB-2023-SECRET", "SERIOUS_DANGER", "I12", "bib-000000009")
                .contains("Afgeschermde bron: niet getoond.");
        assertThat(fetched).extracting(EvidenceRef::getTopic).doesNotContain("bibob.case-events");
        assertThat(list).contains("HV-2024-0017", "analyst1", "analyst2", "1 treffer(s)");
        assertThat(permit).contains("BIBOB-2023-SECRET", "SERIOUS_DANGER", RATIONALE, CONFIRMATION, "Uitleg I11 in het Nederlands.");
        assertThat(review.accessLog()).filteredOn(a -> a.getAction() == AccessAction.VIEW_FLAGGED_PERMIT)
                .extracting(AccessEvent::getUser, AccessEvent::getRole, AccessEvent::getSignalId, AccessEvent::getDetail)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("bibob1", "bibob-officer", "sig-permit", "HV-2024-0017"));
    }

    @Test
    void theSecondReviewQueueListsOnlyAColleaguesEscalations() {
        final WebClient analyst1 = loggedIn("analyst1");
        final WebClient analyst2 = loggedIn("analyst2");
        decide(analyst1, "sig-permit", "ESCALATE", RATIONALE);

        final String own = analyst1.get("/second-review").body();
        final String colleague = analyst2.get("/second-review").body();
        final String ownDetail = analyst1.get("/signals/sig-permit").body();

        assertThat(own).doesNotContain("HV-2024-0017").contains("Niets te bevestigen.");
        assertThat(colleague).contains("/signals/sig-permit", RATIONALE);
        assertThat(ownDetail).contains("Een andere analist moet het bevestigen").doesNotContain("CONFIRM_ESCALATION");
    }

    @Test
    void theQueueShowsOpenCurrentSignalsByScoreAndFilters() {
        final WebClient analyst = loggedIn("analyst1");
        decide(analyst, "sig-property", "DISMISS", "Known owner-occupier, bought with own savings.");

        final String all = analyst.get("/queue").body();
        final String i8 = analyst.get("/queue?indicator=I8").body();
        final String young = analyst.get("/queue?maxAge=30").body();
        final String old = analyst.get("/queue?minAge=100").body();

        assertThat(all).contains("/signals/sig-permit", "/signals/sig-new", "/signals/sig-leak")
                .doesNotContain("/signals/sig-old", "/signals/sig-property");
        assertThat(all.indexOf("/signals/sig-permit")).isLessThan(all.indexOf("/signals/sig-new"));
        assertThat(i8).contains("/signals/sig-new").doesNotContain("/signals/sig-permit", "/signals/sig-leak");
        assertThat(young).contains("/signals/sig-permit").doesNotContain("/signals/sig-new", "/signals/sig-leak");
        assertThat(old).contains("/signals/sig-new").doesNotContain("/signals/sig-permit");
    }

    @Test
    void aRefusedDecisionSaysWhyInThePagesLanguageAndKeepsTheText() {
        final WebClient analyst = loggedIn("analyst1");
        final String token = WebClient.csrf(analyst.get("/signals/sig-permit").body());

        final HttpResponse<String> response = analyst.post("/signals/sig-permit/decision", decision("ESCALATE", "Too short.", token));

        assertThat(response.statusCode()).isEqualTo(409);
        assertThat(response.body()).contains("Dit besluit vraagt een motivering van minstens 50 tekens; deze heeft er 10.",
                ">Too short.</textarea>").doesNotContain("A rationale of at least 50 characters is needed");
        assertThat(review.allDecisions()).isEmpty();
    }

    @Test
    void aSupersededSignalPointsToTheNewerOneAndTakesNoDecision() {
        final WebClient analyst = loggedIn("analyst1");

        final String old = analyst.get("/signals/sig-old").body();
        final String newer = analyst.get("/signals/sig-new").body();

        assertThat(old).contains("Besluiten gaan op het nieuwe signaal", "href=\"/signals/sig-new\"")
                .doesNotContain("id=\"decision-form\"");
        assertThat(newer).contains("Eerdere signalen voor dit onderwerp", "href=\"/signals/sig-old\"", "id=\"decision-form\"");
    }

    @Test
    void theAuditorReadsASignalWithoutADecisionFormAndTheViewIsRecorded() {
        final WebClient auditor = loggedIn("auditor1");

        final String page = auditor.get("/signals/sig-permit").body();

        assertThat(page).contains("Uitleg I10 in het Nederlands.").doesNotContain("id=\"decision-form\"");
        assertThat(review.accessLog()).extracting(AccessEvent::getUser, AccessEvent::getRole)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("auditor1", "auditor"));
    }

    /** A permit application escalated by analyst 1 and confirmed by analyst 2: flagged for the BIBOB officers. */
    private void flagThePermit() {
        decide(loggedIn("analyst1"), "sig-permit", "ESCALATE", RATIONALE);
        decide(loggedIn("analyst2"), "sig-permit", "CONFIRM_ESCALATION", CONFIRMATION);
        assertThat(review.flaggedPermits()).hasSize(1);
    }

    private static HttpResponse<String> step(final WebClient client, final String token, final String... fields) {
        final Map<String, String> form = new LinkedHashMap<>();
        if (token != null) {
            form.put("csrf", token);
        }
        for (int i = 0; i < fields.length; i += 2) {
            form.put(fields[i], fields[i + 1]);
        }
        return client.post("/bibob/permits/HV-2024-0017/steps", form);
    }

    @Test
    void aBibobOfficerRecordsTheCaseStepsAndThePagesShowTheHistoryAndStatus() {
        // Given a flagged permit, new to the officers
        flagThePermit();
        final WebClient officer = loggedIn("bibob1");
        assertThat(officer.get("/bibob").body()).contains("<span class=\"badge\">Nieuw</span>");
        final String token = WebClient.csrf(officer.get("/bibob/permits/HV-2024-0017").body());

        // When the officer acknowledges it with a note, and then decides without naming the outcome
        assertThat(step(officer, token, "step", "ACKNOWLEDGED", "note", "Questionnaire sent to the applicant")
                .statusCode()).isEqualTo(303);
        final HttpResponse<String> noOutcome = step(officer, token, "step", "DECIDED", "outcome", "");

        // Then the decision is refused, saying why, and the case stays acknowledged
        assertThat(noOutcome.statusCode()).isEqualTo(409);
        assertThat(noOutcome.body()).contains("a decision names its outcome");

        // When the officer decides to refuse the permit
        assertThat(step(officer, token, "step", "DECIDED", "outcome", "PERMIT_REFUSED", "note", "Serious danger")
                .statusCode()).isEqualTo(303);

        // Then the page shows both steps with the officer, and the list shows the case as decided
        final String page = officer.get("/bibob/permits/HV-2024-0017?recorded=1").body();
        assertThat(page).contains("De stap is vastgelegd.", "Questionnaire sent to the applicant",
                "<td>bibob1</td><td>In behandeling genomen</td>", "<td>Besloten</td><td>Vergunning geweigerd</td>",
                "Op deze zaak is besloten; er kunnen alleen nog aantekeningen bij.")
                .doesNotContain("id=\"decision-form\"");
        assertThat(officer.get("/bibob").body()).contains("<span class=\"badge\">Besloten</span>");
        assertThat(review.caseSteps("HV-2024-0017")).extracting(s -> s.getStep().name(), s -> s.getBibobOfficer())
                .containsExactly(org.assertj.core.groups.Tuple.tuple("ACKNOWLEDGED", "bibob1"),
                        org.assertj.core.groups.Tuple.tuple("DECIDED", "bibob1"));
    }

    @Test
    void anAnalystCannotSeeOrPostCaseStepsAndAStepWithoutCsrfIsRefused() {
        // Given a flagged permit and an analyst, logged in with a CSRF token of their own session
        flagThePermit();
        final WebClient analyst = loggedIn("analyst1");
        final String analystToken = WebClient.csrf(analyst.get("/signals/sig-permit").body());

        // When the analyst opens the permit and posts a step; and an officer posts one without a token
        final HttpResponse<String> page = analyst.get("/bibob/permits/HV-2024-0017");
        final HttpResponse<String> posted = step(analyst, analystToken, "step", "DECIDED", "outcome", "NO_MEASURE");
        final HttpResponse<String> noToken = step(loggedIn("bibob1"), null, "step", "ACKNOWLEDGED");

        // Then all three are forbidden and no step is recorded
        assertThat(page.statusCode()).isEqualTo(403);
        assertThat(posted.statusCode()).isEqualTo(403);
        assertThat(noToken.statusCode()).isEqualTo(403);
        assertThat(review.caseSteps("HV-2024-0017")).isEmpty();
    }

    @Test
    void theDashboardCountsPerIndicatorHowEscalationsEndedAndNothingOfTheCase() {
        // Given a flagged permit with indicators I10 and I11 that an officer decided with conditions and a note
        flagThePermit();
        final WebClient officer = loggedIn("bibob1");
        final String token = WebClient.csrf(officer.get("/bibob/permits/HV-2024-0017").body());
        assertThat(step(officer, token, "step", "DECIDED", "outcome", "CONDITIONS_ATTACHED", "note",
                "Manager replaced on our conditions").statusCode()).isEqualTo(303);

        // When an analyst opens the dashboard
        final String page = loggedIn("analyst1").get("/dashboard").body();

        // Then per indicator the escalation counts as ended in a measure, and no case detail is on the page
        final String section = page.substring(page.indexOf("<section id=\"bibob-outcomes\">"));
        assertThat(section).contains("I10 ", "</th><td class=\"num\">1</td><td class=\"num\">1</td>"
                + "<td class=\"num\">0</td><td class=\"num\">0</td></tr>");
        assertThat(review.bibobOutcomes()).extracting(o -> o.ruleId() + ":" + o.measure() + "/" + o.noMeasure() + "/"
                + o.open()).containsExactly("I10:1/0/0", "I11:1/0/0");
        assertThat(page).doesNotContain("Manager replaced on our conditions", "HV-2024-0017", "bibob1",
                "Voorschriften", "BIBOB-2023-SECRET");
    }

    @Test
    void theDashboardCountsAnUndecidedEscalationAsStillOpen() {
        flagThePermit();
        assertThat(review.bibobOutcomes()).extracting(o -> o.ruleId() + ":" + o.measure() + "/" + o.noMeasure() + "/"
                + o.open()).containsExactly("I10:0/0/1", "I11:0/0/1");
    }

    @Test
    void theDashboardChartsAndTabulatesPerIndicator() {
        final WebClient operator = loggedIn("operator1");
        final WebClient analyst = loggedIn("analyst1");
        decide(analyst, "sig-property", "DISMISS", "Known owner-occupier, bought with own savings.");

        final String page = operator.get("/dashboard").body();

        assertThat(page).contains("<svg role=\"img\" aria-labelledby=\"month-chart-title\"", "<rect class=\"s-I3\"",
                "<th scope=\"row\">2024-03</th>",
                "<th scope=\"row\">I3 Aankoop zonder hypotheek</th><td class=\"num\">1</td><td class=\"num\">1 (100%)</td>");
    }

    private List<WebServer.Route> routes() {
        return WebServer.routes(new Pages(review, review, users.users(), EvidenceLookup.NONE,
                new Sessions(clock, Duration.ofMinutes(30)), clock));
    }

    private static String homeOf(final Role role) {
        switch (role) {
            case ANALYST:
                return "/queue";
            case BIBOB_OFFICER:
                return "/bibob";
            default:
                return "/dashboard";
        }
    }

    private WebClient client() {
        return new WebClient(server.port());
    }

    @Test
    void whileTheStoresMoveBetweenInstancesThePageSaysSoAndReloadsInsteadOfFailing() {
        // Given a logged-in analyst, and the review stores moving between instances (a rebalance)
        final WebClient analyst = loggedIn("analyst1");
        review.rebalancing(true);

        // When the analyst opens the queue and a signal
        final HttpResponse<String> queue = analyst.get("/queue");
        final HttpResponse<String> signal = analyst.get("/signals/sig-permit");

        // Then each answer is 503 with a retry time and a page that says what happens, in Dutch and English
        for (final HttpResponse<String> answer : List.of(queue, signal)) {
            assertThat(answer.statusCode()).isEqualTo(503);
            assertThat(answer.headers().firstValue("Retry-After")).contains("5");
            assertThat(answer.body()).contains("<meta http-equiv=\"refresh\" content=\"5\">")
                    .contains("over de servers verdeeld").contains("being moved between servers");
        }

        // And once the stores are readable again the same page answers
        review.rebalancing(false);
        assertThat(analyst.get("/queue").statusCode()).isEqualTo(200);
    }

    private WebClient loggedIn(final String user) {
        final WebClient client = client();
        assertThat(client.login(user, users.passwords().get(user)).statusCode()).isEqualTo(303);
        return client;
    }

    private static void decide(final WebClient client, final String signalId, final String action, final String rationale) {
        final String token = WebClient.csrf(client.get("/signals/" + signalId).body());
        final HttpResponse<String> response = client.post("/signals/" + signalId + "/decision", decision(action, rationale, token));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(303);
    }

    private static Map<String, String> decision(final String action, final String rationale, final String token) {
        final Map<String, String> form = new LinkedHashMap<>();
        if (token != null) {
            form.put("csrf", token);
        }
        form.put("action", action);
        form.put("rationale", rationale);
        return form;
    }

}
