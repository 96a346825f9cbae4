package nl.barriere.connect.brk;

import java.util.List;
import java.util.Map;
import nl.barriere.connect.ConnectPlatform;
import nl.barriere.connect.ContractConverter;
import nl.barriere.connect.PseudonymisePersons;
import nl.barriere.connect.http.SpecServer;
import nl.barriere.connect.http.SpecServer.Exchange;
import nl.barriere.connect.http.SpecServer.Reply;

/**
 * The answers of the two Kadaster APIs the BRK connector reads, in the shapes of their official documents: the BRK
 * events feed (Haal Centraal BRK event sourcing) and BRK Bevragen v2; and the connector's configuration against them.
 */
public final class BrkFixture {

    /** The path of BRK Bevragen's server URL in its document. */
    public static final String BEVRAGEN_BASE = "/esd-eto-apikey/bevragen/v2";

    private BrkFixture() {}

    /** The BRK events feed, started. */
    public static SpecServer feed() throws java.io.IOException {
        return SpecServer.start("/openapi/brk/brk-events-openapi.yaml", "");
    }

    /** BRK Bevragen, started. */
    public static SpecServer bevragen() throws java.io.IOException {
        return SpecServer.start("/openapi/brk/brk-bevragen-openapi.yaml", BEVRAGEN_BASE);
    }

    /** The feed's page of {@code events} from {@code vanafEventIdentificatie} on, two events a page. */
    public static Reply feedPage(final List<String> events, final Exchange x) {
        int from = 0;
        final String after = x.param("vanafEventIdentificatie");
        if (after != null) {
            from = events.stream().map(BrkFixture::id).toList().indexOf(after);
        }
        final List<String> page = events.subList(Math.max(from, 0), Math.min(events.size(), Math.max(from, 0) + 2));
        final int next = Math.max(from, 0) + 2;
        final String following = next < events.size() ? id(events.get(next)) : null;
        return Reply.json("{" + (following == null ? "" : "\"volgendEventIdentificatie\":\"" + following + "\",")
                + "\"events\":[" + String.join(",", page) + "]}");
    }

    /** Kadastraal object {@code K<n>}: an apartment right, Leiden K n, with BAG verblijfsobject 054601000000000n. */
    public static Reply zaak(final String object) {
        return hal("{\"identificatie\":\"" + object + "\",\"kadastraleAanduiding\":\"Leiden K " + object.substring(1)
                + "\",\"type\":\"appartementsrecht\",\"adressen\":[{\"adresseerbaarObjectIdentificatie\":\""
                + vbo(object) + "\",\"nummeraanduidingIdentificatie\":\"054620000000000" + object.substring(1) + "\"}]}");
    }

    /** The BAG verblijfsobject id {@link #zaak} gives object {@code K<n>}. */
    public static String vbo(final String object) {
        return "054601000000000" + object.substring(1);
    }

    /** The hypotheken of an object: none. */
    public static Reply noHypotheken() {
        return hal("{\"_embedded\":{\"hypotheken\":[]}}");
    }

    /** BRK Bevragen answers HAL. */
    public static Reply hal(final String body) {
        return Reply.json(body).withHeader("Content-Type", "application/hal+json");
    }

    /** A feed event: {@code object} sold by {@code seller} to {@code buyer} (see {@link #person}, {@link #company}). */
    public static String transfer(final String id, final String at, final String object, final String seller,
                                  final String buyer, final long price, final boolean multiple) {
        return "{\"identificatie\":\"" + id + "\",\"tijdstip\":\"" + at + "\","
                + "\"vorigToestandKadastraalOnroerendeZaak\":{\"identificatie\":\"" + object + "\","
                + "\"zakelijkGerechtigden\":[" + owner(seller) + "]},"
                + "\"nieuweToestandKadastraalOnroerendeZaak\":{\"identificatie\":\"" + object + "\","
                + "\"koopsom\":{\"koopsom\":" + price + ",\"koopjaar\":2024,\"indicatieMetMeerObjectenVerkregen\":"
                + multiple + "},\"zakelijkGerechtigden\":[" + owner(buyer) + "]}}";
    }

