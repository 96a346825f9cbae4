package nl.barriere.detect;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import nl.barriere.contract.Topic;
import nl.barriere.contract.Topics;
import nl.barriere.platform.TestTopologies;
import nl.barriere.schema.BagObject;
import nl.barriere.schema.BusinessEvent;
import nl.barriere.schema.MortgageRegistered;
import nl.barriere.schema.WozValuation;
import nl.barriere.schema.DeadLetter;
import nl.barriere.schema.PermitEvent;
import nl.barriere.schema.PropertyTransfer;
import nl.barriere.schema.RiskSignal;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * The detection topology under {@link TopologyTestDriver}, with a real (in-process) schema registry behind the
 * Avro serdes. Events are piped with their event time as the record timestamp, as {@code produce} does.
 */
final class DetectionDriver implements AutoCloseable {

    private static final Duration DRAIN_STEP = Duration.ofMillis(200);

    private final TopologyTestDriver driver;
    private long piped;
    private long clockEvents;
    private final Map<String, Object> serdeConfig;
    private final String applicationId = TestTopologies.freshId("detect-test");
    private final TestOutputTopic<String, RiskSignal> signals;
    private final TestOutputTopic<byte[], DeadLetter> deadLetters;
    private final TestOutputTopic<String, byte[]> rawSignals;
    /** One input topic (and so one serde and registry client) per topic, as a real producer would have. */
    private final Map<String, TestInputTopic<String, ?>> inputs = new HashMap<>();

    DetectionDriver(final Ruleset ruleset) {
        this(ruleset, Indicators.ALL);
    }

    /** Detection with other indicators than Barrière's own. */
    DetectionDriver(final Ruleset ruleset, final List<Indicator> indicators) {
        serdeConfig = TestTopologies.serdeConfig();
        driver = TestTopologies.driver(DetectionTopology.build(ruleset, serdeConfig, Topics.SIGNALS.name(), null, indicators),
                applicationId);
        signals = driver.createOutputTopic(Topics.SIGNALS.name(), Serdes.String().deserializer(),
                Topics.SIGNALS.valueSerde(serdeConfig).deserializer());
        rawSignals = driver.createOutputTopic(Topics.SIGNALS.name(), Serdes.String().deserializer(),
                Serdes.ByteArray().deserializer());
        deadLetters = driver.createOutputTopic(Topics.DEAD_LETTERS.name(), Serdes.ByteArray().deserializer(),
                Topics.DEAD_LETTERS.valueSerde(serdeConfig).deserializer());
    }

    DetectionDriver() {
        this(Ruleset.load("v1"));
    }

    /** Its own application id: the {@code app} label of what it counts in the metrics. */
    String applicationId() {
        return applicationId;
    }


    /** Pipes events in the order given, each on its own topic, keyed and timestamped as the topic prescribes. */
    DetectionDriver pipe(final SpecificRecord... events) {
        for (final SpecificRecord event : events) {
            Events.before(event).forEach(this::pipeOne);
            pipeOne(event);
            Events.after(event).forEach(this::pipeOne);
        }
        return this;
    }

    private void pipeOne(final SpecificRecord event) {
        {
            if (event instanceof BusinessEvent e) {
                pipe(Topics.KVK_BUSINESS_EVENTS, e);
            } else if (event instanceof PropertyTransfer e) {
                pipe(Topics.KADASTER_PROPERTY_TRANSFERS, e);
            } else if (event instanceof PermitEvent e) {
                pipe(Topics.HORECA_PERMIT_EVENTS, e);
            } else if (event instanceof MortgageRegistered e) {
                pipe(Topics.KADASTER_MORTGAGES, e);
            } else if (event instanceof WozValuation e) {
                pipe(Topics.WOZ_VALUATIONS, e);
            } else if (event instanceof BagObject e) {
                pipe(Topics.BAG_OBJECTS, e);
            } else {
                throw new IllegalArgumentException("not an analyst-zone input: " + event.getClass());
            }
        }
    }

    <V extends SpecificRecord> DetectionDriver pipe(final Topic<String, V> topic, final V event) {
        return pipe(topic, event, Instant.ofEpochMilli(topic.timestampOf(event)));
    }

    /** With a record timestamp other than the event time, as a connector stamping ingestion time would write it. */
    <V extends SpecificRecord> DetectionDriver pipe(final Topic<String, V> topic, final V event, final Instant recordTime) {
        @SuppressWarnings("unchecked")
        final TestInputTopic<String, V> input = (TestInputTopic<String, V>) inputs.computeIfAbsent(topic.name(),
                name -> driver.createInputTopic(name, Serdes.String().serializer(), topic.valueSerde(serdeConfig).serializer()));
        input.pipeInput(topic.keyOf(event), event, recordTime);
        piped++;
        return this;
    }

    /** Raw bytes on an input topic, as a broken producer might write them. */
    DetectionDriver pipeRaw(final Topic<String, ?> topic, final String key, final byte[] value, final Instant time) {
        driver.createInputTopic(topic.name(), Serdes.String().serializer(), Serdes.ByteArray().serializer())
                .pipeInput(key, value, time);
        return this;
    }

    /**
     * Moves detection's clock to {@code time}, as the next event of the sources would: pipes an unrelated, harmless
     * registration at that time. Every event more than the hold (the ruleset's largest lateness) before it is then
     * released and processed; {@link #processed()} says how many.
     */
    DetectionDriver advanceStreamTimeTo(final Instant time) {
        pipe(Events.registered("99999999", time, "20000101", "9999", "0546010099999999"));
        clockEvents++;
        return drain();
    }

    /**
     * Lets wall-clock time pass until detection's background release has taken every due event: one record
     * releases at most a thousand, the punctuator the rest, every 200 ms of wall-clock time.
     */
    DetectionDriver drain() {
        long before;
        do {
            before = processed();
            driver.advanceWallClockTime(DRAIN_STEP);
        } while (processed() != before);
        return this;
    }

    /** Advances the driver's wall clock by {@code step}, firing what is scheduled on it. */
    DetectionDriver advanceWallClockTime(final Duration step) {
        driver.advanceWallClockTime(step);
        return this;
    }

    /** Detection's clock: the newest event time it accepted, or null before the first. */
    Instant clock() {
        final Long newest = driver.<String, Long>getKeyValueStore(DetectionTopology.CLOCK_STORE).get(EventTimeOrder.STREAM_TIME);
        return newest == null ? null : Instant.ofEpochMilli(newest);
    }

    /** Events the test piped, not counting those {@link #advanceStreamTimeTo} piped to move the clock. */
    long piped() {
        return piped - clockEvents;
    }

    /** Events detection has processed so far (released from the ordering buffer and evaluated). */
    long processed() {
        final Long count = driver.<String, Long>getKeyValueStore(DetectionTopology.CLOCK_STORE).get(DetectionProcessor.PROCESSED);
        return count == null ? 0 : count;
    }

    /** The signals as the bytes on the topic, for byte-for-byte comparisons. */
    List<byte[]> signalBytes() {
        return rawSignals.readValuesToList();
    }

    List<RiskSignal> signals() {
        return signals.readValuesToList();
    }

    List<DeadLetter> deadLetters() {
        return deadLetters.readValuesToList();
    }

    @Override
    public void close() {
        driver.close();
    }
}
