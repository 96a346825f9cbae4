package nl.barriere.review;

import static nl.barriere.review.Reviews.RATIONALE_49;
import static nl.barriere.review.Reviews.RATIONALE_50;
import static nl.barriere.review.Reviews.context;
import static nl.barriere.review.Reviews.decision;
import static nl.barriere.review.Reviews.permitSignal;
import static nl.barriere.review.Reviews.signal;
import static nl.barriere.review.Reviews.signalId;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import nl.barriere.contract.DeadLetters;
import nl.barriere.contract.Topics;
import nl.barriere.platform.Metrics;
import nl.barriere.platform.PrometheusScrape;
import nl.barriere.schema.DeadLetter;
import nl.barriere.schema.FlaggedPermit;
import nl.barriere.schema.RestrictedContext;
import nl.barriere.schema.ReviewAction;
import nl.barriere.schema.ReviewDecision;
import nl.barriere.schema.RiskSignal;
import nl.barriere.schema.SubjectType;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The four-eyes gate in the stream (DESIGN.md §2 rule 1, §7): every path to a flagged permit and every refusal.
 * A refusal emits nothing, leaves the state as it was, and is answered with a dead letter naming the reason.
 */
class ReviewGateTest {

    private static final Instant DETECTED = Instant.parse("2025-03-03T12:00:00Z");
    private static final Instant T1 = Instant.parse("2025-03-10T09:00:00Z");
    private static final Instant T2 = Instant.parse("2025-03-10T10:00:00Z");
    private static final Instant T3 = Instant.parse("2025-03-10T11:00:00Z");
    private static final Instant T4 = Instant.parse("2025-03-10T12:00:00Z");
    private static final Instant T5 = Instant.parse("2025-03-10T13:00:00Z");

    private final ReviewDriver review = new ReviewDriver();

    @AfterEach
    void close() {
        review.close();
    }

    @Test
    void anEscalationConfirmedByASecondAnalystFlagsThePermitOnceWithEverythingTheOfficerNeeds() {
        // Given a permit-application signal and Bibob context for that application
        final String id = signalId();
        final RiskSignal signal = permitSignal(id, "APP-2025-0001", DETECTED);
        final RestrictedContext bibob = context("APP-2025-0001", "BIB-7", Instant.parse("2025-03-04T08:00:00Z"));
        review.signal(signal).context(bibob);
        // When analyst A escalates at T1 and analyst B confirms at T2
        final String escalation = "  Three board changes within a year and a fresh applicant; needs Bibob.  ";
        final String confirmation = "Agreed: the officer churn matches the straw-man pattern we saw before.";
        review.decide(decision(id, "analyst-a", ReviewAction.ESCALATE, escalation, T1));
        review.decide(decision(id, "analyst-b", ReviewAction.CONFIRM_ESCALATION, confirmation, T2));

        // Then exactly one flagged permit, keyed by application id, carrying both reviewers and the evidence
        final List<TestRecord<String, FlaggedPermit>> flagged = review.flaggedPermits().readRecordsToList();
        assertThat(flagged).hasSize(1);
        assertThat(flagged.get(0).key()).isEqualTo("APP-2025-0001");
        assertThat(flagged.get(0).getRecordTime()).isEqualTo(T2);
        assertThat(flagged.get(0).value()).isEqualTo(FlaggedPermit.newBuilder()
                .setApplicationId("APP-2025-0001").setSignalId(id).setIndicators(signal.getIndicators())
                .setEscalatedBy("analyst-a").setEscalationRationale(escalation).setEscalatedAt(T1)
                .setConfirmedBy("analyst-b").setConfirmationRationale(confirmation).setConfirmedAt(T2)
                .setRestrictedContext(bibob).build());
        assertThat(flagged.get(0).value().getIndicators().get(0).getEvidence()).hasSize(2);
        assertThat(review.deadLetters().isEmpty()).isTrue();
        assertThat(review.state(id)).isEqualTo(SignalState.ESCALATED);
        assertThat(review.find(id).orElseThrow().decisions()).extracting(ReviewDecision::getReviewer)
                .containsExactly("analyst-a", "analyst-b");
    }

    @Test
    void aBusinessSubjectBecomesEscalatedWithoutAFlaggedPermit() {
        // Given a signal about a business, not a permit application
        final String id = signalId();
        review.signal(signal(id, SubjectType.BUSINESS, "12345678", DETECTED, null));
        // When two analysts escalate and confirm
        escalate(id, "analyst-a", T1);
        confirm(id, "analyst-b", T2);
        // Then it is escalated for the UI, but nothing goes to the BIBOB officers
        assertThat(review.state(id)).isEqualTo(SignalState.ESCALATED);
        assertNothingFlaggedAndNothingRefused();
    }

