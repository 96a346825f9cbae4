package nl.barriere.connect.woz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import nl.barriere.connect.http.MalformedResponseException;
import nl.barriere.connect.woz.WozValues.Valuation;
import org.junit.jupiter.api.Test;

/**
 * The value per valuation date, checked against the scenarios of {@code features/waarden.feature} of Haal Centraal
 * WOZ Bevragen (the same waarden as input, the "relevante waarden" as the expected outcome), and the shipped config.
 */
class WozValuesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aNewOwnersBeschikkingOfTheSameDateCountsOverTheEarlierOne() throws Exception {
        // Given "WOZ-object wijzigt gedurende een jaar van eigenaar" (800000003118)
        final JsonNode waarden = JSON.readTree("""
                [{"vastgesteldeWaarde":171000,"waardepeildatum":"2019-01-01","ingangsdatum":"2020-01-01","beschikkingsStatussen":["beschikking_genomen"]},
                 {"vastgesteldeWaarde":163000,"waardepeildatum":"2018-01-01","ingangsdatum":"2019-03-17","beschikkingsStatussen":["beschikking_genomen"]},
                 {"vastgesteldeWaarde":160000,"waardepeildatum":"2018-01-01","ingangsdatum":"2019-01-01","beschikkingsStatussen":["beschikking_genomen"]},
                 {"vastgesteldeWaarde":155000,"waardepeildatum":"2017-01-01","ingangsdatum":"2018-01-01","beschikkingsStatussen":["beschikking_genomen"]}]""");

        // Then one value per date, the latest ingangsdatum's, the latest date first
        assertThat(WozValues.relevant(waarden)).containsExactly(valuation("2019-01-01", 171_000),
                valuation("2018-01-01", 163_000), valuation("2017-01-01", 155_000));
    }

    @Test
    void anAnnulledBeschikkingDoesNotCountButOneWithAnotherStatusBesideItDoes() throws Exception {
        // Given "een vernietigde beschikking wordt genegeerd" (051800027395) and its sequel with a second status
        final JsonNode annulled = JSON.readTree("""
                [{"vastgesteldeWaarde":295000,"waardepeildatum":"2019-01-01","ingangsdatum":"2020-01-01","beschikkingsStatussen":["beschikking_genomen"]},
                 {"vastgesteldeWaarde":210000,"waardepeildatum":"2018-01-01","ingangsdatum":"2019-07-01","beschikkingsStatussen":["beschikking_vernietigd","beschikking_vernietigd"]},
                 {"vastgesteldeWaarde":283000,"waardepeildatum":"2018-01-01","ingangsdatum":"2019-01-01","beschikkingsStatussen":["beschikking_genomen"]}]""");
        final JsonNode notOnlyAnnulled = JSON.readTree("""
                [{"vastgesteldeWaarde":282000,"waardepeildatum":"2018-01-01","ingangsdatum":"2019-07-01","beschikkingsStatussen":["beschikking_vernietigd","bezwaar_gehandhaafd"]},
                 {"vastgesteldeWaarde":306000,"waardepeildatum":"2018-01-01","ingangsdatum":"2019-01-01","beschikkingsStatussen":["beschikking_genomen"]}]""");

        // Then the annulled one is skipped, and the one that is not only annulled counts
        assertThat(WozValues.relevant(annulled)).containsExactly(valuation("2019-01-01", 295_000),
                valuation("2018-01-01", 283_000));
        assertThat(WozValues.relevant(notOnlyAnnulled)).containsExactly(valuation("2018-01-01", 282_000));
    }

    @Test
    void theProxysAnswerWithoutIngangsdatumOrStatusesIsTakenAsItIs() throws Exception {
        final JsonNode proxied = JSON.readTree("""
                [{"vastgesteldeWaarde":176000,"waardepeildatum":"2018-01-01","indicatieBezwaarBeroep":true},
                 {"vastgesteldeWaarde":195000,"waardepeildatum":"2019-01-01"}]""");

        assertThat(WozValues.relevant(proxied)).containsExactly(valuation("2019-01-01", 195_000),
                valuation("2018-01-01", 176_000));
        assertThat(WozValues.relevant(JSON.readTree("[]"))).isEmpty();
    }

    @Test
    void aWaardeWithoutAWholeEuroValueOrADateIsMalformed() throws Exception {
        assertThatThrownBy(() -> WozValues.relevant(JSON.readTree("[{\"vastgesteldeWaarde\":1.5,\"waardepeildatum\":\"2019-01-01\"}]")))
                .isInstanceOf(MalformedResponseException.class).hasMessageContaining("vastgesteldeWaarde");
        assertThatThrownBy(() -> WozValues.relevant(JSON.readTree("[{\"vastgesteldeWaarde\":1,\"waardepeildatum\":\"1-1-2019\"}]")))
                .isInstanceOf(MalformedResponseException.class).hasMessageContaining("waardepeildatum");
    }

    @Test
    void theShippedConfigPassesTheConnectorsValidation() throws Exception {
        final Map<String, String> shipped = new HashMap<>();
        JSON.readTree(Path.of("config/woz-bevragen.json").toFile()).get("config").fields()
                .forEachRemaining(e -> shipped.put(e.getKey(), e.getValue().asText()));
        assertThat(new WozSourceConnector().validate(shipped).configValues())
                .allSatisfy(v -> assertThat(v.errorMessages()).as(v.name()).isEmpty());
        final WozConfig config = new WozConfig(shipped);
        assertThat(config.getString(WozConfig.TRANSFERS_TOPIC)).isEqualTo("kadaster.property-transfers");
        assertThat(config.consumer()).containsEntry("sasl.mechanism", "SCRAM-SHA-256")
                .containsEntry("bootstrap.servers", "kafka-1:9092,kafka-2:9092,kafka-3:9092")
                .doesNotContainKey("group.id");
        // the Kadaster allows 35 requests a minute
        assertThat(config.getDouble("register.requests.per.second") * 60).isLessThanOrEqualTo(35);
    }

    private static Valuation valuation(final String date, final long value) {
        return new Valuation(LocalDate.parse(date), value);
    }
}
