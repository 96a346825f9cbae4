package nl.barriere.detect;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nl.barriere.contract.Topic;
import nl.barriere.contract.Topics;
import nl.barriere.detect.Facts.Acquisitions;
import nl.barriere.detect.Facts.Applications;
import nl.barriere.detect.Facts.Business;
import nl.barriere.detect.Facts.Links;
import nl.barriere.detect.Facts.Mortgages;
import nl.barriere.detect.Facts.OpenWindow;
import nl.barriere.detect.Facts.Premises;
import nl.barriere.detect.Facts.Stays;
import nl.barriere.detect.Facts.SubjectState;
import nl.barriere.detect.Facts.Transfers;
import nl.barriere.detect.Facts.Valuations;
import nl.barriere.ingest.EventTimeExtractor;
import nl.barriere.ingest.IngestProcessor;
import nl.barriere.platform.JsonSerde;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.AutoOffsetReset;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The analyst-zone detection topology, as a pure function of the ruleset and the serde settings: read the six
 * analyst-zone sources (never the Bibob topic, DESIGN.md rule 6) → ingest (decode, validate, dead letters) →
 * detect (event-time order, entity state, indicators, scoring) → signals.
 *
 * <pre>
 *   read-kvk-business-events ─────────┐
 *   read-kadaster-property-transfers ─┤
 *   read-horeca-permit-events ────────┤
 *   read-kadaster-mortgages ──────────┼─► ingest ─► detect ─► write-signals
 *   read-woz-valuations ──────────────┤     │          └────► write-dead-letters
 *   read-bag-objects ─────────────────┘     └──────────────► write-dead-letters
 * </pre>
 */
public final class DetectionTopology {

    public static final String INGEST = "ingest";
    public static final String DETECT = "detect";
    public static final String WRITE_SIGNALS = "write-signals";
    public static final String WRITE_DEAD_LETTERS = "write-dead-letters";

    public static final String BUFFER_STORE = "detection-buffer";
    public static final String CLOCK_STORE = "detection-clock";
    public static final String BUSINESSES_STORE = "business-profiles";
    public static final String OFFICER_LINKS_STORE = "officer-entities";
    public static final String ESTABLISHMENTS_STORE = "bag-establishments";
    public static final String TRANSFERS_STORE = "bag-transfers";
    public static final String ACQUISITIONS_STORE = "buyer-acquisitions";
    public static final String APPLICATIONS_STORE = "bag-permit-applications";
    public static final String SUBJECTS_STORE = "subject-findings";
    public static final String MORTGAGES_STORE = "bag-mortgages";
    public static final String VALUATIONS_STORE = "bag-woz-valuations";
    public static final String PREMISES_STORE = "bag-premises";
    public static final String MORTGAGE_WINDOWS_STORE = "open-mortgage-windows";
    /** Key in {@link #CLOCK_STORE} counting the events detection has processed: with the dead letters, every input. */
    public static final String PROCESSED = "processed";

    /** The sources the analyst zone reads. */
    public static final List<Topic<String, ? extends SpecificRecord>> INPUTS =
            List.of(Topics.KVK_BUSINESS_EVENTS, Topics.KADASTER_PROPERTY_TRANSFERS, Topics.HORECA_PERMIT_EVENTS,
                    Topics.KADASTER_MORTGAGES, Topics.WOZ_VALUATIONS, Topics.BAG_OBJECTS);

    /** In a replay: the step between the sources and {@link #INGEST} that admits only the replayed input. */
    public static final String REPLAY_INPUT_SCOPE = "replay-input-scope";
    /** In a replay: the sink of the kept signals, behind the period filter that takes the {@link #WRITE_SIGNALS} name. */
    public static final String WRITE_REPLAYED_SIGNALS = "write-replayed-signals";

    /**
     * What a replay changes around detection, and nothing inside it: which input records it reads, which signals it
     * keeps, and where its dead letters go (never onto the live dead-letter topic, which would count them twice).
     *
     * @param inputScope       passes on the input records that belong to the replay (raw bytes, unchanged)
     * @param signalFilter     passes on the signals to keep; it is the node detection hands signals to
     * @param deadLettersTopic where the replay's dead letters go
     */
    public record ReplaySteps(ProcessorSupplier<byte[], byte[], byte[], byte[]> inputScope,
                              ProcessorSupplier<String, Object, String, Object> signalFilter,
                              String deadLettersTopic) {}

    private DetectionTopology() {}

    /**
     * @param ruleset      the rules to run
     * @param serdeConfig  schema registry settings for the Avro serdes
     * @param signalsTopic where signals go: {@code ondermijning.signals} live, {@code replay.NAME.signals} in a replay
     */
    public static Topology build(final Ruleset ruleset, final Map<String, ?> serdeConfig, final String signalsTopic) {
        return build(ruleset, serdeConfig, signalsTopic, null);
    }

    /**
     * The same topology with a replay's steps around it; with {@code replay} null it is the live topology.
     *
     * @param replay the replay's input scope, signal filter and dead-letter topic, or null
     */
    public static Topology build(final Ruleset ruleset, final Map<String, ?> serdeConfig, final String signalsTopic,
                                 final ReplaySteps replay) {
        return build(ruleset, serdeConfig, signalsTopic, replay, Indicators.ALL);
    }

