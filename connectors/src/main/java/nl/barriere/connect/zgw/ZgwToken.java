package nl.barriere.connect.zgw;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The ZGW API authentication: a JWT signed HS256 with the client secret, carrying the client id as issuer and
 * {@code client_id}, issued-at now (the Zaken API refuses a token older than its expiry, so it is made anew).
 */
final class ZgwToken {

    private ZgwToken() {}

    static String bearer(final String clientId, final String secret, final Instant issuedAt) {
        final Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        final String id = json(clientId);
        final String header = b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        final String payload = b64.encodeToString(("{\"iss\":" + id + ",\"iat\":" + issuedAt.getEpochSecond()
                + ",\"client_id\":" + id + ",\"user_id\":" + id + ",\"user_representation\":" + id + "}")
                .getBytes(StandardCharsets.UTF_8));
        try {
            final Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            final String signed = header + "." + payload;
            return "Bearer " + signed + "." + b64.encodeToString(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
        } catch (final GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String json(final String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
