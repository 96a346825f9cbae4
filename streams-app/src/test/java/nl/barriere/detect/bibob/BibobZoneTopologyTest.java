package nl.barriere.detect.bibob;

import static nl.barriere.detect.Events.at;
import static nl.barriere.detect.Events.person;
import static nl.barriere.detect.bibob.BibobEvents.decided;
import static nl.barriere.detect.bibob.BibobEvents.registered;
import static nl.barriere.detect.bibob.BibobEvents.submitted;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import nl.barriere.contract.DeadLetters;
import nl.barriere.contract.Topics;
import nl.barriere.detect.Ruleset;
import nl.barriere.platform.TestTopologies;
import nl.barriere.schema.DangerLevel;
import nl.barriere.schema.DeadLetter;
import org.apache.kafka.streams.TopologyDescription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Rule 6 (Bibob secrecy) as the topology's shape: what it reads, what it writes, where its dead letters go. */
class BibobZoneTopologyTest {

    private final BibobDriver driver = new BibobDriver();

    @AfterEach
    void close() {
        driver.close();
    }

    @Test
    void theTopologyWritesOnlyRestrictedTopicsAndNeverTheSignalsTopic() {
        // Given the topology as built for production
        final TopologyDescription description = BibobZoneTopology.build(Ruleset.load("v1"),
                TestTopologies.serdeConfig()).describe();

        // Then its sinks are exactly the restricted context and the restricted dead letters
        final Set<String> sinks = new TreeSet<>();
        final Set<String> sources = new TreeSet<>();
        for (final TopologyDescription.Subtopology sub : description.subtopologies()) {
            for (final TopologyDescription.Node node : sub.nodes()) {
                if (node instanceof TopologyDescription.Sink sink) {
                    sinks.add(sink.topic());
                } else if (node instanceof TopologyDescription.Source source) {
                    sources.addAll(source.topicSet());
                }
            }
        }
        assertThat(sinks).containsExactlyInAnyOrder(Topics.RESTRICTED_CONTEXT.name(), BibobZoneTopology.DEAD_LETTERS_TOPIC)
                .doesNotContain(Topics.SIGNALS.name(), Topics.DEAD_LETTERS.name());
        assertThat(Topics.RESTRICTED_CONTEXT.restricted()).isTrue();
        assertThat(sources).containsExactlyInAnyOrder(Topics.BIBOB_CASE_EVENTS.name(), Topics.KVK_BUSINESS_EVENTS.name(),
                Topics.HORECA_PERMIT_EVENTS.name());
        assertThat(description.globalStores()).isEmpty();
    }

    @Test
    void aRunWithAMatchWritesOnlyTheRestrictedContext() {
        // Given a match on the applicant
        driver.pipe(registered("40000011", at("2024-01-02"), person(51)),
                decided("BIB-2024-000101", at("2024-02-01"), "40000011", null, DangerLevel.SERIOUS_DANGER),
                submitted("HOR-2024-000101", at("2024-05-01"), "40000011", List.of(person(52)))).advanceStreamTimeTo(at("2026-01-01"));
        // Then the only topic written is the restricted context
        assertThat(driver.contexts()).hasSize(1);
        assertThat(driver.producedTopics()).containsExactly(Topics.RESTRICTED_CONTEXT.name());
    }

    @Test
    void aBrokenBibobEventIsDeadLetteredOnTheRestrictedTopicOnly() {
        // Given bytes on the Bibob topic that are no Avro record
        final byte[] garbage = "not avro".getBytes(StandardCharsets.UTF_8);
        driver.pipeRaw(Topics.BIBOB_CASE_EVENTS, "HOR-2024-000102", garbage, at("2024-03-01"));

        // Then one dead letter on bibob.dead-letters with the original bytes, and nothing on the shared topic
        final List<DeadLetter> letters = driver.deadLetters();
        assertThat(letters).hasSize(1);
        assertThat(letters.get(0).getSourceTopic()).isEqualTo(Topics.BIBOB_CASE_EVENTS.name());
        assertThat(letters.get(0).getStage()).isEqualTo(DeadLetters.INGEST);
        assertThat(letters.get(0).getOriginalValue().array()).isEqualTo(garbage);
        assertThat(driver.producedTopics()).containsExactly(BibobZoneTopology.DEAD_LETTERS_TOPIC);
    }

    @Test
    void aBrokenRegisterOrPermitRecordIsLeftToTheAnalystZone() {
        // Given broken bytes on the register and permit topics, which the analyst zone dead-letters itself
        driver.pipeRaw(Topics.KVK_BUSINESS_EVENTS, "40000012", "broken".getBytes(StandardCharsets.UTF_8), at("2024-03-01"));
        driver.pipeRaw(Topics.HORECA_PERMIT_EVENTS, "HOR-2024-000103", "broken".getBytes(StandardCharsets.UTF_8),
                at("2024-03-01"));
        // Then this zone writes nothing at all
        assertThat(driver.producedTopics()).isEmpty();
    }

    @Test
    void oneInputInABurstOrPacedGivesTheSameContexts() {
        // Given an applicant whose director gets a SERIOUS_DANGER decision on 2024-04-28, an application of
        // 2024-05-01, and a decision downgrading the conclusion on 2024-05-03
        final String applicant = "40000091";
        final String director = person(91);
        final var registration = registered(applicant, at("2024-01-02"), director);
        final var danger = decided("BIB-2024-000091", at("2024-04-28"), null, director, DangerLevel.SERIOUS_DANGER);
        final var application = submitted("HOR-2024-000091", at("2024-05-01"), applicant, List.of(person(92)));
        final var downgrade = decided("BIB-2024-000091", at("2024-05-03"), null, director, DangerLevel.LESSER_DANGER);

        // When one zone gets it all at once in event-time order, and another gets it paced as the sources deliver
        // it: the danger decision entered four days late, after the application, with time passing between records
        final List<String> burst;
        final List<String> paced;
        try (BibobDriver driver = new BibobDriver()) {
            driver.pipe(registration, danger, application, downgrade).advanceStreamTimeTo(at("2024-07-01"));
            burst = driver.contexts().stream().map(r -> r.key() + "@" + r.timestamp() + "=" + r.value()).toList();
        }
        try (BibobDriver driver = new BibobDriver()) {
            driver.pipe(registration).pause().pipe(application).pause().pipe(danger).pause().pipe(downgrade).pause()
                    .advanceStreamTimeTo(at("2024-07-01"));
            paced = driver.contexts().stream().map(r -> r.key() + "@" + r.timestamp() + "=" + r.value()).toList();
        }

        // Then both emit the same contexts: the danger, then its withdrawal (a tombstone)
        assertThat(burst).hasSize(2);
        assertThat(burst.get(1)).endsWith("=null");
        assertThat(paced).isEqualTo(burst);
    }
}
