package nl.barriere.detect;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import nl.barriere.detect.Facts.Acquisition;
import nl.barriere.detect.Facts.Acquisitions;
import nl.barriere.detect.Facts.Application;
import nl.barriere.detect.Facts.Applications;
import nl.barriere.detect.Facts.Business;
import nl.barriere.detect.Facts.Change;
import nl.barriere.detect.Facts.Links;
import nl.barriere.detect.Facts.Mortgage;
import nl.barriere.detect.Facts.Mortgages;
import nl.barriere.detect.Facts.OpenWindow;
import nl.barriere.detect.Facts.Premises;
import nl.barriere.detect.Facts.Ref;
import nl.barriere.detect.Facts.Stay;
import nl.barriere.detect.Facts.Stays;
import nl.barriere.detect.Facts.Tenure;
import nl.barriere.detect.Facts.Transfer;
import nl.barriere.detect.Facts.Transfers;
import nl.barriere.detect.Facts.Valuation;
import nl.barriere.detect.Facts.Valuations;
import nl.barriere.schema.BagObject;
import nl.barriere.schema.BusinessEvent;
import nl.barriere.schema.MortgageRegistered;
import nl.barriere.schema.Officer;
import nl.barriere.schema.Party;
import nl.barriere.schema.PermitEvent;
import nl.barriere.schema.PermitEventType;
import nl.barriere.schema.PropertyTransfer;
import nl.barriere.schema.WozValuation;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The entity state of DESIGN.md §6, kept in named, changelogged stores: business profiles with their officers
 * and changes, officer to businesses, BAG object to establishments, to transfers, to mortgages, to WOZ valuations,
 * to its BAG description and to permit applications, buyer to acquisitions, and the transfers whose mortgage
 * window is still open (by the event time it closes). {@link #apply} adds one event; the query methods are what
 * indicators read.
 */
final class EntityState {

    private final RecentValues<Business> businesses;
    private final RecentValues<Links> officerLinks;
    private final RecentValues<Stays> establishments;
    private final RecentValues<Transfers> transfers;
    private final RecentValues<Acquisitions> acquisitions;
    private final RecentValues<Applications> applications;
    private final RecentValues<Mortgages> mortgages;
    private final RecentValues<Valuations> valuations;
    private final RecentValues<Premises> premises;
    private final RecentValues<OpenWindow> openWindows;
    /** The same store as {@link #openWindows}, for scanning it in closing order; written only through the former. */
    private final KeyValueStore<String, OpenWindow> openWindowsByTime;

    EntityState(final ProcessorContext<?, ?> context, final EventWrites writes) {
        this.businesses = writes.store(context, DetectionTopology.BUSINESSES_STORE);
        this.officerLinks = writes.store(context, DetectionTopology.OFFICER_LINKS_STORE);
        this.establishments = writes.store(context, DetectionTopology.ESTABLISHMENTS_STORE);
        this.transfers = writes.store(context, DetectionTopology.TRANSFERS_STORE);
        this.acquisitions = writes.store(context, DetectionTopology.ACQUISITIONS_STORE);
        this.applications = writes.store(context, DetectionTopology.APPLICATIONS_STORE);
        this.mortgages = writes.store(context, DetectionTopology.MORTGAGES_STORE);
        this.valuations = writes.store(context, DetectionTopology.VALUATIONS_STORE);
        this.premises = writes.store(context, DetectionTopology.PREMISES_STORE);
        this.openWindows = writes.store(context, DetectionTopology.MORTGAGE_WINDOWS_STORE);
        this.openWindowsByTime = context.getStateStore(DetectionTopology.MORTGAGE_WINDOWS_STORE);
    }

    /** Adds what the event says to the state. */
    void apply(final SourcedEvent sourced) {
        if (sourced.event() instanceof BusinessEvent event) {
            applyBusiness(event, sourced.ref());
        } else if (sourced.event() instanceof PropertyTransfer transfer) {
            applyTransfer(transfer, sourced.ref());
        } else if (sourced.event() instanceof MortgageRegistered mortgage) {
            mortgages.put(mortgage.getBagVboId(), new Mortgages(Facts.plus(mortgages(mortgage.getBagVboId()),
                    new Mortgage(sourced.ref(), (int) mortgage.getDeedDate().toEpochDay()))));
        } else if (sourced.event() instanceof WozValuation woz) {
            valuations.put(woz.getBagVboId(), new Valuations(Facts.plus(valuations(woz.getBagVboId()),
                    new Valuation(sourced.ref(), (int) woz.getValuationDate().toEpochDay(), woz.getValue(),
                            woz.getCoversMultipleObjects()))));
        } else if (sourced.event() instanceof BagObject bag) {
            premises.put(bag.getBagVboId(), new Premises(sourced.ref(),
                    bag.getPurposes().stream().map(Enum::name).sorted().toList(), bag.getObjectsInBuilding()));
        } else if (sourced.event() instanceof PermitEvent permit && permit.getType() == PermitEventType.SUBMITTED) {
            final Application application = new Application(permit.getApplicationId(), permit.getApplicantKvkNumber(),
                    permit.getBagVboId(), permit.getPermitKind().name(), List.copyOf(permit.getManagerPseudonyms()),
                    sourced.ref());
            final Applications atObject = applications.get(permit.getBagVboId());
            applications.put(permit.getBagVboId(),
                    new Applications(Facts.plus(atObject == null ? List.of() : atObject.items(), application)));
        }
    }

    Business business(final String kvkNumber) {
        return kvkNumber == null ? null : businesses.get(kvkNumber);
    }

    List<Transfer> transfers(final String bagVboId) {
        final Transfers found = transfers.get(bagVboId);
        return found == null ? List.of() : found.items();
    }

    List<Mortgage> mortgages(final String bagVboId) {
        final Mortgages found = mortgages.get(bagVboId);
        return found == null ? List.of() : found.items();
    }

    List<Valuation> valuations(final String bagVboId) {
        final Valuations found = valuations.get(bagVboId);
        return found == null ? List.of() : found.items();
    }

    /** What BAG last said about the object, or null when BAG has not described it. */
    Premises premises(final String bagVboId) {
        return premises.get(bagVboId);
    }

    /** Keeps a transfer's mortgage window open until event time {@code closesAt}. */
    void openMortgageWindow(final String bagVboId, final String transferEventId, final long closesAt) {
        openWindows.put(windowKey(closesAt, bagVboId, transferEventId), new OpenWindow(bagVboId, transferEventId, closesAt));
    }

    /**
     * Takes the mortgage windows that close at or before {@code time}, in closing order (then BAG id, then transfer
     * id). Reads the committed store: every earlier event's writes are in it.
     */
    List<OpenWindow> takeWindowsClosedBy(final long time) {
        final List<OpenWindow> closed = new ArrayList<>();
        try (KeyValueIterator<String, OpenWindow> due = openWindowsByTime.range(timeKey(Long.MIN_VALUE / 4),
                timeKey(time) + "|\uffff")) {
            due.forEachRemaining(entry -> closed.add(entry.value));
        }
        closed.forEach(w -> openWindows.delete(windowKey(w.closesAt(), w.bagVboId(), w.transferEventId())));
        return closed;
    }

    private static String windowKey(final long closesAt, final String bagVboId, final String transferEventId) {
        return timeKey(closesAt) + "|" + bagVboId + "|" + transferEventId;
    }

    /** A time as a key that sorts like the time (19 digits, shifted so every time from 1900 on is positive). */
    private static String timeKey(final long time) {
        final String digits = Long.toString(Math.max(0, time + 3_000_000_000_000L));
        return "0".repeat(Math.max(0, 19 - digits.length())) + digits;
    }

    List<Acquisition> acquisitions(final String buyerId) {
        final Acquisitions found = acquisitions.get(buyerId);
        return found == null ? List.of() : found.items();
    }

    List<Stay> establishments(final String bagVboId) {
        final Stays found = establishments.get(bagVboId);
        return found == null ? List.of() : found.items();
    }

    List<Application> applications(final String bagVboId) {
        final Applications found = applications.get(bagVboId);
        return found == null ? List.of() : found.items();
    }

    /** Every business the officer (a pseudonym, or {@code kvk:} and a KvK number) has been linked to. */
    List<Business> businessesOf(final String officerId) {
        final Links links = officerLinks.get(officerId);
        if (links == null) {
            return List.of();
        }
        return links.kvkNumbers().stream().map(businesses::get).filter(Objects::nonNull).toList();
    }

    /** Remembers which indicators a transfer triggered, for indicators that look back at it (I9). */
    void markTransfer(final String bagVboId, final String eventId, final List<String> firedRules) {
        final List<Transfer> updated = new ArrayList<>();
        for (final Transfer t : transfers(bagVboId)) {
            updated.add(t.ref().eventId().equals(eventId) ? new Transfer(t.ref(), t.deedDay(), t.price(),
                    t.multipleObjects(), t.buyerId(), t.buyerIsBusiness(), merged(t.firedRules(), firedRules)) : t);
        }
        transfers.put(bagVboId, new Transfers(updated));
    }

    private static List<String> merged(final List<String> before, final List<String> added) {
        final java.util.TreeSet<String> all = new java.util.TreeSet<>(before);
        all.addAll(added);
        return List.copyOf(all);
    }

    static String partyId(final Party party) {
        return party.getKvkNumber() != null ? "kvk:" + party.getKvkNumber() : party.getPersonPseudonym();
    }

    static String officerId(final Officer officer) {
        return officer.getKvkNumber() != null ? "kvk:" + officer.getKvkNumber() : officer.getPersonPseudonym();
    }

    private void applyTransfer(final PropertyTransfer transfer, final Ref ref) {
        final String buyer = partyId(transfer.getBuyer());
        final int deedDay = (int) transfer.getDeedDate().toEpochDay();
        transfers.put(transfer.getBagVboId(), new Transfers(byDeedDate(transfers(transfer.getBagVboId()),
                new Transfer(ref, deedDay, transfer.getPrice(), transfer.getMultipleObjects(), buyer,
                        transfer.getBuyer().getKvkNumber() != null, List.of()))));
        acquisitions.put(buyer, new Acquisitions(Facts.plus(acquisitions(buyer),
                new Acquisition(transfer.getBagVboId(), deedDay, ref))));
    }

    /**
     * The history with {@code added} in its place by deed date (then event time, then event id). Events reach the
     * state in event time, which is the deed's registration; a deed dated before an already registered one (a
     * correction, a batch registered out of turn) still takes its place among the transfers of its object.
     */
    private static List<Transfer> byDeedDate(final List<Transfer> history, final Transfer added) {
        final List<Transfer> sorted = new ArrayList<>(history.size() + 1);
        sorted.addAll(history);
        int at = sorted.size();
        while (at > 0 && DEED_ORDER.compare(sorted.get(at - 1), added) > 0) {
            at--;
        }
        sorted.add(at, added);
        return sorted;
    }

    private static final Comparator<Transfer> DEED_ORDER = Comparator.comparingInt(Transfer::deedDay)
            .thenComparingLong(t -> t.ref().occurredAt())
            .thenComparing(t -> t.ref().eventId());

    private void applyBusiness(final BusinessEvent event, final Ref ref) {
        final String kvk = event.getKvkNumber();
        final Business before = Objects.requireNonNullElse(businesses.get(kvk), Business.unknown(kvk));
        final long at = ref.occurredAt();
        Business after = before;
        switch (event.getType()) {
            case REGISTERED -> {
                after = new Business(kvk, name(event.getLegalForm()), event.getStartDate(), ref,
                        event.getAddress() == null ? null : event.getAddress().getBagVboId(),
                        List.copyOf(event.getSbiCodes()), before.officers(), before.changes(), null, null, null);
                if (event.getOfficer() != null) {
                    after = withOfficer(after, event.getOfficer(), ref, false);
                }
                if (after.bagVboId() != null) {
                    arrive(after.bagVboId(), kvk, at, true, ref);
                }
            }
            case OFFICER_APPOINTED -> after = withOfficer(before, event.getOfficer(), ref, true);
            case OFFICER_RESIGNED -> {
                final String officer = officerId(event.getOfficer());
                final List<Tenure> officers = new ArrayList<>();
                boolean closed = false;
                for (final Tenure t : before.officers()) {
                    if (!closed && t.officerId().equals(officer) && t.to() == null) {
                        officers.add(new Tenure(t.officerId(), t.role(), t.from(), at, t.appointed(), ref));
                        closed = true;
                    } else {
                        officers.add(t);
                    }
                }
                after = new Business(kvk, before.legalForm(), before.startDate(), before.registration(), before.bagVboId(),
                        before.sbiCodes(), officers, Facts.plus(before.changes(), new Change("OFFICER_RESIGNED", at, ref)),
                        before.endedAt(), before.endReason(), before.ended());
            }
            case ADDRESS_CHANGED -> {
                final String bag = event.getAddress() == null ? null : event.getAddress().getBagVboId();
                if (before.bagVboId() != null) {
                    leave(before.bagVboId(), kvk, at);
                }
                if (bag != null) {
                    arrive(bag, kvk, at, false, ref);
                }
                after = new Business(kvk, before.legalForm(), before.startDate(), before.registration(), bag,
                        before.sbiCodes(), before.officers(), Facts.plus(before.changes(), new Change("ADDRESS_CHANGED", at, ref)),
                        before.endedAt(), before.endReason(), before.ended());
            }
            case ACTIVITY_CHANGED -> after = new Business(kvk, before.legalForm(), before.startDate(), before.registration(),
                    before.bagVboId(), List.copyOf(event.getSbiCodes()), before.officers(),
                    Facts.plus(before.changes(), new Change("ACTIVITY_CHANGED", at, ref)),
                    before.endedAt(), before.endReason(), before.ended());
            case LEGAL_FORM_CHANGED -> after = new Business(kvk, name(event.getLegalForm()), before.startDate(),
                    before.registration(), before.bagVboId(), before.sbiCodes(), before.officers(),
                    Facts.plus(before.changes(), new Change("LEGAL_FORM_CHANGED", at, ref)),
                    before.endedAt(), before.endReason(), before.ended());
            case TRANSFERRED -> after = new Business(kvk, before.legalForm(), before.startDate(), before.registration(),
                    before.bagVboId(), before.sbiCodes(), before.officers(),
                    Facts.plus(before.changes(), new Change("TRANSFERRED", at, ref)),
                    before.endedAt(), before.endReason(), before.ended());
            case DEREGISTERED -> {
                if (before.bagVboId() != null) {
                    leave(before.bagVboId(), kvk, at);
                }
                after = new Business(kvk, before.legalForm(), before.startDate(), before.registration(), before.bagVboId(),
                        before.sbiCodes(), before.officers(), before.changes(), at, event.getDeregistrationReason(), ref);
            }
            default -> throw new IllegalArgumentException("unknown business event type " + event.getType());
        }
        businesses.put(kvk, after);
    }

    private Business withOfficer(final Business before, final Officer officer, final Ref ref, final boolean isChange) {
        final String id = officerId(officer);
        final Links links = officerLinks.get(id);
        final List<String> linked = links == null ? List.of() : links.kvkNumbers();
        if (!linked.contains(before.kvkNumber())) {
            officerLinks.put(id, new Links(Facts.plus(linked, before.kvkNumber())));
        }
        final List<Change> changes = isChange
                ? Facts.plus(before.changes(), new Change("OFFICER_APPOINTED", ref.occurredAt(), ref))
                : before.changes();
        return new Business(before.kvkNumber(), before.legalForm(), before.startDate(), before.registration(),
                before.bagVboId(), before.sbiCodes(),
                Facts.plus(before.officers(), new Tenure(id, officer.getRole().name(), ref.occurredAt(), null, ref, null)),
                changes, before.endedAt(), before.endReason(), before.ended());
    }

    private void arrive(final String bag, final String kvk, final long at, final boolean newRegistration, final Ref ref) {
        establishments.put(bag, new Stays(Facts.plus(establishments(bag), new Stay(kvk, at, null, newRegistration, ref))));
    }

    private void leave(final String bag, final String kvk, final long at) {
        final List<Stay> stays = new ArrayList<>();
        for (final Stay s : establishments(bag)) {
            stays.add(s.kvkNumber().equals(kvk) && s.to() == null
                    ? new Stay(s.kvkNumber(), s.from(), at, s.newRegistration(), s.arrived()) : s);
        }
        establishments.put(bag, new Stays(stays));
    }

    private static String name(final Enum<?> value) {
        return value == null ? null : value.name();
    }
}
