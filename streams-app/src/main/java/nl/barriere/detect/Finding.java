package nl.barriere.detect;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import nl.barriere.detect.Facts.Ref;
import nl.barriere.schema.SubjectType;

/**
 * One indicator firing for one subject: the values it observed (which, with the rule's parameters, fill in the
 * explanation) and the input events it relied on. {@code decidedAt} is the event time the finding was decided at
 * when that is later than its evidence (I3 decides when the mortgage window closes), else null.
 */
record Finding(SubjectType subjectType, String subjectId, String ruleId, TreeMap<String, String> observed,
               List<Ref> evidence, Long decidedAt) {

    static Finding of(final SubjectType type, final String subjectId, final String ruleId,
                      final Map<String, String> observed, final List<Ref> evidence) {
        return new Finding(type, subjectId, ruleId, new TreeMap<>(observed), List.copyOf(evidence), null);
    }

    Finding decidedAt(final long time) {
        return new Finding(subjectType, subjectId, ruleId, observed, evidence, time);
    }

    String subjectKey() {
        return subjectType.name() + ":" + subjectId;
    }
}
