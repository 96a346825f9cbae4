package nl.barriere.detect;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import nl.barriere.schema.Address;
import nl.barriere.schema.BagObject;
import nl.barriere.schema.BagPurpose;
import nl.barriere.schema.BusinessEvent;
import nl.barriere.schema.BusinessEventType;
import nl.barriere.schema.LegalForm;
import nl.barriere.schema.MortgageRegistered;
import nl.barriere.schema.Officer;
import nl.barriere.schema.OfficerRole;
import nl.barriere.schema.Party;
import nl.barriere.schema.PermitEvent;
import nl.barriere.schema.PermitEventType;
import nl.barriere.schema.PermitKind;
import nl.barriere.schema.PropertyTransfer;
import nl.barriere.schema.Source;
import nl.barriere.schema.WozValuation;
import org.apache.avro.specific.SpecificRecord;

/** Valid input events for tests, with unique event ids and only the fields that matter as arguments. */
public final class Events {

    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private Events() {}

    public static String id(final String prefix) {
        return String.format("%s-%09d", prefix, SEQUENCE.incrementAndGet());
    }

    /** Noon UTC on the date. */
    public static Instant at(final String date) {
        return LocalDate.parse(date).atTime(12, 0).toInstant(ZoneOffset.UTC);
    }

    public static String person(final int n) {
        return "p-" + String.format("%064x", n);
    }

    static BusinessEvent registered(final String kvk, final Instant at, final String startDate, final String sbi,
                                    final String bagVboId) {
        return base(kvk, at, BusinessEventType.REGISTERED).setLegalForm(LegalForm.BV).setStartDate(startDate)
                .setSbiCodes(List.of(sbi)).setEstablishmentNumber("0000" + kvk)
                .setAddress(new Address(bagVboId, "2311AB", "1")).build();
    }

    static BusinessEvent registeredWithOfficer(final String kvk, final Instant at, final String startDate,
                                               final String bagVboId, final String officerPseudonym) {
        return base(kvk, at, BusinessEventType.REGISTERED).setLegalForm(LegalForm.BV).setStartDate(startDate)
                .setSbiCodes(List.of("7022")).setEstablishmentNumber("0000" + kvk)
                .setAddress(new Address(bagVboId, "2311AB", "1"))
                .setOfficer(new Officer(officerPseudonym, null, OfficerRole.DIRECTOR)).build();
    }

    static BusinessEvent officer(final String kvk, final Instant at, final BusinessEventType type, final String pseudonym) {
        return base(kvk, at, type).setOfficer(new Officer(pseudonym, null, OfficerRole.DIRECTOR)).build();
    }

    static BusinessEvent moved(final String kvk, final Instant at, final String bagVboId) {
        return base(kvk, at, BusinessEventType.ADDRESS_CHANGED).setAddress(new Address(bagVboId, "2311AB", "1")).build();
    }

    static BusinessEvent activity(final String kvk, final Instant at, final String sbi) {
        return base(kvk, at, BusinessEventType.ACTIVITY_CHANGED).setSbiCodes(List.of(sbi)).build();
    }

    static BusinessEvent legalForm(final String kvk, final Instant at) {
        return base(kvk, at, BusinessEventType.LEGAL_FORM_CHANGED).setLegalForm(LegalForm.BV).build();
    }

    static BusinessEvent deregistered(final String kvk, final Instant at, final String reason) {
        return base(kvk, at, BusinessEventType.DEREGISTERED).setDeregistrationReason(reason).build();
    }

    static BusinessEvent.Builder base(final String kvk, final Instant at, final BusinessEventType type) {
        final String id = id("kvk");
        return BusinessEvent.newBuilder().setEventId(id).setOccurredAt(at).setSource(new Source("test", id))
                .setType(type).setKvkNumber(kvk);
    }