    @Test
    void aRejectedEscalationReturnsToOpenAndCanBeEscalatedAgain() {
        final String id = signalId();
        review.signal(permitSignal(id, "APP-2025-0002", DETECTED));
        // When A escalates and B rejects
        escalate(id, "analyst-a", T1);
        review.decide(decision(id, "analyst-b", ReviewAction.REJECT_ESCALATION, "Evidence is one ordinary sale.", T2));
        // Then it is open again
        assertThat(review.state(id)).isEqualTo(SignalState.OPEN);
        // When B escalates it after all and A confirms
        escalate(id, "analyst-b", T3);
        confirm(id, "analyst-a", T4);
        // Then the flagged permit names the second escalation
        final List<FlaggedPermit> flagged = review.flaggedPermits().readValuesToList();
        assertThat(flagged).hasSize(1);
        assertThat(flagged.get(0).getEscalatedBy()).isEqualTo("analyst-b");
        assertThat(flagged.get(0).getEscalatedAt()).isEqualTo(T3);
        assertThat(flagged.get(0).getConfirmedBy()).isEqualTo("analyst-a");
        assertThat(flagged.get(0).getRestrictedContext()).isNull();
        assertThat(review.deadLetters().isEmpty()).isTrue();
    }

    @Test
    void aDismissedSignalIsDismissed() {
        // Given an open permit-application signal
        final String id = signalId();
        review.signal(permitSignal(id, "APP-2025-0003", DETECTED));
        // When an analyst dismisses it
        review.decide(decision(id, "analyst-a", ReviewAction.DISMISS, "Ordinary change of owner.", T1));
        // Then it is dismissed, and nothing goes to the BIBOB officers
        assertThat(review.state(id)).isEqualTo(SignalState.DISMISSED);
        assertNothingFlaggedAndNothingRefused();
    }

    @Test
    void aRequestForInformationWaitsAndCanThenBeEscalated() {
        final String id = signalId();
        review.signal(permitSignal(id, "APP-2025-0004", DETECTED));
        review.decide(decision(id, "analyst-a", ReviewAction.REQUEST_INFO, "Ask KvK for the deed.", T1));
        assertThat(review.state(id)).isEqualTo(SignalState.INFO_REQUESTED);
        escalate(id, "analyst-a", T2);
        assertThat(review.state(id)).isEqualTo(SignalState.ESCALATION_PENDING);
        assertThat(review.deadLetters().isEmpty()).isTrue();
    }

    @Test
    void theEscalatorCannotConfirmTheirOwnEscalation() {
        final String id = signalId();
        review.signal(permitSignal(id, "APP-2025-0005", DETECTED));
        escalate(id, "analyst-a", T1);
        // When A confirms their own escalation
        final ReviewDecision self = decision(id, "analyst-a", ReviewAction.CONFIRM_ESCALATION, RATIONALE_50, T2);
        final long offset = review.decide(self);
        // Then nothing is flagged, the escalation still waits, and the dead letter says why
        assertThat(review.flaggedPermits().isEmpty()).isTrue();
        assertThat(review.state(id)).isEqualTo(SignalState.ESCALATION_PENDING);
        assertRefused(self, offset, "four eyes: analyst-a escalated this signal and cannot also confirm it; "
                + "a different analyst must");
        // And the metrics count one four-eyes refusal in the stream, and one refused decision's dead letter
        final PrometheusScrape scrape = PrometheusScrape.now();
        assertThat(scrape.value(Metrics.GATE_REFUSALS, Map.of("app", review.applicationId(), "at", "stream",
                "reason", "four-eyes"))).contains(1.0);
        assertThat(scrape.samples(Metrics.GATE_REFUSALS, Map.of("app", review.applicationId()))).hasSize(1);
        assertThat(scrape.value(Metrics.DEAD_LETTERS, Map.of("app", review.applicationId(), "stage",
                ReviewTopology.STAGE, "reason", "refused", "topic", Topics.REVIEW_DECISIONS.name()))).contains(1.0);
    }

