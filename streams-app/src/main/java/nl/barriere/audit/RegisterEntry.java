package nl.barriere.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
 * is not verifiable). What the ruleset cannot know (organisation, contact, dates, links) comes from
 * {@link Config}, shipped as {@code register/algoritmeregister.yaml}. Same ruleset and config, same text.
 */
public final class RegisterEntry {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z0-9]+)}");

    /** The human intervention Barrière enforces (DESIGN.md rule 1, §7); the software, not the config, says it. */
    static final String HUMAN_INTERVENTION = "Het algoritme neemt geen besluiten. Elk signaal wordt beoordeeld door "
            + "een analist van het team ondermijning, die het afwijst, om meer informatie vraagt of het met een "
            + "schriftelijke motivering (minstens 50 tekens) opschaalt. Een opgeschaalde vergunningaanvraag gaat pas "
            + "naar de Bibob-functionarissen als een tweede, andere analist de opschaling met een eigen motivering "
            + "bevestigt (vier ogen); beide zijn ingelogde, bij naam bekende gebruikers. De analist ziet de "
            + "indicatoren, hun uitleg en de brongebeurtenissen, niet alleen een score. Het besluit over de "
            + "vergunning en een eventueel Bibob-onderzoek blijven bij het bevoegd gezag, volgens de Wet Bibob.";

    /** The fields only the organisation can fill in; every one is required. */
    public record Config(String naam, String organisatie, String thema, String status, String begindatum,
                         String einddatum, String contactgegevens, String publiekspagina, String publicatiecategorie,
                         String bronregistratie, String doelEnImpact, String afwegingen, String risicobeheer,
                         String verwerkingsregister, String impacttoetsen, String leverancier, String broncode,
                         String taal, String schema, String bronId, List<String> zoektermen) {

        /** The shipped defaults, or {@code file} when given. */
        public static Config load(final Path file) {
            try (InputStream in = file == null ? RegisterEntry.class.getResourceAsStream("/register/algoritmeregister.yaml")
                    : Files.newInputStream(file)) {
                final Config config = YAML.readValue(in, Config.class);
                for (final RecordComponent component : Config.class.getRecordComponents()) {
                    if (component.getAccessor().invoke(config) == null) {
                        throw new IllegalArgumentException("register config " + (file == null ? "(built-in)" : file)
                                + ": '" + component.getName() + "' is missing");
                    }
                }
                return config;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read register config " + file + ": " + e.getMessage(), e);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** One indicator as the register shows it. */
    record Indicator(String id, String name, String nameEn, int version, boolean enabled, int weight, String subject,
                     boolean restricted, Map<String, String> parameters, String explanation, String legalBasis,
                     String reference) {}

    /** The entry: the register's fields in its order, then the indicators. */
    record Entry(String rulesetVersion, Map<String, String> fields, List<Indicator> indicators) {}

    private RegisterEntry() {}

    static Entry of(final Ruleset ruleset, final Config config) {
        final List<Indicator> indicators = ruleset.indicators().stream().map(RegisterEntry::indicator).toList();
        final Map<String, String> fields = new LinkedHashMap<>();
        fields.put("Naam", config.naam());
        fields.put("Korte omschrijving", "Barrière voegt gebeurtenissen uit het Handelsregister (KvK), het Kadaster en "
                + "het horecavergunningensysteem samen tot uitlegbare risicosignalen over vergunningaanvragen, "
                + "ondernemingen en panden. Elk signaal noemt de indicatoren die afgingen en de gebeurtenissen erachter. "
                + "Een analist beoordeelt elk signaal; een signaal is een reden om te kijken, nooit een besluit. "
                + "Regelset " + ruleset.version() + ".");
        fields.put("Organisatie", config.organisatie());
        fields.put("Thema", config.thema());
        fields.put("Status", config.status());
        fields.put("Begindatum", config.begindatum());
        fields.put("Einddatum", config.einddatum());
        fields.put("Contactgegevens", config.contactgegevens());
        fields.put("Link naar publiekspagina", config.publiekspagina());
        fields.put("Publicatiecategorie", config.publicatiecategorie());
        fields.put("Link naar bronregistratie", config.bronregistratie());
        fields.put("Doel en impact", config.doelEnImpact());
        fields.put("Afwegingen", config.afwegingen());
        fields.put("Menselijke tussenkomst", HUMAN_INTERVENTION);
        fields.put("Risicobeheer", config.risicobeheer());
        fields.put("Wettelijke basis", legalBasis(ruleset));
        fields.put("Verwerkingsregister", config.verwerkingsregister());
        fields.put("Impacttoets(en)", config.impacttoetsen());
        fields.put("Gegevens", "Gebeurtenissen uit het Handelsregister (inschrijving, bestuurders, adres, activiteiten "
                + "(SBI), rechtsvorm, overdracht, uitschrijving), overdrachten uit het Kadaster (object, koopsom, "
                + "WOZ-waarde, hypotheek, koper en verkoper) en stappen van horecavergunningaanvragen (aanvrager, "
                + "object, leidinggevenden). Natuurlijke personen alleen als gesleuteld pseudoniem (HMAC); geen naam, "
                + "BSN, geboortedatum, nationaliteit, geboorteland, etniciteit, religie of geslacht. Postcode en wijk "
                + "alleen voor weergave, nooit als risicofactor. Bibob-gegevens alleen in een afgeschermde zone "
                + "voor Bibob-functionarissen (art. 28 Wet Bibob).");
        fields.put("Gegevensbron", "Kamer van Koophandel (Handelsregister, mutatieservice); Kadaster (BRK); "
                + "gemeentelijk horecazaaksysteem; gemeentelijk Bibob-zaaksysteem (alleen de afgeschermde zone). "
                + "Kafka-topics: " + String.join(", ", DetectionTopology.INPUTS.stream().map(t -> t.name()).toList()) + ".");
        fields.put("Technische werking", technical(ruleset, indicators));
        fields.put("Leverancier", config.leverancier());
        fields.put("Link naar broncode", config.broncode());
        fields.put("Taal", config.taal());
        fields.put("Schema", config.schema());
        fields.put("Bron-ID", config.bronId());
        fields.put("Zoektermen", String.join(", ", config.zoektermen()));
        return new Entry(ruleset.version(), fields, indicators);
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

    private static String technical(final Ruleset ruleset, final List<Indicator> indicators) {
        final List<String> disabled = indicators.stream().filter(i -> !i.enabled()).map(Indicator::id).toList();
        return "Regels, geen zelflerend model. Per onderwerp (vergunningaanvraag, onderneming of pand) telt Barrière de "
                + "gewichten op van de indicatoren die afgingen; bij een totaal van minstens " + ruleset.threshold()
                + " ontstaat een signaal. Een bevinding blijft " + ruleset.findingLifetimeDays() + " dagen aan haar "
                + "onderwerp hangen. Gebeurtenissen worden in volgorde van gebeurtijd verwerkt, nooit op de klok van de "
                + "computer: dezelfde invoer geeft dezelfde signalen, wat een replay aantoont. Elke indicator is uit te "
                + "zetten; een uitgezette indicator telt niet mee. "
                + (disabled.isEmpty() ? "In regelset " + ruleset.version() + " staan alle indicatoren aan."
                        : "Uitgezet in regelset " + ruleset.version() + ": " + String.join(", ", disabled) + ".")
                + buildingOnDisabled(indicators, disabled)
                + " De indicatoren staan hieronder.";
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

    public static String markdown(final Ruleset ruleset, final Config config) {
        final Entry entry = of(ruleset, config);
        final StringBuilder md = new StringBuilder();
        md.append("# Algoritmeregister: ").append(entry.fields().get("Naam")).append("\n\n");
        md.append("Gegenereerd uit regelset ").append(entry.rulesetVersion()).append(".\n\n");
        entry.fields().forEach((label, value) -> md.append("## ").append(label).append("\n\n").append(value).append("\n\n"));
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

    public static String json(final Ruleset ruleset, final Config config) {
        final Entry entry = of(ruleset, config);
        final ObjectNode root = JSON.createObjectNode();
        root.put("regelset", entry.rulesetVersion());
        entry.fields().forEach(root::put);
        root.put("Drempel", ruleset.threshold());
        final ArrayNode indicators = root.putArray("Indicatoren");
        entry.indicators().forEach(i -> {
            final ObjectNode node = indicators.addObject();
            node.put("id", i.id());
            node.put("naam", i.name());
            node.put("naamEn", i.nameEn());
            node.put("versie", i.version());
            node.put("status", status(i));
            node.put("aan", i.enabled());
            node.put("gewicht", i.weight());
            node.put("onderwerp", i.subject());
            node.set("parameters", JSON.valueToTree(i.parameters()));
            node.put("uitleg", i.explanation());
            node.put("wettelijkeBasis", i.legalBasis());
            node.put("bron", i.reference());
        });
        try {
            return JSON.writeValueAsString(root) + "\n";
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
