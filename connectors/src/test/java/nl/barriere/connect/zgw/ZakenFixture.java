package nl.barriere.connect.zgw;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import nl.barriere.connect.ConnectPlatform;
import nl.barriere.connect.ContractConverter;
import nl.barriere.connect.PseudonymisePersons;
import nl.barriere.connect.http.SpecServer;
import nl.barriere.connect.http.SpecServer.Exchange;
import nl.barriere.connect.http.SpecServer.Reply;

/** A zaaksysteem's Zaken API state, answered by a {@link SpecServer} in the shapes the Zaken API 1.5 document fixes. */
public final class ZakenFixture {

    public static final String CATALOGI = "https://catalogi.leiden.example/catalogi/api/v1";
    public static final String ZAAKTYPE_EXPLOITATIE = CATALOGI + "/zaaktypen/0b7bdc3a-0000-4000-8000-000000000001";
    public static final String ST_ONTVANGEN = CATALOGI + "/statustypen/0b7bdc3a-0000-4000-8000-000000000011";
    public static final String ST_IN_BEHANDELING = CATALOGI + "/statustypen/0b7bdc3a-0000-4000-8000-000000000012";
    public static final String ST_BESLOTEN = CATALOGI + "/statustypen/0b7bdc3a-0000-4000-8000-000000000013";
    public static final String ST_INGETROKKEN = CATALOGI + "/statustypen/0b7bdc3a-0000-4000-8000-000000000014";
    public static final String RT_VERLEEND = CATALOGI + "/resultaattypen/0b7bdc3a-0000-4000-8000-000000000021";
    public static final String ROLTYPE_AANVRAGER = CATALOGI + "/roltypen/0b7bdc3a-0000-4000-8000-000000000031";
    public static final String ROLTYPE_LEIDINGGEVENDE = CATALOGI + "/roltypen/0b7bdc3a-0000-4000-8000-000000000032";

    private final String base;
    private final Map<String, String> zaken = new ConcurrentHashMap<>();
    private final Map<String, List<String>> statussen = new ConcurrentHashMap<>();
    private final Map<String, List<String>> rollen = new ConcurrentHashMap<>();
    private final Map<String, List<String>> objecten = new ConcurrentHashMap<>();
    private final Map<String, String> resultaten = new ConcurrentHashMap<>();
    private final Map<String, String> current = new ConcurrentHashMap<>();
    private final Map<String, String> resultaatOf = new ConcurrentHashMap<>();
    private final List<String> malformedStatussen = new CopyOnWriteArrayList<>();

    public ZakenFixture(final SpecServer server) {
        this.base = server.url();
        server.on("/zaken", this::zaak).on("/statussen", e -> list(statussen, e))
                .on("/rollen", e -> list(rollen, e)).on("/zaakobjecten", e -> list(objecten, e))
                .on("/resultaten/", e -> Reply.json(resultaten.get(e.path().substring("/resultaten/".length()))));
    }

    public String zaakUrl(final String uuid) {
        return base + "/zaken/" + uuid;
    }

    /** A zaak with an applicant business, a premises and the given managers (BSNs). */
    public void zaak(final String uuid, final String identificatie, final String kvk, final String vbo,
              final List<String> managerBsns) {
        final String url = zaakUrl(uuid);
        statussen.put(url, new CopyOnWriteArrayList<>());
        final List<String> r = new CopyOnWriteArrayList<>();
        r.add(rol(uuid, 1, "initiator", ROLTYPE_AANVRAGER, "niet_natuurlijk_persoon",
                "{\"kvkNummer\":\"" + kvk + "\",\"vestigingsNummer\":\"000012345678\",\"statutaireNaam\":\"Café De Sleutel B.V.\"}"));
        int n = 2;
        for (final String bsn : managerBsns) {
            r.add(rol(uuid, n++, "belanghebbende", ROLTYPE_LEIDINGGEVENDE, "natuurlijk_persoon",
                    "{\"inpBsn\":\"" + bsn + "\",\"geslachtsnaam\":\"Jansen\",\"voornamen\":\"Piet\",\"geboortedatum\":\"1980-01-01\"}"));
        }
        rollen.put(url, r);
        objecten.put(url, new CopyOnWriteArrayList<>(List.of("{\"url\":\"" + base + "/zaakobjecten/" + uuid.substring(0, 35)
                + "9\",\"uuid\":\"" + uuid.substring(0, 35) + "9\",\"zaak\":\"" + url + "\","
                + "\"object\":\"https://api.bag.kadaster.nl/lvbag/individuelebevragingen/v2/adresseerbareobjecten/" + vbo + "\","
                + "\"objectType\":\"adres\",\"relatieomschrijving\":\"vestigingsadres\"}")));
        zaken.put(uuid, identificatie);
    }

