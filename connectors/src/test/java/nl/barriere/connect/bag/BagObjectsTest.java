package nl.barriere.connect.bag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import nl.barriere.connect.bag.BagFixture.Vbo;
import nl.barriere.connect.bag.BagObjects.Address;
import nl.barriere.connect.bag.BagObjects.Verblijfsobject;
import nl.barriere.connect.http.MalformedResponseException;
import nl.barriere.schema.BagObject;
import nl.barriere.schema.BagPurpose;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

/** The BAG API's answers (the fixture's, which the connector test checks against the document) read into BagObject. */
class BagObjectsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ID = "0546010000000301";
    private static final Instant ASKED_AT = Instant.parse("2024-03-01T12:00:00Z");
    private static final String PAND = "0546100000000301";

    @Test
    void aVerblijfsobjectGivesItsUsesFloorAreaPandenVersionAndStatus() throws Exception {
        final Vbo vbo = new Vbo(ID, 4, "2021-05-01", "2021-04-28T10:00:00.000+02:00",
                List.of("woonfunctie", "winkelfunctie", "overige gebruiksfunctie", "woonfunctie"), 96,
                List.of(PAND, "0546100000000302"), "Verbouwing verblijfsobject");

        final Verblijfsobject object = BagObjects.verblijfsobject(ID, json(vbo.json()));

        assertThat(object.purposes()).containsExactly(BagPurpose.WOONFUNCTIE, BagPurpose.WINKELFUNCTIE,
                BagPurpose.OVERIGE_GEBRUIKSFUNCTIE);
        assertThat(object.floorArea()).isEqualTo(96);
        assertThat(object.buildingIds()).containsExactly(PAND, "0546100000000302");
        assertThat(object.version()).isEqualTo(4);
        assertThat(object.eventId()).isEqualTo("bag-" + ID + "-4");
        assertThat(object.status()).isEqualTo("Verbouwing verblijfsobject");
        assertThat(object.mainAddressId()).isEqualTo("0546200000000301");
    }

    @Test
    void eventTimeIsTheStartOfValidityOrTheRegistrationWhenThatIsLater() throws Exception {
        // registered before the date it is valid from: 00:00 UTC of that date
        assertThat(timeOf("2021-05-01", "2021-04-28T10:00:00.000+02:00")).isEqualTo(Instant.parse("2021-05-01T00:00:00Z"));
        // registered after it: the registration
        assertThat(timeOf("2021-05-01", "2021-05-03T10:00:00.000+02:00")).isEqualTo(Instant.parse("2021-05-03T08:00:00Z"));
        // boundary: registered at 00:00 UTC of the date itself: the same instant either way
        assertThat(timeOf("2021-05-01", "2021-05-01T00:00:00Z")).isEqualTo(Instant.parse("2021-05-01T00:00:00Z"));
        // a registration time without offset is Dutch local time
        assertThat(timeOf("2021-05-01", "2021-05-03T10:00:00")).isEqualTo(Instant.parse("2021-05-03T08:00:00Z"));
    }

    @Test
    void theMainAddressIsTheHoofdadresWithLetterAndAddition() throws Exception {
        final Vbo vbo = BagFixture.vbo(ID, "woonfunctie", 50, PAND);
        final Verblijfsobject object = BagObjects.verblijfsobject(ID, json(vbo.json()));

        final JsonNode both = json(BagFixture.adressen(ID,
                BagFixture.adres(vbo, "Rapenburg", 3, null, null, "2311EZ", true),
                BagFixture.adres(vbo, "Breestraat", 12, "A", "bis", "2311CS", false)).body());
        assertThat(BagObjects.mainAddress(both, object)).isEqualTo(new Address("Breestraat", "12A-bis", "2311CS", "Leiden"));
        assertThat(BagObjects.mainAddress(json(BagFixture.adressen(ID,
                BagFixture.adres(vbo, "Breestraat", 7, null, null, "2311CS", false)).body()), object).houseNumber())
                .isEqualTo("7");
        // no address at all: none, not malformed (the address is for display only)
        assertThat(BagObjects.mainAddress(json("{\"_embedded\":{\"adressen\":[]}}"), object)).isNull();
    }

    @Test
    void theBagObjectCarriesEverythingWithTheCountOfTheBuilding() throws Exception {
        final Vbo vbo = BagFixture.vbo(ID, "kantoorfunctie", 200, PAND);
        final Verblijfsobject object = BagObjects.verblijfsobject(ID, json(vbo.json()));

        final BagObject bag = BagObjects.bagObject(object, new Address("Breestraat", "12", "2311CS", "Leiden"), 14,
                ASKED_AT);

        assertThat(bag.getEventId()).isEqualTo("bag-" + ID + "-1");
        assertThat(bag.getSource().getSystem()).isEqualTo("bag-individuele-bevragingen");
        assertThat(bag.getSource().getReference()).isEqualTo(ID + ":1");
        assertThat(bag.getBagVboId()).isEqualTo(ID);
        assertThat(bag.getObjectsInBuilding()).isEqualTo(14);
        assertThat(bag.getPurposes()).containsExactly(BagPurpose.KANTOORFUNCTIE);
        assertThat(bag.getStreet()).isEqualTo("Breestraat");
        assertThat(BagObjects.bagObject(object, null, 1, ASKED_AT).getStreet()).isNull();
    }

    @Test
    void anAnswerThatLacksWhatTheDocumentRequiresIsMalformed() throws Exception {
        final String good = BagFixture.vbo(ID, "woonfunctie", 50, PAND).json();
        assertMalformed(good.replace("\"versie\":1", "\"versie\":\"1\""), "voorkomen.versie");
        assertMalformed(good.replace("\"beginGeldigheid\":\"2019-06-01\"", "\"beginGeldigheid\":\"1-6-2019\""),
                "beginGeldigheid");
        assertMalformed(good.replace("\"woonfunctie\"", "\"woonboot\""), "gebruiksdoel BAG does not define: woonboot");
        assertMalformed(good.replace("\"gebruiksdoelen\":[\"woonfunctie\"]", "\"gebruiksdoelen\":[]"), "no gebruiksdoelen");
        assertMalformed(good.replace("\"oppervlakte\":50", "\"oppervlakte\":50.5"), "oppervlakte");
        assertMalformed(good.replace("\"maaktDeelUitVan\":[\"" + PAND + "\"]", "\"maaktDeelUitVan\":[\"" + ID + "\"]"),
                "type 10");
        assertMalformed(good.replace(ID, "0546010000000399"), "another object");
        assertMalformed("{\"_links\":{}}", "has no verblijfsobject");
    }

    @Test
    void aPageOfAPandListsItsObjectsAndAnEmptyPageNone() throws Exception {
        final Vbo a = BagFixture.vbo(ID, "woonfunctie", 50, PAND);
        final Vbo b = BagFixture.vbo("0546010000000302", "woonfunctie", 50, PAND);
        assertThat(BagObjects.objectIds(json(BagFixture.objectsOf(PAND, List.of(a, b), 1, 100).body()), PAND))
                .containsExactly(ID, "0546010000000302");
        assertThat(BagObjects.objectIds(json("{\"_links\":{\"self\":{\"href\":\"x\"}}}"), PAND)).isEmpty();
        assertThatThrownBy(() -> BagObjects.objectIds(json("{\"_embedded\":{\"verblijfsobjecten\":{}}}"), PAND))
                .isInstanceOf(MalformedResponseException.class).hasMessageContaining("_embedded.verblijfsobjecten");
    }

    @Test
    void theShippedConfigPassesTheConnectorsValidation() throws Exception {
        final Map<String, String> shipped = new HashMap<>();
        JSON.readTree(Path.of("config/bag-lookup.json").toFile()).get("config").fields()
                .forEachRemaining(e -> shipped.put(e.getKey(), e.getValue().asText()));
        assertThat(new BagLookupConnector().validate(shipped).configValues())
                .allSatisfy(v -> assertThat(v.errorMessages()).as(v.name()).isEmpty());
        final BagConfig config = new BagConfig(shipped);
        assertThat(config.inputTopics()).containsExactly("kadaster.property-transfers", "horeca.permit-events",
                "kvk.business-events");
        assertThat(config.consumer()).containsEntry("sasl.mechanism", "SCRAM-SHA-256")
                .containsEntry("bootstrap.servers", "kafka-1:9092,kafka-2:9092,kafka-3:9092")
                .doesNotContainKey("group.id");
        assertThat(config.getString("register.url")).isEqualTo("https://api.bag.kadaster.nl/lvbag/individuelebevragingen/v2");
        // the Kadaster allows 50 requests a second per API key
        assertThat(config.getDouble("register.requests.per.second")).isLessThanOrEqualTo(50);
        assertThat(shipped).doesNotContainKeys("transforms", "topic.creation.default.replication.factor");
    }

    @Test
    void anInputTopicThatNamesNoBagObjectIsRefusedAtStart() {
        final Map<String, String> settings = new HashMap<>(Map.of("register.url", "https://bag.example/v2",
                "bag.bootstrap.servers", "kafka:9092", "bag.schema.registry.url", "http://registry:8080"));
        settings.put("bag.input.topics", "kadaster.property-transfers,woz.valuations");
        assertThatThrownBy(() -> new BagLookupConnector().start(settings)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("woz.valuations is not a topic whose records name a BAG verblijfsobject");
        settings.put("bag.input.topics", "kvk.business-events,kvk.business-events");
        assertThatThrownBy(() -> new BagLookupConnector().start(settings)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("twice");
        settings.put("bag.input.topics", "kvk.business-events");
        new BagLookupConnector().start(settings);
    }

    private static Instant timeOf(final String validFrom, final String registeredAt) throws Exception {
        final Vbo vbo = new Vbo(ID, 1, validFrom, registeredAt, List.of("woonfunctie"), 50, List.of(PAND),
                "Verblijfsobject in gebruik");
        return BagObjects.verblijfsobject(ID, json(vbo.json())).occurredAt();
    }

    private static void assertMalformed(final String answer, final String message) {
        assertThatThrownBy(() -> BagObjects.verblijfsobject(ID, json(answer)))
                .isInstanceOf(MalformedResponseException.class).hasMessageContaining(message);
    }

    private static JsonNode json(final String text) throws Exception {
        return JSON.readTree(text);
    }
}
