package nl.barriere.web;

import static nl.barriere.web.Html.esc;

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

    static String indicators(final List<IndicatorResult> indicators, final Lang lang) {
        final StringBuilder html = new StringBuilder("<ol class=\"indicators\">\n");
        for (final IndicatorResult indicator : indicators) {
            final String explanation = lang == Lang.NL ? indicator.getExplanationNl() : indicator.getExplanationEn();
            final String otherExplanation = lang == Lang.NL ? indicator.getExplanationEn() : indicator.getExplanationNl();
            html.append("<li class=\"indicator\"><h3><span class=\"rule\">").append(esc(indicator.getRuleId()))
                    .append("</span> ").append(esc(IndicatorNames.name(indicator.getRuleId(), lang))).append("</h3>\n")
                    .append("<p class=\"meta\">").append(lang.t("regelversie", "rule version")).append(' ')
                    .append(indicator.getRuleVersion()).append(" · ").append(lang.t("gewicht", "weight")).append(' ')
                    .append(indicator.getWeight()).append(" · ").append(indicator.getEvidence().size()).append(' ')
                    .append(lang.t("bewijsstukken", "evidence events")).append("</p>\n")
                    .append("<p class=\"explanation\" lang=\"").append(lang.code()).append("\">").append(esc(explanation))
                    .append("</p>\n<details><summary>").append(lang.t("In het Engels", "In Dutch")).append("</summary><p lang=\"")
                    .append(lang.other().code()).append("\">").append(esc(otherExplanation)).append("</p></details>\n");
            if (!indicator.getParameters().isEmpty()) {
                html.append("<table class=\"parameters\"><caption>").append(lang.t("Parameters en waarden", "Parameters and values"))
                        .append("</caption><tbody>");
                new TreeMap<>(indicator.getParameters()).forEach((name, value) -> html.append("<tr><th scope=\"row\">")
                        .append(esc(name)).append("</th><td>").append(esc(value)).append("</td></tr>"));
                html.append("</tbody></table>\n");
            }
            html.append("</li>\n");
        }
        return html.append("</ol>\n").toString();
    }

    static String timelineHtml(final List<Item> items, final Lang lang) {
        final StringBuilder html = new StringBuilder("<ol class=\"timeline\">\n");
        for (final Item item : items) {
            final EvidenceRef ref = item.ref();
            html.append("<li><time datetime=\"").append(ref.getOccurredAt()).append("\">")
                    .append(Html.dateTime(ref.getOccurredAt())).append("</time> <span class=\"rules\">")
                    .append(esc(String.join(", ", item.ruleIds()))).append("</span><div class=\"event\">");
            if (restricted(ref)) {
                html.append("<em>").append(lang.t("Afgeschermde bron: niet getoond.", "Restricted source: not shown."))
                        .append("</em>");
            } else {
                html.append(item.event() == null
                        ? "<em>" + lang.t("Gebeurtenis niet (meer) op te halen", "Event could not be fetched") + "</em>"
                        : esc(describe(item.event(), lang)));
            }
            html.append("</div>");
            if (!restricted(ref)) {
                html.append("<div class=\"ref\">").append(esc(ref.getEventId())).append(" · ")
                        .append(esc(ref.getTopic())).append(" / ").append(lang.t("partitie", "partition")).append(' ')
                        .append(ref.getPartition()).append(" / offset ").append(ref.getOffset()).append("</div>");
            }
            html.append("</li>\n");
        }
        return html.append("</ol>\n").toString();
    }

    /** One line about an input event, in the words of its register. */
    static String describe(final SpecificRecord event, final Lang lang) {
        if (event instanceof BusinessEvent) {
            final BusinessEvent e = (BusinessEvent) event;
            final StringBuilder text = new StringBuilder("KvK ").append(e.getKvkNumber()).append(": ")
                    .append(e.getType());
            if (e.getLegalForm() != null) {
                text.append(", ").append(e.getLegalForm());
            }
            if (!e.getSbiCodes().isEmpty()) {
                text.append(", SBI ").append(String.join(" ", e.getSbiCodes()));
            }
            if (e.getStartDate() != null) {
                text.append(", ").append(lang.t("start ", "start ")).append(e.getStartDate());
            }
            if (e.getAddress() != null) {
                text.append(", BAG ").append(e.getAddress().getBagVboId());
            }
            if (e.getOfficer() != null) {
                text.append(", ").append(lang.t("functionaris ", "officer ")).append(e.getOfficer().getRole()).append(' ')
                        .append(shortParty(e.getOfficer().getKvkNumber(), e.getOfficer().getPersonPseudonym()));
            }
            if (e.getDeregistrationReason() != null) {
                text.append(", ").append(lang.t("reden ", "reason ")).append(e.getDeregistrationReason());
            }
            return text.toString();
        }
        if (event instanceof PropertyTransfer) {
            final PropertyTransfer e = (PropertyTransfer) event;
            return lang.t("Overdracht BAG ", "Transfer BAG ") + e.getBagVboId() + " (" + e.getCadastralParcel() + "), "
                    + lang.t("koopsom ", "price ") + euros(e.getPrice()) + ", " + lang.t("akte ", "deed ") + e.getDeedDate()
                    + (e.getMultipleObjects() ? lang.t(", koopsom voor meer objecten", ", price covers several objects") : "")
                    + ", " + lang.t("koper ", "buyer ") + party(e.getBuyer()) + ", " + lang.t("verkoper ", "seller ") + party(e.getSeller());
        }
        if (event instanceof MortgageRegistered e) {
            return lang.t("Hypotheek BAG ", "Mortgage BAG ") + e.getBagVboId() + " (" + e.getCadastralParcel() + "), "
                    + lang.t("akte ", "deed ") + e.getDeedDate()
                    + (e.getAmount() == null ? "" : ", " + lang.t("hoofdsom ", "principal ") + euros(e.getAmount()))
                    + (e.getMortgagee() == null ? "" : ", " + lang.t("hypotheekhouder ", "mortgagee ") + party(e.getMortgagee()));
        }
        if (event instanceof WozValuation e) {
            return "WOZ BAG " + e.getBagVboId() + " (" + lang.t("WOZ-object ", "WOZ object ") + e.getWozObjectNumber()
                    + "): " + euros(e.getValue()) + ", " + lang.t("waardepeildatum ", "valuation date ") + e.getValuationDate()
                    + ", " + lang.t("belastingjaar ", "tax year ") + (e.getValuationDate().getYear() + 1)
                    + (e.getCoversMultipleObjects() ? lang.t(", voor meer objecten", ", covers several objects") : "");
        }
        if (event instanceof BagObject e) {
            return "BAG " + e.getBagVboId() + ": " + e.getStatus() + ", " + lang.t("gebruiksdoel ", "use ")
                    + e.getPurposes().stream().map(Enum::name).collect(java.util.stream.Collectors.joining(", "))
                    + (e.getObjectsInBuilding() == null ? "" : ", " + e.getObjectsInBuilding()
                    + lang.t(" verblijfsobjecten in het pand", " units in the building"));
        }
        if (event instanceof PermitEvent) {
            final PermitEvent e = (PermitEvent) event;
            return lang.t("Vergunning ", "Permit ") + e.getApplicationId() + ": " + e.getType() + ", " + e.getPermitKind()
                    + ", " + lang.t("aanvrager KvK ", "applicant KvK ") + e.getApplicantKvkNumber() + ", BAG " + e.getBagVboId()
                    + (e.getManagerPseudonyms().isEmpty() ? "" : ", " + e.getManagerPseudonyms().size()
                    + lang.t(" leidinggevende(n)", " manager(s)"))
                    + (e.getOutcome() == null ? "" : ", " + e.getOutcome());
        }
        return event.getSchema().getName();
    }

    /** The subject and what the evidence says about it: the company, the address and the permit application. */
    static String subjectSummary(final SignalSubject subject, final List<Item> items, final Lang lang) {
        final Map<String, String> rows = new LinkedHashMap<>();
        rows.put(lang.t("Onderwerp", "Subject"), subjectType(subject, lang) + " " + subject.getId());
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
            if (item.event() instanceof PermitEvent) {
                permit = (PermitEvent) item.event();
            } else if (item.event() instanceof BusinessEvent) {
                final BusinessEvent e = (BusinessEvent) item.event();
                businesses.merge(e.getKvkNumber(), e, (old, newer) -> merge(old, newer));
            } else if (item.event() instanceof PropertyTransfer) {
                final PropertyTransfer e = (PropertyTransfer) item.event();
                transfers.put(e.getBagVboId(), e);
            }
        }
        if (permit != null) {
            rows.put(lang.t("Vergunningaanvraag", "Permit application"), permit.getApplicationId() + " · "
                    + permit.getPermitKind() + " · " + lang.t("laatste stap ", "last step ") + permit.getType()
                    + " (" + Html.date(permit.getOccurredAt()) + ")");
            rows.put(lang.t("Aanvrager", "Applicant"), "KvK " + permit.getApplicantKvkNumber()
                    + (permit.getEstablishmentNumber() == null ? "" : " · " + lang.t("vestiging ", "establishment ")
                    + permit.getEstablishmentNumber()));
            rows.put(lang.t("Pand", "Premises"), "BAG " + permit.getBagVboId());
        }
        for (final BusinessEvent business : businesses.values()) {
            final StringBuilder text = new StringBuilder("KvK ").append(business.getKvkNumber());
            if (business.getLegalForm() != null) {
                text.append(" · ").append(business.getLegalForm());
            }
            if (!business.getSbiCodes().isEmpty()) {
                text.append(" · SBI ").append(String.join(", ", business.getSbiCodes()));
            }
            if (business.getStartDate() != null) {
                text.append(" · ").append(lang.t("gestart ", "started ")).append(business.getStartDate());
            }
            if (business.getAddress() != null) {
                text.append(" · ").append(address(business));
            }
            rows.put(lang.t("Onderneming", "Business") + " " + business.getKvkNumber(), text.toString());
        }
        for (final PropertyTransfer transfer : transfers.values()) {
            final WozValuation woz = valuations.get(transfer.getBagVboId());
            final MortgageRegistered mortgage = mortgages.get(transfer.getBagVboId());
            rows.put(lang.t("Object", "Property") + " " + transfer.getBagVboId(), transfer.getCadastralParcel()
                    + (woz == null ? "" : " · WOZ " + euros(woz.getValue()) + " (" + lang.t("belastingjaar ", "tax year ")
                    + (woz.getValuationDate().getYear() + 1) + ")")
                    + (withoutMortgage.containsKey(transfer.getBagVboId())
                    ? " · " + lang.t("geen hypotheek ingeschreven rond de overdracht", "no mortgage registered around the transfer")
                    + (mortgage == null ? "" : lang.t("; eerdere hypotheek van ", "; earlier mortgage of ") + mortgage.getDeedDate())
                    : mortgage == null ? "" : " · " + lang.t("hypotheek ingeschreven ", "mortgage registered ") + mortgage.getDeedDate()));
        }
        if (items.stream().map(Item::event).allMatch(Objects::isNull) && !items.isEmpty()) {
            rows.put(lang.t("Let op", "Note"), lang.t("De bewijsstukken konden niet worden opgehaald; alleen de verwijzingen staan hieronder.",
                    "The evidence events could not be fetched; only their references are listed below."));
        }
        final StringBuilder html = new StringBuilder("<dl class=\"summary\">\n");
        rows.forEach((term, value) -> html.append("<dt>").append(esc(term)).append("</dt><dd>").append(esc(value)).append("</dd>\n"));
        return html.append("</dl>\n").toString();
    }

    static String subjectType(final SignalSubject subject, final Lang lang) {
        switch (subject.getType()) {
            case PERMIT_APPLICATION:
                return lang.t("Vergunningaanvraag", "Permit application");
            case BUSINESS:
                return lang.t("Onderneming", "Business");
            default:
                return lang.t("Object", "Property");
        }
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
