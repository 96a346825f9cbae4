package nl.barriere.connect.kvk;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import nl.barriere.connect.ConnectPlatform;
import nl.barriere.connect.ContractConverter;
import nl.barriere.connect.http.SpecServer;
import nl.barriere.connect.http.SpecServer.Reply;
import nl.barriere.contract.Topics;
import nl.barriere.schema.BusinessEvent;
import nl.barriere.schema.BusinessEventType;
import nl.barriere.schema.LegalForm;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.connect.runtime.Connect;
import org.apache.kafka.connect.runtime.standalone.StandaloneHerder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A subscription started on an existing business: its first signal only sets the baseline; a legal-form change and
 * a transfer after it become LEGAL_FORM_CHANGED, ACTIVITY_CHANGED and TRANSFERRED. Officers are not followed here.
 */
class KvkMutationChangesTest {

    private static final String KVK = "34567890";
    private static final String SUBSCRIPTION = "abo-leiden-2";

    @TempDir
    static Path dir;

    private static ConnectPlatform platform;
    private static SpecServer mutatieservice;
    private static SpecServer basisprofiel;
    private static final List<String> signals = new CopyOnWriteArrayList<>();
    private static final AtomicReference<String> profile = new AtomicReference<>();

    @BeforeAll
    static void start() throws Exception {
        platform = ConnectPlatform.start(dir);
        mutatieservice = SpecServer.start("/openapi/kvk/mutatieservice-stand-in.yaml", "/api/v1")
                .on("/abonnementen/" + SUBSCRIPTION + "/signalen/", x -> Reply.json("{\"signaalType\":"
                        + "\"SignaalVoortzettingEnOverdracht\",\"voortzettingEnOverdracht\":{\"startdatum\":\"20260601\","
                        + "\"kvkNummer\":\"45678901\",\"rol\":\"VG\"}}"))
                .on("/abonnementen/" + SUBSCRIPTION, x -> Reply.json("{\"pagina\":1,\"aantal\":100,\"totaal\":"
                        + signals.size() + ",\"totaalPaginas\":1,\"signalen\":[" + String.join(",", signals) + "]}"));
        basisprofiel = SpecServer.start("/openapi/kvk/basisprofiel-openapi.yaml", "/api/v1")
                .on("/basisprofielen/", x -> Reply.json(profile.get()));
    }

    @AfterAll
    static void stop() {
        mutatieservice.close();
        basisprofiel.close();
        platform.close();
    }

    @Test
    void aFirstSightSetsTheBaselineAndLaterSignalsEmitWhatChanged() throws Exception {
        profile.set(profile("Eenmanszaak", "9602"));
        signals.add(signal("sig-a", "2026-02-01T09:00:00Z", "SignaalGewijzigdeInschrijving"));
        final Connect<StandaloneHerder> connect = platform.startWorker(config());
        try {
            final Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
            while (basisprofiel.requests().isEmpty() && Instant.now().isBefore(deadline)) {
                Thread.sleep(100);
            }
            Thread.sleep(500);
            profile.set(profile("Besloten Vennootschap", "5630"));
            signals.add(signal("sig-b", "2026-05-04T12:00:00Z", "SignaalRechtsvormwijziging"));
            signals.add(signal("sig-c", "2026-06-01T08:00:00Z", "SignaalVoortzettingEnOverdracht"));

            final List<ConsumerRecord<String, byte[]>> records = platform.read(Topics.KVK_BUSINESS_EVENTS.name(), 3);
            assertThat(records).hasSize(3);
            final List<BusinessEvent> events = platform.decode(BusinessEvent.class, records);
            assertThat(events).extracting(BusinessEvent::getType).containsExactlyInAnyOrder(
                    BusinessEventType.LEGAL_FORM_CHANGED, BusinessEventType.ACTIVITY_CHANGED,
                    BusinessEventType.TRANSFERRED);
            final BusinessEvent legalForm = events.stream()
                    .filter(e -> e.getType() == BusinessEventType.LEGAL_FORM_CHANGED).findFirst().orElseThrow();
            assertThat(legalForm.getLegalForm()).isEqualTo(LegalForm.BV);
            assertThat(legalForm.getOccurredAt()).isEqualTo(Instant.parse("2026-05-04T12:00:00Z"));
            assertThat(legalForm.getEventId()).isEqualTo("kvk-sig-b-legal_form_changed-0");
            final BusinessEvent transferred = events.stream()
                    .filter(e -> e.getType() == BusinessEventType.TRANSFERRED).findFirst().orElseThrow();
            assertThat(transferred.getOccurredAt()).isEqualTo(Instant.parse("2026-06-01T00:00:00Z"));
            // the transfer is an event of the successor, pointing at the business it continued
            assertThat(transferred.getKvkNumber()).isEqualTo("45678901");
            assertThat(transferred.getTransferredFromKvkNumber()).isEqualTo(KVK);
            assertThat(records).extracting(ConsumerRecord::key).containsExactlyInAnyOrder(KVK, KVK, "45678901");
            assertThat(events).noneMatch(e -> e.getSource().getReference().equals("sig-a"));
        } finally {
            connect.stop();
        }
        assertThat(mutatieservice.violations()).isEmpty();
        assertThat(basisprofiel.violations()).isEmpty();
    }

    private static String signal(final String id, final String at, final String type) {
        return "{\"id\":\"" + id + "\",\"timestamp\":\"" + at + "\",\"kvknummer\":\"" + KVK + "\",\"signaalType\":\""
                + type + "\"}";
    }

    private static String profile(final String rechtsvorm, final String sbi) {
        return "{\"kvkNummer\":\"" + KVK + "\",\"materieleRegistratie\":{\"datumAanvang\":\"20190400\"},"
                + "\"sbiActiviteiten\":[{\"sbiCode\":\"" + sbi + "\",\"indHoofdactiviteit\":\"Ja\"}],"
                + "\"_embedded\":{\"eigenaar\":{\"rechtsvorm\":\"" + rechtsvorm + "\"}}}";
    }

    private static Map<String, String> config() throws Exception {
        return Map.ofEntries(
                Map.entry("name", "kvk-mutations-changes"),
                Map.entry("connector.class", KvkMutationConnector.class.getName()),
                Map.entry("register.url", mutatieservice.url()),
                Map.entry("register.api.key", platform.secret("kvk.properties", "api.key", "test-api-key")),
                Map.entry("register.requests.per.second", "50"),
                Map.entry("kvk.profile.url", basisprofiel.url()),
                Map.entry("kvk.subscription.id", SUBSCRIPTION),
                Map.entry("kvk.start", "2026-01-01T00:00:00Z"),
                Map.entry("kvk.poll.interval.ms", "200"),
                Map.entry("kvk.state.dir", dir.resolve("kvk-state").toString()),
                Map.entry("kvk.state.key", platform.secret("kvk-state.properties", "state.key",
                        "test-only-state-key-0123456789abcdef")),
                Map.entry("value.converter", ContractConverter.class.getName()),
                Map.entry("value.converter.schema.registry.url", platform.registryUrl()),
                Map.entry("errors.tolerance", "none"));
    }
}
