package nl.barriere.review;

import static nl.barriere.review.Reviews.RATIONALE_49;
import static nl.barriere.review.Reviews.RATIONALE_50;
import static nl.barriere.review.Reviews.permitSignal;
import static nl.barriere.review.Reviews.signalId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import nl.barriere.contract.Role;
import nl.barriere.contract.Topic;
import nl.barriere.contract.Topics;
import nl.barriere.platform.AppConfig;
import nl.barriere.platform.EmbeddedPlatform;
import nl.barriere.platform.Metrics;
import nl.barriere.platform.PrometheusScrape;
import nl.barriere.platform.TopicReader;
import nl.barriere.review.DecisionDesk.Outcome;
import nl.barriere.schema.AccessAction;
import nl.barriere.schema.AccessEvent;
import nl.barriere.schema.BibobCaseStep;
import nl.barriere.schema.BibobOutcome;
import nl.barriere.schema.BibobStepType;
import nl.barriere.schema.DeadLetter;
import nl.barriere.schema.FlaggedPermit;
import nl.barriere.schema.ReviewAction;
import nl.barriere.schema.SubjectType;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The review app on a real broker and registry, used the way the web layer uses it: two analysts decide through
 * the {@link DecisionDesk}, and the BIBOB officers receive exactly one flagged permit; every refusal comes back
 * at once with a readable message.
 */
class ReviewAppIntegrationTest {

    private static final Instant DETECTED = Instant.parse("2025-03-03T12:00:00Z");
    private static final Set<Role> ANALYST = Set.of(Role.ANALYST);
    private static final Set<Role> BIBOB_OFFICER = Set.of(Role.BIBOB_OFFICER);

    private static EmbeddedPlatform platform;
    private static AppConfig config;

    @BeforeAll
    static void startTheCluster() throws Exception {
        platform = EmbeddedPlatform.start("review");
        config = platform.config();
    }

    @AfterAll
    static void stop() {
        platform.close();
    }

