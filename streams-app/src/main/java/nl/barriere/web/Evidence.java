package nl.barriere.web;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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

    /** An indicator as the page shows it: explanation in the page's language, the other one folded away. */
    record IndicatorView(String ruleId, String name, String meta, String explanation, String otherExplanation,
                         List<Term> parameters) {
    }

    /** A term and its value: a parameter of an indicator, or a line of the subject's summary. */
    record Term(String term, String value) {
    }

    /**
     * An evidence event on the timeline: when, which indicators used it, what it says ({@code event}, null when it
     * could not be fetched) and where it lies ({@code ref}, null for a restricted source, which is not even named).
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
                        new TreeMap<>(indicator.getParameters()).entrySet().stream()
                                .map(e -> new Term(e.getKey(), e.getValue())).toList()))
                .toList();
    }

    static List<TimelineEntry> entries(final List<Item> items, final Lang lang) {
        return items.stream().map(item -> {
            final EvidenceRef ref = item.ref();
            final boolean restricted = restricted(ref);
            return new TimelineEntry(ref.getOccurredAt().toString(), Html.dateTime(ref.getOccurredAt()),
                    String.join(", ", item.ruleIds()), restricted,
                    restricted || item.event() == null ? null : describe(item.event(), lang),
                    restricted ? null : lang.msg("timeline.ref", ref.getEventId(), ref.getTopic(), ref.getPartition(),
                            ref.getOffset()));
        }).toList();
    }

    /** One line about an input event, in the words of its register. */
    static String describe(final SpecificRecord event, final Lang lang) {
        final List<String> parts = new ArrayList<>();
        if (event instanceof BusinessEvent e) {
            parts.add("KvK " + e.getKvkNumber() + ": " + e.getType());
            if (e.getLegalForm() != null) {
                parts.add(e.getLegalForm().toString());
            }
            if (!e.getSbiCodes().isEmpty()) {
                parts.add("SBI " + String.join(" ", e.getSbiCodes()));
            }
            if (e.getStartDate() != null) {
                parts.add(lang.msg("evidence.start", e.getStartDate()));
            }
            if (e.getAddress() != null) {
                parts.add("BAG " + e.getAddress().getBagVboId());
            }
            if (e.getOfficer() != null) {
                parts.add(lang.msg("evidence.officer", e.getOfficer().getRole(),
                        shortParty(e.getOfficer().getKvkNumber(), e.getOfficer().getPersonPseudonym())));
            }
            if (e.getDeregistrationReason() != null) {
                parts.add(lang.msg("evidence.reason", e.getDeregistrationReason()));
            }
        } else if (event instanceof PropertyTransfer e) {
            parts.add(lang.msg("evidence.transfer", e.getBagVboId(), e.getCadastralParcel()));
            parts.add(lang.msg("evidence.price", euros(e.getPrice())));
            parts.add(lang.msg("evidence.deed", e.getDeedDate()));
            if (e.getMultipleObjects()) {
                parts.add(lang.msg("evidence.price-several"));
            }
            parts.add(lang.msg("evidence.buyer", party(e.getBuyer())));
            parts.add(lang.msg("evidence.seller", party(e.getSeller())));
        } else if (event instanceof MortgageRegistered e) {
            parts.add(lang.msg("evidence.mortgage", e.getBagVboId(), e.getCadastralParcel()));
            parts.add(lang.msg("evidence.deed", e.getDeedDate()));
            if (e.getAmount() != null) {
                parts.add(lang.msg("evidence.principal", euros(e.getAmount())));
            }
            if (e.getMortgagee() != null) {
                parts.add(lang.msg("evidence.mortgagee", party(e.getMortgagee())));
            }
        } else if (event instanceof WozValuation e) {
            parts.add(lang.msg("evidence.woz", e.getBagVboId(), e.getWozObjectNumber(), euros(e.getValue())));
            parts.add(lang.msg("evidence.valuation-date", e.getValuationDate()));
            parts.add(lang.msg("evidence.tax-year", e.getValuationDate().getYear() + 1));
            if (e.getCoversMultipleObjects()) {
                parts.add(lang.msg("evidence.woz-several"));
            }
        } else if (event instanceof BagObject e) {
            parts.add("BAG " + e.getBagVboId() + ": " + e.getStatus());
            parts.add(lang.msg("evidence.use", e.getPurposes().stream().map(Enum::name).collect(Collectors.joining(", "))));
            if (e.getObjectsInBuilding() != null) {
                parts.add(lang.msg("evidence.units", e.getObjectsInBuilding()));
            }
        } else if (event instanceof PermitEvent e) {
            parts.add(lang.msg("evidence.permit", e.getApplicationId(), e.getType()));
            parts.add(e.getPermitKind().toString());
            parts.add(lang.msg("evidence.applicant", e.getApplicantKvkNumber()));
            parts.add("BAG " + e.getBagVboId());
            if (!e.getManagerPseudonyms().isEmpty()) {
                parts.add(lang.msg("evidence.managers", e.getManagerPseudonyms().size()));
            }
            if (e.getOutcome() != null) {
                parts.add(e.getOutcome().toString());
            }
        } else {
            parts.add(event.getSchema().getName());
        }
        return String.join(", ", parts);
    }

    /** The subject and what the evidence says about it: the company, the address and the permit application. */
    static List<Term> subjectSummary(final SignalSubject subject, final List<Item> items, final Lang lang) {
        final List<Term> rows = new ArrayList<>();
        rows.add(new Term(lang.msg("summary.subject"), subjectType(subject, lang) + " " + subject.getId()));
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
                    permit.getPermitKind(), permit.getType(), Html.date(permit.getOccurredAt()))));
            rows.add(new Term(lang.msg("summary.applicant"), "KvK " + permit.getApplicantKvkNumber()
                    + (permit.getEstablishmentNumber() == null ? ""
                    : " · " + lang.msg("summary.establishment", permit.getEstablishmentNumber()))));
            rows.add(new Term(lang.msg("summary.premises"), "BAG " + permit.getBagVboId()));
        }
        for (final BusinessEvent business : businesses.values()) {
            final List<String> parts = new ArrayList<>();
            parts.add("KvK " + business.getKvkNumber());
            if (business.getLegalForm() != null) {
                parts.add(business.getLegalForm().toString());
            }
            if (!business.getSbiCodes().isEmpty()) {
                parts.add("SBI " + String.join(", ", business.getSbiCodes()));
            }
            if (business.getStartDate() != null) {
                parts.add(lang.msg("summary.started", business.getStartDate()));
            }
            if (business.getAddress() != null) {
                parts.add(address(business));
            }
            rows.add(new Term(lang.msg("summary.business", business.getKvkNumber()), String.join(" · ", parts)));
        }
        for (final PropertyTransfer transfer : transfers.values()) {
            final WozValuation woz = valuations.get(transfer.getBagVboId());
            final MortgageRegistered mortgage = mortgages.get(transfer.getBagVboId());
            final List<String> parts = new ArrayList<>();
            parts.add(transfer.getCadastralParcel());
            if (woz != null) {
                parts.add(lang.msg("summary.woz", euros(woz.getValue()), woz.getValuationDate().getYear() + 1));
            }
            if (withoutMortgage.containsKey(transfer.getBagVboId())) {
                parts.add(mortgage == null ? lang.msg("summary.no-mortgage")
                        : lang.msg("summary.no-mortgage-earlier", mortgage.getDeedDate()));
            } else if (mortgage != null) {
                parts.add(lang.msg("summary.mortgage", mortgage.getDeedDate()));
            }
            rows.add(new Term(lang.msg("summary.property", transfer.getBagVboId()), String.join(" · ", parts)));
        }
        if (items.stream().map(Item::event).allMatch(Objects::isNull) && !items.isEmpty()) {
            rows.add(new Term(lang.msg("summary.note"), lang.msg("summary.not-fetched")));
        }
        return rows;
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

    private static String address(final BusinessEvent business) {
        final var address = business.getAddress();
        final String street = address.getPostcode() == null ? "" : " (" + address.getPostcode()
                + (address.getHouseNumber() == null ? "" : " " + address.getHouseNumber()) + ")";
        return "BAG " + address.getBagVboId() + street;
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

    static String euros(final long amount) {
        return String.format(java.util.Locale.GERMANY, "€ %,d", amount);
    }
}
