package nl.barriere.ingest;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import nl.barriere.schema.Address;
import nl.barriere.schema.BagObject;
import nl.barriere.schema.BibobCaseEvent;
import nl.barriere.schema.BibobCaseEventType;
import nl.barriere.schema.BusinessEvent;
import nl.barriere.schema.MortgageRegistered;
import nl.barriere.schema.Officer;
import nl.barriere.schema.Party;
import nl.barriere.schema.PermitEvent;
import nl.barriere.schema.PermitEventType;
import nl.barriere.schema.PropertyTransfer;
import nl.barriere.schema.Source;
import nl.barriere.schema.WozValuation;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * The ingest stage's checks on one input event, before anything downstream trusts it. An event with problems
 * goes to the dead-letter topic with them as its reason (DESIGN.md §2 rule 7), so every problem is one line an
 * operator can act on: it starts with the JSON path of the field ({@code officer.personPseudonym},
 * {@code managerPseudonyms[2]}) and says what is wrong in plain words.
 *
 * <p>The checks:
 *
 * <ul>
 *   <li>{@code eventId}, {@code source.system} and {@code source.reference} are not blank: replays, evidence
 *       references and audits find events by them.
 *   <li>Event time {@code occurredAt} is not before 1900-01-01T00:00Z, and not more than one day after the record
 *       was written to Kafka. Detection runs on event time only (rule 3), so one event dated years ahead would
 *       move its clock and make everything after it late.
 *   <li>KvK numbers are 8 digits, establishment numbers 12, SBI codes 2 to 6.
 *   <li>BAG ids are 16 digits (municipality code, object type, sequence) of an <i>addressable</i> object:
 *       {@code 01} verblijfsobject, {@code 02} ligplaats or {@code 03} standplaats. A pand or nummeraanduiding
 *       id is a different object and would silently never join KvK to Kadaster and permits.
 *   <li>{@code price}, a mortgage's {@code amount} and a WOZ {@code value} are not negative; a WOZ object number is
 *       12 digits; a valuation date [waardepeildatum] is a 1 January. BAG's {@code buildingIds} are 16-digit pand
 *       ids (object type {@code 10}), {@code objectsInBuilding} is at least 1, a verblijfsobject has at least one
 *       use [gebruiksdoel].
 *   <li>Every person field holds a pseudonym ({@code p-} and 64 lower-case hex characters), nothing else (rule
 *       5). A party or officer is exactly one of a business (KvK number) and a person (pseudonym).
 *   <li>Each event type carries what its consumers need, e.g. an address on REGISTERED and ADDRESS_CHANGED, an
 *       outcome on a permit's DECIDED; a {@code startDate} reads as a {@link KvkDate}.
 * </ul>
 *
 * <p><b>What a message may show.</b> Dead letters are read by operators, who must never see a person's
 * identifier. A value that looks like a BSN (9 digits, with or without spaces or dots) is masked in any field,
 * since a BSN typed into a KvK-number field is as personal as one in a person field. The value of a person field
 * that is not a pseudonym is never shown beyond its first four characters and its length: it may be a name or an
 * e-mail address. Other values are quoted as received (long ones shortened) so the operator sees the mistake.
 * The original bytes stay in the dead letter for whoever may read them, except that a BSN-shaped text is blanked
 * in them too ({@link #withoutBsns}).
 */
public final class Validation {

    /** The earliest event time accepted: older dates are typing errors or placeholders. */
    static final Instant EARLIEST = Instant.parse("1900-01-01T00:00:00Z");

    /** How far an event may lie ahead of the time its record was written (clocks of source systems differ). */
    static final Duration MAX_AHEAD = Duration.ofDays(1);

    static final String PSEUDONYM_RULE = "only pseudonyms (p- and 64 hex characters) may enter Barrière";

    private static final Pattern PSEUDONYM = Pattern.compile("p-[0-9a-f]{64}");
    private static final Pattern BSN_SHAPED = Pattern.compile("\\d{9}");
    private static final Pattern BSN_SEPARATORS = Pattern.compile("[ .]");
    private static final Pattern KVK = Pattern.compile("\\d{8}");
    private static final Pattern ESTABLISHMENT = Pattern.compile("\\d{12}");
    private static final Pattern SBI = Pattern.compile("\\d{2,6}");
    private static final Pattern BAG_ID = Pattern.compile("\\d{16}");
    private static final Pattern WOZ_OBJECT = Pattern.compile("\\d{12}");
    private static final int MAX_QUOTED = 40;

    /** BAG object type codes (positions 5–6 of an id); only the first three are addressable objects. */
    private static final Map<String, String> BAG_OBJECT_TYPES =
            Map.of(
                    "01", "verblijfsobject",
                    "02", "ligplaats",
                    "03", "standplaats",
                    "10", "pand",
                    "20", "nummeraanduiding",
                    "30", "openbare ruimte");

    private Validation() {}

    /**
     * The problems of one input event, in schema field order; empty when it is valid.
     *
     * @param event a {@link BusinessEvent}, {@link PropertyTransfer}, {@link PermitEvent} or
     *     {@link BibobCaseEvent}
     * @param writtenAtMs when the record was written to Kafka: its timestamp, which the broker stamps on
     *     Barrière's input topics (LogAppendTime); {@link Long#MIN_VALUE} when unknown. An event may not lie more
     *     than a day after it.
     * @throws IllegalArgumentException for any other record type: a wiring mistake, not a bad record
     */
    public static List<String> problems(final SpecificRecord event, final long writtenAtMs) {
        Objects.requireNonNull(event, "event");
        final List<String> problems = new ArrayList<>();
        if (event instanceof BusinessEvent business) {
            business(business, writtenAtMs, problems);
        } else if (event instanceof PropertyTransfer transfer) {
            transfer(transfer, writtenAtMs, problems);
        } else if (event instanceof PermitEvent permit) {
            permit(permit, writtenAtMs, problems);
        } else if (event instanceof BibobCaseEvent bibob) {
            bibob(bibob, writtenAtMs, problems);
        } else if (event instanceof MortgageRegistered mortgage) {
            mortgage(mortgage, writtenAtMs, problems);
        } else if (event instanceof WozValuation woz) {
            woz(woz, writtenAtMs, problems);
        } else if (event instanceof BagObject bag) {
            bagObject(bag, writtenAtMs, problems);
        } else {
            throw new IllegalArgumentException(
                    "ingest validates BusinessEvent, PropertyTransfer, PermitEvent, BibobCaseEvent, MortgageRegistered, "
                            + "WozValuation and BagObject, not " + event.getClass().getName());
        }
        return List.copyOf(problems);
    }

    /** The problem of an event dated more than {@link #MAX_AHEAD} after its record was written to Kafka. */
    public static String afterItWasWritten(final Instant occurredAt) {
        return "occurredAt: " + occurredAt + " is more than a day after the record was written to Kafka: an event "
                + "cannot have happened after it was reported";
    }

    // ---------------------------------------------------------------- per event type

    private static void business(final BusinessEvent e, final long writtenAt, final List<String> problems) {
        envelope(e.getEventId(), e.getOccurredAt(), e.getSource(), writtenAt, problems);
        if (e.getType() == null) {
            problems.add("type: is missing");
        }
        kvk("kvkNumber", e.getKvkNumber(), problems);
        if (e.getEstablishmentNumber() != null) {
            digits("establishmentNumber", e.getEstablishmentNumber(), ESTABLISHMENT, "12 digits", problems);
        }
        final List<String> sbiCodes = e.getSbiCodes() == null ? List.of() : e.getSbiCodes();
        for (int i = 0; i < sbiCodes.size(); i++) {
            digits("sbiCodes[" + i + "]", sbiCodes.get(i), SBI, "2 to 6 digits", problems);
        }
        if (e.getStartDate() != null && KvkDate.parse(e.getStartDate()).isEmpty()) {
            problems.add(
                    "startDate: " + quote(e.getStartDate())
                            + " is not a KvK date (YYYYMMDD, with 00 for an unknown month or day)");
        }
        final Address address = e.getAddress();
        if (address != null) {
            bag("address.bagVboId", address.getBagVboId(), problems);
        }
        final Officer officer = e.getOfficer();
        if (officer != null) {
            oneOf("officer", officer.getKvkNumber(), officer.getPersonPseudonym(), "an officer", problems);
        }
        if (e.getTransferredFromKvkNumber() != null) {
            kvk("transferredFromKvkNumber", e.getTransferredFromKvkNumber(), problems);
        }
        if (e.getType() != null) {
            switch (e.getType()) {
                case REGISTERED -> {
                    required("address", address, "REGISTERED", problems);
                    required("legalForm", e.getLegalForm(), "REGISTERED", problems);
                }
                case OFFICER_APPOINTED, OFFICER_RESIGNED -> required("officer", officer, e.getType().name(), problems);
                case ADDRESS_CHANGED -> required("address", address, "ADDRESS_CHANGED", problems);
                case ACTIVITY_CHANGED -> {
                    if (sbiCodes.isEmpty()) {
                        problems.add("sbiCodes: is empty; ACTIVITY_CHANGED needs at least one SBI code");
                    }
                }
                case LEGAL_FORM_CHANGED -> required("legalForm", e.getLegalForm(), "LEGAL_FORM_CHANGED", problems);
                case TRANSFERRED ->
                        required("transferredFromKvkNumber", e.getTransferredFromKvkNumber(), "TRANSFERRED", problems);
                case DEREGISTERED -> {
                    // the reason code is optional: the register does not always give one
                }
            }
        }
    }

    private static void transfer(final PropertyTransfer e, final long writtenAt, final List<String> problems) {
        envelope(e.getEventId(), e.getOccurredAt(), e.getSource(), writtenAt, problems);
        bag("bagVboId", e.getBagVboId(), problems);
        if (e.getPrice() < 0) {
            problems.add("price: " + e.getPrice() + " is negative");
        }
        party("buyer", e.getBuyer(), problems);
        party("seller", e.getSeller(), problems);
    }

    private static void mortgage(final MortgageRegistered e, final long writtenAt, final List<String> problems) {
        envelope(e.getEventId(), e.getOccurredAt(), e.getSource(), writtenAt, problems);
        bag("bagVboId", e.getBagVboId(), problems);
        notBlank("cadastralParcel", e.getCadastralParcel(), problems);
        if (e.getDeedDate() == null) {
            problems.add("deedDate: is missing");
        }
        if (e.getAmount() != null && e.getAmount() < 0) {
            problems.add("amount: " + e.getAmount() + " is negative");
        }
        if (e.getMortgagee() != null) {
            party("mortgagee", e.getMortgagee(), problems);
        }
    }

    private static void woz(final WozValuation e, final long writtenAt, final List<String> problems) {
        envelope(e.getEventId(), e.getOccurredAt(), e.getSource(), writtenAt, problems);
        bag("bagVboId", e.getBagVboId(), problems);
        digits("wozObjectNumber", e.getWozObjectNumber(), WOZ_OBJECT, "12 digits", problems);
        if (e.getValuationDate() == null) {
            problems.add("valuationDate: is missing");
        } else if (e.getValuationDate().getDayOfYear() != 1) {
            problems.add("valuationDate: " + e.getValuationDate() + " is not a 1 January; a WOZ value is determined "
                    + "as of 1 January of the year before its tax year [waardepeildatum]");
        }
        if (e.getValue() < 0) {
            problems.add("value: " + e.getValue() + " is negative");
        }
    }

    private static void bagObject(final BagObject e, final long writtenAt, final List<String> problems) {
        envelope(e.getEventId(), e.getOccurredAt(), e.getSource(), writtenAt, problems);
        bag("bagVboId", e.getBagVboId(), problems);
        notBlank("status", e.getStatus(), problems);
        if (e.getPurposes() == null || e.getPurposes().isEmpty()) {
            problems.add("purposes: is empty; a verblijfsobject has at least one use [gebruiksdoel]");
        }
        final List<String> buildings = e.getBuildingIds() == null ? List.of() : e.getBuildingIds();
        for (int i = 0; i < buildings.size(); i++) {
            final String id = buildings.get(i);
            if (id == null || !BAG_ID.matcher(id).matches() || !id.startsWith("10", 4)) {
                problems.add("buildingIds[" + i + "]: " + (id == null ? "is missing" : quote(id)
                        + " is not a BAG pand id (16 digits with object type 10)"));
            }
        }
        if (e.getObjectsInBuilding() != null && e.getObjectsInBuilding() < 1) {
            problems.add("objectsInBuilding: " + e.getObjectsInBuilding() + " is less than 1; the object itself counts");
        }
        if (e.getFloorArea() != null && e.getFloorArea() < 0) {
            problems.add("floorArea: " + e.getFloorArea() + " is negative");
        }
    }

    private static void permit(final PermitEvent e, final long writtenAt, final List<String> problems) {
        envelope(e.getEventId(), e.getOccurredAt(), e.getSource(), writtenAt, problems);
        notBlank("applicationId", e.getApplicationId(), problems);
        if (e.getType() == null) {
            problems.add("type: is missing");
        }
        kvk("applicantKvkNumber", e.getApplicantKvkNumber(), problems);
        if (e.getEstablishmentNumber() != null) {
            digits("establishmentNumber", e.getEstablishmentNumber(), ESTABLISHMENT, "12 digits", problems);
        }
        bag("bagVboId", e.getBagVboId(), problems);
        final List<String> managers = e.getManagerPseudonyms() == null ? List.of() : e.getManagerPseudonyms();
        for (int i = 0; i < managers.size(); i++) {
            person("managerPseudonyms[" + i + "]", managers.get(i), problems);
        }
        if (e.getType() == PermitEventType.DECIDED) {
            required("outcome", e.getOutcome(), "DECIDED", problems);
        }
    }

    private static void bibob(final BibobCaseEvent e, final long writtenAt, final List<String> problems) {
        envelope(e.getEventId(), e.getOccurredAt(), e.getSource(), writtenAt, problems);
        notBlank("caseId", e.getCaseId(), problems);
        if (e.getApplicationId() == null && e.getSubjectKvkNumber() == null && e.getSubjectPersonPseudonym() == null) {
            problems.add(
                    "applicationId: is missing, and so are subjectKvkNumber and subjectPersonPseudonym;"
                            + " a Bibob case event names at least one");
        }
        if (e.getSubjectKvkNumber() != null) {
            kvk("subjectKvkNumber", e.getSubjectKvkNumber(), problems);
        }
        if (e.getSubjectPersonPseudonym() != null) {
            person("subjectPersonPseudonym", e.getSubjectPersonPseudonym(), problems);
        }
        if (e.getType() == null) {
            problems.add("type: is missing");
        } else if (e.getType() == BibobCaseEventType.LBB_ADVICE_RECEIVED) {
            required("adviceOutcome", e.getAdviceOutcome(), "LBB_ADVICE_RECEIVED", problems);
        }
    }

    // ---------------------------------------------------------------- shared checks

    private static void envelope(
            final String eventId,
            final Instant occurredAt,
            final Source source,
            final long writtenAt,
            final List<String> problems) {
        notBlank("eventId", eventId, problems);
        if (occurredAt == null) {
            problems.add("occurredAt: is missing");
        } else if (occurredAt.isBefore(EARLIEST)) {
            problems.add("occurredAt: " + occurredAt + " is before " + EARLIEST);
        } else if (writtenAt != Long.MIN_VALUE && occurredAt.toEpochMilli() - MAX_AHEAD.toMillis() > writtenAt) {
            problems.add(afterItWasWritten(occurredAt));
        }
        if (source == null) {
            problems.add("source: is missing");
        } else {
            notBlank("source.system", source.getSystem(), problems);
            notBlank("source.reference", source.getReference(), problems);
        }
    }

    private static void party(final String path, final Party party, final List<String> problems) {
        if (party == null) {
            problems.add(path + ": is missing");
            return;
        }
        oneOf(path, party.getKvkNumber(), party.getPersonPseudonym(), "a party", problems);
    }

    /** A party or officer: a business by KvK number or a person by pseudonym, exactly one of the two. */
    private static void oneOf(
            final String path,
            final String kvkNumber,
            final String personPseudonym,
            final String what,
            final List<String> problems) {
        if (kvkNumber == null && personPseudonym == null) {
            problems.add(
                    path + ": has neither kvkNumber nor personPseudonym; " + what + " is exactly one of the two");
        } else if (kvkNumber != null && personPseudonym != null) {
            problems.add(path + ": has both kvkNumber and personPseudonym; " + what + " is exactly one of the two");
        }
        if (kvkNumber != null) {
            kvk(path + ".kvkNumber", kvkNumber, problems);
        }
        if (personPseudonym != null) {
            person(path + ".personPseudonym", personPseudonym, problems);
        }
    }

    private static void person(final String path, final String value, final List<String> problems) {
        if (value == null) {
            problems.add(path + ": is missing");
        } else if (isBsnShaped(value)) {
            problems.add(path + ": '" + maskBsn(value) + "' looks like a BSN; " + PSEUDONYM_RULE);
        } else if (!PSEUDONYM.matcher(value).matches()) {
            problems.add(path + ": " + maskPerson(value) + " is not a pseudonym; " + PSEUDONYM_RULE);
        }
    }

    private static void kvk(final String path, final String value, final List<String> problems) {
        digits(path, value, KVK, "8 digits", problems);
    }

    private static void digits(
            final String path,
            final String value,
            final Pattern shape,
            final String expected,
            final List<String> problems) {
        if (value == null) {
            problems.add(path + ": is missing");
        } else if (!shape.matcher(value).matches()) {
            problems.add(path + ": " + quote(value) + " is not " + expected);
        }
    }

    private static void bag(final String path, final String value, final List<String> problems) {
        if (value == null) {
            problems.add(path + ": is missing");
        } else if (!BAG_ID.matcher(value).matches()) {
            problems.add(
                    path + ": " + quote(value)
                            + " is not 16 digits (4-digit municipality code, 2-digit object type, 10-digit sequence)");
        } else {
            final String type = value.substring(4, 6);
            if (!type.equals("01") && !type.equals("02") && !type.equals("03")) {
                final String name = BAG_OBJECT_TYPES.get(type);
                problems.add(
                        path + ": " + quote(value) + " has object type " + type
                                + (name == null ? " (unknown)" : " (" + name + ")")
                                + "; only an addressable object may be referenced: 01 verblijfsobject,"
                                + " 02 ligplaats, 03 standplaats");
            }
        }
    }

    private static void notBlank(final String path, final String value, final List<String> problems) {
        if (value == null) {
            problems.add(path + ": is missing");
        } else if (value.isBlank()) {
            problems.add(path + ": is blank");
        }
    }

    private static void required(
            final String path, final Object value, final String eventType, final List<String> problems) {
        if (value == null) {
            problems.add(path + ": is missing; " + eventType + " needs it");
        }
    }

    // ---------------------------------------------------------------- what a message may show

    /** What a BSN-shaped text becomes in the bytes a dead letter keeps. */
    public static final String BLANKED_BSN = "*********";

    /**
     * A copy of {@code event} with every BSN-shaped text in it, at any depth (fields, lists, map values, nested
     * records), replaced by {@value #BLANKED_BSN}; empty when it holds none. A dead letter keeps this instead of the
     * original bytes: it is kept for the audit period, and must not keep a citizen service number for it.
     */
    public static Optional<SpecificRecord> withoutBsns(final SpecificRecord event) {
        final SpecificRecord copy = SpecificData.get().deepCopy(event.getSchema(), event);
        final boolean[] found = {false};
        blankBsns(copy, found);
        return found[0] ? Optional.of(copy) : Optional.empty();
    }

    /** A record key as a dead letter may keep it: {@value #BLANKED_BSN} when it spells a BSN-shaped text. */
    public static byte[] keyWithoutBsn(final byte[] key) {
        return key != null && isBsnShaped(new String(key, StandardCharsets.UTF_8))
                ? BLANKED_BSN.getBytes(StandardCharsets.UTF_8) : key;
    }

    private static Object blankBsns(final Object value, final boolean[] found) {
        if (value instanceof CharSequence text && isBsnShaped(text.toString())) {
            found[0] = true;
            return BLANKED_BSN;
        } else if (value instanceof IndexedRecord record) {
            for (int i = 0; i < record.getSchema().getFields().size(); i++) {
                record.put(i, blankBsns(record.get(i), found));
            }
        } else if (value instanceof List<?> list) {
            return list.stream().map(element -> blankBsns(element, found)).collect(Collectors.toList());
        } else if (value instanceof Map<?, ?> map) {
            final Map<Object, Object> blanked = new LinkedHashMap<>();
            map.forEach((k, v) -> blanked.put(k, blankBsns(v, found)));
            return blanked;
        }
        return value;
    }

    private static boolean isBsnShaped(final String value) {
        return BSN_SHAPED.matcher(BSN_SEPARATORS.matcher(value).replaceAll("")).matches();
    }

    /** The first four digits, then a star for each of the other five: {@code 1234*****}. */
    private static String maskBsn(final String value) {
        final String digits = BSN_SEPARATORS.matcher(value).replaceAll("");
        return digits.substring(0, 4) + "*".repeat(digits.length() - 4);
    }

    /** A non-pseudonym in a person field: its first four characters and its length, never more. */
    private static String maskPerson(final String value) {
        final int shown = Math.min(4, value.length() / 2);
        return "'" + value.substring(0, shown) + "*".repeat(Math.min(value.length() - shown, 8)) + "' ("
                + value.length() + " characters)";
    }

    /** A value as received, in quotes; BSN-shaped values masked, long ones shortened. */
    private static String quote(final String value) {
        if (isBsnShaped(value)) {
            return "'" + maskBsn(value) + "'";
        }
        if (value.length() > MAX_QUOTED) {
            return "'" + value.substring(0, MAX_QUOTED) + "…' (" + value.length() + " characters)";
        }
        return "'" + value + "'";
    }
}