    /** A new status of a zaak, which becomes its current status. */
    public void status(final String zaakUuid, final String statusUuid, final String statustype, final String at) {
        final String url = zaakUrl(zaakUuid);
        final String statusUrl = base + "/statussen/" + statusUuid;
        statussen.get(url).replaceAll(s -> s.replace("\"indicatieLaatstGezetteStatus\":true",
                "\"indicatieLaatstGezetteStatus\":false"));
        statussen.get(url).add("{\"url\":\"" + statusUrl + "\",\"uuid\":\"" + statusUuid + "\",\"zaak\":\"" + url + "\","
                + "\"statustype\":\"" + statustype + "\",\"datumStatusGezet\":\"" + at + "\",\"statustoelichting\":\"\","
                + "\"indicatieLaatstGezetteStatus\":true,\"zaakinformatieobjecten\":[]}");
        current.put(url, statusUrl);
    }

    public void resultaat(final String zaakUuid, final String resultaatUuid, final String resultaattype) {
        resultaten.put(resultaatUuid, "{\"url\":\"" + base + "/resultaten/" + resultaatUuid + "\",\"uuid\":\""
                + resultaatUuid + "\",\"zaak\":\"" + zaakUrl(zaakUuid) + "\",\"resultaattype\":\"" + resultaattype
                + "\",\"toelichting\":\"\"}");
        resultaatOf.put(zaakUrl(zaakUuid), base + "/resultaten/" + resultaatUuid);
    }

    /** The zaak's statussen answer is not JSON. */
    public void breakStatussen(final String zaakUuid) {
        malformedStatussen.add(zaakUrl(zaakUuid));
    }

    private Reply zaak(final Exchange e) {
        if (e.path().equals("/zaken")) {
            final List<String> page = new ArrayList<>();
            zaken.forEach((uuid, id) -> {
                if (ZAAKTYPE_EXPLOITATIE.equals(e.param("zaaktype"))) {
                    page.add(zaakJson(uuid, id));
                }
            });
            return Reply.json("{\"count\":" + page.size() + ",\"next\":null,\"previous\":null,\"results\":["
                    + String.join(",", page) + "]}").withHeader("Content-Crs", "EPSG:4326");
        }
        final String uuid = e.path().substring("/zaken/".length());
        return zaken.containsKey(uuid)
                ? Reply.json(zaakJson(uuid, zaken.get(uuid))).withHeader("Content-Crs", "EPSG:4326")
                : Reply.status(404);
    }

    private String zaakJson(final String uuid, final String identificatie) {
        final String url = zaakUrl(uuid);
        final String status = current.get(url);
        final String resultaat = resultaatOf.get(url);
        return "{\"url\":\"" + url + "\",\"uuid\":\"" + uuid + "\",\"identificatie\":\"" + identificatie + "\","
                + "\"bronorganisatie\":\"002379342\",\"omschrijving\":\"Exploitatievergunning\",\"zaaktype\":\""
                + ZAAKTYPE_EXPLOITATIE + "\",\"registratiedatum\":\"2024-06-10\",\"verantwoordelijkeOrganisatie\":\"002379342\","
                + "\"startdatum\":\"2024-06-10\",\"einddatum\":null,\"laatstGemuteerd\":\"2024-06-10T08:00:00Z\","
                + "\"betalingsindicatieWeergave\":\"\",\"deelzaken\":[],\"eigenschappen\":[],"
                + "\"rollen\":[" + rollen.get(url).stream().map(r -> "\"" + r.substring(8, r.indexOf("\",")) + "\"")
                .collect(Collectors.joining(",")) + "],"
                + "\"status\":" + (status == null ? "null" : "\"" + status + "\"") + ","
                + "\"zaakinformatieobjecten\":[],\"zaakobjecten\":[],"
                + "\"resultaat\":" + (resultaat == null ? "null" : "\"" + resultaat + "\"") + "}";
    }

