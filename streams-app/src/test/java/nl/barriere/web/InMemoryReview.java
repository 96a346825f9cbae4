package nl.barriere.web;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import nl.barriere.contract.Role;
import nl.barriere.review.CaseSteps;
import nl.barriere.review.DecisionDesk;
import nl.barriere.review.ReviewCase;
import nl.barriere.review.ReviewQueries;
import nl.barriere.review.ReviewUnavailableException;
import nl.barriere.review.SignalState;
import nl.barriere.schema.AccessAction;
import nl.barriere.schema.AccessEvent;
import nl.barriere.schema.BibobCaseStep;
import nl.barriere.schema.BibobOutcome;
import nl.barriere.schema.BibobStepType;
import nl.barriere.schema.FlaggedPermit;
import nl.barriere.schema.RestrictedContext;
import nl.barriere.schema.ReviewAction;
import nl.barriere.schema.ReviewDecision;
import nl.barriere.schema.RiskSignal;
import nl.barriere.schema.SubjectType;

/**
 * TEST ONLY. A stand-in for the review app, in memory, so the web layer's own rules (login, roles, CSRF, what is
 * shown to whom) can be tested over real HTTP without a broker. It follows the review contract's state machine
 * and its refusals closely enough for the pages to be exercised; it is not the review gate, and nothing here proves
 * the gate: the gate's own tests and the browser walk against the real review app do.
 */
final class InMemoryReview implements ReviewQueries, DecisionDesk {

    private final Map<String, RiskSignal> signals = new LinkedHashMap<>();
    private final Map<String, List<ReviewDecision>> decisions = new LinkedHashMap<>();
    private final Map<String, RestrictedContext> restricted = new LinkedHashMap<>();
    private final List<FlaggedPermit> flagged = new ArrayList<>();
    private final List<AccessEvent> accessLog = new ArrayList<>();
    private final Map<String, List<BibobCaseStep>> steps = new LinkedHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final Clock clock;
    private boolean rebalancing;

    InMemoryReview(final Clock clock) {
        this.clock = clock;
    }

    synchronized InMemoryReview add(final RiskSignal signal) {
        signals.put(signal.getSignalId(), signal);
        return this;
    }

    synchronized InMemoryReview restrictedContext(final RestrictedContext context) {
        restricted.put(context.getApplicationId(), context);
        return this;
    }

    synchronized List<AccessEvent> accessLog() {
        return List.copyOf(accessLog);
    }

    synchronized List<ReviewDecision> allDecisions() {
        return decisions.values().stream().flatMap(List::stream).collect(Collectors.toList());
    }

    /** While set, every query fails as the Streams stores do when they move between instances. */
    synchronized void rebalancing(final boolean now) {
        rebalancing = now;
    }

    private void readable() {
        if (rebalancing) {
            throw new ReviewUnavailableException("the review stores cannot be read now (the review app is "
                    + "REBALANCING); try again in a moment", null);
        }
    }

    @Override
    public synchronized List<ReviewCase> cases() {
        readable();
        return signals.values().stream().map(this::caseOf)
                .sorted(Comparator.comparingInt((ReviewCase c) -> -c.signal().getScore())
                        .thenComparing(c -> c.signal().getDetectedAt(), Comparator.reverseOrder())
                        .thenComparing(ReviewCase::signalId))
                .collect(Collectors.toList());
    }

    @Override
    public synchronized Optional<ReviewCase> find(final String signalId) {
        readable();
        return Optional.ofNullable(signals.get(signalId)).map(this::caseOf);
    }

    @Override
    public synchronized List<FlaggedPermit> flaggedPermits() {
        readable();
        final List<FlaggedPermit> newestFirst = new ArrayList<>(flagged);
        newestFirst.sort(Comparator.comparing(FlaggedPermit::getConfirmedAt).reversed());
        return newestFirst;
    }

