package nl.barriere.devkit.generator;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import nl.barriere.schema.Address;
import nl.barriere.schema.BagObject;
import nl.barriere.schema.BagPurpose;
import nl.barriere.schema.BibobCaseEvent;
import nl.barriere.schema.BibobCaseEventType;
import nl.barriere.schema.BusinessEvent;
import nl.barriere.schema.BusinessEventType;
import nl.barriere.schema.DangerLevel;
import nl.barriere.schema.LegalForm;
import nl.barriere.schema.MortgageRegistered;
import nl.barriere.schema.Officer;
import nl.barriere.schema.Party;
import nl.barriere.schema.PermitEvent;
import nl.barriere.schema.PermitEventType;
import nl.barriere.schema.PermitKind;
import nl.barriere.schema.PermitOutcome;
import nl.barriere.schema.PropertyTransfer;
import nl.barriere.schema.Source;
import nl.barriere.schema.WozValuation;

/**
 * Builds the event types with deterministic ids: a per-topic counter in creation order
 * ({@code kvk-000000123}, {@code kad-…}, {@code hor-…}, {@code bib-…}, {@code mtg-…}, {@code woz-…}, {@code bag-…}),
 * so ids are unique across all files.
 */
final class EventFactory {

    static final String SOURCE_SYSTEM = "generator";

    private long kvkEvents;
    private long transfers;
    private long mortgages;
    private long valuations;
    private long bagObjects;
    private long permitEvents;
    private long bibobEvents;
    private long applications;
    private long bibobCases;

    BusinessEvent business(
            final Instant at,
            final BusinessEventType type,
            final String kvkNumber,
            final String establishmentNumber,
            final LegalForm legalForm,
            final List<String> sbiCodes,
            final String startDate,
            final String bagVboId,
            final Officer officer,
            final String deregistrationReason,
            final String transferredFrom) {
        final String id = "kvk-" + Identifiers.zeroPadded(++kvkEvents, 9);
        final Address address =
                bagVboId == null
                        ? null
                        : new Address(bagVboId, Identifiers.postcode(bagVboId), Identifiers.houseNumber(bagVboId));
        return new BusinessEvent(
                id, at, new Source(SOURCE_SYSTEM, "kvk-mutatieservice/" + id), type, kvkNumber, establishmentNumber,
                legalForm, sbiCodes == null ? List.of() : sbiCodes, startDate, address, officer, deregistrationReason,
                transferredFrom);
    }

    PropertyTransfer transfer(
            final Instant at,
            final String bagVboId,
            final LocalDate deedDate,
            final long price,
            final boolean multipleObjects,
            final Party buyer,
            final Party seller) {
        final long n = ++transfers;
        final String id = "kad-" + Identifiers.zeroPadded(n, 9);
        return new PropertyTransfer(
                id, at, new Source(SOURCE_SYSTEM, "kadaster-brk/akte-" + Identifiers.zeroPadded(n, 9)), bagVboId,
                Identifiers.cadastralParcel(bagVboId), deedDate, price, multipleObjects, buyer, seller);
    }

    /** A mortgage deed on the object, registered at {@code at} (its deed date is that day). */
    MortgageRegistered mortgage(final Instant at, final String bagVboId, final long amount, final Party mortgagee) {
        final long n = ++mortgages;
        final String id = "mtg-" + Identifiers.zeroPadded(n, 9);
        return new MortgageRegistered(
                id, at, new Source(SOURCE_SYSTEM, "kadaster-brk/hypotheekakte-" + Identifiers.zeroPadded(n, 9)),
                bagVboId, Identifiers.cadastralParcel(bagVboId), at.atZone(ZoneOffset.UTC).toLocalDate(), amount,
                mortgagee);
    }

    /** The WOZ value of the object for the tax year after {@code valuationDate}, decided at {@code at}. */
    WozValuation woz(final Instant at, final String bagVboId, final LocalDate valuationDate, final long value,
                     final boolean coversMultipleObjects) {
        final String id = "woz-" + Identifiers.zeroPadded(++valuations, 9);
        final String wozObject = "0" + bagVboId.substring(0, 4) + bagVboId.substring(9);
        return new WozValuation(
                id, at, new Source(SOURCE_SYSTEM, "woz-bevragen/" + wozObject + "/" + valuationDate), bagVboId,
                wozObject, valuationDate, value, coversMultipleObjects);
    }

    /** The BAG description of a verblijfsobject, valid from {@code at}. */
    BagObject bagObject(final Instant at, final String bagVboId, final List<BagPurpose> purposes,
                        final String buildingId, final int objectsInBuilding) {
        final String id = "bag-" + Identifiers.zeroPadded(++bagObjects, 9);
        return new BagObject(
                id, at, new Source(SOURCE_SYSTEM, "bag-lvbag/" + bagVboId), bagVboId, "Verblijfsobject in gebruik",
                purposes, null, List.of(buildingId), objectsInBuilding, null, Identifiers.houseNumber(bagVboId),
                Identifiers.postcode(bagVboId), null);
    }

    /** The pand a generated object lies in: same municipality and sequence, object type 10. */
    static String building(final String bagVboId, final int objectsInBuilding) {
        final long sequence = Long.parseLong(bagVboId.substring(6));
        return bagVboId.substring(0, 4) + "10" + Identifiers.zeroPadded(sequence - sequence % Math.max(1, objectsInBuilding), 10);
    }

    PermitEvent permit(
            final Instant at,
            final String applicationId,
            final PermitEventType type,
            final PermitKind kind,
            final String applicantKvk,
            final String establishmentNumber,
            final String bagVboId,
            final List<String> managers,
            final PermitOutcome outcome) {
        final String id = "hor-" + Identifiers.zeroPadded(++permitEvents, 9);
        return new PermitEvent(
                id, at, new Source(SOURCE_SYSTEM, "horeca-zaaksysteem/" + id), applicationId, type, kind, applicantKvk,
                establishmentNumber, bagVboId, managers, outcome);
    }

    BibobCaseEvent bibob(
            final Instant at,
            final String caseId,
            final String applicationId,
            final String subjectKvk,
            final String subjectPerson,
            final BibobCaseEventType type,
            final DangerLevel outcome) {
        final String id = "bib-" + Identifiers.zeroPadded(++bibobEvents, 9);
        return new BibobCaseEvent(
                id, at, new Source(SOURCE_SYSTEM, "bibob-zaaksysteem/" + id), caseId, applicationId, subjectKvk,
                subjectPerson, type, outcome);
    }

    /** Permit application id [zaaknummer], e.g. {@code HOR-2024-000123}. */
    String nextApplicationId(final LocalDate submitted) {
        return "HOR-" + submitted.getYear() + "-" + Identifiers.zeroPadded(++applications, 6);
    }

    /** Bibob case id [Bibob-dossier], e.g. {@code BIB-2024-000045}. */
    String nextBibobCaseId(final LocalDate opened) {
        return "BIB-" + opened.getYear() + "-" + Identifiers.zeroPadded(++bibobCases, 6);
    }

    static Party person(final String pseudonym) {
        return new Party(null, pseudonym);
    }

    static Party business(final String kvkNumber) {
        return new Party(kvkNumber, null);
    }
}
