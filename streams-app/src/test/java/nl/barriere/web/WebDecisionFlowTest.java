package nl.barriere.web;

import static nl.barriere.web.Signals.indicator;
import static nl.barriere.web.Signals.ref;
import static nl.barriere.web.Signals.signal;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import nl.barriere.contract.Role;
import nl.barriere.review.DecisionDesk;
import nl.barriere.schema.AccessAction;
import nl.barriere.schema.BibobOutcome;
import nl.barriere.schema.BibobStepType;
import nl.barriere.schema.ReviewAction;
import nl.barriere.schema.ReviewDecision;
import nl.barriere.schema.SubjectType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Taking a decision the way people do: a refusal says why in the page's language and names no ids, a form sent
 * twice stands once and says so, the button waits for the answer, Back reloads, and a rationale written while the
 * session ran out is not lost.
 */
class WebDecisionFlowTest {

    private static final Instant AT = Instant.parse("2024-06-10T08:00:00Z");
    private static final String RATIONALE = "Applicant formed two months ago at an address resold twice this year; needs Bibob.";
    private static final String UUID = "3f2a9c4e-1b7d-4e8a-9c2f-5d6e7f8a9b0c";
    private static final int TEST_ITERATIONS = 1_000;

    private final MutableClock clock = new MutableClock(Instant.parse("2024-07-01T10:00:00Z"));
    /** When set, the desk refuses with this message, as the review app does, in English and with a decision id. */
    private final AtomicReference<String> refuseWith = new AtomicReference<>();
    private Users.DemoUsers users;
    private InMemoryReview review;
    private WebServer server;

