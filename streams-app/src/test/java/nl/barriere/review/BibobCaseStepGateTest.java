package nl.barriere.review;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import nl.barriere.contract.Role;
import nl.barriere.contract.Topics;
import nl.barriere.schema.BibobCaseStep;
import nl.barriere.schema.BibobOutcome;
import nl.barriere.schema.BibobStepType;
import nl.barriere.schema.DeadLetter;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The gate for the BIBOB officers' steps on a flagged permit: only a step the review app signed for a
 * bibob-officer counts, and a DECIDED names its outcome. Every refusal is a dead letter on bibob.dead-letters (never
 * on the analysts' dead letters) naming why, and the step is not kept.
 */
class BibobCaseStepGateTest {

    private static final String APP = "APP-2025-0300";
    private static final String SIGNAL = "sig-0300";
    private static final Instant T1 = Instant.parse("2025-04-01T09:00:00Z");
    private static final Instant T2 = Instant.parse("2025-04-02T09:00:00Z");
    private static final Instant T3 = Instant.parse("2025-04-20T09:00:00Z");

    private final ReviewDriver review = new ReviewDriver();

    @AfterEach
    void close() {
        review.close();
    }

    static BibobCaseStep step(final String stepId, final String officer, final BibobStepType type,
                              final BibobOutcome outcome, final String note, final Instant at, final Role... roles) {
        return BibobCaseStep.newBuilder().setStepId(stepId).setApplicationId(APP).setSignalId(SIGNAL)
                .setBibobOfficer(officer).setRoles(DecisionSigner.roleIds(List.of(roles))).setStep(type)
                .setNote(note).setOutcome(outcome).setAt(at).build();
    }

    static BibobCaseStep signed(final BibobCaseStep step) {
        return Reviews.SIGNER.sign(step);
    }

    @Test
    void signedStepsOfABibobOfficerAreKeptInOrderAndTheStatusFollowsThem() {
        // Given a flagged permit, when the officer acknowledges it (T1), starts an own investigation with a note (T2)
        // and decides to attach conditions (T3), each step signed by the review app for a bibob-officer
        review.step(signed(step("s1", "bibob-1", BibobStepType.ACKNOWLEDGED, null, "", T1, Role.BIBOB_OFFICER)));
        review.step(signed(step("s2", "bibob-1", BibobStepType.OWN_INVESTIGATION, null,
                "Financing of the premises unclear", T2, Role.BIBOB_OFFICER)));
        review.step(signed(step("s3", "bibob-1", BibobStepType.DECIDED, BibobOutcome.CONDITIONS_ATTACHED, "", T3,
                Role.BIBOB_OFFICER)));
        // Then all three are kept, oldest first, the case is decided with that outcome, and nothing is refused
        final List<BibobCaseStep> steps = review.steps(APP);
        assertThat(steps).extracting(BibobCaseStep::getStepId).containsExactly("s1", "s2", "s3");
        assertThat(steps.get(1).getNote()).isEqualTo("Financing of the premises unclear");
        assertThat(CaseSteps.statusOf(steps)).isEqualTo("DECIDED");
        assertThat(CaseSteps.decided(steps)).contains(BibobOutcome.CONDITIONS_ATTACHED);
        assertThat(review.bibobDeadLetters().isEmpty()).isTrue();
        assertThat(review.deadLetters().isEmpty()).isTrue();
    }

    @Test
    void aStepSignedForAnAnalystIsRefused() {
        // Given a step validly signed, but for a user who holds only the analyst role
        final BibobCaseStep byAnalyst = signed(step("s1", "analyst-a", BibobStepType.ACKNOWLEDGED, null, "", T1,
                Role.ANALYST));
        // When it arrives
        review.step(byAnalyst);
        // Then it is not kept, and the dead letter on bibob.dead-letters says why
        assertThat(review.steps(APP)).isEmpty();
        final String reason = "analyst-a is analyst, not bibob-officer; only a BIBOB officer takes a step on a "
                + "flagged permit";
        assertRefused(byAnalyst, "case step s1 by analyst-a (ACKNOWLEDGED) on " + APP + " refused: " + reason);
        assertThat(review.stepRefusal("s1")).contains(reason);
    }

    @Test
    void anUnsignedStepInABibobOfficersNameIsRefused() {
        // Given a step naming a BIBOB officer and their role, but written to the topic without the review app's key
        final BibobCaseStep unsigned = step("s1", "bibob-1", BibobStepType.DECIDED, BibobOutcome.PERMIT_REFUSED, "",
                T1, Role.BIBOB_OFFICER);
        // When it arrives, and a copy signed with another key
        review.step(unsigned);
        review.step(new DecisionSigner("another key of thirty-two bytes!".getBytes(StandardCharsets.UTF_8))
                .sign(step("s2", "bibob-1", BibobStepType.DECIDED, BibobOutcome.PERMIT_REFUSED, "", T2,
                        Role.BIBOB_OFFICER)));
        // Then neither is kept: no refusal is recorded as the case's outcome
        assertThat(review.steps(APP)).isEmpty();
        final List<TestRecord<byte[], DeadLetter>> letters = review.bibobDeadLetters().readRecordsToList();
        assertThat(letters).extracting(r -> r.getValue().getReason()).containsExactly(
                "case step s1 by bibob-1 (DECIDED) on " + APP
                        + " refused: it carries no signature, so it was not written by the review app",
                "case step s2 by bibob-1 (DECIDED) on " + APP
                        + " refused: its signature does not check out (not written by the review app, or altered)");
        assertThat(review.deadLetters().isEmpty()).isTrue();
    }

    @Test
    void aDecisionWithoutOutcomeIsRefusedAndTheCaseStaysOpen() {
        // Given an acknowledged case (T1)
        review.step(signed(step("s1", "bibob-1", BibobStepType.ACKNOWLEDGED, null, "", T1, Role.BIBOB_OFFICER)));
        // When the officer's DECIDED arrives without an outcome (T2)
        final BibobCaseStep noOutcome = signed(step("s2", "bibob-1", BibobStepType.DECIDED, null, "", T2,
                Role.BIBOB_OFFICER));
        review.step(noOutcome);
        // Then only the acknowledgement is kept, the case is not decided, and the dead letter says why
        assertThat(review.steps(APP)).extracting(BibobCaseStep::getStepId).containsExactly("s1");
        assertThat(CaseSteps.statusOf(review.steps(APP))).isEqualTo("ACKNOWLEDGED");
        assertThat(CaseSteps.decided(review.steps(APP))).isEmpty();
        assertRefused(noOutcome, "case step s2 by bibob-1 (DECIDED) on " + APP + " refused: a decision names its "
                + "outcome (no measure, refused, conditions attached or revoked)");
    }

    @Test
    void aDecidedCaseTakesNotesButNoSecondDecision() {
        // Given a case decided with no measure (T1)
        review.step(signed(step("s1", "bibob-1", BibobStepType.DECIDED, BibobOutcome.NO_MEASURE, "", T1,
                Role.BIBOB_OFFICER)));
        // When a note (T2) and a second decision (T3) arrive
        review.step(signed(step("s2", "bibob-2", BibobStepType.NOTE, null, "Applicant informed", T2,
                Role.BIBOB_OFFICER)));
        final BibobCaseStep second = signed(step("s3", "bibob-2", BibobStepType.DECIDED, BibobOutcome.PERMIT_REVOKED,
                "", T3, Role.BIBOB_OFFICER));
        review.step(second);
        // Then the note is kept, the outcome is still the first one, and the second decision is refused
        assertThat(review.steps(APP)).extracting(BibobCaseStep::getStepId).containsExactly("s1", "s2");
        assertThat(CaseSteps.decided(review.steps(APP))).contains(BibobOutcome.NO_MEASURE);
        assertRefused(second, "case step s3 by bibob-2 (DECIDED) on " + APP
                + " refused: the case was decided (NO_MEASURE); it takes notes only");
    }

    /** One dead letter on bibob.dead-letters, field by field; none on the analysts' dead letters. */
    private void assertRefused(final BibobCaseStep step, final String reason) {
        final List<TestRecord<byte[], DeadLetter>> letters = review.bibobDeadLetters().readRecordsToList();
        assertThat(letters).hasSize(1);
        final DeadLetter letter = letters.get(0).getValue();
        assertThat(letter.getSourceTopic()).isEqualTo(Topics.BIBOB_CASE_STEPS.name());
        assertThat(letter.getPartition()).isZero();
        assertThat(letter.getStage()).isEqualTo(ReviewTopology.CASE_STEPS_STAGE);
        assertThat(letter.getReason()).isEqualTo(reason);
        assertThat(bytes(letter.getOriginalKey())).isEqualTo(APP.getBytes(StandardCharsets.UTF_8));
        assertThat(letter.getFailedAt()).isEqualTo(step.getAt());
        assertThat(review.deadLetters().isEmpty()).isTrue();
    }

    private static byte[] bytes(final ByteBuffer buffer) {
        final ByteBuffer copy = buffer.duplicate();
        final byte[] out = new byte[copy.remaining()];
        copy.get(out);
        return out;
    }
}
