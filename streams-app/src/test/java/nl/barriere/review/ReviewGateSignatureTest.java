package nl.barriere.review;

import static nl.barriere.review.Reviews.RATIONALE_50;
import static nl.barriere.review.Reviews.decision;
import static nl.barriere.review.Reviews.permitSignal;
import static nl.barriere.review.Reviews.signalId;
import static nl.barriere.review.Reviews.signed;
import static nl.barriere.review.Reviews.unsigned;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import nl.barriere.contract.Role;
import nl.barriere.platform.Metrics;
import nl.barriere.platform.PrometheusScrape;
import nl.barriere.schema.DeadLetter;
import nl.barriere.schema.FlaggedPermit;
import nl.barriere.schema.ReviewAction;
import nl.barriere.schema.ReviewDecision;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The gate verifies who decided (DESIGN.md rule 1) before it asks the four-eyes rules: only a decision the review
 * app signed, for a user who held the analyst role, counts. Anything else written to review.decisions (a BIBOB
 * officer's name, a user id with a trailing blank, a forged or altered record) is refused with a dead letter saying
 * why, and never flags a permit.
 */
class ReviewGateSignatureTest {

    private static final Instant DETECTED = Instant.parse("2025-03-03T12:00:00Z");
    private static final Instant T1 = Instant.parse("2025-03-10T09:00:00Z");
    private static final Instant T2 = Instant.parse("2025-03-10T10:00:00Z");
    private static final Instant T3 = Instant.parse("2025-03-10T11:00:00Z");
    private static final String CONFIRMATION = "Agreed: the officer churn matches the straw-man pattern we saw before.";
    private static final String NOT_SIGNED = "it carries no signature, so it was not written by the review app";
    private static final String BAD_SIGNATURE =
            "its signature does not check out (not written by the review app, or altered)";

    private final ReviewDriver review = new ReviewDriver();

    @AfterEach
    void close() {
        review.close();
    }

    @Test
    void aValidlySignedConfirmationByASecondAnalystFlagsThePermit() {
        // Given an escalation by analyst-a, signed by the review app
        final String id = pendingEscalation("APP-2025-0200");
        // When analyst-b's confirmation arrives, signed for analyst-b with the analyst role
        final ReviewDecision confirmation = decision(id, "analyst-b", ReviewAction.CONFIRM_ESCALATION, CONFIRMATION, T2);
        assertThat(confirmation.getRoles()).containsExactly("analyst");
        assertThat(confirmation.getSignature()).matches("hmac-sha256:[0-9a-f]{64}");
        review.decide(confirmation);
        // Then the permit is flagged, naming both, and nothing is refused
        final List<FlaggedPermit> flagged = review.flaggedPermits().readValuesToList();
        assertThat(flagged).extracting(FlaggedPermit::getEscalatedBy, FlaggedPermit::getConfirmedBy)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("analyst-a", "analyst-b"));
        assertThat(review.deadLetters().isEmpty()).isTrue();
        assertThat(review.state(id)).isEqualTo(SignalState.ESCALATED);
    }

    @Test
    void anUnsignedConfirmationInABibobOfficersNameFlagsNothing() {
        // Given a pending escalation
        final String id = pendingEscalation("APP-2025-0201");
        // When a record on review.decisions says bibob1 confirmed it, without a signature (written by anything but
        // the review app: only topic ACLs stood in its way)
        final ReviewDecision forged = unsigned(id, "bibob1", ReviewAction.CONFIRM_ESCALATION, CONFIRMATION, T2);
        final long offset = review.decide(forged);
        // Then nothing is flagged, the escalation still waits, and the dead letter says why
        assertThat(review.flaggedPermits().isEmpty()).isTrue();
        assertThat(review.state(id)).isEqualTo(SignalState.ESCALATION_PENDING);
        assertRefused(forged, offset, "bibob1", NOT_SIGNED);
        // And it is counted as unsigned
        assertThat(PrometheusScrape.now().value(Metrics.GATE_REFUSALS, Map.of("app", review.applicationId(),
                "at", "stream", "reason", "unsigned"))).contains(1.0);
    }

    @Test
    void aConfirmationSignedWithAnotherKeyIsRefusedAsABadSignature() {
        final String id = pendingEscalation("APP-2025-0202");
        // When bibob1's confirmation carries the analyst role and a signature, but not the review app's
        final DecisionSigner otherKey = new DecisionSigner("some other key, also 32 bytes...".getBytes(StandardCharsets.UTF_8));
        final ReviewDecision forged = otherKey.sign(ReviewDecision.newBuilder(
                unsigned(id, "bibob1", ReviewAction.CONFIRM_ESCALATION, CONFIRMATION, T2)).setRoles(List.of("analyst")).build());
        final long offset = review.decide(forged);
        // Then it is refused, nothing is flagged
        assertThat(review.flaggedPermits().isEmpty()).isTrue();
        assertRefused(forged, offset, "bibob1", BAD_SIGNATURE);
        assertThat(PrometheusScrape.now().value(Metrics.GATE_REFUSALS, Map.of("app", review.applicationId(),
                "at", "stream", "reason", "bad-signature"))).contains(1.0);
    }

    @Test
    void aReviewerWithATrailingBlankIsNotTheUserTheReviewAppSignedFor() {
        final String id = pendingEscalation("APP-2025-0203");
        // When "Analyst1 " (no such user) confirms without a signature
        final ReviewDecision free = unsigned(id, "Analyst1 ", ReviewAction.CONFIRM_ESCALATION, CONFIRMATION, T2);
        final long offset = review.decide(free);
        // Then it is refused, and the dead letter shows the blank
        assertRefused(free, offset, "\"Analyst1 \"", NOT_SIGNED);
        // When a decision the review app signed for analyst1 has its reviewer changed to "Analyst1 "
        final ReviewDecision signedForAnalyst1 = decision(id, "analyst1", ReviewAction.CONFIRM_ESCALATION, CONFIRMATION, T3);
        final ReviewDecision renamed = ReviewDecision.newBuilder(signedForAnalyst1).setReviewer("Analyst1 ").build();
        final long renamedOffset = review.decide(renamed);
        // Then the signature covers the reviewer: refused as altered, nothing flagged
        assertRefused(renamed, renamedOffset, "\"Analyst1 \"", BAD_SIGNATURE);
        assertThat(review.flaggedPermits().isEmpty()).isTrue();
        assertThat(review.state(id)).isEqualTo(SignalState.ESCALATION_PENDING);
    }

    @Test
    void aDecisionSignedForAUserWithoutTheAnalystRoleIsRefusedNamingTheRoleItHad() {
        final String id = pendingEscalation("APP-2025-0204");
        // When the review app signed bibob1's confirmation, with the role bibob1 holds
        final ReviewDecision officer = signed(unsigned(id, "bibob1", ReviewAction.CONFIRM_ESCALATION, CONFIRMATION, T2),
                Role.BIBOB_OFFICER);
        final long offset = review.decide(officer);
        // Then it is refused, naming the role
        assertThat(review.flaggedPermits().isEmpty()).isTrue();
        assertRefused(officer, offset, "bibob1",
                "it was signed for bibob1 as bibob-officer, not as analyst; only an analyst decides on a signal");
        assertThat(PrometheusScrape.now().value(Metrics.GATE_REFUSALS, Map.of("app", review.applicationId(),
                "at", "stream", "reason", "not-analyst"))).contains(1.0);
    }

    @Test
    void aRationaleAlteredAfterSigningIsRefused() {
        final String id = pendingEscalation("APP-2025-0205");
        // When analyst-b's signed confirmation reaches the topic with another rationale
        final ReviewDecision genuine = decision(id, "analyst-b", ReviewAction.CONFIRM_ESCALATION, CONFIRMATION, T2);
        final ReviewDecision altered = ReviewDecision.newBuilder(genuine)
                .setRationale("Agreed: confirmed after a phone call with the applicant's accountant.").build();
        final long offset = review.decide(altered);
        // Then it is refused and nothing is flagged
        assertThat(review.flaggedPermits().isEmpty()).isTrue();
        assertRefused(altered, offset, "analyst-b", BAD_SIGNATURE);
        // And the genuine one is still accepted
        review.decide(genuine);
        assertThat(review.flaggedPermits().readValuesToList()).hasSize(1);
    }

    @Test
    void theSignedBytesAreUnambiguousSoFieldsCannotTradeCharacters() {
        // Given two decisions whose fields concatenate to the same characters
        final ReviewDecision a = unsigned("sig-1", "analyst-a", ReviewAction.DISMISS, "b ordinary", T1);
        final ReviewDecision b = ReviewDecision.newBuilder(a).setReviewer("analyst-ab").setRationale(" ordinary").build();
        // Then their canonical encodings differ, and so do their signatures
        assertThat(DecisionSigner.canonical(a)).isNotEqualTo(DecisionSigner.canonical(b));
        assertThat(Reviews.SIGNER.sign(a).getSignature()).isNotEqualTo(Reviews.SIGNER.sign(b).getSignature());
        // And a changed role list is a changed decision
        assertThat(Reviews.SIGNER.verifies(ReviewDecision.newBuilder(signed(a, Role.BIBOB_OFFICER))
                .setRoles(List.of("analyst")).build())).isFalse();
    }

    /** A permit-application signal escalated by analyst-a at T1, signed as the review app signs. */
    private String pendingEscalation(final String applicationId) {
        final String id = signalId();
        review.signal(permitSignal(id, applicationId, DETECTED));
        review.decide(decision(id, "analyst-a", ReviewAction.ESCALATE, RATIONALE_50, T1));
        assertThat(review.state(id)).isEqualTo(SignalState.ESCALATION_PENDING);
        return id;
    }

    private void assertRefused(final ReviewDecision decision, final long offset, final String shownReviewer,
                               final String reason) {
        final List<TestRecord<byte[], DeadLetter>> letters = review.deadLetters().readRecordsToList();
        assertThat(letters).hasSize(1);
        final DeadLetter letter = letters.get(0).value();
        assertThat(letter.getSourceTopic()).isEqualTo("review.decisions");
        assertThat(letter.getPartition()).isZero();
        assertThat(letter.getOffset()).isEqualTo(offset);
        assertThat(letter.getStage()).isEqualTo("review-gate");
        assertThat(letter.getReason()).isEqualTo("decision " + decision.getDecisionId() + " by " + shownReviewer
                + " (" + decision.getAction() + ") refused: " + reason);
        assertThat(letter.getOriginalKey()).isEqualTo(ByteBuffer.wrap(decision.getSignalId().getBytes(StandardCharsets.UTF_8)));
        assertThat(review.originalDecision(letter)).isEqualTo(decision);
        assertThat(review.refusal(decision.getDecisionId())).contains(reason);
    }
}