    /** A feed event on {@code object} that leaves its owner as it was (e.g. a mortgage deed). */
    public static String unchanged(final String id, final String at, final String object, final String owner) {
        return "{\"identificatie\":\"" + id + "\",\"tijdstip\":\"" + at + "\","
                + "\"vorigToestandKadastraalOnroerendeZaak\":{\"identificatie\":\"" + object + "\","
                + "\"zakelijkGerechtigden\":[" + owner(owner) + "]},"
                + "\"nieuweToestandKadastraalOnroerendeZaak\":{\"identificatie\":\"" + object + "\","
                + "\"koopsom\":{\"koopsom\":450000,\"koopjaar\":2024},\"zakelijkGerechtigden\":[" + owner(owner) + "]}}";
    }

    /** A natural person (A. de Vries) identified by {@code bsn}. */
    public static String person(final String bsn) {
        return "{\"identificatie\":\"" + bsn + "\",\"type\":\"ingeschreven_natuurlijk_persoon\",\"omschrijving\":\"A. de Vries\"}";
    }

    /** A legal person known to the Kadaster as {@code id}; its KvK number comes from /kadasternietnatuurlijkpersonen. */
    public static String company(final String id) {
        return "{\"identificatie\":\"" + id + "\",\"type\":\"kadaster_niet_natuurlijk_persoon\"}";
    }

    /** The last path segment of a request: the id it asks for. */
    public static String last(final Exchange x) {
        return x.path().substring(x.path().lastIndexOf('/') + 1);
    }

    /**
     * The validator's one known misreading of both documents: it closes each object schema it composes with allOf
     * (additionalProperties false), so the properties of the other allOf parts are "not allowed"
     * (see openapi/brk/README.md).
     */
    public static boolean allOfMisreading(final String violation) {
        return violation.contains(": validation.response.body.schema.additionalProperties: ")
                || violation.contains(": validation.response.body.schema.allOf: ");
    }

    /** The connector against the feed and BRK Bevragen, from 2024 on, persons pseudonymised. */
    public static Map<String, String> config(final ConnectPlatform platform, final SpecServer feed, final SpecServer brk)
            throws Exception {
        final String key = platform.secret("kadaster.properties", "api.key", "test-brk-key");
        return Map.ofEntries(
                Map.entry("name", "kadaster-brk"),
                Map.entry("connector.class", BrkSourceConnector.class.getName()),
                Map.entry("tasks.max", "1"),
                Map.entry("register.url", brk.url()),
                Map.entry("register.api.key", key),
                Map.entry("register.requests.per.second", "50"),
                Map.entry("register.backoff.initial.ms", "100"),
                Map.entry("events.register.url", feed.url()),
                Map.entry("events.register.api.key", key),
                Map.entry("events.register.requests.per.second", "50"),
                Map.entry("events.register.backoff.initial.ms", "100"),
                Map.entry("brk.events.from", "2024-01-01T00:00:00Z"),
                Map.entry("brk.poll.interval.ms", "200"),
                Map.entry("refused.topic", ConnectPlatform.REFUSED_TOPIC),
                Map.entry("value.converter", ContractConverter.class.getName()),
                Map.entry("value.converter.schema.registry.url", platform.registryUrl()),
                Map.entry("transforms", "persons"),
                Map.entry("transforms.persons.type", PseudonymisePersons.class.getName()),
                Map.entry("transforms.persons.fields",
                        "buyer.personPseudonym,seller.personPseudonym,mortgagee.personPseudonym"),
                Map.entry("transforms.persons.hmac.key", platform.hmacKeyReference()),
                Map.entry("transforms.persons.refused.topic", ConnectPlatform.REFUSED_TOPIC));
    }

    private static String owner(final String person) {
        return "{\"identificatie\":\"zg-" + person.hashCode() + "\",\"type\":\"eigenaar\",\"persoon\":" + person + "}";
    }

    private static String id(final String event) {
        return event.substring(18, event.indexOf('"', 18));
    }
}
