package nl.barriere.detect.bibob;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import nl.barriere.contract.Topic;
import nl.barriere.contract.Topics;
import nl.barriere.detect.Ruleset;
import nl.barriere.platform.TestTopologies;
import nl.barriere.schema.BibobCaseEvent;
import nl.barriere.schema.BusinessEvent;
import nl.barriere.schema.DeadLetter;
import nl.barriere.schema.PermitEvent;
import nl.barriere.schema.RestrictedContext;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/**
 * The Bibob-zone topology under {@link TopologyTestDriver}, with a real (in-process) schema registry behind the
 * Avro serdes. Events are piped with their event time as the record timestamp, as {@code produce} does.
 */
final class BibobDriver implements AutoCloseable {

    private final TopologyTestDriver driver;
    private final String applicationId = TestTopologies.freshId("bibob-test");
    private final Map<String, Object> serdeConfig;
    private final TestOutputTopic<String, RestrictedContext> contexts;
    private final TestOutputTopic<byte[], DeadLetter> deadLetters;

    BibobDriver(final Ruleset ruleset) {
        serdeConfig = TestTopologies.serdeConfig();
        driver = TestTopologies.driver(BibobZoneTopology.build(ruleset, serdeConfig), applicationId);
        contexts = driver.createOutputTopic(Topics.RESTRICTED_CONTEXT.name(), Serdes.String().deserializer(),
                Topics.RESTRICTED_CONTEXT.valueSerde(serdeConfig).deserializer());
        deadLetters = driver.createOutputTopic(BibobZoneTopology.DEAD_LETTERS_TOPIC, Serdes.ByteArray().deserializer(),
                Topics.DEAD_LETTERS.valueSerde(serdeConfig).deserializer());
    }

    BibobDriver() {
        this(Ruleset.load("v1"));
    }


    /** Pipes events in the order given, each on its own topic, keyed and timestamped as the topic prescribes. */
    BibobDriver pipe(final SpecificRecord... events) {
        for (final SpecificRecord event : events) {
            if (event instanceof BusinessEvent e) {
                pipe(Topics.KVK_BUSINESS_EVENTS, e);
            } else if (event instanceof PermitEvent e) {
                pipe(Topics.HORECA_PERMIT_EVENTS, e);
            } else if (event instanceof BibobCaseEvent e) {
                pipe(Topics.BIBOB_CASE_EVENTS, e);
            } else {
                throw new IllegalArgumentException("not a Bibob-zone input: " + event.getClass());
            }
        }
        return this;
    }

    <V extends SpecificRecord> BibobDriver pipe(final Topic<String, V> topic, final V event) {
        driver.createInputTopic(topic.name(), Serdes.String().serializer(), topic.valueSerde(serdeConfig).serializer())
                .pipeInput(topic.keyOf(event), event, Instant.ofEpochMilli(topic.timestampOf(event)));
        return this;
    }

    /** Raw bytes on an input topic, as a broken producer might write them. */
    BibobDriver pipeRaw(final Topic<String, ?> topic, final String key, final byte[] value, final Instant time) {
        driver.createInputTopic(topic.name(), Serdes.String().serializer(), Serdes.ByteArray().serializer())
                .pipeInput(key, value, time);
        return this;
    }

    /**
     * Moves the zone's clock to {@code time}, as the next event of the sources would: pipes an unrelated
     * registration at that time. Every event more than the hold (the largest lateness of the zone's sources) before
     * it is then released.
     */
    BibobDriver advanceStreamTimeTo(final Instant time) {
        pipe(BibobEvents.registered("99999999", time, null));
        // The background release takes what one record's release leaves over, every 200 ms of wall-clock time.
        driver.advanceWallClockTime(Duration.ofSeconds(1));
        return this;
    }

    /** Lets a second of wall-clock time pass, as between records that arrive paced: the background release runs. */
    BibobDriver pause() {
        driver.advanceWallClockTime(Duration.ofSeconds(1));
        return this;
    }

    List<TestRecord<String, RestrictedContext>> contexts() {
        return contexts.readRecordsToList();
    }

    List<DeadLetter> deadLetters() {
        return deadLetters.readValuesToList();
    }

    /**
     * Every topic the topology has written to during the test, except its own store changelogs: those belong to
     * the zone's application id, and so to its restricted principal.
     */
    Set<String> producedTopics() {
        return driver.producedTopicNames().stream().filter(name -> !name.startsWith(applicationId + "-"))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    @Override
    public void close() {
        driver.close();
    }
}