    @BeforeEach
    void start() {
        users = Users.demo(TEST_ITERATIONS);
        review = new InMemoryReview(clock);
        review.add(signal("sig-permit", SubjectType.PERMIT_APPLICATION, "HV-2024-0017", AT, null,
                indicator("I11", 2, ref("hor-000000007", "horeca.permit-events", 7, AT))));
        final DecisionDesk desk = new DecisionDesk() {
            @Override
            public Outcome decide(final String user, final Set<Role> roles, final String signalId,
                                  final ReviewAction action, final String rationale) {
                final String refusal = refuseWith.get();
                return refusal != null ? Outcome.refused(refusal) : review.decide(user, roles, signalId, action, rationale);
            }

            @Override
            public Outcome recordStep(final String user, final Set<Role> roles, final String applicationId,
                                      final BibobStepType step, final BibobOutcome outcome, final String note) {
                return review.recordStep(user, roles, applicationId, step, outcome, note);
            }

            @Override
            public void recordAccess(final String user, final String role, final String signalId,
                                     final AccessAction action, final String detail) {
                review.recordAccess(user, role, signalId, action, detail);
            }
        };
        server = WebServer.start(0, review, desk, users.users(), EvidenceLookup.NONE, clock, Duration.ofMinutes(30));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aRefusalSaysWhyInThePagesLanguageWithoutTheReviewAppsIds() {
        // Given analyst 1 escalated, and analyst 2's form is sent while the review app refuses naming a decision id
        final WebClient analyst1 = analyst("analyst1");
        assertThat(analyst1.decide("sig-permit", "ESCALATE", RATIONALE).statusCode()).isEqualTo(303);
        final WebClient analyst2 = analyst("analyst2");
        refuseWith.set("the signal is already ESCALATED; no further decision is possible (decision " + UUID + ")");

        // When analyst 1 tries to confirm their own escalation, in Dutch and in English
        final HttpResponse<String> dutch = analyst1.decide("sig-permit", "CONFIRM_ESCALATION", RATIONALE);
        analyst1.get("/queue?lang=en");
        final HttpResponse<String> english = analyst1.decide("sig-permit", "CONFIRM_ESCALATION", RATIONALE);
        final HttpResponse<String> unexplained = analyst2.decide("sig-permit", "CONFIRM_ESCALATION", RATIONALE);

        // Then each says why in its language, keeps the text, and no page carries the review app's words or ids
        assertThat(dutch.statusCode()).isEqualTo(409);
        assertThat(dutch.body()).contains("U heeft dit signaal zelf opgeschaald; een andere analist moet het bevestigen");
        assertThat(english.body()).contains("You escalated this signal yourself; another analyst has to confirm or reject it");
        assertThat(unexplained.body()).contains("Het besluit kon niet worden vastgelegd; er is niets besloten.",
                ">" + RATIONALE + "</textarea>");
        assertThat(dutch.body() + english.body() + unexplained.body()).doesNotContain(UUID, "already ESCALATED");
    }

    @Test
    void theSameDecisionSentTwiceStandsOnceAndSaysSo() {
        // Given analyst 1 escalated
        final WebClient analyst = analyst("analyst1");
        final String token = WebClient.csrf(analyst.get("/signals/sig-permit").body());
        assertThat(analyst.post("/signals/sig-permit/decision", form(token, "ESCALATE", RATIONALE)).statusCode()).isEqualTo(303);

        // When the same form arrives again (a double click, a reload), and the review app would call it repeated
        refuseWith.set("repeated decision: analyst1 already took ESCALATE on this signal (decision " + UUID + "); it is recorded once");
        final HttpResponse<String> again = analyst.post("/signals/sig-permit/decision", form(token, "ESCALATE", RATIONALE));

        // Then it is no error: the browser goes to the signal, which says the decision was already recorded
        assertThat(again.statusCode()).isEqualTo(303);
        assertThat(again.headers().firstValue("Location")).hasValue("/signals/sig-permit?recorded=ESCALATE");
        final String page = analyst.get("/signals/sig-permit?recorded=ESCALATE").body();
        assertThat(page).contains("Dit besluit was al vastgelegd").doesNotContain(UUID, "class=\"error\"");
        assertThat(review.allDecisions()).extracting(ReviewDecision::getAction).containsExactly(ReviewAction.ESCALATE);
    }

    @Test
    void everyAnswerButTheStaticFilesIsKeptOutOfEveryCacheAndTheButtonWaitsForTheAnswer() {
        final WebClient analyst = analyst("analyst1");

        final HttpResponse<String> page = analyst.get("/signals/sig-permit");
        final HttpResponse<String> refused = analyst.decide("sig-permit", "ESCALATE", "Too short.");
        final HttpResponse<String> decided = analyst.decide("sig-permit", "ESCALATE", RATIONALE);
        final HttpResponse<String> script = analyst.get("/static/barriere.js");

        // Then Back reloads every page and answer from the server (no-store keeps them out of the back-forward cache)
        for (final HttpResponse<String> answer : new HttpResponse[] {page, refused, decided}) {
            assertThat(answer.headers().firstValue("Cache-Control")).as(answer.uri() + " " + answer.statusCode())
                    .hasValue("no-store");
        }
        assertThat(decided.statusCode()).isEqualTo(303);
        assertThat(script.headers().firstValue("Cache-Control")).hasValue("max-age=300");
        // And the button says it is recording once the form is sent, by the script the policy allows (no inline script)
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(
                csp -> assertThat(csp).startsWith("default-src 'self'").doesNotContain("unsafe-inline"));
        assertThat(page.body()).contains("<button type=\"submit\" data-busy=\"Bezig met vastleggen…\">Besluit vastleggen</button>",
                "<script src=\"/static/barriere.js\" defer></script>").doesNotContain("<script>");
        assertThat(script.body()).contains("form.addEventListener(\"submit\"", "button.disabled = true");
    }

    @Test
    void aRationaleWrittenWhileTheSessionRanOutComesBack() {
        // Given an analyst who opened the form and wrote for longer than the session lasts
        final WebClient analyst = analyst("analyst1");
        final String token = WebClient.csrf(analyst.get("/signals/sig-permit").body());
        clock.advance(Duration.ofMinutes(31));

        // When the form is sent
        final HttpResponse<String> sent = analyst.post("/signals/sig-permit/decision", form(token, "ESCALATE", RATIONALE));

        // Then nothing is decided, the rationale is shown back and kept as the form's draft, and the login returns
        // to the signal, whose form takes the draft again
        assertThat(sent.statusCode()).isEqualTo(401);
        assertThat(sent.body()).contains("Uw sessie was verlopen; uw besluit is niet vastgelegd.",
                "<textarea id=\"rationale\" rows=\"5\" readonly data-draft-for=\"/signals/sig-permit/decision\">" + RATIONALE + "</textarea>",
                "href=\"/login?next=%2Fsignals%2Fsig-permit\"");
        assertThat(review.allDecisions()).isEmpty();
        final WebClient again = analyst("analyst1");
        assertThat(again.get("/signals/sig-permit").body()).contains("<form method=\"post\" action=\"/signals/sig-permit/decision\"");
        assertThat(again.get("/static/barriere.js").body()).contains("textarea[data-draft-for]", "sessionStorage",
                "rationale.value = draft");
    }

    private WebClient analyst(final String name) {
        return WebClient.loggedIn(server.port(), name, users.passwords().get(name));
    }

    private static Map<String, String> form(final String token, final String action, final String rationale) {
        final Map<String, String> form = new LinkedHashMap<>();
        form.put("csrf", token);
        form.put("action", action);
        form.put("rationale", rationale);
        return form;
    }
}
