package nl.barriere.connect.bag;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import nl.barriere.connect.ConnectPlatform;
import nl.barriere.connect.ContractConverter;
import nl.barriere.connect.http.SpecServer;
import nl.barriere.connect.http.SpecServer.Reply;

/**
 * The answers of the BAG API Individuele Bevragingen v2 in the shapes of its document (every field the document
 * requires, the HAL links, the {@code api-version} header every answer must carry), and the connector's
 * configuration.
 */
public final class BagFixture {

    /** The path of the API's server URL in its document. */
    static final String BASE = "/lvbag/individuelebevragingen/v2";
    static final String API_KEY = "test-bag-key";
    private static final String HREF = "https://api.bag.kadaster.nl" + BASE;

    private BagFixture() {}

    /** The BAG API, started; its document composes with allOf, so the validator merges those. */
    public static SpecServer start() throws IOException {
        return SpecServer.start("/openapi/bag/bag-individuele-bevragingen-v2.yaml", BASE, true);
    }

    /** One version [voorkomen] of a verblijfsobject, as the verblijfsobject of a VerblijfsobjectIOHal. */
    public record Vbo(String id, int version, String validFrom, String registeredAt, List<String> purposes, int area,
               List<String> panden, String status) {

        Vbo version(final int newVersion, final String newValidFrom, final String newRegisteredAt) {
            return new Vbo(id, newVersion, newValidFrom, newRegisteredAt, purposes, area, panden, status);
        }

        /** The object's hoofdadres: nummeraanduiding id of the same municipality and sequence as the object. */
        String mainAddressId() {
            return id.substring(0, 4) + "20" + id.substring(6);
        }

        public String json() {
            return "{\"verblijfsobject\":{\"identificatie\":\"" + id + "\",\"domein\":\"NL.IMBAG.Verblijfsobject\","
                    + "\"geometrie\":{\"punt\":{\"type\":\"Point\",\"coordinates\":[93821.0,463642.0,0.0]}},"
                    + "\"gebruiksdoelen\":[" + purposes.stream().map(p -> "\"" + p + "\"").collect(Collectors.joining(","))
                    + "],\"oppervlakte\":" + area + ",\"status\":\"" + status + "\",\"geconstateerd\":\"N\","
                    + "\"documentdatum\":\"" + validFrom + "\",\"documentnummer\":\"2019-BAG-" + version + "\","
                    + "\"voorkomen\":{\"tijdstipRegistratie\":\"" + registeredAt + "\",\"versie\":" + version
                    + ",\"beginGeldigheid\":\"" + validFrom + "\",\"tijdstipRegistratieLV\":\"" + registeredAt + "\"},"
                    + "\"maaktDeelUitVan\":[" + panden.stream().map(p -> "\"" + p + "\"").collect(Collectors.joining(","))
                    + "],\"heeftAlsHoofdAdres\":\"" + mainAddressId() + "\",\"type\":\"Verblijfsobject\"},"
                    + "\"_links\":{\"self\":{\"href\":\"" + HREF + "/verblijfsobjecten/" + id + "\"},"
                    + "\"heeftAlsHoofdAdres\":{\"href\":\"" + HREF + "/nummeraanduidingen/" + mainAddressId() + "\"},"
                    + "\"maaktDeelUitVan\":[" + panden.stream().map(p -> "{\"href\":\"" + HREF + "/panden/" + p + "\"}")
                    .collect(Collectors.joining(",")) + "]}}";
        }
    }

    public static Vbo vbo(final String id, final String purpose, final int area, final String... panden) {
        return new Vbo(id, 1, "2019-06-01", "2019-06-03T10:15:00.000+02:00", List.of(purpose), area,
                List.of(panden), "Verblijfsobject in gebruik");
    }

    /** The answer to GET /verblijfsobjecten/{id}. */
    public static Reply found(final Vbo vbo) {
        return hal(vbo.json()).withHeader("Content-Crs", "epsg:28992");
    }

