package nl.barriere.connect.kvk;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import nl.barriere.connect.ConnectPlatform;
import nl.barriere.connect.ContractConverter;
import nl.barriere.connect.PseudonymisePersons;
import nl.barriere.connect.http.SpecServer;
import nl.barriere.connect.http.SpecServer.Reply;

/**
 * The two KvK APIs the connector reads, on local ports: the Mutatieservice with one subscription's signals and the
 * officers (checked against the stand-in document, there being no public one), and the Basisprofiel API with the
 * profiles (checked against KvK's OpenAPI document); and the connector's configuration against them.
 */
public final class KvkRegisters implements AutoCloseable {

    public static final String SUBSCRIPTION = "abo-leiden-1";

    private final SpecServer mutatieservice;
    private final SpecServer basisprofiel;
    private final List<String> signals = new CopyOnWriteArrayList<>();
    private final Map<String, Reply> profiles = new ConcurrentHashMap<>();
    private final Map<String, String> officers = new ConcurrentHashMap<>();

    private KvkRegisters() throws IOException {
        mutatieservice = SpecServer.start("/openapi/kvk/mutatieservice-stand-in.yaml", "/api/v1")
                .on("/abonnementen/" + SUBSCRIPTION + "/signalen/", x -> Reply.json(
                        "{\"id\":\"" + x.path().substring(x.path().lastIndexOf('/') + 1) + "\","
                                + "\"signaalType\":\"SignaalBeeindiging\","
                                + "\"aanleiding\":{\"code\":\"BR\",\"omschrijving\":\"Beeindigen rechtspersoon\"}}"))
                .on("/abonnementen/" + SUBSCRIPTION, x -> page(Instant.parse(x.param("vanaf"))))
                .on("/functionarissen/", x -> Reply.json(officers.get(x.path().substring("/functionarissen/".length()))));
        basisprofiel = SpecServer.start("/openapi/kvk/basisprofiel-openapi.yaml", "/api/v1")
                .on("/basisprofielen/", x -> profiles.get(x.path().substring("/basisprofielen/".length())));
    }

    public static KvkRegisters start() throws IOException {
        return new KvkRegisters();
    }

    public SpecServer mutatieservice() {
        return mutatieservice;
    }

    public SpecServer basisprofiel() {
        return basisprofiel;
    }

    /** A signal of the subscription, listed from its timestamp on. */
    public void signal(final String id, final String at, final String kvk, final String type) {
        signals.add("{\"id\":\"" + id + "\",\"timestamp\":\"" + at + "\",\"kvknummer\":\"" + kvk + "\",\"signaalType\":\""
                + type + "\"}");
    }

    /** What the Basisprofiel API answers for {@code kvk} from now on. */
    public void profile(final String kvk, final Reply answer) {
        profiles.put(kvk, answer);
    }

    /** The officers the Mutatieservice lists for {@code kvk} from now on (see {@link #officer}). */
    public void officers(final String kvk, final String... officers) {
        this.officers.put(kvk, "{\"functionarissen\":[" + String.join(",", officers) + "]}");
    }

    /** A Basisprofiel of a restaurant in Leiden with the given legal form, main SBI code, BAG id and start date. */
    public static String basisprofiel(final String kvk, final String rechtsvorm, final String sbi, final String vbo,
                                      final String start) {
        return "{\"kvkNummer\":\"" + kvk + "\",\"naam\":\"Snackbar De Hoek B.V.\",\"formeleRegistratiedatum\":\""
                + start + "\",\"materieleRegistratie\":{\"datumAanvang\":\"" + start + "\"},"
                + "\"sbiActiviteiten\":[{\"sbiCode\":\"" + sbi + "\",\"sbiOmschrijving\":\"Restaurants\","
                + "\"indHoofdactiviteit\":\"Ja\"}],"
                + "\"_embedded\":{\"eigenaar\":{\"rechtsvorm\":\"" + rechtsvorm + "\"},"
                + "\"hoofdvestiging\":{\"vestigingsnummer\":\"000012345678\",\"adressen\":[{\"type\":\"bezoekadres\","
                + "\"straatnaam\":\"Breestraat\",\"huisnummer\":12,\"postcode\":\"2311CS\",\"plaats\":\"Leiden\","
                + "\"geoData\":{\"addresseerbaarObjectId\":\"" + vbo + "\"}}]}}}";
    }

    /** An officer: a natural person (J. Jansen, born 1970) with {@code person} as id, or else the business {@code kvk}. */
    public static String officer(final String person, final String kvk, final String role) {
        return "{" + (person != null ? "\"persoonId\":\"" + person + "\",\"naam\":\"J. Jansen\","
                + "\"geboortedatum\":\"19700101\"," : "\"kvkNummer\":\"" + kvk + "\",") + "\"functie\":\"" + role + "\"}";
    }

    /** The connector against these APIs from {@code start} on, its state under {@code stateDir}, persons pseudonymised. */
    public Map<String, String> config(final ConnectPlatform platform, final Path stateDir, final String start)
            throws Exception {
        return Map.ofEntries(
                Map.entry("name", "kvk-mutations"),
                Map.entry("connector.class", KvkMutationConnector.class.getName()),
                Map.entry("tasks.max", "1"),
                Map.entry("register.url", mutatieservice.url()),
                Map.entry("register.api.key", platform.secret("kvk.properties", "api.key", "test-api-key")),
                Map.entry("register.backoff.initial.ms", "100"),
                Map.entry("register.requests.per.second", "50"),
                Map.entry("kvk.profile.url", basisprofiel.url()),
                Map.entry("kvk.officers.url", mutatieservice.url()),
                Map.entry("kvk.subscription.id", SUBSCRIPTION),
                Map.entry("kvk.start", start),
                Map.entry("kvk.poll.interval.ms", "200"),
                Map.entry("kvk.state.dir", stateDir.toString()),
                Map.entry("kvk.state.key", platform.secret("kvk-state.properties", "state.key",
                        "test-only-state-key-0123456789abcdef")),
                Map.entry("value.converter", ContractConverter.class.getName()),
                Map.entry("value.converter.schema.registry.url", platform.registryUrl()),
                Map.entry("transforms", "persons"),
                Map.entry("transforms.persons.type", PseudonymisePersons.class.getName()),
                Map.entry("transforms.persons.fields", "officer.personPseudonym"),
                Map.entry("transforms.persons.hmac.key", platform.hmacKeyReference()),
                Map.entry("transforms.persons.refused.topic", ConnectPlatform.REFUSED_TOPIC),
                Map.entry("errors.tolerance", "none"));
    }

    /** Everything either API's document would not allow. */
    public List<String> violations() {
        return Stream.concat(mutatieservice.violations().stream(), basisprofiel.violations().stream()).toList();
    }

    private Reply page(final Instant vanaf) {
        final List<String> page = signals.stream()
                .filter(s -> !Instant.parse(s.replaceAll(".*\"timestamp\":\"([^\"]+)\".*", "$1")).isBefore(vanaf))
                .toList();
        return Reply.json("{\"pagina\":1,\"aantal\":100,\"totaal\":" + page.size() + ",\"totaalPaginas\":1,"
                + "\"signalen\":[" + String.join(",", page) + "]}");
    }

    @Override
    public void close() {
        mutatieservice.close();
        basisprofiel.close();
    }
}
