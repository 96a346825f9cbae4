package nl.barriere.devkit.generator;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import nl.barriere.schema.BagPurpose;
import nl.barriere.schema.BibobCaseEventType;
import nl.barriere.schema.BusinessEventType;
import nl.barriere.schema.DangerLevel;
import nl.barriere.schema.LegalForm;
import nl.barriere.schema.Officer;
import nl.barriere.schema.OfficerRole;
import nl.barriere.schema.Party;
import nl.barriere.schema.PermitEventType;
import nl.barriere.schema.PermitKind;
import nl.barriere.schema.PermitOutcome;
import org.apache.avro.specific.SpecificRecord;

/**
 * The writing desk of one planted case: fresh identifiers from the planted ranges, and methods that write the
 * case's events and remember their ids. Day offsets count from the anchor, the day of the case's first event
 * that is not a registration.
 */
final class Story {

    /** A planted business: its numbers, its premises and its first officer (on the REGISTERED event). */
    record Business(String kvk, String establishment, String bag, String officer) {}

    private final PlantedCases.Counters counters;
    private final Identifiers ids;
    private final EventFactory events;
    private final TimeOrderedEmitter emitter;
    private final LocalDate periodStart;
    private final LocalDate anchor;
    private final String caseId;
    private final List<Written> written = new ArrayList<>();
    private int minuteOfStory;
    private final java.util.Set<String> valued = new java.util.HashSet<>();

    Story(
            final PlantedCases.Counters counters,
            final Identifiers ids,
            final EventFactory events,
            final TimeOrderedEmitter emitter,
            final LocalDate periodStart,
            final LocalDate anchor,
            final String caseId) {
        this.counters = counters;
        this.ids = ids;
        this.events = events;
        this.emitter = emitter;
        this.periodStart = periodStart;
        this.anchor = anchor;
        this.caseId = caseId;
    }

    LocalDate day(final long offset) {
        return anchor.plusDays(offset);
    }

    LocalDate anchor() {
        return anchor;
    }

    /** The ids of every event written so far, in (event time, id) order. */
    List<String> eventIds() {
        return written.stream().sorted().map(Written::eventId).toList();
    }

    private record Written(long at, String eventId) implements Comparable<Written> {
        @Override
        public int compareTo(final Written other) {
            final int byTime = Long.compare(at, other.at);
            return byTime != 0 ? byTime : eventId.compareTo(other.eventId);
        }
    }

    String person() {
        return ids.plantedPerson(counters.persons++);
    }

    String bag() {
        return ids.plantedBag(counters.bags++);
    }

    // ---------------------------------------------------------------- register

    /** A business that has existed for years: registered in the start snapshot, own premises, one officer. */
    Business established(final LegalForm form, final String sbi) {
        return registered(periodStart.minusYears(4 + counters.kvks % 5).minusDays(counters.kvks % 97), form, sbi, bag(), person());
    }

    /**
     * A business with this datumAanvang. Registered at that date, or in the start snapshot when the date lies before
     * the period.
     */
    Business registered(
            final LocalDate startDate, final LegalForm form, final String sbi, final String bagVboId, final String officer) {
        final long n = counters.kvks++;
        final Business business =
                new Business(
                        Identifiers.kvk(Identifiers.PLANTED_KVK, n),
                        Identifiers.establishment(Identifiers.PLANTED_ESTABLISHMENT, n),
                        bagVboId,
                        officer);
        final Instant at = startDate.isBefore(periodStart) ? Background.instant(periodStart, 0) : at(startDate);
        counters.count(startDate.isBefore(periodStart) ? Background.Flow.INITIAL : Background.Flow.REGISTRATIONS);
        emit(
                events.business(
                        at, BusinessEventType.REGISTERED, business.kvk(), business.establishment(), form, List.of(sbi),
                        startDate.toString().replace("-", ""), bagVboId, new Officer(officer, null, role(form)), null, null));
        return business;
    }

    private static OfficerRole role(final LegalForm form) {
        return form == LegalForm.EENMANSZAAK ? OfficerRole.OWNER : OfficerRole.DIRECTOR;
    }

