package nl.barriere.detect;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import nl.barriere.schema.EvidenceRef;

/**
 * What detection remembers, as plain records in the state stores. Every fact carries the time it became true
 * (and, where it ends, the time it ended) so that an indicator can ask what was true at an event's time rather
 * than what is true now.
 */
final class Facts {

    private Facts() {}

    /** A reference to the input event a fact came from: the evidence a signal cites. */
    record Ref(String eventId, String topic, int partition, long offset, long occurredAt) {
        EvidenceRef toAvro() {
            return new EvidenceRef(eventId, topic, partition, offset, Instant.ofEpochMilli(occurredAt));
        }

        LocalDate date() {
            return day(occurredAt);
        }
    }

    /** An officer's term at a business. */
    record Tenure(String officerId, String role, long from, Long to, Ref appointed, Ref resigned) {
        boolean activeAt(final long time) {
            return from <= time && (to == null || to > time);
        }
    }

    /** A register change that some indicator counts (officer change, legal-form change, transfer). */
    record Change(String kind, long at, Ref ref) {}

    /** A business as the register described it over time. */
    record Business(String kvkNumber, String legalForm, String startDate, Ref registration, String bagVboId,
                    List<String> sbiCodes, List<Tenure> officers, List<Change> changes, Long endedAt,
                    String endReason, Ref ended) {

        static Business unknown(final String kvkNumber) {
            return new Business(kvkNumber, null, null, null, null, List.of(), List.of(), List.of(), null, null, null);
        }

        boolean activeAt(final long time) {
            return registration != null && registration.occurredAt() <= time && (endedAt == null || endedAt > time);
        }

        List<Tenure> officersAt(final long time) {
            return officers.stream().filter(t -> t.activeAt(time)).toList();
        }
    }

    /** An establishment at a BAG object, from arrival to departure. */
    record Stay(String kvkNumber, long from, Long to, boolean newRegistration, Ref arrived) {
        boolean activeAt(final long time) {
            return from <= time && (to == null || to > time);
        }
    }

    /** A registered transfer of a BAG object, and the indicators it triggered. */
    record Transfer(Ref ref, int deedDay, long price, boolean multipleObjects, String buyerId,
                    boolean buyerIsBusiness, List<String> firedRules) {
        LocalDate deedDate() {
            return LocalDate.ofEpochDay(deedDay);
        }
    }

    /** A mortgage right registered on a BAG object, by the date of its deed. */
    record Mortgage(Ref ref, int deedDay) {
        LocalDate deedDate() {
            return LocalDate.ofEpochDay(deedDay);
        }
    }

    /** An official WOZ valuation of a BAG object (valuation date = waardepeildatum). */
    record Valuation(Ref ref, int valuationDay, long value, boolean coversMultipleObjects) {
        /** The value is for the tax year after its valuation date, from 1 January of that year. */
        LocalDate inForceFrom() {
            return LocalDate.ofEpochDay(valuationDay).withDayOfYear(1).plusYears(1);
        }
    }

    /** What BAG says about a verblijfsobject, as of its latest version. */
    record Premises(Ref ref, List<String> purposes, Integer objectsInBuilding) {}

    /** A transfer whose mortgage window is still open: I3 is decided when event time reaches {@code closesAt}. */
    record OpenWindow(String bagVboId, String transferEventId, long closesAt) {}

    /** An acquisition by one buyer. */
    record Acquisition(String bagVboId, int deedDay, Ref ref) {}

    /** A permit application as submitted. */
    record Application(String applicationId, String applicantKvkNumber, String bagVboId, String permitKind,
                       List<String> managers, Ref submitted) {}

    /** A list of facts under one key (BAG object, buyer, officer). */
    record Stays(List<Stay> items) {}

    record Transfers(List<Transfer> items) {}

    record Mortgages(List<Mortgage> items) {}

    record Valuations(List<Valuation> items) {}

    record Acquisitions(List<Acquisition> items) {}

    record Applications(List<Application> items) {}

    /** Every business an officer (pseudonym or KvK number) has been linked to. */
    record Links(List<String> kvkNumbers) {}

    /**
     * One indicator's latest finding for a subject; {@code decidedAt} is set when the finding was decided after its
     * last evidence (I3, when the mortgage window closed), null otherwise.
     */
    record StoredFinding(String ruleId, TreeMap<String, String> observed, List<Ref> evidence, long foundAt,
                         Long decidedAt) {}

    /** A subject's live findings and the last signal emitted for it. */
    record SubjectState(String lastSignalId, String lastEvidenceKey, TreeMap<String, StoredFinding> findings) {
        static SubjectState empty() {
            return new SubjectState(null, null, new TreeMap<>());
        }
    }

    static LocalDate day(final long epochMillis) {
        return Instant.ofEpochMilli(epochMillis).atZone(ZoneOffset.UTC).toLocalDate();
    }

    static <T> List<T> plus(final List<T> list, final T item) {
        final List<T> copy = new ArrayList<>(list);
        copy.add(item);
        return copy;
    }

    static <K, V> TreeMap<K, V> sorted(final Map<K, V> map) {
        return new TreeMap<>(map);
    }
}
