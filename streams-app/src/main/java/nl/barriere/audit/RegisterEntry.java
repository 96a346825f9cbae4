package nl.barriere.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nl.barriere.detect.DetectionTopology;
import nl.barriere.detect.Ruleset;
import nl.barriere.detect.Ruleset.IndicatorRule;

/**
 * The Algoritmeregister entry (DOMAIN.md §3 requirement 11, DESIGN.md §8), generated from the ruleset in use so
 * that the published indicators, weights, threshold and kill switches are the ones that run (SyRI: a secret model
 * is not verifiable). The entry has exactly the keys of the register's publication standard 1.0 and is checked
 * against it ({@link RegisterSchema}) before it is printed. What the ruleset cannot know (organisation, contact,
 * dates, links, the assessments) comes from {@link Config}, shipped as {@code register/algoritmeregister.yaml}
 * under the same keys. Same ruleset and config, same text.
 */
public final class RegisterEntry {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z0-9]+)}");
    /** What the shipped config says where only the organisation knows the answer. */
    static final String TO_FILL_IN = "IN TE VULLEN";

    /** The human intervention Barrière enforces (DESIGN.md rule 1, §7); the software, not the config, says it. */
    static final String HUMAN_INTERVENTION = "Het algoritme neemt geen besluiten. Elk signaal wordt beoordeeld door "
            + "een analist van het team ondermijning, die het afwijst, om meer informatie vraagt of het met een "
            + "schriftelijke motivering (minstens 50 tekens) opschaalt. Een opgeschaalde vergunningaanvraag gaat pas "
            + "naar de Bibob-functionarissen als een tweede, andere analist de opschaling met een eigen motivering "
            + "bevestigt (vier ogen); beide zijn ingelogde, bij naam bekende gebruikers. De analist ziet de "
            + "indicatoren, hun uitleg en de brongebeurtenissen, niet alleen een score. Het besluit over de "
            + "vergunning en een eventueel Bibob-onderzoek blijven bij het bevoegd gezag, volgens de Wet Bibob.";

    /** A titled link, as the standard's grouped fields hold them ({@code lawful_basis_grouping} and the like). */
    public record Link(String title, String link) {}

    /**
     * The fields only the organisation can fill in, under the standard's keys (snake_case in the file). The
     * standard's required ones among them must be there; the others may be left out.
     */
    public record Config(String name, String organization, List<String> category, String status, String beginDate,
                         String endDate, String contactEmail, String website, String publicationCategory, String url,
                         String goal, String proportionality, String risks, List<Link> lawfulBasisGrouping,
                         String processIndexUrl, String impacttoetsen, List<Link> impacttoetsenGrouping,
                         List<Link> sourceDataGrouping, String provider, String publiccode, String sourceId,
                         List<String> tags) {

        /** The shipped defaults, or {@code file} when given. */
        public static Config load(final Path file) {
            try (InputStream in = file == null ? RegisterEntry.class.getResourceAsStream("/register/algoritmeregister.yaml")
                    : Files.newInputStream(file)) {
                return YAML.readValue(in, Config.class);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read register config " + file + ": " + e.getMessage(), e);
            }
        }
    }

    /** One indicator as the register shows it. */
    record Indicator(String id, String name, String nameEn, int version, boolean enabled, int weight, String subject,
                     boolean restricted, Map<String, String> parameters, String explanation, String legalBasis,
                     String reference) {}

    /** The entry: the standard's keys in its order with their values, then the indicators (for the Markdown). */
    record Entry(Ruleset ruleset, Map<String, Object> fields, List<Indicator> indicators) {}

    private RegisterEntry() {}

    /**
     * The entry of {@code ruleset} with {@code config}, refused with every problem named when the register would
     * refuse it (a name over 100 characters, a status it does not know, a required field left out).
     */
    static Entry of(final Ruleset ruleset, final Config config) {
        final List<Indicator> indicators = ruleset.indicators().stream().map(RegisterEntry::indicator).toList();
        final Map<String, Object> given = new LinkedHashMap<>();
        given.put("name", config.name());
        given.put("description_short", "Barrière voegt gebeurtenissen uit het Handelsregister (KvK), het Kadaster en "
                + "het horecavergunningensysteem samen tot uitlegbare risicosignalen over vergunningaanvragen, "
                + "ondernemingen en panden. Een analist beoordeelt elk signaal; een signaal is een reden om te kijken, "
                + "nooit een besluit.");
        given.put("organization", config.organization());
        given.put("category", config.category());
        given.put("status", config.status());
        given.put("begin_date", config.beginDate());
        given.put("end_date", config.endDate());
        given.put("contact_email", config.contactEmail());
        given.put("website", config.website());
        given.put("publication_category", config.publicationCategory());
        given.put("url", config.url());
        given.put("goal", config.goal());
        given.put("proportionality", config.proportionality());
        given.put("human_intervention", HUMAN_INTERVENTION);
        given.put("risks", config.risks());
        given.put("lawful_basis", legalBasis(ruleset));
        given.put("lawful_basis_grouping", links(config.lawfulBasisGrouping()));
        given.put("process_index_url", config.processIndexUrl());
        given.put("impacttoetsen", config.impacttoetsen());
        given.put("impacttoetsen_grouping", links(config.impacttoetsenGrouping()));
        given.put("source_data", "Gebeurtenissen uit het Handelsregister (inschrijving, bestuurders, adres, activiteiten "
                + "(SBI), rechtsvorm, overdracht, uitschrijving), overdrachten (object, koopsom, koper en verkoper) en "
                + "hypotheekakten uit het Kadaster, WOZ-waarden uit de gemeentelijke WOZ-administratie, gebruiksdoel en "
                + "pand van verblijfsobjecten uit de BAG, en stappen van horecavergunningaanvragen (aanvrager, object, "
                + "leidinggevenden). Natuurlijke personen alleen als gesleuteld pseudoniem (HMAC); geen naam, "
                + "BSN, geboortedatum, nationaliteit, geboorteland, etniciteit, religie of geslacht. Postcode en wijk "
                + "alleen voor weergave, nooit als risicofactor. Bibob-gegevens alleen in een afgeschermde zone "
                + "voor Bibob-functionarissen (art. 28 Wet Bibob). Bronnen: Kamer van Koophandel (Handelsregister, "
                + "mutatieservice); Kadaster (BRK); gemeentelijke WOZ-administratie (WOZ Bevragen); BAG (Individuele "
                + "Bevragingen); gemeentelijk horecazaaksysteem; gemeentelijk Bibob-zaaksysteem "
                + "(alleen de afgeschermde zone). Kafka-topics: "
                + String.join(", ", DetectionTopology.INPUTS.stream().map(t -> t.name()).toList()) + ".");
        given.put("source_data_grouping", links(config.sourceDataGrouping()));
        given.put("methods_and_models", technical(ruleset, indicators));
        given.put("provider", config.provider());
        given.put("publiccode", config.publiccode());
        given.put("lang", "nld");
        given.put("standard_version", RegisterSchema.VERSION);
        given.put("source_id", config.sourceId());
        given.put("tags", config.tags() == null ? null : String.join(", ", config.tags()));
        final RegisterSchema standard = RegisterSchema.standard();
        final List<String> problems = standard.problems(given);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("the register entry does not meet Algoritmeregister publication standard "
                    + RegisterSchema.VERSION + " (a field of the register config, or an indicator text of the ruleset):\n  "
                    + String.join("\n  ", problems));
        }
        final Map<String, Object> fields = new LinkedHashMap<>();
        standard.keys().stream().filter(key -> given.get(key) != null).forEach(key -> fields.put(key, given.get(key)));
        return new Entry(ruleset, fields, indicators);
    }

    /**
     * The keys of the register config still to be filled in: left out, or still saying {@value #TO_FILL_IN} as the
     * shipped file does. The entry is valid without them; a municipality does not publish it so.
     */
    public static List<String> toFillIn(final Config config) {
        final List<String> open = new ArrayList<>();
        for (final RecordComponent component : Config.class.getRecordComponents()) {
            final Object value;
            try {
                value = component.getAccessor().invoke(config);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
            if (value == null || String.valueOf(value).contains(TO_FILL_IN)) {
                open.add(PropertyNamingStrategies.SnakeCaseStrategy.INSTANCE.translate(component.getName()));
            }
        }
        return open;
    }

    private static List<Map<String, String>> links(final List<Link> links) {
        if (links == null) {
            return null;
        }
        return links.stream().map(l -> {
            final Map<String, String> object = new LinkedHashMap<>();
            object.put("title", l.title());
            if (l.link() != null) {
                object.put("link", l.link());
            }
            return object;
        }).toList();
    }

    private static Indicator indicator(final IndicatorRule rule) {
        final Map<String, String> parameters = rule.parameters() == null ? Map.of() : new TreeMap<>(rule.parameters());
        return new Indicator(rule.id(), rule.nameNl() == null ? rule.name() : rule.nameNl(), rule.name(), rule.version(),
                rule.enabled(), rule.weight(), rule.subject(), rule.restricted(), parameters,
                plain(rule.explanation().nl(), parameters), rule.legalBasis(), rule.reference());
    }

    /** The Dutch explanation with the ruleset's limits filled in; what is observed per case shows as [name]. */
    private static String plain(final String template, final Map<String, String> parameters) {
        final Matcher matcher = PLACEHOLDER.matcher(Ruleset.Explanation.fill(template, parameters));
        final StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(out, Matcher.quoteReplacement("[" + matcher.group(1) + "]"));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private static String legalBasis(final Ruleset ruleset) {
        final Set<String> bases = new LinkedHashSet<>();
        bases.add("AVG art. 6 lid 1 onder e (taak van algemeen belang); Gemeentewet art. 125 en 174; Wet Bibob");
        ruleset.indicators().stream().filter(IndicatorRule::enabled).map(IndicatorRule::legalBasis)
                .forEach(bases::add);
        return String.join("; ", bases);
    }

    /**
     * How it works, with every indicator in one line (id, name, weight, state, subject): the standard has no field
     * of its own for them. The explanations and parameters are in the Markdown, for people.
     */
    private static String technical(final Ruleset ruleset, final List<Indicator> indicators) {
        final List<String> disabled = indicators.stream().filter(i -> !i.enabled()).map(Indicator::id).toList();
        return "Regels, geen zelflerend model: regelset " + ruleset.version() + " (inhoud " + ruleset.digest() + "). "
                + "Per onderwerp (vergunningaanvraag, onderneming of pand) telt Barrière de "
                + "gewichten op van de indicatoren die afgingen; bij een totaal van minstens " + ruleset.threshold()
                + " ontstaat een signaal. Een bevinding blijft " + ruleset.findingLifetimeDays() + " dagen aan haar "
                + "onderwerp hangen. Gebeurtenissen worden in volgorde van gebeurtijd verwerkt, nooit op de klok van de "
                + "computer: dezelfde invoer geeft dezelfde signalen, wat een replay aantoont. Elke indicator is uit te "
                + "zetten; een uitgezette indicator telt niet mee. "
                + (disabled.isEmpty() ? "In regelset " + ruleset.version() + " staan alle indicatoren aan."
                        : "Uitgezet in regelset " + ruleset.version() + ": " + String.join(", ", disabled) + ".")
                + buildingOnDisabled(indicators, disabled)
                + " Indicatoren: " + String.join("; ", indicators.stream().map(i -> i.id() + " " + i.name()
                        + " (gewicht " + i.weight() + ", " + status(i) + ", onderwerp " + i.subject() + ")").toList())
                + ".";
    }

    /**
     * Switching an indicator off also narrows the indicators that take it as a parameter (I9 looks back at
     * transfers on which I3 or I4 fired): the register says so, instead of letting a reader think only the one
     * indicator changed.
     */
    private static String buildingOnDisabled(final List<Indicator> indicators, final List<String> disabled) {
        final List<String> dependents = new ArrayList<>();
        for (final Indicator indicator : indicators) {
            if (!indicator.enabled()) {
                continue;
            }
            indicator.parameters().forEach((name, value) -> {
                if (Arrays.stream(value.split(",")).map(String::strip).anyMatch(disabled::contains)) {
                    dependents.add(indicator.id() + " (" + name + " = " + value + ")");
                }
            });
        }
        return dependents.isEmpty() ? "" : " Deze indicatoren bouwen voort op een uitgezette indicator en gaan daardoor "
                + "minder vaak af: " + String.join(", ", dependents) + ".";
    }

    /** The entry for people: the register's own labels, then every indicator with its explanation. */
    public static String markdown(final Ruleset ruleset, final Config config) {
        final Entry entry = of(ruleset, config);
        final RegisterSchema standard = RegisterSchema.standard();
        final StringBuilder md = new StringBuilder();
        md.append("# Algoritmeregister: ").append(entry.fields().get("name")).append("\n\n");
        md.append("Gegenereerd uit regelset ").append(ruleset.version()).append(" (").append(ruleset.digest())
                .append("), volgens publicatiestandaard ").append(RegisterSchema.VERSION).append(".\n\n");
        entry.fields().forEach((key, value) -> md.append("## ").append(standard.title(key)).append("\n\n")
                .append(markdownValue(value)).append("\n\n"));
        md.append("## Indicatoren\n\n");
        md.append("Drempel: een signaal bij een totaal gewicht van minstens ").append(ruleset.threshold()).append(".\n\n");
        md.append("| id | indicator | gewicht | status | onderwerp |\n|---|---|---:|---|---|\n");
        for (final Indicator i : entry.indicators()) {
            md.append("| ").append(i.id()).append(" | ").append(i.name()).append(" | ").append(i.weight()).append(" | ")
                    .append(status(i)).append(" | ").append(i.subject()).append(" |\n");
        }
        md.append('\n');
        for (final Indicator i : entry.indicators()) {
            md.append("### ").append(i.id()).append(' ').append(i.name()).append(" (").append(i.nameEn()).append(")\n\n");
            md.append("- Status: ").append(status(i)).append('\n');
            md.append("- Gewicht: ").append(i.weight()).append("; versie ").append(i.version()).append('\n');
            md.append("- Uitleg: ").append(i.explanation()).append('\n');
            md.append("- Parameters: ").append(i.parameters().isEmpty() ? "geen" : String.join(", ",
                    i.parameters().entrySet().stream().map(p -> p.getKey() + " = " + p.getValue()).toList())).append('\n');
            md.append("- Wettelijke basis: ").append(i.legalBasis()).append('\n');
            md.append("- Bron: ").append(i.reference()).append("\n\n");
        }
        return md.toString();
    }

    private static String markdownValue(final Object value) {
        if (!(value instanceof List<?> list)) {
            return String.valueOf(value);
        }
        return String.join("\n", list.stream().map(item -> item instanceof Map<?, ?> link
                ? "- " + (link.get("link") == null ? link.get("title") : "[" + link.get("title") + "](" + link.get("link") + ")")
                : "- " + item).toList());
    }

    /** The entry as the register takes it: exactly the keys of publication standard 1.0. */
    public static String json(final Ruleset ruleset, final Config config) {
        try {
            return JSON.writeValueAsString(of(ruleset, config).fields()) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the register entry as JSON", e);
        }
    }

    private static String status(final Indicator indicator) {
        if (!indicator.enabled()) {
            return "UITGEZET (telt niet mee)";
        }
        return indicator.restricted() ? "aan, alleen Bibob-zone (nooit in signalen voor analisten)" : "aan";
    }
}
