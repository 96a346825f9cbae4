package nl.barriere.review;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import nl.barriere.contract.Role;
import nl.barriere.schema.BibobCaseStep;
import nl.barriere.schema.BibobOutcome;
import nl.barriere.schema.BibobStepType;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The rules for a BIBOB officer's step on a flagged permit, the same for the web layer's desk (which refuses at
 * once) and for the stream (which is what counts): only a bibob-officer takes a step; a DECIDED names its outcome
 * and no other step does; a note step has a note; once decided, a case takes notes only. The status of a case is
 * its last step other than a note, derived from the steps and never stored beside them.
 */
public final class CaseSteps {

    /** The status of a case no officer has acknowledged yet. */
    public static final String NEW = "NEW";

    /** Whether the step is accepted, and if not, a code for the metrics and a reason for the user. */
    public record Verdict(boolean accepted, String code, String reason) {

        static final Verdict ACCEPTED = new Verdict(true, "", "");

        static Verdict refused(final String code, final String reason) {
            return new Verdict(false, code, reason);
        }
    }

    private CaseSteps() {}

    /** The steps' rules, after the signature has been checked: who, what, and in which order. */
    public static Verdict check(final List<BibobCaseStep> earlier, final BibobCaseStep step) {
        if (step.getRoles() == null || !step.getRoles().contains(Role.BIBOB_OFFICER.id())) {
            return Verdict.refused("not-bibob-officer", ReviewGateProcessor.shown(step.getBibobOfficer())
                    + (step.getRoles() == null || step.getRoles().isEmpty() ? " holds no role"
                    : " is " + String.join(", ", step.getRoles())) + ", not " + Role.BIBOB_OFFICER.id()
                    + "; only a BIBOB officer takes a step on a flagged permit");
        }
        if (step.getApplicationId().indexOf(SEPARATOR) >= 0) {
            return Verdict.refused("bad-application-id", "application id " + step.getApplicationId() + " holds "
                    + SEPARATOR + ", which no application id has");
        }
        if (step.getStep() == BibobStepType.DECIDED && step.getOutcome() == null) {
            return Verdict.refused("no-outcome", "a decision names its outcome (no measure, refused, conditions "
                    + "attached or revoked)");
        }
        if (step.getStep() != BibobStepType.DECIDED && step.getOutcome() != null) {
            return Verdict.refused("outcome-without-decision", "only a decision has an outcome; " + step.getStep()
                    + " carries " + step.getOutcome());
        }
        if (step.getStep() == BibobStepType.NOTE && (step.getNote() == null || step.getNote().isBlank())) {
            return Verdict.refused("empty-note", "a note step needs a note");
        }
        if (step.getStep() != BibobStepType.NOTE && decided(earlier).isPresent()) {
            return Verdict.refused("already-decided", "the case was decided ("
                    + decided(earlier).get() + "); it takes notes only");
        }
        return Verdict.ACCEPTED;
    }

    /** The case's status: its last step other than a note, or {@link #NEW}. */
    public static String statusOf(final List<BibobCaseStep> steps) {
        for (int i = steps.size() - 1; i >= 0; i--) {
            if (steps.get(i).getStep() != BibobStepType.NOTE) {
                return steps.get(i).getStep().name();
            }
        }
        return NEW;
    }

    /** The outcome of the case, once decided. */
    public static Optional<BibobOutcome> decided(final List<BibobCaseStep> steps) {
        return steps.stream().filter(s -> s.getStep() == BibobStepType.DECIDED).map(BibobCaseStep::getOutcome)
                .findFirst();
    }

    /** Separates the application id from the sequence number in a step key; an application id never has one. */
    static final char SEPARATOR = '#';

    static String stepKey(final String applicationId, final int sequence) {
        return String.format("%s%c%05d", applicationId, SEPARATOR, sequence);
    }

    /** The accepted steps on the application, oldest first. */
    static List<BibobCaseStep> stepsOf(final ReadOnlyKeyValueStore<String, BibobCaseStep> store,
                                       final String applicationId) {
        final List<BibobCaseStep> steps = new ArrayList<>();
        try (KeyValueIterator<String, BibobCaseStep> range =
                     store.prefixScan(applicationId + SEPARATOR, new StringSerializer())) {
            range.forEachRemaining(entry -> steps.add(entry.value));
        }
        return steps;
    }
}
