package nl.barriere.detect.bibob;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import nl.barriere.detect.EventWrites;
import nl.barriere.detect.RecentValues;
import nl.barriere.detect.bibob.BibobFacts.Application;
import nl.barriere.detect.bibob.BibobFacts.Conclusion;
import nl.barriere.detect.bibob.BibobFacts.Conclusions;
import nl.barriere.detect.bibob.BibobFacts.Ids;
import nl.barriere.detect.bibob.BibobFacts.Officers;
import nl.barriere.detect.bibob.BibobFacts.Ref;
import nl.barriere.detect.bibob.BibobFacts.Tenure;
import nl.barriere.schema.BibobCaseEvent;
import nl.barriere.schema.BibobCaseEventType;
import nl.barriere.schema.BusinessEvent;
import nl.barriere.schema.Officer;
import org.apache.kafka.streams.processor.api.ProcessorContext;

/**
 * The Bibob zone's state: conclusions by subject, the officers of each business over time, and the permit
 * applications with two indexes that say which applications a new fact can concern.
 *
 * <p>Subjects are keyed by their bare identifier: a KvK number (8 digits) or a person pseudonym ({@code p-} and
 * 64 hex characters). The two shapes cannot collide, and a business that is an officer of another business is the
 * same subject as that business applying itself, so one key space is what matching needs.
 */
final class BibobState {

    private final RecentValues<Conclusions> conclusions;
    private final RecentValues<Officers> officers;
    private final RecentValues<Ids> officerBusinesses;
    private final RecentValues<Application> applications;
    private final RecentValues<Ids> subjectApplications;

    /** @param writes holds this state's writes until the event has been handled whole */
    BibobState(final ProcessorContext<?, ?> context, final EventWrites writes) {
        this.conclusions = writes.store(context, BibobZoneTopology.CONCLUSIONS_STORE);
        this.officers = writes.store(context, BibobZoneTopology.OFFICERS_STORE);
        this.officerBusinesses = writes.store(context, BibobZoneTopology.OFFICER_BUSINESSES_STORE);
        this.applications = writes.store(context, BibobZoneTopology.APPLICATIONS_STORE);
        this.subjectApplications = writes.store(context, BibobZoneTopology.SUBJECT_APPLICATIONS_STORE);
    }

    /**
     * Records a conclusion, whatever its level: a later conclusion in the same case (the decision after the LBB
     * advice) replaces the earlier one for matching, so a downgrade must be remembered as well as a danger.
     *
     * @return the subjects it concerns, empty when the event holds no conclusion
     */
    List<String> applyCase(final BibobCaseEvent event, final Ref ref) {
        if (!holdsConclusion(event)) {
            return List.of();
        }
        final List<String> subjects = new ArrayList<>();
        if (event.getSubjectKvkNumber() != null) {
            subjects.add(event.getSubjectKvkNumber());
        }
        if (event.getSubjectPersonPseudonym() != null) {
            subjects.add(event.getSubjectPersonPseudonym());
        }
        final Conclusion conclusion = new Conclusion(event.getCaseId(), event.getAdviceOutcome(), ref.occurredAt(), ref);
        for (final String subject : subjects) {
            conclusions.put(subject, new Conclusions(BibobFacts.plus(conclusions(subject), conclusion)));
        }
        return subjects;
    }

    /**
     * Records an officer appointed (on registration or later) or resigned.
     *
     * @return whether the officers of the business changed
     */
    boolean applyBusiness(final BusinessEvent event, final Ref ref) {
        final String kvk = event.getKvkNumber();
        final Officer officer = event.getOfficer();
        if (officer == null) {
            return false;
        }
        final String officerId = officerId(officer);
        switch (event.getType()) {
            case REGISTERED, OFFICER_APPOINTED -> {
                officers.put(kvk, new Officers(BibobFacts.plus(tenures(kvk), new Tenure(officerId, ref.occurredAt(), null))));
                final TreeSet<String> linked = new TreeSet<>(ids(officerBusinesses, officerId));
                if (linked.add(kvk)) {
                    officerBusinesses.put(officerId, new Ids(List.copyOf(linked)));
                }
                return true;
            }
            case OFFICER_RESIGNED -> {
                final List<Tenure> updated = new ArrayList<>();
                boolean closed = false;
                for (final Tenure t : tenures(kvk)) {
                    if (!closed && t.officerId().equals(officerId) && t.to() == null) {
                        updated.add(new Tenure(t.officerId(), t.from(), ref.occurredAt()));
                        closed = true;
                    } else {
                        updated.add(t);
                    }
                }
                officers.put(kvk, new Officers(updated));
                return closed;
            }
            default -> {
                return false;
            }
        }
    }

    List<Conclusion> conclusions(final String subject) {
        final Conclusions found = conclusions.get(subject);
        return found == null ? List.of() : found.items();
    }

    List<Tenure> tenures(final String kvkNumber) {
        final Officers found = officers.get(kvkNumber);
        return found == null ? List.of() : found.items();
    }

    /** The officers of the business at {@code time}, sorted, each once. */
    List<String> officersAt(final String kvkNumber, final long time) {
        final TreeSet<String> active = new TreeSet<>();
        tenures(kvkNumber).stream().filter(t -> t.activeAt(time)).forEach(t -> active.add(t.officerId()));
        return List.copyOf(active);
    }

    Application application(final String applicationId) {
        return applications.get(applicationId);
    }

    void put(final Application application) {
        applications.put(application.applicationId(), application);
    }

    /** Makes {@code application} findable by its applicant and its managers. */
    void index(final Application application) {
        final List<String> keys = new ArrayList<>(application.managers());
        keys.add(application.applicantKvkNumber());
        for (final String key : keys) {
            final TreeSet<String> ids = new TreeSet<>(ids(subjectApplications, key));
            if (ids.add(application.applicationId())) {
                subjectApplications.put(key, new Ids(List.copyOf(ids)));
            }
        }
    }

    /** Forgets a closed application in the indexes, which only serve updates of open applications. */
    void unindex(final Application application) {
        final List<String> keys = new ArrayList<>(application.managers());
        keys.add(application.applicantKvkNumber());
        for (final String key : keys) {
            final TreeSet<String> ids = new TreeSet<>(ids(subjectApplications, key));
            if (!ids.remove(application.applicationId())) {
                continue;
            }
            if (ids.isEmpty()) {
                subjectApplications.delete(key);
            } else {
                subjectApplications.put(key, new Ids(List.copyOf(ids)));
            }
        }
    }

    /** Applications whose applicant is the business or which name the person as a manager, sorted by id. */
    List<String> applicationsOf(final String subject) {
        return ids(subjectApplications, subject);
    }

    /** Every business the subject has ever been an officer of, sorted. */
    List<String> businessesOf(final String subject) {
        return ids(officerBusinesses, subject);
    }

    static boolean holdsConclusion(final BibobCaseEvent event) {
        return (event.getType() == BibobCaseEventType.LBB_ADVICE_RECEIVED || event.getType() == BibobCaseEventType.DECIDED)
                && event.getAdviceOutcome() != null;
    }

    static String officerId(final Officer officer) {
        return officer.getPersonPseudonym() != null ? officer.getPersonPseudonym() : officer.getKvkNumber();
    }

    private static List<String> ids(final RecentValues<Ids> store, final String key) {
        final Ids found = key == null ? null : store.get(key);
        return found == null ? List.of() : found.items();
    }
}