    void appoint(final LocalDate date, final Business business, final String person) {
        officerChange(date, BusinessEventType.OFFICER_APPOINTED, business, person);
    }

    void resign(final LocalDate date, final Business business, final String person) {
        officerChange(date, BusinessEventType.OFFICER_RESIGNED, business, person);
    }

    private void officerChange(
            final LocalDate date, final BusinessEventType type, final Business business, final String person) {
        counters.count(Background.Flow.MUTATIONS);
        emit(
                events.business(
                        at(date), type, business.kvk(), null, null, null, null, null,
                        new Officer(person, null, OfficerRole.DIRECTOR), null, null));
    }

    void deregister(final LocalDate date, final Business business, final String reason) {
        counters.count(Background.Flow.DEREGISTRATIONS);
        emit(
                events.business(
                        at(date), BusinessEventType.DEREGISTERED, business.kvk(), business.establishment(), null, null, null,
                        null, null, reason, null));
    }

    void changeLegalForm(final LocalDate date, final Business business, final LegalForm form) {
        counters.count(Background.Flow.MUTATIONS);
        emit(
                events.business(
                        at(date), BusinessEventType.LEGAL_FORM_CHANGED, business.kvk(), null, form, null, null, null, null,
                        null, null));
    }

    void continueFrom(final LocalDate date, final Business business, final Business predecessor) {
        counters.count(Background.Flow.MUTATIONS);
        emit(
                events.business(
                        at(date), BusinessEventType.TRANSFERRED, business.kvk(), business.establishment(), null, null, null,
                        null, null, null, predecessor.kvk()));
    }

    void changeActivity(final LocalDate date, final Business business, final String sbi) {
        counters.count(Background.Flow.MUTATIONS);
        emit(
                events.business(
                        at(date), BusinessEventType.ACTIVITY_CHANGED, business.kvk(), business.establishment(), null,
                        List.of(sbi), null, null, null, null, null));
    }

    // ---------------------------------------------------------------- property

    /** Days after the transfer that an ordinary financed purchase has its mortgage deed registered. */
    static final int MORTGAGE_AFTER_DAYS = 7;

    /** A transfer with its WOZ value in force; with a mortgage {@link #MORTGAGE_AFTER_DAYS} later, or none. */
    void transfer(
            final LocalDate date,
            final String bagVboId,
            final long price,
            final long woz,
            final boolean mortgage,
            final Party buyer,
            final Party seller) {
        transfer(date, bagVboId, price, woz, mortgage ? MORTGAGE_AFTER_DAYS : null, buyer, seller);
    }

    /** A transfer whose mortgage is registered {@code mortgageAfterDays} after it (negative: before), or never. */
    void transfer(
            final LocalDate date,
            final String bagVboId,
            final long price,
            final long woz,
            final Integer mortgageAfterDays,
            final Party buyer,
            final Party seller) {
        counters.count(Background.Flow.TRANSFERS);
        valuation(bagVboId, date, woz);
        if (mortgageAfterDays != null && mortgageAfterDays < 0) {
            mortgage(date.plusDays(mortgageAfterDays), bagVboId, price);
        }
        emit(events.transfer(at(date), bagVboId, date, price, false, buyer, seller));
        if (mortgageAfterDays != null && mortgageAfterDays >= 0) {
            mortgage(date.plusDays(mortgageAfterDays), bagVboId, price);
        }
    }

    void transferOfSeveralObjects(
            final LocalDate date, final String bagVboId, final long price, final long woz, final Party buyer,
            final Party seller) {
        counters.count(Background.Flow.TRANSFERS);
        valuation(bagVboId, date, woz);
        emit(events.transfer(at(date), bagVboId, date, price, true, buyer, seller));
        mortgage(date.plusDays(MORTGAGE_AFTER_DAYS), bagVboId, price);
    }

    /** A mortgage deed; one that would fall after the period is not written (it has not happened yet). */
    private void mortgage(final LocalDate date, final String bagVboId, final long price) {
        final SpecificRecord mortgage = events.mortgage(at(date), bagVboId, price * 8 / 10, null);
        if (emitter.schedule(mortgage)) {
            remember(mortgage);
        }
    }

