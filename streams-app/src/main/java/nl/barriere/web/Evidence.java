package nl.barriere.web;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import nl.barriere.contract.Topic;
import nl.barriere.contract.Topics;
import nl.barriere.schema.BagObject;
import nl.barriere.schema.BusinessEvent;
import nl.barriere.schema.MortgageRegistered;
import nl.barriere.schema.WozValuation;
import nl.barriere.schema.EvidenceRef;
import nl.barriere.schema.IndicatorResult;
import nl.barriere.schema.Party;
import nl.barriere.schema.PermitEvent;
import nl.barriere.schema.PropertyTransfer;
import nl.barriere.schema.SignalSubject;
import nl.barriere.schema.SubjectType;
import org.apache.avro.specific.SpecificRecord;

/**
 * How the evidence of a signal reads on screen: the indicators with their explanations and parameters, one
 * timeline of the events behind them, and a summary of the subject taken from those events. An event from a
 * restricted topic is never shown here, whoever asks (rule 6: Bibob context reaches BIBOB officers only through
 * the flagged permit's own section).
 */
final class Evidence {

    /** One evidence event, the indicators that used it, and the event itself when it could be fetched. */
    record Item(EvidenceRef ref, List<String> ruleIds, SpecificRecord event) {
    }

    private Evidence() {}

    /** Every distinct evidence reference of the indicators, in event time, then topic, partition and offset. */
    static List<Item> timeline(final List<IndicatorResult> indicators, final EvidenceLookup lookup) {
        final Map<String, EvidenceRef> refs = new LinkedHashMap<>();
        final Map<String, List<String>> usedBy = new LinkedHashMap<>();
        for (final IndicatorResult indicator : indicators) {
            for (final EvidenceRef ref : indicator.getEvidence()) {
                final String key = ref.getTopic() + "/" + ref.getPartition() + "/" + ref.getOffset();
                refs.putIfAbsent(key, ref);
                final List<String> rules = usedBy.computeIfAbsent(key, k -> new ArrayList<>());
                if (!rules.contains(indicator.getRuleId())) {
                    rules.add(indicator.getRuleId());
                }
            }
        }
        final List<EvidenceRef> shown = refs.values().stream().filter(ref -> !restricted(ref)).collect(Collectors.toList());
        final Map<EvidenceRef, SpecificRecord> events = shown.isEmpty() ? Map.of() : lookup.fetch(shown);
        return refs.entrySet().stream()
                .map(entry -> new Item(entry.getValue(), usedBy.get(entry.getKey()),
                        restricted(entry.getValue()) ? null : events.get(entry.getValue())))
                .sorted(Comparator.comparing((Item item) -> item.ref().getOccurredAt())
                        .thenComparing(item -> item.ref().getTopic())
                        .thenComparingInt(item -> item.ref().getPartition())
                        .thenComparingLong(item -> item.ref().getOffset()))
                .collect(Collectors.toList());
    }

    static boolean restricted(final EvidenceRef ref) {
        // An unknown topic is treated as restricted: showing it would be a guess about who may see it.
        return Topics.byName(ref.getTopic()).map(Topic::restricted).orElse(true);
    }

    /**
     * An indicator as the page shows it: explanation in the page's language, the other one folded away, what it
     * measured against its limits in words ({@code measures}, Measures), and the raw parameters behind the toggle.
     */
    record IndicatorView(String ruleId, String name, String meta, String explanation, String otherExplanation,
                         List<Measures.Measure> measures, List<Term> parameters) {
    }

    /**
     * A term and its value: a parameter of an indicator, or a line of the subject's summary; {@code technical} (may
     * be null) is the register's own key behind the value (a BAG id), shown behind the "technical source" toggle.
     */
    record Term(String term, String value, String technical) {
        Term(final String term, final String value) {
            this(term, value, null);
        }
    }