    @Test
    void twoAnalystsFlagAPermitExactlyOnceAndEveryRefusalSaysWhy() throws Exception {
        // Given two signals on the signals topic, one of which a newer one supersedes
        final String id = signalId();
        final String older = signalId();
        final String newer = signalId();
        platform.write(Topics.SIGNALS, permitSignal(id, "APP-2025-0100", DETECTED), permitSignal(older, "APP-2025-0101", DETECTED),
                Reviews.signal(newer, SubjectType.PERMIT_APPLICATION, "APP-2025-0101",
                        DETECTED.plusSeconds(60), older));

        try (ReviewApp review = ReviewApp.start(config)) {
            assertThat(review.streamsApp().awaitRunning(Duration.ofSeconds(60))).isTrue();
            final ReviewQueries queries = review.queries();
            final DecisionDesk desk = review.desk();
            awaitSignals(queries, 3);

            final List<String> reasons = List.of("rationale-too-short", "four-eyes", "repeated", "superseded",
                    "unknown-signal");
            final Map<String, Double> refusedBefore = deskRefusals(reasons);

            // When analyst A escalates with too short a rationale, then properly
            final Outcome tooShort = desk.decide("analyst-a", ANALYST, id, ReviewAction.ESCALATE, RATIONALE_49);
            final Outcome escalated = desk.decide("analyst-a", ANALYST, id, ReviewAction.ESCALATE, RATIONALE_50);
            // And A tries to confirm it, then B confirms it, then B clicks again
            final Outcome self = desk.decide("analyst-a", ANALYST, id, ReviewAction.CONFIRM_ESCALATION, RATIONALE_50);
            final long confirming = System.nanoTime();
            final Outcome confirmed = desk.decide("analyst-b", ANALYST, id, ReviewAction.CONFIRM_ESCALATION, RATIONALE_50);
            System.out.printf("%nconfirmation visible in the review store after %d ms%n",
                    (System.nanoTime() - confirming) / 1_000_000);
            final Outcome twice = desk.decide("analyst-b", ANALYST, id, ReviewAction.CONFIRM_ESCALATION, RATIONALE_50);
            final Outcome superseded = desk.decide("analyst-a", ANALYST, older, ReviewAction.DISMISS, "Ordinary sale.");
            final Outcome unknown = desk.decide("analyst-a", ANALYST, "no-such-signal", ReviewAction.DISMISS, "Ordinary sale.");

            // Then the refusals come back with readable messages, the accepted decisions with their ids
            assertThat(tooShort).isEqualTo(Outcome.refused(
                    "ESCALATE needs a rationale of at least 50 characters; this one has 49"));
            assertThat(escalated.accepted()).isTrue();
            assertThat(self).isEqualTo(Outcome.refused(
                    "four eyes: analyst-a escalated this signal and cannot also confirm it; a different analyst must"));
            assertThat(confirmed.accepted()).isTrue();
            assertThat(twice.accepted()).isFalse();
            assertThat(twice.message()).startsWith("repeated decision: analyst-b already took CONFIRM_ESCALATION");
            assertThat(superseded).isEqualTo(Outcome.refused(
                    "the signal was superseded by a newer signal for the same subject; review that one"));
            assertThat(unknown).isEqualTo(Outcome.refused("unknown signal no-such-signal"));
            // And the metrics count each refusal once, at the desk, under its reason
            final Map<String, Double> refusedAfter = deskRefusals(reasons);
            reasons.forEach(reason -> assertThat(refusedAfter.get(reason)).as(reason)
                    .isEqualTo(refusedBefore.get(reason) + 1));

            // And the queries show the escalation with both decisions, and the one flagged permit
            final ReviewCase reviewed = queries.find(id).orElseThrow();
            assertThat(reviewed.state()).isEqualTo(SignalState.ESCALATED);
            assertThat(reviewed.decisions()).extracting(d -> d.getDecisionId())
                    .containsExactly(escalated.decisionId(), confirmed.decisionId());
            assertThat(queries.find(older).orElseThrow().supersededBy()).contains(newer);
            assertThat(queries.flaggedPermits()).extracting(FlaggedPermit::getSignalId).containsExactly(id);

            // And bibob.flagged-permits holds it exactly once, with both analysts
            final List<FlaggedPermit> flagged = awaitRecords(Topics.FLAGGED_PERMITS, 1);
            Thread.sleep(1_000);
            assertThat(readAll(Topics.FLAGGED_PERMITS)).isEqualTo(flagged);
            assertThat(flagged.get(0).getApplicationId()).isEqualTo("APP-2025-0100");
            assertThat(flagged.get(0).getEscalatedBy()).isEqualTo("analyst-a");
            assertThat(flagged.get(0).getConfirmedBy()).isEqualTo("analyst-b");
            assertThat(flagged.get(0).getIndicators()).isEqualTo(queries.find(id).orElseThrow().signal().getIndicators());

            // And each accepted decision is on the access log; the refusals the desk foresaw never left it
            final List<AccessEvent> accesses = readAll(Topics.ACCESS_LOG);
            assertThat(accesses).extracting(AccessEvent::getAction, AccessEvent::getDetail).containsExactly(
                    tuple(AccessAction.DECIDE, escalated.decisionId()),
                    tuple(AccessAction.DECIDE, confirmed.decisionId()));
            assertThat(readAll(Topics.DEAD_LETTERS)).extracting(DeadLetter::getStage).isEmpty();

            // When a BIBOB officer acknowledges the flagged permit, an analyst tries a step, the officer decides
            // without an outcome and then with one
            final Outcome acknowledged = desk.recordStep("bibob-1", BIBOB_OFFICER, "APP-2025-0100",
                    BibobStepType.ACKNOWLEDGED, null, "Questionnaire sent");
            final Outcome byAnalyst = desk.recordStep("analyst-a", ANALYST, "APP-2025-0100",
                    BibobStepType.DECIDED, BibobOutcome.NO_MEASURE, "");
            final Outcome noOutcome = desk.recordStep("bibob-1", BIBOB_OFFICER, "APP-2025-0100",
                    BibobStepType.DECIDED, null, "");
            final Outcome decided = desk.recordStep("bibob-1", BIBOB_OFFICER, "APP-2025-0100",
                    BibobStepType.DECIDED, BibobOutcome.PERMIT_REFUSED, "Serious danger");

            // Then the two accepted steps are in the store and on bibob.case-steps, signed, and the refusals say why
            assertThat(acknowledged.accepted()).as(acknowledged.message()).isTrue();
            assertThat(byAnalyst).isEqualTo(Outcome.refused(
                    "only a BIBOB officer takes a step on a flagged permit; analyst-a is analyst"));
            assertThat(noOutcome.message()).startsWith("a decision names its outcome");
            assertThat(decided.accepted()).as(decided.message()).isTrue();
            assertThat(queries.caseSteps("APP-2025-0100")).extracting(BibobCaseStep::getStepId)
                    .containsExactly(acknowledged.decisionId(), decided.decisionId());
            final List<BibobCaseStep> written = awaitRecords(Topics.BIBOB_CASE_STEPS, 2);
            assertThat(written).extracting(BibobCaseStep::getBibobOfficer, BibobCaseStep::getOutcome)
                    .containsExactly(tuple("bibob-1", null), tuple("bibob-1", BibobOutcome.PERMIT_REFUSED));
            assertThat(written).allSatisfy(step -> assertThat(step.getSignature()).matches("hmac-sha256:[0-9a-f]{64}"));
            // And the dashboard's count has the escalation as ended in a measure, for each of its indicators
            assertThat(queries.bibobOutcomes()).allSatisfy(row -> assertThat(row.measure()).isEqualTo(1))
                    .isNotEmpty();
        }
    }

    private static void awaitSignals(final ReviewQueries queries, final int count) throws InterruptedException {
        final long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (queries.cases().size() >= count) {
                    return;
                }
            } catch (IllegalStateException notReadyYet) {
                // the stores open a moment after the application reports RUNNING
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the review stores did not show " + count + " signals within 30 s");
    }

    private static <V extends SpecificRecord> List<V> awaitRecords(final Topic<?, V> topic, final int count)
            throws InterruptedException {
        final long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            final List<V> values = readAll(topic);
            if (values.size() >= count) {
                return values;
            }
            Thread.sleep(200);
        }
        throw new AssertionError(topic.name() + " did not get " + count + " records within 30 s");
    }

    private static <V extends SpecificRecord> List<V> readAll(final Topic<?, V> topic) {
        final List<V> values = new ArrayList<>();
        TopicReader.readAll(topic, config, (raw, value) -> values.add(value));
        return values;
    }

    /** The review app's refusals at the desk so far, by reason (the process's registry is shared by every test). */
    private static Map<String, Double> deskRefusals(final List<String> reasons) {
        final PrometheusScrape scrape = PrometheusScrape.now();
        final Map<String, Double> counts = new HashMap<>();
        reasons.forEach(reason -> counts.put(reason, scrape.value(Metrics.GATE_REFUSALS,
                Map.of("app", ReviewTopology.APPLICATION_ID, "at", "desk", "reason", reason)).orElse(0.0)));
        return counts;
    }
}
