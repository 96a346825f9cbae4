package nl.barriere.devkit.generator;

import java.util.List;

/**
 * One planted case of the ground truth: a small, isolated story (its own KvK numbers, BAG ids and
 * pseudonyms) built to make one indicator fire, or to fall just short of it.
 *
 * @param caseId e.g. {@code I1-pos-1}; with several rounds {@code I1-pos-1-r002}
 * @param indicator the indicator the case is about
 * @param expect whether {@link #indicator} must fire for the subject
 * @param subjectType PERMIT_APPLICATION, BUSINESS or PROPERTY
 * @param subjectId application id, KvK number or BAG verblijfsobject id
 * @param expectedIndicators every indicator that should fire for the subject, sorted; may be non-empty for a
 *     NO_FIRE case when another indicator is part of the story (e.g. an I9 near-miss whose transfer is an I3)
 * @param otherSubjects other subjects of the same story that a detector may also rightly flag
 * @param description in plain words
 * @param eventIds every event the case wrote, in event-time order
 */
public record PlantedCase(
        String caseId,
        String indicator,
        Expect expect,
        String subjectType,
        String subjectId,
        List<String> expectedIndicators,
        List<OtherSubject> otherSubjects,
        String description,
        List<String> eventIds) {

    /** Whether the case's indicator must fire. */
    public enum Expect {
        FIRE,
        NO_FIRE
    }

    /** Another subject of the story and the indicators it would rightly get. */
    public record OtherSubject(String subjectType, String subjectId, List<String> indicators) {}

    public PlantedCase {
        expectedIndicators = List.copyOf(expectedIndicators);
        otherSubjects = List.copyOf(otherSubjects);
        eventIds = List.copyOf(eventIds);
    }
}