    /**
     * An evidence event on the timeline: when ({@code occurredAt} for the {@code datetime} attribute, {@code time}
     * in words), which indicators used it, what it says ({@code event}, null when it could not be fetched) and where
     * it lies ({@code ref}, null for a restricted source, which is not even named; behind the technical toggle).
     */
    record TimelineEntry(String occurredAt, String time, String rules, boolean restricted, String event, String ref) {
    }

    static List<IndicatorView> indicators(final List<IndicatorResult> indicators, final Lang lang) {
        return indicators.stream().map(indicator -> new IndicatorView(indicator.getRuleId(),
                        IndicatorNames.name(indicator.getRuleId(), lang),
                        lang.msg("indicators.meta", indicator.getRuleVersion(), indicator.getWeight(),
                                indicator.getEvidence().size()),
                        lang == Lang.NL ? indicator.getExplanationNl() : indicator.getExplanationEn(),
                        lang == Lang.NL ? indicator.getExplanationEn() : indicator.getExplanationNl(),
                        Measures.of(indicator.getRuleId(), indicator.getParameters(), lang),
                        new TreeMap<>(indicator.getParameters()).entrySet().stream()
                                .map(e -> new Term(e.getKey(), e.getValue())).toList()))
                .toList();
    }

    static List<TimelineEntry> entries(final List<Item> items, final Lang lang) {
        final Map<String, String> addresses = addresses(items, lang);
        return items.stream().map(item -> {
            final EvidenceRef ref = item.ref();
            final boolean restricted = restricted(ref);
            return new TimelineEntry(Plain.machine(ref.getOccurredAt()), Plain.dateTime(ref.getOccurredAt(), lang),
                    String.join(", ", item.ruleIds()), restricted,
                    restricted || item.event() == null ? null : describe(item.event(), addresses, lang),
                    restricted ? null : lang.msg("timeline.ref", ref.getEventId(), ref.getTopic(), ref.getPartition(),
                            ref.getOffset()));
        }).toList();
    }

    /**
     * The address of every BAG object the evidence names, from the BAG's own events among it ({@code bag.objects}:
     * street, number, postcode, place) or else the business register's establishment address (postcode and
     * number). Display only: no indicator reads an address (DOMAIN.md §3, requirement 5).
     */
    static Map<String, String> addresses(final List<Item> items, final Lang lang) {
        final Map<String, String> fromBag = new LinkedHashMap<>();
        final Map<String, String> fromKvk = new LinkedHashMap<>();
        for (final Item item : items) {
            if (item.event() instanceof BagObject e) {
                address(e).ifPresent(address -> fromBag.put(e.getBagVboId(), address));
            } else if (item.event() instanceof BusinessEvent e && e.getAddress() != null
                    && e.getAddress().getPostcode() != null) {
                final String number = e.getAddress().getHouseNumber();
                final String postcode = Plain.postcode(e.getAddress().getPostcode());
                fromKvk.put(e.getAddress().getBagVboId(),
                        number == null ? postcode : lang.msg("address.number", postcode, number));
            }
        }
        fromKvk.putAll(fromBag);
        return fromKvk;
    }