    /** The object's WOZ value for the tax year of {@code date} (valuation date 1 January of the year before). */
    private void valuation(final String bagVboId, final LocalDate date, final long woz) {
        if (valued.add(bagVboId + "/" + date.getYear())) {
            final LocalDate taxYear = LocalDate.of(date.getYear(), 1, 1);
            final Instant at = Background.instant(taxYear.isBefore(periodStart) ? periodStart : taxYear, 60L * minuteOfStory++);
            emit(events.woz(at, bagVboId, taxYear.minusYears(1), woz, false));
        }
    }

    /** The BAG description of the object, as it has been since before the period. */
    void describe(final String bagVboId, final List<BagPurpose> purposes, final int objectsInBuilding) {
        emit(events.bagObject(Background.instant(periodStart, 60L * minuteOfStory++), bagVboId, purposes,
                EventFactory.building(bagVboId, objectsInBuilding), objectsInBuilding));
    }

    // ---------------------------------------------------------------- permits and Bibob

    /** Submitted on the date, complete ten days later, decided 45 days after submission. */
    String apply(
            final LocalDate date,
            final PermitKind kind,
            final Business applicant,
            final String bagVboId,
            final List<String> managers,
            final PermitOutcome outcome) {
        counters.count(Background.Flow.APPLICATIONS);
        final String applicationId = events.nextApplicationId(date);
        emit(
                events.permit(
                        at(date), applicationId, PermitEventType.SUBMITTED, kind, applicant.kvk(), applicant.establishment(),
                        bagVboId, managers, null));
        emit(
                events.permit(
                        at(date.plusDays(10)), applicationId, PermitEventType.COMPLETED, kind, applicant.kvk(),
                        applicant.establishment(), bagVboId, managers, null));
        emit(
                events.permit(
                        at(date.plusDays(45)), applicationId, PermitEventType.DECIDED, kind, applicant.kvk(),
                        applicant.establishment(), bagVboId, managers, outcome));
        return applicationId;
    }

    /**
     * A Bibob screening of a business or a person outside any application, concluded {@code decidedAfterDays}
     * after the questionnaire; with LBB advice when asked.
     */
    void screening(
            final LocalDate received,
            final String subjectKvk,
            final String subjectPerson,
            final DangerLevel conclusion,
            final boolean withLbbAdvice,
            final int decidedAfterDays) {
        counters.count(Background.Flow.SCREENINGS);
        final String caseId = events.nextBibobCaseId(received);
        emit(events.bibob(at(received), caseId, null, subjectKvk, subjectPerson, BibobCaseEventType.QUESTIONNAIRE_RECEIVED, null));
        emit(
                events.bibob(
                        at(received.plusDays(5)), caseId, null, subjectKvk, subjectPerson,
                        BibobCaseEventType.OWN_INVESTIGATION_STARTED, null));
        if (withLbbAdvice) {
            emit(
                    events.bibob(
                            at(received.plusDays(12)), caseId, null, subjectKvk, subjectPerson,
                            BibobCaseEventType.LBB_ADVICE_REQUESTED, null));
            emit(
                    events.bibob(
                            at(received.plusDays(decidedAfterDays - 5L)), caseId, null, subjectKvk, subjectPerson,
                            BibobCaseEventType.LBB_ADVICE_RECEIVED, conclusion));
        }
        emit(
                events.bibob(
                        at(received.plusDays(decidedAfterDays)), caseId, null, subjectKvk, subjectPerson,
                        BibobCaseEventType.DECIDED, conclusion));
    }

    // ---------------------------------------------------------------- time and writing

    /** 09:00 UTC on the date plus a minute per event already written, so the story's own order is kept. */
    private Instant at(final LocalDate date) {
        return Background.instant(date, 9 * 3600 + 60L * minuteOfStory++);
    }

    private void emit(final SpecificRecord event) {
        if (!emitter.schedule(event)) {
            throw new IllegalStateException("planted case " + caseId + " does not fit in the period");
        }
        remember(event);
    }

    private void remember(final SpecificRecord event) {
        written.add(
                new Written(
                        ((Instant) event.get(event.getSchema().getField("occurredAt").pos())).toEpochMilli(),
                        (String) event.get(event.getSchema().getField("eventId").pos())));
    }
}
