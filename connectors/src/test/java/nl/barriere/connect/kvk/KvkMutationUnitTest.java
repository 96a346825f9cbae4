package nl.barriere.connect.kvk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import nl.barriere.connect.http.MalformedResponseException;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The parts of the KvK connector that need no worker: settings, dates, the profile it keeps, its store. */
class KvkMutationUnitTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant SIGNAL = Instant.parse("2026-04-10T10:00:00Z");

    @TempDir
    Path dir;

    @Test
    void partialKvkDatesStartAtTheFirstKnownDayAndUnknownOnesFallBackToTheSignal() {
        assertThat(KvkMutationTask.date("20150600", SIGNAL)).isEqualTo(Instant.parse("2015-06-01T00:00:00Z"));
        assertThat(KvkMutationTask.date("20150000", SIGNAL)).isEqualTo(Instant.parse("2015-01-01T00:00:00Z"));
        assertThat(KvkMutationTask.date("20260301", SIGNAL)).isEqualTo(Instant.parse("2026-03-01T00:00:00Z"));
        assertThat(KvkMutationTask.date("00000000", SIGNAL)).isEqualTo(SIGNAL);
        assertThat(KvkMutationTask.date(null, SIGNAL)).isEqualTo(SIGNAL);
        assertThat(KvkMutationTask.date("2015-06", SIGNAL)).isEqualTo(SIGNAL);
    }

    @Test
    void legalFormsAndRolesMapToTheContractsSymbols() {
        assertThat(Profile.legalForm("Besloten Vennootschap")).isEqualTo("BV");
        assertThat(Profile.legalForm("Eenmanszaak met meer dan één eigenaar")).isEqualTo("EENMANSZAAK");
        assertThat(Profile.legalForm("Coöperatie")).isEqualTo("COOPERATIE");
        assertThat(Profile.legalForm("Kerkgenootschap")).isEqualTo("OTHER");
        assertThat(Profile.role("Bestuurder")).isEqualTo("DIRECTOR");
        assertThat(Profile.role("Commissaris")).isEqualTo("SUPERVISORY_BOARD");
        assertThat(Profile.role("Gevolmachtigde")).isEqualTo("PROXY_HOLDER");
    }

    @Test
    void theKeptProfileHoldsNoNameOrBirthDateAndTheStoreHoldsNoIdentifierInTheClear() throws Exception {
        final Profile profile = Profile.of(JSON.readTree("{\"kvkNummer\":\"12345678\",\"naam\":\"De Hoek B.V.\","
                        + "\"sbiActiviteiten\":[{\"sbiCode\":\"4711\",\"indHoofdactiviteit\":\"Nee\"},"
                        + "{\"sbiCode\":\"5610\",\"indHoofdactiviteit\":\"Ja\"}]}"),
                JSON.readTree("{\"functionarissen\":[{\"persoonId\":\" 123456782 \",\"naam\":\"J. Jansen\","
                        + "\"geboortedatum\":\"19700101\",\"functie\":\"Bestuurder\"}]}"));
        assertThat(profile.sbiCodes()).containsExactly("5610", "4711");
        assertThat(profile.officers()).containsExactly(new Profile.Officer("123456782", null, "DIRECTOR"));
        assertThat(profile.toJson()).doesNotContain("Jansen", "19700101");

        final ProfileStore store = new ProfileStore(dir, "test-only-state-key-0123456789abcdef");
        store.write(profile);
        assertThat(new String(Files.readAllBytes(dir.resolve("12345678")), java.nio.charset.StandardCharsets.ISO_8859_1))
                .doesNotContain("123456782");
        assertThat(store.read("12345678")).contains(profile);
        assertThat(store.read("87654321")).isEmpty();
        assertThatThrownBy(() -> new ProfileStore(dir, "another-key-0123456789abcdef-0123456").read("12345678"))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aProfileWithoutKvkNumberOrOfficersWithoutIdentifierIsMalformed() throws Exception {
        assertThatThrownBy(() -> Profile.of(JSON.readTree("{\"naam\":\"x\"}"), null))
                .isInstanceOf(MalformedResponseException.class);
        assertThatThrownBy(() -> Profile.of(JSON.readTree("{\"kvkNummer\":\"12345678\"}"),
                JSON.readTree("{\"functionarissen\":[{\"functie\":\"Bestuurder\"}]}")))
                .isInstanceOf(MalformedResponseException.class);
    }

    @Test
    void theSettingsAreChecked() {
        assertThat(new KvkMutationConfig(settings(Map.of())).getInt(KvkMutationConfig.PAGE_SIZE)).isEqualTo(100);
        assertThatThrownBy(() -> new KvkMutationConfig(settings(Map.of(KvkMutationConfig.STATE_KEY, "short"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("at least 32 bytes")
                .hasMessageNotContaining("short");
        assertThatThrownBy(() -> new KvkMutationConfig(settings(Map.of(KvkMutationConfig.START, "yesterday"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining(KvkMutationConfig.START);
        assertThatThrownBy(() -> new KvkMutationConfig(settings(Map.of(KvkMutationConfig.PAGE_SIZE, "0"))))
                .isInstanceOf(ConfigException.class);
        final Map<String, String> withoutSubscription = settings(Map.of());
        withoutSubscription.remove(KvkMutationConfig.SUBSCRIPTION);
        assertThatThrownBy(() -> new KvkMutationConfig(withoutSubscription)).isInstanceOf(ConfigException.class);
        assertThat(new KvkMutationConnector().config().configKeys()).containsKeys("register.url", "register.api.key",
                KvkMutationConfig.SUBSCRIPTION, KvkMutationConfig.STATE_DIR);
        assertThat(List.of(new KvkMutationConnector().config().configKeys().get(KvkMutationConfig.STATE_KEY).type))
                .containsExactly(org.apache.kafka.common.config.ConfigDef.Type.PASSWORD);
    }

    @Test
    void theShippedConfigPassesTheConnectorsValidation() throws Exception {
        final Map<String, String> shipped = new HashMap<>();
        JSON.readTree(Path.of("config/kvk-mutatieservice.json").toFile()).get("config").fields()
                .forEachRemaining(e -> shipped.put(e.getKey(), e.getValue().asText()
                        .replaceAll("\\$\\{file:[^}]+}", "resolved-by-the-config-provider-0123456789abcdef")));
        shipped.put(KvkMutationConfig.STATE_DIR, dir.toString());
        assertThat(new KvkMutationConnector().validate(shipped).configValues())
                .allSatisfy(v -> assertThat(v.errorMessages()).as(v.name()).isEmpty());
        assertThat(new KvkMutationConfig(shipped).getString(KvkMutationConfig.TOPIC)).isEqualTo("kvk.business-events");
    }

    private Map<String, String> settings(final Map<String, String> overrides) {
        final Map<String, String> settings = new HashMap<>(Map.of(
                "register.url", "https://api.kvk.nl/api/v1",
                KvkMutationConfig.PROFILE_URL, "https://api.kvk.nl/api/v1",
                KvkMutationConfig.SUBSCRIPTION, "abo-1",
                KvkMutationConfig.START, "2026-01-01T00:00:00Z",
                KvkMutationConfig.STATE_DIR, dir.toString(),
                KvkMutationConfig.STATE_KEY, "test-only-state-key-0123456789abcdef"));
        settings.putAll(overrides);
        return settings;
    }
}