    private Reply list(final Map<String, List<String>> of, final Exchange e) {
        final String zaak = e.param("zaak");
        if (of == statussen && malformedStatussen.contains(zaak)) {
            return Reply.malformed("<html>Bad gateway</html>");
        }
        final List<String> items = of.getOrDefault(zaak, List.of());
        return Reply.json("{\"count\":" + items.size() + ",\"next\":null,\"previous\":null,\"results\":["
                + String.join(",", items) + "]}");
    }

    private String rol(final String zaakUuid, final int n, final String generiek, final String roltype,
                       final String betrokkeneType, final String identificatie) {
        final String uuid = zaakUuid.substring(0, 34) + "7" + n;
        return "{\"url\":\"" + base + "/rollen/" + uuid + "\",\"uuid\":\"" + uuid + "\",\"zaak\":\"" + zaakUrl(zaakUuid)
                + "\",\"betrokkeneType\":\"" + betrokkeneType + "\",\"roltype\":\"" + roltype
                + "\",\"omschrijving\":\"" + generiek + "\",\"omschrijvingGeneriek\":\"" + generiek
                + "\",\"roltoelichting\":\"\",\"registratiedatum\":\"2024-06-10T08:00:00Z\",\"statussen\":[],"
                + "\"betrokkeneIdentificatie\":" + identificatie + "}";
    }

    /**
     * The chain of {@code connectors/config/horeca-permits-zgw.json} against {@code zakenUrl}, with the test's secrets,
     * the notification receiver on {@code port} expecting {@code callbackAuth}.
     */
    public static Map<String, String> config(final ConnectPlatform platform, final String zakenUrl, final int port,
                                             final String callbackAuth) throws Exception {
        return Map.ofEntries(
                Map.entry("name", "horeca-permits-zgw"),
                Map.entry("connector.class", ZgwPermitSourceConnector.class.getName()),
                Map.entry("tasks.max", "1"),
                Map.entry("register.url", zakenUrl),
                Map.entry("register.backoff.initial.ms", "100"),
                Map.entry("zgw.client.id", "barriere"),
                Map.entry("zgw.client.secret", platform.secret("zgw.properties", "client.secret", "zgw-test-secret")),
                Map.entry("zgw.callback.port", Integer.toString(port)),
                Map.entry("zgw.callback.auth", platform.secret("zgw-callback.properties", "callback.auth", callbackAuth)),
                Map.entry("zgw.zaaktypen", ZAAKTYPE_EXPLOITATIE + "=EXPLOITATIE"),
                Map.entry("zgw.statustypen", String.join(",", ST_ONTVANGEN + "=SUBMITTED",
                        ST_IN_BEHANDELING + "=COMPLETED", ST_BESLOTEN + "=DECIDED",
                        ST_INGETROKKEN + "=WITHDRAWN")),
                Map.entry("zgw.resultaattypen", RT_VERLEEND + "=GRANTED"),
                Map.entry("zgw.manager.roltypen", ROLTYPE_LEIDINGGEVENDE),
                Map.entry("refused.topic", ConnectPlatform.REFUSED_TOPIC),
                Map.entry("key.converter", "org.apache.kafka.connect.storage.StringConverter"),
                Map.entry("value.converter", ContractConverter.class.getName()),
                Map.entry("value.converter.schema.registry.url", platform.registryUrl()),
                Map.entry("transforms", "persons"),
                Map.entry("transforms.persons.type", PseudonymisePersons.class.getName()),
                Map.entry("transforms.persons.fields", "managerPseudonyms[]"),
                Map.entry("transforms.persons.hmac.key", platform.hmacKeyReference()),
                Map.entry("transforms.persons.refused.topic", ConnectPlatform.REFUSED_TOPIC));
    }
}
