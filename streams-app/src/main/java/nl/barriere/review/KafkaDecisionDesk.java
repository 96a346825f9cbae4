package nl.barriere.review;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import nl.barriere.contract.Role;
import nl.barriere.contract.Topics;
import nl.barriere.platform.Metrics;
import nl.barriere.schema.AccessAction;
import nl.barriere.schema.AccessEvent;
import nl.barriere.schema.BibobCaseStep;
import nl.barriere.schema.BibobOutcome;
import nl.barriere.schema.BibobStepType;
import nl.barriere.schema.FlaggedPermit;
import nl.barriere.schema.ReviewAction;
import nl.barriere.schema.ReviewDecision;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link DecisionDesk} by producing to {@code review.decisions} and {@code review.access-log}. Ids are random
 * UUIDs and times are the wall clock: a click is a fact about a person at a moment, not something derived from
 * the input, so reproducibility (rule 3) does not apply to it; the gate in the stream only reads them.
 *
 * <p>Every decision is signed ({@link DecisionSigner}) with the user and the roles the web layer's session holds,
 * so the gate can tell it from one written to the topic by anything else.
 *
 * <p>A decision refused here is never written, so the stream's gate never sees it: it is counted here
 * ({@link Metrics#GATE_REFUSALS} with {@code at="desk"}), and this is where nearly every refusal happens.
 */
final class KafkaDecisionDesk implements DecisionDesk {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaDecisionDesk.class);
    /** How long {@link #decide} waits for the gate to have processed the decision. */
    static final Duration VISIBLE_WITHIN = Duration.ofSeconds(5);
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(10);
    private static final long POLL_MS = 20;

    private final StoreQueries queries;
    private final KafkaProducer<String, ReviewDecision> decisions;
    private final KafkaProducer<String, AccessEvent> accesses;
    private final KafkaProducer<String, BibobCaseStep> steps;
    private final DecisionSigner signer;
    private final Clock clock;

    KafkaDecisionDesk(final StoreQueries queries, final KafkaProducer<String, ReviewDecision> decisions,
                      final KafkaProducer<String, AccessEvent> accesses, final KafkaProducer<String, BibobCaseStep> steps,
                      final DecisionSigner signer, final Clock clock) {
        this.queries = queries;
        this.decisions = decisions;
        this.accesses = accesses;
        this.steps = steps;
        this.signer = signer;
        this.clock = clock;
    }

    @Override
    public Outcome decide(final String user, final Set<Role> roles, final String signalId, final ReviewAction action,
                          final String rationale) {
        if (!roles.contains(Role.ANALYST)) {
            Metrics.gateRefusal(ReviewTopology.APPLICATION_ID, "desk", "not-analyst");
            return Outcome.refused("only an analyst decides on a signal; " + user + " is "
                    + String.join(", ", DecisionSigner.roleIds(roles)));
        }
        final Optional<ReviewCase> current = queries.find(signalId);
        if (current.isEmpty()) {
            Metrics.gateRefusal(ReviewTopology.APPLICATION_ID, "desk", "unknown-signal");
            return Outcome.refused("unknown signal " + signalId);
        }
        final Gate.Verdict verdict = Gate.check(current.get().decisions(), current.get().supersededBy().isPresent(),
                user, action, rationale);
        if (!verdict.accepted()) {
            Metrics.gateRefusal(ReviewTopology.APPLICATION_ID, "desk", verdict.code());
            return Outcome.refused(verdict.reason());
        }
        final Instant now = Instant.ofEpochMilli(clock.millis());
        final ReviewDecision decision = signer.sign(ReviewDecision.newBuilder()
                .setDecisionId(UUID.randomUUID().toString()).setSignalId(signalId).setReviewer(user)
                .setRoles(DecisionSigner.roleIds(roles)).setAction(action).setRationale(rationale)
                .setDecidedAt(now).build());
        try {
            send(decisions, Topics.REVIEW_DECISIONS.name(), signalId, decision, now);
        } catch (ExecutionException | TimeoutException e) {
            LOG.error("decision {} by {} on {} could not be written", decision.getDecisionId(), user, signalId, e);
            return Outcome.refused("the decision could not be recorded (" + e.getMessage() + "); nothing was decided, try again");
        }
        record(user, "analyst", signalId, AccessAction.DECIDE, decision.getDecisionId(), now);
        return awaitGate(decision);
    }

    @Override
    public Outcome recordStep(final String user, final Set<Role> roles, final String applicationId,
                              final BibobStepType type, final BibobOutcome outcome, final String note) {
        if (!roles.contains(Role.BIBOB_OFFICER)) {
            Metrics.gateRefusal(ReviewTopology.APPLICATION_ID, "desk", "not-bibob-officer");
            return Outcome.refused("only a BIBOB officer takes a step on a flagged permit; " + user + " is "
                    + String.join(", ", DecisionSigner.roleIds(roles)));
        }
        final Optional<FlaggedPermit> permit = queries.flaggedPermits().stream()
                .filter(p -> p.getApplicationId().equals(applicationId)).findFirst();
        if (permit.isEmpty()) {
            Metrics.gateRefusal(ReviewTopology.APPLICATION_ID, "desk", "unknown-permit");
            return Outcome.refused("no flagged permit " + applicationId);
        }
        final Instant now = Instant.ofEpochMilli(clock.millis());
        final BibobCaseStep unsigned = BibobCaseStep.newBuilder().setStepId(UUID.randomUUID().toString())
                .setApplicationId(applicationId).setSignalId(permit.get().getSignalId()).setBibobOfficer(user)
                .setRoles(DecisionSigner.roleIds(roles)).setStep(type).setNote(note == null ? "" : note.strip())
                .setOutcome(outcome).setAt(now).build();
        final CaseSteps.Verdict verdict = CaseSteps.check(queries.caseSteps(applicationId), unsigned);
        if (!verdict.accepted()) {
            Metrics.gateRefusal(ReviewTopology.APPLICATION_ID, "desk", verdict.code());
            return Outcome.refused(verdict.reason());
        }
        final BibobCaseStep step = signer.sign(unsigned);
        try {
            send(steps, Topics.BIBOB_CASE_STEPS.name(), applicationId, step, now);
        } catch (ExecutionException | TimeoutException e) {
            LOG.error("case step {} by {} could not be written", step.getStepId(), user, e);
            return Outcome.refused("the step could not be recorded (" + e.getMessage() + "); nothing was recorded, try again");
        }
        return awaitStep(step);
    }

    private Outcome awaitStep(final BibobCaseStep step) {
        return await(step.getStepId(), () -> queries.caseSteps(step.getApplicationId()).stream()
                        .anyMatch(s -> s.getStepId().equals(step.getStepId())),
                () -> queries.stepRefusal(step.getStepId()), "the step", "the permit");
    }

    @Override
    public void recordAccess(final String user, final String role, final String signalId, final AccessAction action,
                             final String detail) {
        record(user, role, signalId, action, detail, Instant.ofEpochMilli(clock.millis()));
    }

    /**
     * Rule 8: every view and decision is on the access log. A view that cannot be logged must not be shown, so
     * a failure to write is thrown, for the web layer to refuse the page.
     */
    private void record(final String user, final String role, final String signalId, final AccessAction action,
                        final String detail, final Instant at) {
        final AccessEvent event = AccessEvent.newBuilder().setAccessId(UUID.randomUUID().toString()).setSignalId(signalId)
                .setUser(user).setRole(role).setAction(action).setAt(at).setDetail(detail).build();
        try {
            send(accesses, Topics.ACCESS_LOG.name(), signalId, event, at);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not write the access log for " + action + " of " + signalId
                    + " by " + user, e);
        }
    }

    private Outcome awaitGate(final ReviewDecision decision) {
        return await(decision.getDecisionId(), () -> queries.find(decision.getSignalId()).map(c -> c.decisions()
                        .stream().anyMatch(d -> d.getDecisionId().equals(decision.getDecisionId()))).orElse(false),
                () -> queries.refusal(decision.getDecisionId()), "the decision", "the signal");
    }

    /**
     * Waits up to {@link #VISIBLE_WITHIN} for the stream's gate to have taken ({@code accepted}) or refused what was
     * written under {@code id}.
     */
    private static Outcome await(final String id, final BooleanSupplier accepted,
                                 final Supplier<Optional<String>> refusal, final String what, final String where) {
        final long deadline = System.nanoTime() + VISIBLE_WITHIN.toNanos();
        while (System.nanoTime() < deadline) {
            if (accepted.getAsBoolean()) {
                return Outcome.accepted(id);
            }
            final Optional<String> refused = refusal.get();
            if (refused.isPresent()) {
                return Outcome.refused(refused.get());
            }
            try {
                Thread.sleep(POLL_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return new Outcome(false, id, what + " was recorded, but the review app has not processed it within "
                + VISIBLE_WITHIN.toSeconds() + " s; reload " + where + " to see whether it was accepted");
    }

    private static <V> void send(final KafkaProducer<String, V> producer, final String topic, final String key,
                                 final V value, final Instant at)
            throws ExecutionException, TimeoutException {
        try {
            producer.send(new ProducerRecord<>(topic, null, at.toEpochMilli(), key, value))
                    .get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing to " + topic, e);
        }
    }
}