    @Test
    void anEscalationNeedsFiftyCharactersAfterTrimmingAndFiftyAreEnough() {
        final String id = signalId();
        review.signal(permitSignal(id, "APP-2025-0006", DETECTED));
        assertThat(RATIONALE_50).hasSize(50);
        // When A escalates with 49 characters padded by spaces
        final ReviewDecision short49 = decision(id, "analyst-a", ReviewAction.ESCALATE, "   " + RATIONALE_49 + "   ", T1);
        final long offset = review.decide(short49);
        // Then it is refused and the signal stays open
        assertThat(review.state(id)).isEqualTo(SignalState.OPEN);
        assertRefused(short49, offset, "ESCALATE needs a rationale of at least 50 characters; this one has 49");
        // When A escalates with exactly 50, and B confirms with 49, then with 50
        escalate(id, "analyst-a", T2);
        assertThat(review.state(id)).isEqualTo(SignalState.ESCALATION_PENDING);
        final ReviewDecision confirm49 = decision(id, "analyst-b", ReviewAction.CONFIRM_ESCALATION, RATIONALE_49, T3);
        final long confirmOffset = review.decide(confirm49);
        assertThat(review.flaggedPermits().isEmpty()).isTrue();
        assertRefused(confirm49, confirmOffset,
                "CONFIRM_ESCALATION needs a rationale of at least 50 characters; this one has 49");
        confirm(id, "analyst-b", T4);
        assertThat(review.flaggedPermits().readValuesToList()).hasSize(1);
    }

    @Test
    void aSupersededSignalTakesNoDecision() {
        // Given a signal and a newer one for the same application that supersedes it
        final String older = signalId();
        final String newer = signalId();
        review.signal(permitSignal(older, "APP-2025-0007", DETECTED));
        review.signal(signal(newer, SubjectType.PERMIT_APPLICATION, "APP-2025-0007", DETECTED.plusSeconds(3600), older));
        // When an analyst escalates the older one
        final ReviewDecision onOlder = decision(older, "analyst-a", ReviewAction.ESCALATE, RATIONALE_50, T1);
        final long offset = review.decide(onOlder);
        // Then it is refused; the newer one can be reviewed
        assertThat(review.find(older).orElseThrow().supersededBy()).contains(newer);
        assertThat(review.state(older)).isEqualTo(SignalState.OPEN);
        assertRefused(onOlder, offset,
                "the signal was superseded by a newer signal for the same subject; review that one");
        escalate(newer, "analyst-a", T2);
        assertThat(review.state(newer)).isEqualTo(SignalState.ESCALATION_PENDING);
    }

    @Test
    void aDismissedSignalTakesNoFurtherDecision() {
        final String id = signalId();
        review.signal(permitSignal(id, "APP-2025-0008", DETECTED));
        review.decide(decision(id, "analyst-a", ReviewAction.DISMISS, "Ordinary change of owner.", T1));
        final ReviewDecision late = decision(id, "analyst-b", ReviewAction.ESCALATE, RATIONALE_50, T2);
        final long offset = review.decide(late);
        assertThat(review.state(id)).isEqualTo(SignalState.DISMISSED);
        assertRefused(late, offset, "the signal is already DISMISSED; no further decision is possible");
    }

    @Test
    void aRepeatedConfirmationStillFlagsThePermitOnlyOnce() {
        final String id = signalId();
        review.signal(permitSignal(id, "APP-2025-0009", DETECTED));
        escalate(id, "analyst-a", T1);
        final ReviewDecision first = decision(id, "analyst-b", ReviewAction.CONFIRM_ESCALATION, RATIONALE_50, T2);
        review.decide(first);
        // When B's confirmation arrives a second time (a double click)
        final ReviewDecision again = decision(id, "analyst-b", ReviewAction.CONFIRM_ESCALATION, RATIONALE_50, T3);
        final long offset = review.decide(again);
        // Then there is still exactly one flagged permit
        assertThat(review.flaggedPermits().readValuesToList()).hasSize(1);
        assertRefused(again, offset, "repeated decision: analyst-b already took CONFIRM_ESCALATION on this signal"
                + " (decision " + first.getDecisionId() + "); it is recorded once");
        // And a third analyst confirming the escalated signal is refused too
        final ReviewDecision third = decision(id, "analyst-c", ReviewAction.CONFIRM_ESCALATION, RATIONALE_50, T4);
        final long thirdOffset = review.decide(third);
        assertThat(review.flaggedPermits().isEmpty()).isTrue();
        assertRefused(third, thirdOffset, "the signal is already ESCALATED; no further decision is possible");
    }