    private static Optional<String> address(final BagObject bag) {
        final String number = bag.getHouseNumber() == null ? "" : " " + bag.getHouseNumber();
        final String street = bag.getStreet() == null ? null : bag.getStreet() + number;
        final String place = String.join(" ", java.util.stream.Stream.of(Plain.postcode(bag.getPostcode()), bag.getCity())
                .filter(Objects::nonNull).toList());
        if (street == null && place.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(street == null ? place : place.isEmpty() ? street : street + ", " + place);
    }

    /** A BAG object in words: its address when the evidence gives one, else its id. */
    private static String object(final String bagVboId, final Map<String, String> addresses) {
        return addresses.getOrDefault(bagVboId, "BAG " + bagVboId);
    }

    /** One line about an input event, in the words of its register. */
    static String describe(final SpecificRecord event, final Lang lang) {
        return describe(event, Map.of(), lang);
    }

    private static String describe(final SpecificRecord event, final Map<String, String> addresses, final Lang lang) {
        final List<String> parts = new ArrayList<>();
        if (event instanceof BusinessEvent e) {
            parts.add("KvK " + e.getKvkNumber() + ": " + Plain.label(e.getType(), lang));
            if (e.getLegalForm() != null) {
                parts.add(Plain.label(e.getLegalForm(), lang));
            }
            if (!e.getSbiCodes().isEmpty()) {
                parts.add("SBI " + e.getSbiCodes().stream().map(code -> Plain.sbi(code, lang)).collect(Collectors.joining("; ")));
            }
            if (e.getStartDate() != null) {
                parts.add(lang.msg("evidence.start", Plain.registerDate(e.getStartDate(), lang)));
            }
            if (e.getAddress() != null) {
                parts.add(object(e.getAddress().getBagVboId(), addresses));
            }
            if (e.getOfficer() != null) {
                parts.add(lang.msg("evidence.officer", Plain.label(e.getOfficer().getRole(), lang),
                        shortParty(e.getOfficer().getKvkNumber(), e.getOfficer().getPersonPseudonym())));
            }
            if (e.getDeregistrationReason() != null) {
                parts.add(lang.msg("evidence.reason", Plain.code("DeregistrationReason", e.getDeregistrationReason(), lang)));
            }
        } else if (event instanceof PropertyTransfer e) {
            parts.add(addresses.containsKey(e.getBagVboId())
                    ? lang.msg("evidence.transfer-at", addresses.get(e.getBagVboId()), e.getCadastralParcel())
                    : lang.msg("evidence.transfer", e.getBagVboId(), e.getCadastralParcel()));
            parts.add(lang.msg("evidence.price", Plain.euros(e.getPrice(), lang)));
            parts.add(lang.msg("evidence.deed", Plain.date(e.getDeedDate(), lang)));
            if (e.getMultipleObjects()) {
                parts.add(lang.msg("evidence.price-several"));
            }
            parts.add(lang.msg("evidence.buyer", party(e.getBuyer())));
            parts.add(lang.msg("evidence.seller", party(e.getSeller())));
        } else if (event instanceof MortgageRegistered e) {
            parts.add(lang.msg("evidence.mortgage-at", object(e.getBagVboId(), addresses), e.getCadastralParcel()));
            parts.add(lang.msg("evidence.deed", Plain.date(e.getDeedDate(), lang)));
            if (e.getAmount() != null) {
                parts.add(lang.msg("evidence.principal", Plain.euros(e.getAmount(), lang)));
            }
            if (e.getMortgagee() != null) {
                parts.add(lang.msg("evidence.mortgagee", party(e.getMortgagee())));
            }
        } else if (event instanceof WozValuation e) {
            parts.add(lang.msg("evidence.woz-at", object(e.getBagVboId(), addresses), e.getWozObjectNumber(),
                    Plain.euros(e.getValue(), lang)));
            parts.add(lang.msg("evidence.valuation-date", Plain.date(e.getValuationDate(), lang)));
            parts.add(lang.msg("evidence.tax-year", e.getValuationDate().getYear() + 1));
            if (e.getCoversMultipleObjects()) {
                parts.add(lang.msg("evidence.woz-several"));
            }
        } else if (event instanceof BagObject e) {
            parts.add(object(e.getBagVboId(), addresses) + ": " + e.getStatus());
            parts.add(lang.msg("evidence.use", e.getPurposes().stream().map(p -> Plain.label(p, lang))
                    .collect(Collectors.joining(", "))));
            if (e.getObjectsInBuilding() != null) {
                parts.add(lang.msg("evidence.units", e.getObjectsInBuilding()));
            }
        } else if (event instanceof PermitEvent e) {
            parts.add(lang.msg("evidence.permit", e.getApplicationId(), Plain.label(e.getType(), lang)));
            parts.add(Plain.label(e.getPermitKind(), lang));
            parts.add(lang.msg("evidence.applicant", e.getApplicantKvkNumber()));
            parts.add(object(e.getBagVboId(), addresses));
            if (!e.getManagerPseudonyms().isEmpty()) {
                parts.add(lang.msg("evidence.managers", e.getManagerPseudonyms().size()));
            }
            if (e.getOutcome() != null) {
                parts.add(Plain.label(e.getOutcome(), lang));
            }
        } else {
            parts.add(event.getSchema().getName());
        }
        return String.join(", ", parts);
    }

    /** The subject and what the evidence says about it: the company, the address and the permit application. */
    static List<Term> subjectSummary(final SignalSubject subject, final List<Item> items, final Lang lang) {
        final Map<String, String> addresses = addresses(items, lang);
        final List<Term> rows = new ArrayList<>();
        rows.add(subjectRow(subject, addresses, lang));
        PermitEvent permit = null;
        final Map<String, BusinessEvent> businesses = new LinkedHashMap<>();
        final Map<String, PropertyTransfer> transfers = new LinkedHashMap<>();
        final Map<String, WozValuation> valuations = new LinkedHashMap<>();
        final Map<String, MortgageRegistered> mortgages = new LinkedHashMap<>();
        final Map<String, Boolean> withoutMortgage = new LinkedHashMap<>();
        for (final Item item : items) {
            if (item.event() instanceof WozValuation e) {
                valuations.put(e.getBagVboId(), e);
            } else if (item.event() instanceof MortgageRegistered e) {
                mortgages.put(e.getBagVboId(), e);
            } else if (item.event() instanceof PropertyTransfer e && item.ruleIds().contains("I3")) {
                withoutMortgage.put(e.getBagVboId(), true);
            }
            if (item.event() instanceof PermitEvent e) {
                permit = e;
            } else if (item.event() instanceof BusinessEvent e) {
                businesses.merge(e.getKvkNumber(), e, (old, newer) -> merge(old, newer));
            } else if (item.event() instanceof PropertyTransfer e) {
                transfers.put(e.getBagVboId(), e);
            }
        }
        if (permit != null) {
            rows.add(new Term(lang.msg("summary.permit"), lang.msg("summary.permit-value", permit.getApplicationId(),
                    Plain.label(permit.getPermitKind(), lang), Plain.label(permit.getType(), lang),
                    Plain.date(permit.getOccurredAt(), lang))));
            rows.add(new Term(lang.msg("summary.applicant"), "KvK " + permit.getApplicantKvkNumber()
                    + (permit.getEstablishmentNumber() == null ? ""
                    : " · " + lang.msg("summary.establishment", permit.getEstablishmentNumber()))));
            rows.add(new Term(lang.msg("summary.premises"), object(permit.getBagVboId(), addresses),
                    technical(permit.getBagVboId(), addresses)));
        }
        for (final BusinessEvent business : businesses.values()) {
            final List<String> parts = new ArrayList<>();
            parts.add("KvK " + business.getKvkNumber());
            if (business.getLegalForm() != null) {
                parts.add(Plain.label(business.getLegalForm(), lang));
            }
            if (!business.getSbiCodes().isEmpty()) {
                parts.add("SBI " + business.getSbiCodes().stream().map(code -> Plain.sbi(code, lang))
                        .collect(Collectors.joining("; ")));
            }
            if (business.getStartDate() != null) {
                parts.add(lang.msg("summary.started", Plain.registerDate(business.getStartDate(), lang)));
            }
            final String bagVboId = business.getAddress() == null ? null : business.getAddress().getBagVboId();
            if (bagVboId != null) {
                parts.add(object(bagVboId, addresses));
            }
            rows.add(new Term(lang.msg("summary.business", business.getKvkNumber()), String.join(" · ", parts),
                    bagVboId == null ? null : technical(bagVboId, addresses)));
        }
        for (final PropertyTransfer transfer : transfers.values()) {
            final WozValuation woz = valuations.get(transfer.getBagVboId());
            final MortgageRegistered mortgage = mortgages.get(transfer.getBagVboId());
            final List<String> parts = new ArrayList<>();
            parts.add(transfer.getCadastralParcel());
            if (woz != null) {
                parts.add(lang.msg("summary.woz", Plain.euros(woz.getValue(), lang), woz.getValuationDate().getYear() + 1));
            }
            if (withoutMortgage.containsKey(transfer.getBagVboId())) {
                parts.add(mortgage == null ? lang.msg("summary.no-mortgage")
                        : lang.msg("summary.no-mortgage-earlier", Plain.date(mortgage.getDeedDate(), lang)));
            } else if (mortgage != null) {
                parts.add(lang.msg("summary.mortgage", Plain.date(mortgage.getDeedDate(), lang)));
            }
            rows.add(new Term(lang.msg("summary.property", object(transfer.getBagVboId(), addresses)),
                    String.join(" · ", parts), technical(transfer.getBagVboId(), addresses)));
        }
        if (items.stream().map(Item::event).allMatch(Objects::isNull) && !items.isEmpty()) {
            rows.add(new Term(lang.msg("summary.note"), lang.msg("summary.not-fetched")));
        }
        return rows;
    }

    /** The subject in words: a property by its address when the evidence gives one, its BAG id behind the toggle. */
    private static Term subjectRow(final SignalSubject subject, final Map<String, String> addresses, final Lang lang) {
        if (subject.getType() == SubjectType.PROPERTY && addresses.containsKey(subject.getId())) {
            return new Term(lang.msg("summary.subject"), subjectType(subject, lang) + " " + addresses.get(subject.getId()),
                    "BAG " + subject.getId());
        }
        return new Term(lang.msg("summary.subject"), subjectType(subject, lang) + " " + subject.getId());
    }

    /** The page's heading for a subject: a property by its address when the evidence gives one. */
    static String heading(final SignalSubject subject, final List<Item> items, final Lang lang) {
        final Map<String, String> addresses = addresses(items, lang);
        return subject.getType() == SubjectType.PROPERTY && addresses.containsKey(subject.getId())
                ? subjectType(subject, lang) + " " + addresses.get(subject.getId())
                : subjectType(subject, lang) + " " + subject.getId();
    }

    /** The BAG id behind an address, for the toggle; null when the id is the value shown already. */
    private static String technical(final String bagVboId, final Map<String, String> addresses) {
        return addresses.containsKey(bagVboId) ? "BAG " + bagVboId : null;
    }

    static String subjectType(final SignalSubject subject, final Lang lang) {
        return switch (subject.getType()) {
            case PERMIT_APPLICATION -> lang.msg("subject.permit-application");
            case BUSINESS -> lang.msg("subject.business");
            default -> lang.msg("subject.property");
        };
    }

    /** The newer event's fields where it has them: the register reports a change, not the whole registration. */
    private static BusinessEvent merge(final BusinessEvent older, final BusinessEvent newer) {
        final BusinessEvent.Builder merged = BusinessEvent.newBuilder(older);
        if (newer.getLegalForm() != null) {
            merged.setLegalForm(newer.getLegalForm());
        }
        if (!newer.getSbiCodes().isEmpty()) {
            merged.setSbiCodes(newer.getSbiCodes());
        }
        if (newer.getStartDate() != null) {
            merged.setStartDate(newer.getStartDate());
        }
        if (newer.getAddress() != null) {
            merged.setAddress(newer.getAddress());
        }
        return merged.setOccurredAt(newer.getOccurredAt()).build();
    }

    private static String party(final Party party) {
        return shortParty(party.getKvkNumber(), party.getPersonPseudonym());
    }

    /** A pseudonym is 66 characters; its first 12 are enough to tell two apart on screen. */
    private static String shortParty(final String kvkNumber, final String pseudonym) {
        if (kvkNumber != null) {
            return "KvK " + kvkNumber;
        }
        return pseudonym == null ? "?" : pseudonym.substring(0, Math.min(12, pseudonym.length())) + "…";
    }
}
