package nl.barriere.connect.zgw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class ZgwPermitConfigTest {

    @Test
    void theShippedConfigIsValidOnceTheSecretsAreResolved() throws Exception {
        // Given the shipped config with its config-provider references replaced by values
        final Map<String, String> props = shipped();
        // When it is parsed, Then its mappings come out as written
        final ZgwPermitConfig config = new ZgwPermitConfig(props);
        assertThat(config.mapping(ZgwPermitConfig.ZAAKTYPEN)).containsValues("EXPLOITATIE", "ALCOHOL", "TERRAS");
        assertThat(config.mapping(ZgwPermitConfig.STATUSTYPEN)).hasSize(6);
    }

    @Test
    void aStatustypeMappedToAnUnknownStepIsRefusedNamingTheSetting() throws Exception {
        final Map<String, String> props = shipped();
        props.put(ZgwPermitConfig.STATUSTYPEN, "https://catalogi.example/statustypen/1=MANAGER_CHANGED");
        assertThatThrownBy(() -> new ZgwPermitConfig(props)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(ZgwPermitConfig.STATUSTYPEN).hasMessageContaining("MANAGER_CHANGED");
    }

    @Test
    void aReceiverWithoutTheAuthorizationValueItChecksIsRefused() throws Exception {
        final Map<String, String> props = shipped();
        props.put(ZgwPermitConfig.CALLBACK_AUTH, "");
        assertThatThrownBy(() -> new ZgwPermitConfig(props)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(ZgwPermitConfig.CALLBACK_AUTH);
    }

    @Test
    void theTokenIsAnHs256JwtWithTheClientIdAndIssuedAt() throws Exception {
        // When a token is made for client "barriere" at a fixed time
        final String bearer = ZgwToken.bearer("barriere", "s3cret", Instant.parse("2024-06-10T08:00:00Z"));
        // Then it is "Bearer " + header.payload.signature, the signature HS256 over header.payload with the secret
        assertThat(bearer).startsWith("Bearer ");
        final String[] parts = bearer.substring("Bearer ".length()).split("\\.");
        assertThat(parts).hasSize(3);
        final Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec("s3cret".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        assertThat(Base64.getUrlEncoder().withoutPadding().encodeToString(
                mac.doFinal((parts[0] + "." + parts[1]).getBytes(StandardCharsets.UTF_8)))).isEqualTo(parts[2]);
        final var payload = new ObjectMapper().readTree(Base64.getUrlDecoder().decode(parts[1]));
        assertThat(payload.path("iss").asText()).isEqualTo("barriere");
        assertThat(payload.path("client_id").asText()).isEqualTo("barriere");
        assertThat(payload.path("iat").asLong()).isEqualTo(1_718_006_400L);
        assertThat(new ObjectMapper().readTree(Base64.getUrlDecoder().decode(parts[0])).path("alg").asText())
                .isEqualTo("HS256");
    }

    private static Map<String, String> shipped() throws Exception {
        final var json = new ObjectMapper().readTree(Files.readString(Path.of("config/horeca-permits-zgw.json")));
        final Map<String, String> props = new HashMap<>();
        json.path("config").fields().forEachRemaining(e -> props.put(e.getKey(),
                e.getValue().asText().startsWith("${file:") ? "resolved-secret" : e.getValue().asText()));
        return props;
    }
}