    /**
     * One page of GET /verblijfsobjecten?pandIdentificatie={pand}: the objects {@code from} (inclusive) to {@code to}
     * (exclusive) of {@code all}, with a next link when more follow.
     */
    public static Reply objectsOf(final String pand, final List<Vbo> all, final int page, final int pageSize) {
        final int from = (page - 1) * pageSize;
        final int to = Math.min(all.size(), from + pageSize);
        final List<String> items = new ArrayList<>();
        for (final Vbo v : all.subList(Math.min(from, all.size()), to)) {
            items.add(v.json());
        }
        final String query = HREF + "/verblijfsobjecten?pandIdentificatie=" + pand + "&huidig=true";
        final String next = to < all.size() ? ",\"next\":{\"href\":\"" + query + "&page=" + (page + 1) + "\"}" : "";
        return hal("{\"_embedded\":{\"verblijfsobjecten\":[" + String.join(",", items) + "]},"
                + "\"_links\":{\"self\":{\"href\":\"" + query + "&page=" + page + "\"}" + next + "}}")
                .withHeader("Content-Crs", "epsg:28992")
                .withHeader("X-Pagination-Page", String.valueOf(page))
                .withHeader("X-Pagination-Limit", String.valueOf(pageSize));
    }

    /** An address [adres] of {@code vbo}; {@code neven} marks a nevenadres, whose nummeraanduiding is another. */
    public static String adres(final Vbo vbo, final String street, final int number, final String letter,
                        final String addition, final String postcode, final boolean neven) {
        final String nummeraanduiding = neven ? vbo.id().substring(0, 4) + "20" + "9" + vbo.id().substring(7)
                : vbo.mainAddressId();
        return "{\"openbareRuimteNaam\":\"" + street + "\",\"korteNaam\":\"" + street + "\",\"huisnummer\":" + number
                + (letter == null ? "" : ",\"huisletter\":\"" + letter + "\"")
                + (addition == null ? "" : ",\"huisnummertoevoeging\":\"" + addition + "\"")
                + ",\"postcode\":\"" + postcode + "\",\"woonplaatsNaam\":\"Leiden\","
                + "\"nummeraanduidingIdentificatie\":\"" + nummeraanduiding + "\","
                + "\"openbareRuimteIdentificatie\":\"0546300000000417\",\"woonplaatsIdentificatie\":\"2088\","
                + "\"adresseerbaarObjectIdentificatie\":\"" + vbo.id() + "\",\"pandIdentificaties\":["
                + vbo.panden().stream().map(p -> "\"" + p + "\"").collect(Collectors.joining(",")) + "]"
                + (neven ? ",\"indicatieNevenadres\":true" : "")
                + ",\"_links\":{\"self\":{\"href\":\"" + HREF + "/adressen/" + nummeraanduiding + "\"},"
                + "\"adresseerbaarObject\":{\"href\":\"" + HREF + "/adresseerbareobjecten/" + vbo.id() + "\"}}}";
    }

    /** The answer to GET /adressen?adresseerbaarObjectIdentificatie=…. */
    public static Reply adressen(final String vbo, final String... adressen) {
        return hal("{\"_embedded\":{\"adressen\":[" + String.join(",", adressen) + "]},\"_links\":{\"self\":{\"href\":\""
                + HREF + "/adressen?adresseerbaarObjectIdentificatie=" + vbo + "\"}}}");
    }

    /** Every BAG answer is HAL and names the API's version. */
    static Reply hal(final String body) {
        return Reply.json(body).withHeader("Content-Type", "application/hal+json").withHeader("api-version", "2.0.0");
    }

    /** The connector against {@code bag}, following the input topics on the platform's broker. */
    public static Map<String, String> config(final ConnectPlatform platform, final SpecServer bag, final long intervalMs)
            throws Exception {
        return Map.ofEntries(
                Map.entry("name", "bag-lookup"),
                Map.entry("connector.class", BagLookupConnector.class.getName()),
                Map.entry("tasks.max", "1"),
                Map.entry("register.url", bag.url()),
                Map.entry("register.api.key", platform.secret("bag.properties", "api.key", API_KEY)),
                Map.entry("register.requests.per.second", "100"),
                Map.entry("register.backoff.initial.ms", "100"),
                Map.entry("bag.bootstrap.servers", platform.bootstrapServers()),
                Map.entry("bag.schema.registry.url", platform.registryUrl()),
                Map.entry("bag.lookup.interval.ms", String.valueOf(intervalMs)),
                Map.entry("refused.topic", ConnectPlatform.REFUSED_TOPIC),
                Map.entry("value.converter", ContractConverter.class.getName()),
                Map.entry("value.converter.schema.registry.url", platform.registryUrl()));
    }
}