    /**
     * The live topology with its signals and dead letters on topics of its own: a shadow run of a proposed
     * ruleset beside live detection, on the same input, never on the live topics.
     */
    public static Topology shadow(final Ruleset ruleset, final Map<String, ?> serdeConfig, final String signalsTopic,
                                  final String deadLettersTopic) {
        return build(ruleset, serdeConfig, signalsTopic, deadLettersTopic, null, Indicators.ALL);
    }

    /** With other indicators than Barrière's own: for tests of what detection does around them. */
    static Topology build(final Ruleset ruleset, final Map<String, ?> serdeConfig, final String signalsTopic,
                          final ReplaySteps replay, final List<Indicator> indicators) {
        return build(ruleset, serdeConfig, signalsTopic, replay == null ? Topics.DEAD_LETTERS.name()
                : replay.deadLettersTopic(), replay, indicators);
    }

    private static Topology build(final Ruleset ruleset, final Map<String, ?> serdeConfig, final String signalsTopic,
                                  final String deadLettersTopic, final ReplaySteps replay,
                                  final List<Indicator> indicators) {
        final Map<Topic<?, ?>, Serde<? extends SpecificRecord>> ingestSerdes = new LinkedHashMap<>();
        final Map<String, Deserializer<? extends SpecificRecord>> detectDeserializers = new LinkedHashMap<>();
        for (final Topic<String, ? extends SpecificRecord> input : INPUTS) {
            ingestSerdes.put(input, input.valueSerde(serdeConfig));
            detectDeserializers.put(input.name(), input.valueSerde(serdeConfig).deserializer());
        }
        final Topology topology = new Topology();
        final String[] sources = INPUTS.stream().map(DetectionTopology::sourceName).toArray(String[]::new);
        final EventTimeExtractor eventTime = new EventTimeExtractor(INPUTS, serdeConfig);
        for (final Topic<String, ? extends SpecificRecord> input : INPUTS) {
            topology.addSource(AutoOffsetReset.earliest(), sourceName(input), eventTime, new ByteArrayDeserializer(),
                    new ByteArrayDeserializer(), input.name());
        }
        if (replay != null) {
            topology.addProcessor(REPLAY_INPUT_SCOPE, replay.inputScope(), sources);
        }
        topology.addProcessor(INGEST, () -> new IngestProcessor(ingestSerdes, DETECT, WRITE_DEAD_LETTERS),
                replay == null ? sources : new String[] {REPLAY_INPUT_SCOPE});
        topology.addProcessor(DETECT, () -> new DetectionProcessor(ruleset, indicators, detectDeserializers), INGEST);
        if (replay == null) {
            topology.addSink(WRITE_SIGNALS, signalsTopic, Serdes.String().serializer(),
                    Topics.SIGNALS.valueSerde(serdeConfig).serializer(), DETECT);
        } else {
            topology.addProcessor(WRITE_SIGNALS, replay.signalFilter(), DETECT);
            topology.addSink(WRITE_REPLAYED_SIGNALS, signalsTopic, Serdes.String().serializer(),
                    Topics.SIGNALS.valueSerde(serdeConfig).serializer(), WRITE_SIGNALS);
        }
        topology.addSink(WRITE_DEAD_LETTERS, deadLettersTopic,
                Topics.DEAD_LETTERS.keySerde().serializer(), Topics.DEAD_LETTERS.valueSerde(serdeConfig).serializer(),
                INGEST, DETECT);

        topology.addStateStore(EventTimeOrder.bufferStore(BUFFER_STORE), DETECT);
        topology.addStateStore(EventTimeOrder.clockStore(CLOCK_STORE), DETECT);
        topology.addStateStore(store(BUSINESSES_STORE, new JsonSerde<>(Business.class)), DETECT);
        topology.addStateStore(store(OFFICER_LINKS_STORE, new JsonSerde<>(Links.class)), DETECT);
        topology.addStateStore(store(ESTABLISHMENTS_STORE, new JsonSerde<>(Stays.class)), DETECT);
        topology.addStateStore(store(TRANSFERS_STORE, new JsonSerde<>(Transfers.class)), DETECT);
        topology.addStateStore(store(ACQUISITIONS_STORE, new JsonSerde<>(Acquisitions.class)), DETECT);
        topology.addStateStore(store(APPLICATIONS_STORE, new JsonSerde<>(Applications.class)), DETECT);
        topology.addStateStore(store(SUBJECTS_STORE, new JsonSerde<>(SubjectState.class)), DETECT);
        topology.addStateStore(store(MORTGAGES_STORE, new JsonSerde<>(Mortgages.class)), DETECT);
        topology.addStateStore(store(VALUATIONS_STORE, new JsonSerde<>(Valuations.class)), DETECT);
        topology.addStateStore(store(PREMISES_STORE, new JsonSerde<>(Premises.class)), DETECT);
        topology.addStateStore(store(MORTGAGE_WINDOWS_STORE, new JsonSerde<>(OpenWindow.class)), DETECT);
        return topology;
    }

    static String sourceName(final Topic<?, ?> topic) {
        return "read-" + topic.name().replace('.', '-');
    }

    /**
     * A RocksDB store without Kafka Streams' record cache. At national volume the cache is full all the time:
     * every put evicts an entry, every commit walks all dirty entries through one large sorted map, and that
     * bookkeeping took half of the stream thread. Detection keeps its own recently used values as objects
     * ({@link RecentValues}) for reads; writes go to RocksDB and the changelog once the event has been handled.
     */
    private static <V> StoreBuilder<?> store(final String name, final Serde<V> values) {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(), values);
    }

}
