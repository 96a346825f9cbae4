package nl.barriere.detect.bibob;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import nl.barriere.schema.DangerLevel;
import nl.barriere.schema.DangerMatch;
import nl.barriere.schema.EvidenceRef;
import nl.barriere.schema.MatchBasis;

/**
 * What the Bibob zone remembers, as plain records in its own state stores. These stores belong to the Bibob
 * zone's application id, so their changelogs are Bibob data too and live under the same restricted credentials.
 * Every fact carries the event time it became true, so a match can be asked "as of" a time.
 */
final class BibobFacts {

    private BibobFacts() {}

    /** The input event a fact came from: the evidence a match cites. */
    record Ref(String eventId, String topic, int partition, long offset, long occurredAt) {
        EvidenceRef toAvro() {
            return new EvidenceRef(eventId, topic, partition, offset, Instant.ofEpochMilli(occurredAt));
        }
    }

    /** One conclusion on the degree of danger in one Bibob case, for one subject. */
    record Conclusion(String caseId, DangerLevel level, long concludedAt, Ref evidence) {}

    /** Every conclusion recorded for one subject (a KvK number or a person pseudonym), in arrival order. */
    record Conclusions(List<Conclusion> items) {}

    /** An officer's term at a business; {@code to} is {@code null} while it lasts. */
    record Tenure(String officerId, long from, Long to) {
        boolean activeAt(final long time) {
            return from <= time && (to == null || to > time);
        }
    }

    /** The officers of one business over time. */
    record Officers(List<Tenure> items) {}

    /** Ids (KvK numbers or application ids) linked to one key, sorted and without duplicates. */
    record Ids(List<String> items) {}

    /** One earlier danger conclusion that matches an application. */
    record Match(String caseId, MatchBasis matchedOn, String matchedId, DangerLevel conclusion, long concludedAt,
                 Ref evidence) {

        /** Oldest first, as the contract asks; the rest only makes the order total. */
        static final Comparator<Match> ORDER = Comparator.comparingLong(Match::concludedAt)
                .thenComparing(Match::caseId)
                .thenComparing(Match::matchedOn)
                .thenComparing(Match::matchedId)
                .thenComparing(m -> m.evidence().eventId());

        DangerMatch toAvro() {
            return new DangerMatch(caseId, matchedOn, matchedId, conclusion, Instant.ofEpochMilli(concludedAt),
                    evidence.toAvro());
        }
    }

    /**
     * A permit application as this zone follows it: who applied and when, the managers it names, where it stands,
     * and the matches last emitted for it (so that only a change is emitted).
     *
     * @param status      {@code OPEN} from submission, then the permit step that closed it: DECIDED, WITHDRAWN or
     *                    REVOKED
     * @param evaluatedAt the newest event time the matches were computed for; a late input never moves it back
     */
    record Application(String applicationId, String applicantKvkNumber, long submittedAt, List<String> managers,
                       String status, long evaluatedAt, List<Match> matches) {

        Application withManagers(final List<String> newManagers) {
            return new Application(applicationId, applicantKvkNumber, submittedAt, newManagers, status, evaluatedAt,
                    matches);
        }

        Application withStatus(final String newStatus) {
            return new Application(applicationId, applicantKvkNumber, submittedAt, managers, newStatus, evaluatedAt,
                    matches);
        }

        Application evaluated(final long at, final List<Match> newMatches) {
            return new Application(applicationId, applicantKvkNumber, submittedAt, managers, status, at, newMatches);
        }
    }

    static <T> List<T> plus(final List<T> list, final T item) {
        final List<T> copy = new ArrayList<>(list);
        copy.add(item);
        return copy;
    }
}
