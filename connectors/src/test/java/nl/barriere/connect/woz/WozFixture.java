package nl.barriere.connect.woz;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import nl.barriere.connect.ConnectPlatform;
import nl.barriere.connect.ContractConverter;
import nl.barriere.connect.http.SpecServer;
import nl.barriere.connect.http.SpecServer.Reply;

/**
 * The answers of WOZ Bevragen (Haal Centraal, the Kadaster's LV WOZ) in the shapes of its official document, with
 * the owner and occupant the API may send and the connector must never read; and the connector's configuration.
 */
public final class WozFixture {

    /** The path of the API's server URL in its document. */
    public static final String BASE = "/lvwoz-eto/huidigebevragingen";
    public static final String API_KEY = "test-woz-key";
    /** The owner and occupant of every WOZ object {@link #object} gives. */
    public static final String OWNER_BSN = "999990019";
    public static final String OWNER_NAME = "J. de Vries";

    private WozFixture() {}

    /** WOZ Bevragen, started; its document composes with allOf, so the validator merges those. */
    public static SpecServer start() throws IOException {
        return SpecServer.start("/openapi/woz/woz-bevragen-openapi.yaml", BASE, true);
    }

    /** The answer to /wozobjecten?adresseerbaarObjectIdentificatie=… that finds {@code object}. */
    public static Reply found(final String object) {
        return hal("{\"_links\":{\"self\":{\"href\":\"" + BASE + "/wozobjecten\"}},\"_embedded\":{\"wozObjecten\":["
                + object + "]}}");
    }

    /** The answer for a BAG object connected to no WOZ object. */
    public static Reply none(final String vbo) {
        return hal("{\"_links\":{\"self\":{\"href\":\"" + BASE + "/wozobjecten?adresseerbaarObjectIdentificatie="
                + vbo + "\"}},\"_embedded\":{}}");
    }

    /** A WOZ object with the owner and occupant the API may send, which the connector must never read. */
    public static String object(final String number, final List<String> vbos, final String waarden) {
        final String person = "{\"burgerservicenummer\":\"" + OWNER_BSN + "\",\"naam\":\"" + OWNER_NAME
                + "\",\"type\":\"natuurlijk_persoon\"}";
        return "{\"identificatie\":\"" + number + "\",\"adresseerbaarObjectIdentificaties\":[\""
                + String.join("\",\"", vbos) + "\"],\"belanghebbendeEigenaar\":" + person
                + ",\"belanghebbendeGebruiker\":" + person + ",\"waarden\":[" + waarden + "],"
                + "\"_links\":{\"self\":{\"href\":\"" + BASE + "/wozobjecten/" + number + "\"}}}";
    }

    /** A waarde: the value at valuation date {@code date}, by a beschikking in force {@code from}. */
    public static String waarde(final long value, final String date, final String from, final String status) {
        return "{\"vastgesteldeWaarde\":" + value + ",\"waardepeildatum\":\"" + date + "\",\"ingangsdatum\":\"" + from
                + "\",\"beschikkingsStatussen\":[\"" + status + "\"]}";
    }

    /** WOZ Bevragen answers HAL. */
    public static Reply hal(final String body) {
        return Reply.json(body).withHeader("Content-Type", "application/hal+json");
    }

    /** The connector against {@code woz}, following the transfers on the platform's broker. */
    public static Map<String, String> config(final ConnectPlatform platform, final SpecServer woz) throws Exception {
        return Map.ofEntries(
                Map.entry("name", "woz-bevragen"),
                Map.entry("connector.class", WozSourceConnector.class.getName()),
                Map.entry("tasks.max", "1"),
                Map.entry("register.url", woz.url()),
                Map.entry("register.api.key", platform.secret("woz.properties", "api.key", API_KEY)),
                Map.entry("register.requests.per.second", "50"),
                Map.entry("register.backoff.initial.ms", "100"),
                Map.entry("woz.bootstrap.servers", platform.bootstrapServers()),
                Map.entry("woz.schema.registry.url", platform.registryUrl()),
                Map.entry("refused.topic", ConnectPlatform.REFUSED_TOPIC),
                Map.entry("value.converter", ContractConverter.class.getName()),
                Map.entry("value.converter.schema.registry.url", platform.registryUrl()));
    }
}
