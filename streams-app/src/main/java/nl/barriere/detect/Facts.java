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
    record Transfer(Ref ref, int deedDay, long price, Long wozValue, boolean multipleObjects,
                    boolean mortgageRegistered, String buyerId, boolean buyerIsBusiness, List<String> firedRules) {
        LocalDate deedDate() {
            return LocalDate.ofEpochDay(deedDay);
        }
    }

    /** An acquisition by one buyer. */
    record Acquisition(String bagVboId, int deedDay, Ref ref) {}

    /** A permit application as submitted. */
    record Application(String applicationId, String applicantKvkNumber, String bagVboId, String permitKind,
                       List<String> managers, Ref submitted) {}

    /** A list of facts under one key (BAG object, buyer, officer). */
    record Stays(List<Stay> items) {}

    record Transfers(List<Transfer> items) {}

    record Acquisitions(List<Acquisition> items) {}

    record Applications(List<Application> items) {}

    /** Every business an officer (pseudonym or KvK number) has been linked to. */
    record Links(List<String> kvkNumbers) {}

    /** One indicator's latest finding for a subject. */
    record StoredFinding(String ruleId, TreeMap<String, String> observed, List<Ref> evidence, long foundAt) {}

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