    /**
     * A transfer registered on {@code deedDate} to a buyer (KvK number, or a pseudonym when it starts with p-). With
     * {@code woz}, the WOZ valuation in force at the deed (valuation date 1 January of the year before, an hour before
     * the transfer); with {@code mortgage}, a mortgage deed on the same day an hour after it. {@link DetectionDriver}
     * pipes them around the transfer ({@link #before}, {@link #after}); their ids come from a counter of their own, so
     * the ids of the other events are as they were.
     */
    static PropertyTransfer transfer(final String bagVboId, final String deedDate, final long price, final Long woz,
                                     final boolean mortgage, final String buyer) {
        final String id = id("kad");
        final Party buyerParty = buyer.startsWith("p-") ? new Party(null, buyer) : new Party(buyer, null);
        final PropertyTransfer transfer = PropertyTransfer.newBuilder().setEventId(id).setOccurredAt(at(deedDate))
                .setSource(new Source("test", id))
                .setBagVboId(bagVboId).setCadastralParcel("LDN00-K-" + bagVboId.substring(12))
                .setDeedDate(LocalDate.parse(deedDate)).setPrice(price).setMultipleObjects(false)
                .setBuyer(buyerParty).setSeller(new Party(null, person(1))).build();
        if (woz != null) {
            BEFORE.put(id, List.of(woz(bagVboId, LocalDate.parse(deedDate).getYear() - 1, woz,
                    at(deedDate).minusSeconds(3600))));
        }
        if (mortgage) {
            AFTER.put(id, List.of(mortgage(bagVboId, deedDate, at(deedDate).plusSeconds(3600))));
        }
        return transfer;
    }

    private static final AtomicInteger COMPANIONS = new AtomicInteger();
    private static final Map<String, List<SpecificRecord>> BEFORE = new ConcurrentHashMap<>();
    private static final Map<String, List<SpecificRecord>> AFTER = new ConcurrentHashMap<>();

    /** What {@link #transfer} made to go before the event (its WOZ valuation), or nothing. */
    static List<SpecificRecord> before(final SpecificRecord event) {
        return event instanceof PropertyTransfer t ? BEFORE.getOrDefault(t.getEventId(), List.of()) : List.of();
    }

    /** What {@link #transfer} made to go after the event (its mortgage), or nothing. */
    static List<SpecificRecord> after(final SpecificRecord event) {
        return event instanceof PropertyTransfer t ? AFTER.getOrDefault(t.getEventId(), List.of()) : List.of();
    }

    /** A mortgage deed on the object, dated {@code deedDate}, registered at {@code at}. */
    static MortgageRegistered mortgage(final String bagVboId, final String deedDate, final Instant at) {
        final String id = String.format("mtg-%09d", COMPANIONS.incrementAndGet());
        return MortgageRegistered.newBuilder().setEventId(id).setOccurredAt(at).setSource(new Source("test", id))
                .setBagVboId(bagVboId).setCadastralParcel("LDN00-K-" + bagVboId.substring(12))
                .setDeedDate(LocalDate.parse(deedDate)).build();
    }

    /** A WOZ value with valuation date 1 January {@code valuationYear}, for tax year valuationYear + 1. */
    static WozValuation woz(final String bagVboId, final int valuationYear, final long value, final Instant at) {
        final String id = String.format("woz-%09d", COMPANIONS.incrementAndGet());
        return WozValuation.newBuilder().setEventId(id).setOccurredAt(at).setSource(new Source("test", id))
                .setBagVboId(bagVboId).setWozObjectNumber("0546" + bagVboId.substring(8))
                .setValuationDate(LocalDate.of(valuationYear, 1, 1)).setValue(value).build();
    }

    /** BAG's description of an object in a building of {@code objectsInBuilding} units. */
    static BagObject bagObject(final String bagVboId, final Instant at, final int objectsInBuilding,
                               final BagPurpose... purposes) {
        final String id = String.format("bag-%09d", COMPANIONS.incrementAndGet());
        return BagObject.newBuilder().setEventId(id).setOccurredAt(at).setSource(new Source("test", id))
                .setBagVboId(bagVboId).setStatus("Verblijfsobject in gebruik").setPurposes(List.of(purposes))
                .setBuildingIds(List.of(bagVboId.substring(0, 4) + "10" + bagVboId.substring(6)))
                .setObjectsInBuilding(objectsInBuilding).build();
    }

    static PermitEvent submitted(final String applicationId, final String date, final PermitKind kind,
                                 final String applicantKvk, final String bagVboId) {
        final String id = id("hor");
        return PermitEvent.newBuilder().setEventId(id).setOccurredAt(at(date)).setSource(new Source("test", id))
                .setApplicationId(applicationId).setType(PermitEventType.SUBMITTED).setPermitKind(kind)
                .setApplicantKvkNumber(applicantKvk).setEstablishmentNumber("0000" + applicantKvk).setBagVboId(bagVboId)
                .setManagerPseudonyms(List.of(person(2))).build();
    }
}
