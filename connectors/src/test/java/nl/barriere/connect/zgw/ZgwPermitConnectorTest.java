package nl.barriere.connect.zgw;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import nl.barriere.connect.ConnectPlatform;
import nl.barriere.connect.RefusedRecords;
import nl.barriere.connect.http.SpecServer;
import nl.barriere.connect.http.SpecServer.Reply;
import nl.barriere.contract.Topics;
import nl.barriere.schema.PermitEvent;
import nl.barriere.schema.PermitEventType;
import nl.barriere.schema.PermitOutcome;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.connect.runtime.Connect;
import org.apache.kafka.connect.runtime.standalone.StandaloneHerder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ZGW permit connector in a real Connect worker, against a Zaken API whose every request and answer is checked
 * against the Zaken API 1.5 OpenAPI document of Open Zaak, and a notification posted to its receiver as the
 * Notificaties API would.
 */
class ZgwPermitConnectorTest {

    private static final String BSN_MANAGER = "123456782";
    private static final String CALLBACK_AUTH = "Bearer callback-secret-of-the-abonnement";
    private static final String ZAAK_A = "a1b2c3d4-0000-4000-8000-00000000000a";
    private static final String ZAAK_B = "a1b2c3d4-0000-4000-8000-00000000000b";
    private static final String ZAAK_C = "a1b2c3d4-0000-4000-8000-00000000000c";

    @TempDir
    static Path dir;

    private static ConnectPlatform platform;

    @BeforeAll
    static void startPlatform() throws Exception {
        platform = ConnectPlatform.start(dir);
    }

    @AfterAll
    static void stopPlatform() {
        platform.close();
    }