    @Test
    void aRepeatedEscalationClickIsRefused() {
        final String id = signalId();
        review.signal(permitSignal(id, "APP-2025-0010", DETECTED));
        final ReviewDecision first = decision(id, "analyst-a", ReviewAction.ESCALATE, RATIONALE_50, T1);
        review.decide(first);
        final ReviewDecision again = decision(id, "analyst-a", ReviewAction.ESCALATE, RATIONALE_50, T2);
        final long offset = review.decide(again);
        assertThat(review.find(id).orElseThrow().decisions()).containsExactly(first);
        assertRefused(again, offset, "repeated decision: analyst-a already took ESCALATE on this signal (decision "
                + first.getDecisionId() + "); it is recorded once");
    }

    @Test
    void aConfirmationWithoutAPendingEscalationIsRefused() {
        final String id = signalId();
        review.signal(permitSignal(id, "APP-2025-0011", DETECTED));
        final ReviewDecision confirm = decision(id, "analyst-b", ReviewAction.CONFIRM_ESCALATION, RATIONALE_50, T1);
        final long offset = review.decide(confirm);
        assertThat(review.state(id)).isEqualTo(SignalState.OPEN);
        assertRefused(confirm, offset, "there is no pending escalation to confirm (the signal is OPEN)");
    }

    @Test
    void aDecisionOnAnUnknownSignalIsRefused() {
        final String unknown = signalId();
        final ReviewDecision decision = decision(unknown, "analyst-a", ReviewAction.ESCALATE, RATIONALE_50, T1);
        final long offset = review.decide(decision);
        assertThat(review.find(unknown)).isEmpty();
        assertRefused(decision, offset, "unknown signal " + unknown + ": this gate holds no such signal; it has not "
                + "read it from ondermijning.signals (partition 0, where the decision was routed by its signal id from "
                + "review.decisions-0) or removed it after its retention");
    }

    @Test
    void theNewestRestrictedContextIsAttachedAndATombstoneRemovesIt() {
        // Given a context for application A that is updated, and one for application B that is removed
        final String a = signalId();
        final String b = signalId();
        review.signal(permitSignal(a, "APP-2025-0012", DETECTED)).signal(permitSignal(b, "APP-2025-0013", DETECTED));
        final RestrictedContext updated = context("APP-2025-0012", "BIB-9", Instant.parse("2025-03-05T08:00:00Z"));
        review.context(context("APP-2025-0012", "BIB-8", Instant.parse("2025-03-04T08:00:00Z"))).context(updated);
        review.context(context("APP-2025-0013", "BIB-10", Instant.parse("2025-03-04T08:00:00Z")))
                .contextRemoved("APP-2025-0013", Instant.parse("2025-03-06T08:00:00Z"));
        // When both are escalated and confirmed
        for (final String id : List.of(a, b)) {
            escalate(id, "analyst-a", T1);
            confirm(id, "analyst-b", T2);
        }
        // Then A's permit carries the updated context, B's none
        final List<FlaggedPermit> flagged = review.flaggedPermits().readValuesToList();
        assertThat(flagged).extracting(FlaggedPermit::getApplicationId).containsExactly("APP-2025-0012", "APP-2025-0013");
        assertThat(flagged.get(0).getRestrictedContext()).isEqualTo(updated);
        assertThat(flagged.get(1).getRestrictedContext()).isNull();
    }