    @Override
    public synchronized Outcome decide(final String user, final Set<Role> roles, final String signalId,
                                       final ReviewAction action,
                                       final String rationale) {
        final Optional<ReviewCase> found = find(signalId);
        if (found.isEmpty()) {
            return Outcome.refused("Unknown signal " + signalId);
        }
        final ReviewCase c = found.get();
        if (c.supersededBy().isPresent()) {
            return Outcome.refused("This signal was superseded by " + c.supersededBy().get() + "; decide on that one.");
        }
        if ((action == ReviewAction.ESCALATE || action == ReviewAction.CONFIRM_ESCALATION) && rationale.length() < 50) {
            return Outcome.refused("A rationale of at least 50 characters is needed; this one has " + rationale.length() + ".");
        }
        final SignalState state = c.state();
        final boolean allowed;
        switch (action) {
            case CONFIRM_ESCALATION:
            case REJECT_ESCALATION:
                allowed = state == SignalState.ESCALATION_PENDING;
                break;
            default:
                allowed = state == SignalState.OPEN || state == SignalState.INFO_REQUESTED;
        }
        if (!allowed) {
            return Outcome.refused("Not possible while the signal is " + state + ".");
        }
        final Optional<ReviewDecision> escalation = QueuePages.escalation(c);
        if (action == ReviewAction.CONFIRM_ESCALATION && escalation.get().getReviewer().equals(user)) {
            return Outcome.refused("You escalated this signal yourself; another analyst has to confirm it.");
        }
        final ReviewDecision decision = ReviewDecision.newBuilder().setDecisionId("dec-" + ids.incrementAndGet())
                .setSignalId(signalId).setReviewer(user).setAction(action).setRationale(rationale)
                .setDecidedAt(clock.instant()).build();
        decisions.computeIfAbsent(signalId, id -> new ArrayList<>()).add(decision);
        recordAccess(user, "analyst", signalId, AccessAction.DECIDE, decision.getDecisionId());
        final RiskSignal signal = c.signal();
        if (action == ReviewAction.CONFIRM_ESCALATION && signal.getSubject().getType() == SubjectType.PERMIT_APPLICATION) {
            final ReviewDecision escalated = escalation.get();
            flagged.add(new FlaggedPermit(signal.getSubject().getId(), signalId, signal.getIndicators(),
                    escalated.getReviewer(), escalated.getRationale(), escalated.getDecidedAt(), user, rationale,
                    decision.getDecidedAt(), restricted.get(signal.getSubject().getId())));
        }
        return Outcome.accepted(decision.getDecisionId());
    }

    @Override
    public synchronized List<BibobCaseStep> caseSteps(final String applicationId) {
        readable();
        return List.copyOf(steps.getOrDefault(applicationId, List.of()));
    }

    @Override
    public synchronized Outcome recordStep(final String user, final Set<Role> roles, final String applicationId,
                                           final BibobStepType type, final BibobOutcome outcome, final String note) {
        if (!roles.contains(Role.BIBOB_OFFICER)) {
            return Outcome.refused("only a BIBOB officer takes a step on a flagged permit");
        }
        final Optional<FlaggedPermit> permit = flagged.stream()
                .filter(p -> p.getApplicationId().equals(applicationId)).findFirst();
        if (permit.isEmpty()) {
            return Outcome.refused("no flagged permit " + applicationId);
        }
        final BibobCaseStep step = BibobCaseStep.newBuilder().setStepId("step-" + ids.incrementAndGet())
                .setApplicationId(applicationId).setSignalId(permit.get().getSignalId()).setBibobOfficer(user)
                .setRoles(roles.stream().map(Role::id).sorted().toList()).setStep(type)
                .setNote(note == null ? "" : note.strip()).setOutcome(outcome).setAt(clock.instant()).build();
        final CaseSteps.Verdict verdict = CaseSteps.check(caseSteps(applicationId), step);
        if (!verdict.accepted()) {
            return Outcome.refused(verdict.reason());
        }
        steps.computeIfAbsent(applicationId, id -> new ArrayList<>()).add(step);
        return Outcome.accepted(step.getStepId());
    }

    @Override
    public synchronized void recordAccess(final String user, final String role, final String signalId,
                                          final AccessAction action, final String detail) {
        accessLog.add(new AccessEvent("acc-" + ids.incrementAndGet(), signalId, user, role, action, clock.instant(), detail));
    }

    private ReviewCase caseOf(final RiskSignal signal) {
        final List<ReviewDecision> taken = List.copyOf(decisions.getOrDefault(signal.getSignalId(), List.of()));
        SignalState state = SignalState.OPEN;
        for (final ReviewDecision decision : taken) {
            switch (decision.getAction()) {
                case DISMISS:
                    state = SignalState.DISMISSED;
                    break;
                case REQUEST_INFO:
                    state = SignalState.INFO_REQUESTED;
                    break;
                case ESCALATE:
                    state = SignalState.ESCALATION_PENDING;
                    break;
                case CONFIRM_ESCALATION:
                    state = SignalState.ESCALATED;
                    break;
                default:
                    state = SignalState.OPEN;
            }
        }
        final Optional<String> newer = signals.values().stream()
                .filter(other -> signal.getSignalId().equals(other.getSupersedes()))
                .map(RiskSignal::getSignalId).findFirst();
        return new ReviewCase(signal, state, taken, newer);
    }
}