    @Test
    void firstLoadNotificationRestartFaultsMalformedAndManagers() throws Exception {
        try (SpecServer zaken = SpecServer.start("/openapi/zgw/zaken-openapi.validator.yaml", "/zaken/api/v1")) {
            final ZakenFixture zgw = new ZakenFixture(zaken);
            // Given zaak A submitted and completed, with one manager; zaak B submitted; zaak C whose statussen
            // answer is broken
            zgw.zaak(ZAAK_A, "HOR-2024-0017", "12345678", "0546010000012345", List.of(BSN_MANAGER));
            zgw.status(ZAAK_A, "5a000000-0000-4000-8000-0000000000a1", ZakenFixture.ST_ONTVANGEN, "2024-06-10T08:00:00+02:00");
            zgw.status(ZAAK_A, "5a000000-0000-4000-8000-0000000000a2", ZakenFixture.ST_IN_BEHANDELING, "2024-06-12T09:30:00Z");
            zgw.zaak(ZAAK_B, "HOR-2024-0018", "87654321", "0546010000067890", List.of());
            zgw.status(ZAAK_B, "5a000000-0000-4000-8000-0000000000b1", ZakenFixture.ST_ONTVANGEN, "2024-06-11T10:00:00Z");
            zgw.zaak(ZAAK_C, "HOR-2024-0019", "11223344", "0546010000011111", List.of());
            zgw.status(ZAAK_C, "5a000000-0000-4000-8000-0000000000c1", ZakenFixture.ST_ONTVANGEN, "2024-06-11T11:00:00Z");
            zgw.breakStatussen(ZAAK_C);
            // and the Zaken API first answers 429 (Retry-After 1 s), then 503
            zaken.thenReply(Reply.status(429).withHeader("Retry-After", "1"), Reply.status(503));
            final int port = freePort();

            // When the first worker starts: reconciliation lists the zaken and reads their statuses
            Connect<StandaloneHerder> worker = platform.startWorker(ZakenFixture.config(platform, zaken.url(), port, CALLBACK_AUTH));
            try {
                final List<ConsumerRecord<String, byte[]>> first = platform.read(Topics.HORECA_PERMIT_EVENTS.name(), 3);
                // Then every mapped status is one PermitEvent, keyed by the zaak identificatie, at datumStatusGezet
                assertThat(first).extracting(ConsumerRecord::key)
                        .containsExactlyInAnyOrder("HOR-2024-0017", "HOR-2024-0017", "HOR-2024-0018");
                final List<PermitEvent> events = platform.decode(PermitEvent.class, first);
                final PermitEvent submittedA = events.stream()
                        .filter(e -> e.getEventId().equals("zgw-status-5a000000-0000-4000-8000-0000000000a1")).findFirst()
                        .orElseThrow();
                assertThat(submittedA.getType()).isEqualTo(PermitEventType.SUBMITTED);
                assertThat(submittedA.getOccurredAt()).isEqualTo(Instant.parse("2024-06-10T06:00:00Z"));
                assertThat(submittedA.getApplicantKvkNumber()).isEqualTo("12345678");
                assertThat(submittedA.getEstablishmentNumber()).isEqualTo("000012345678");
                assertThat(submittedA.getBagVboId()).isEqualTo("0546010000012345");
                assertThat(submittedA.getSource().getReference()).isEqualTo(zaken.url()
                        + "/statussen/5a000000-0000-4000-8000-0000000000a1");
                // and the manager is the keyed HMAC of the BSN the Zaken API gave; no name, birth date or BSN in Kafka
                assertThat(submittedA.getManagerPseudonyms()).containsExactly(ConnectPlatform.expectedPseudonym(BSN_MANAGER));
                for (final ConsumerRecord<String, byte[]> r : first) {
                    assertThat(ConnectPlatform.everything(r)).doesNotContain(BSN_MANAGER, "Jansen", "1980-01-01");
                }
                assertThat(events).extracting(PermitEvent::getType).containsExactlyInAnyOrder(
                        PermitEventType.SUBMITTED, PermitEventType.COMPLETED, PermitEventType.SUBMITTED);
                // and the zaak with the broken answer is refused, without value, and the others went on
                final List<ConsumerRecord<String, byte[]>> refused = platform.read(ConnectPlatform.REFUSED_TOPIC, 1);
                assertThat(refused).hasSize(1);
                assertThat(refused.get(0).key()).isEqualTo("HOR-2024-0019");
                assertThat(refused.get(0).value()).isNull();
                assertThat(ConnectPlatform.header(refused.get(0), RefusedRecords.REASON_HEADER))
                        .contains("not JSON");

                // When zaak A is decided and the Notificaties API posts a notification, once with a wrong auth header
                zgw.resultaat(ZAAK_A, "7e000000-0000-4000-8000-0000000000a9", ZakenFixture.RT_VERLEEND);
                zgw.status(ZAAK_A, "5a000000-0000-4000-8000-0000000000a3", ZakenFixture.ST_BESLOTEN, "2024-07-01T12:00:00Z");
                assertThat(notify(port, "Bearer wrong", zgw.zaakUrl(ZAAK_A))).isEqualTo(403);
                assertThat(notify(port, CALLBACK_AUTH, zgw.zaakUrl(ZAAK_A))).isEqualTo(204);

                // Then one DECIDED event with the outcome follows
                final List<ConsumerRecord<String, byte[]>> afterNotification =
                        platform.read(Topics.HORECA_PERMIT_EVENTS.name(), 4);
                assertThat(afterNotification).hasSize(4);
                final PermitEvent decided = platform.decode(PermitEvent.class, afterNotification.subList(3, 4)).get(0);
                assertThat(decided.getType()).isEqualTo(PermitEventType.DECIDED);
                assertThat(decided.getOutcome()).isEqualTo(PermitOutcome.GRANTED);
                assertThat(decided.getOccurredAt()).isEqualTo(Instant.parse("2024-07-01T12:00:00Z"));
            } finally {
                worker.stop();
            }

            // When zaak B is withdrawn while no worker runs (its notification is lost), and a new worker starts
            zgw.status(ZAAK_B, "5a000000-0000-4000-8000-0000000000b2", ZakenFixture.ST_INGETROKKEN, "2024-07-02T08:00:00Z");
            worker = platform.startWorker(ZakenFixture.config(platform, zaken.url(), port, CALLBACK_AUTH));
            try {
                // Then exactly the one missed step arrives: no gap, and nothing emitted before comes again
                final List<ConsumerRecord<String, byte[]>> all = platform.read(Topics.HORECA_PERMIT_EVENTS.name(), 5);
                assertThat(all).hasSize(5);
                final PermitEvent withdrawn = platform.decode(PermitEvent.class, all.subList(4, 5)).get(0);
                assertThat(withdrawn.getApplicationId()).isEqualTo("HOR-2024-0018");
                assertThat(withdrawn.getType()).isEqualTo(PermitEventType.WITHDRAWN);
                assertThat(platform.decode(PermitEvent.class, all)).extracting(PermitEvent::getEventId)
                        .doesNotHaveDuplicates();
            } finally {
                worker.stop();
            }
            // and the 429 and 503 were retried: their request was asked again
            assertThat(zaken.requests().subList(0, 3)).allMatch(r -> r.startsWith("GET /zaken?zaaktype="));
            // and every request and answer conformed to the Zaken API document
            assertThat(zaken.violations()).isEmpty();
        }
    }

    private static int notify(final int port, final String auth, final String zaakUrl) throws Exception {
        final String body = "{\"kanaal\":\"zaken\",\"hoofdObject\":\"" + zaakUrl + "\",\"resource\":\"status\","
                + "\"resourceUrl\":\"" + zaakUrl + "\",\"actie\":\"create\",\"aanmaakdatum\":\"2024-07-01T12:00:01Z\","
                + "\"kenmerken\":{\"zaaktype\":\"" + ZakenFixture.ZAAKTYPE_EXPLOITATIE + "\"}}";
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                .header("Authorization", auth).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