    @Test
    void aDismissedSignalIsTombstonedWhenStreamTimeReachesTheRetentionPeriodAndNotOneMillisecondBefore() {
        // Given a 10-day retention and a signal dismissed at T1
        final Duration retention = Duration.ofDays(10);
        try (ReviewDriver short10 = new ReviewDriver(retention)) {
            final String id = signalId();
            final String other = signalId();
            short10.signal(permitSignal(id, "APP-2025-0014", DETECTED));
            final ReviewDecision dismissal = decision(id, "analyst-a", ReviewAction.DISMISS, "Ordinary sale.", T1);
            short10.decide(dismissal);
            // When stream time reaches one millisecond before the end of the period
            short10.signal(permitSignal(other, "APP-2025-0015", T1.plus(retention).minusMillis(1)));
            // Then the signal is still there
            assertThat(short10.state(id)).isEqualTo(SignalState.DISMISSED);
            assertThat(short10.signalsWritten().isEmpty()).isTrue();
            // When stream time reaches the end of the period
            short10.decide(decision(other, "analyst-b", ReviewAction.REQUEST_INFO, "Ask for the deed.",
                    T1.plus(retention)));
            // Then it is tombstoned on the signals topic and gone from the stores; the other signal stays
            final List<TestRecord<String, RiskSignal>> written = short10.signalsWritten().readRecordsToList();
            assertThat(written).hasSize(1);
            assertThat(written.get(0).key()).isEqualTo(id);
            assertThat(written.get(0).value()).isNull();
            assertThat(written.get(0).getRecordTime()).isEqualTo(T1.plus(retention));
            assertThat(short10.find(id)).isEmpty();
            assertThat(short10.state(other)).isEqualTo(SignalState.INFO_REQUESTED);
            // And a late decision on it is refused as unknown
            final ReviewDecision late = decision(id, "analyst-b", ReviewAction.ESCALATE, RATIONALE_50,
                    T1.plus(retention).plusSeconds(1));
            short10.decide(late);
            assertThat(short10.deadLetters().readValuesToList()).extracting(DeadLetter::getReason)
                    .containsExactly("decision " + late.getDecisionId() + " by analyst-b (ESCALATE) refused: unknown signal "
                            + id + ": this gate holds no such signal; it has not read it from ondermijning.signals"
                            + " (partition 0, where the decision was routed by its signal id from review.decisions-0)"
                            + " or removed it after its retention");
        }
    }

    /** Analyst {@code analyst} escalates signal {@code id} at {@code at} with a rationale just long enough. */
    private void escalate(final String id, final String analyst, final Instant at) {
        review.decide(decision(id, analyst, ReviewAction.ESCALATE, RATIONALE_50, at));
    }

    /** Analyst {@code analyst} confirms the escalation of {@code id} at {@code at}, with a rationale just long enough. */
    private void confirm(final String id, final String analyst, final Instant at) {
        review.decide(decision(id, analyst, ReviewAction.CONFIRM_ESCALATION, RATIONALE_50, at));
    }

    @Test
    void aDecisionTooLargeToCopyIsDeadLetteredCutWithTheLengthAndHashOfTheWhole() {
        // Given 1,000,000 bytes on review.decisions that are not a decision
        final byte[] value = new byte[1_000_000];
        java.util.Arrays.fill(value, (byte) 'x');

        // When the gate reads them
        review.pipeRawDecision("sig-1", value, DETECTED);

        // Then the dead letter (stage review-gate) keeps the first 256 KiB and says how long the whole was
        final DeadLetter letter = review.deadLetters().readValue();
        assertThat(letter.getStage()).isEqualTo("review-gate");
        assertThat(letter.getReason()).startsWith("cannot decode the decision: ");
        assertThat(letter.getOriginalValue().remaining()).isEqualTo(DeadLetters.MAX_ORIGINAL_BYTES);
        assertThat(letter.getOriginalValueTruncated()).isTrue();
        assertThat(letter.getOriginalValueLength()).isEqualTo(1_000_000);
        assertThat(letter.getOriginalValueSha256()).hasSize(64);
        assertThat(review.deadLetters().isEmpty()).isTrue();
    }

    private void assertNothingFlaggedAndNothingRefused() {
        assertThat(review.flaggedPermits().isEmpty()).isTrue();
        assertThat(review.deadLetters().isEmpty()).isTrue();
    }

    private void assertRefused(final ReviewDecision decision, final long offset, final String reason) {
        final List<TestRecord<byte[], DeadLetter>> letters = review.deadLetters().readRecordsToList();
        assertThat(letters).hasSize(1);
        final DeadLetter letter = letters.get(0).value();
        assertThat(letters.get(0).key()).isEqualTo(decision.getSignalId().getBytes(StandardCharsets.UTF_8));
        assertThat(letter.getSourceTopic()).isEqualTo("review.decisions");
        assertThat(letter.getPartition()).isZero();
        assertThat(letter.getOffset()).isEqualTo(offset);
        assertThat(letter.getStage()).isEqualTo("review-gate");
        assertThat(letter.getReason()).isEqualTo("decision " + decision.getDecisionId() + " by "
                + decision.getReviewer() + " (" + decision.getAction() + ") refused: " + reason);
        assertThat(letter.getOriginalKey()).isEqualTo(ByteBuffer.wrap(decision.getSignalId().getBytes(StandardCharsets.UTF_8)));
        assertThat(review.originalDecision(letter)).isEqualTo(decision);
        assertThat(letter.getFailedAt()).isEqualTo(decision.getDecidedAt());
        assertThat(review.refusal(decision.getDecisionId())).contains(reason);
    }
}
