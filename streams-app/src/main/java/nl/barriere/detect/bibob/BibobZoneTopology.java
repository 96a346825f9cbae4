package nl.barriere.detect.bibob;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nl.barriere.contract.Topic;
import nl.barriere.contract.Topics;
import nl.barriere.detect.EventTimeOrder;
import nl.barriere.detect.Ruleset;
import nl.barriere.detect.bibob.BibobFacts.Application;
import nl.barriere.detect.bibob.BibobFacts.Conclusions;
import nl.barriere.detect.bibob.BibobFacts.Ids;
import nl.barriere.detect.bibob.BibobFacts.Officers;
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
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The Bibob-zone topology (art. 28 Wet Bibob; DESIGN.md §2 rule 6, §6 I12), as a pure function of the ruleset and
 * the serde settings. It runs as its own Kafka Streams application, with its own application id, state and
 * credentials, so that Bibob case events, and the state and changelogs derived from them, never share a principal
 * with the analyst zone. It writes only restricted topics: the I12 context for BIBOB officers and its own dead
 * letters.
 *
 * <pre>
 *   bibob-read-bibob-case-events ────► bibob-ingest ─────────┐
 *   bibob-read-kvk-business-events ──┐                       ├─► bibob-detect ─► bibob-write-restricted-context
 *   bibob-read-horeca-permit-events ─┴► bibob-ingest-shared ─┘
 *
 *   refused or failed:  bibob-ingest, bibob-detect ─► bibob-write-dead-letters
 *                       bibob-ingest-shared ────────► bibob-skip-invalid
 * </pre>
 *
 * <p>Dead letters: a broken Bibob case event goes to {@value #DEAD_LETTERS_TOPIC}, never to the shared
 * {@code ondermijning.dead-letters}, because a dead letter carries the original bytes and analysts read the shared
 * topic. A broken register or permit record is skipped here, not dead-lettered: the analyst zone reads the same
 * record with the same validation and already dead-letters it, so a second letter would only duplicate it (DESIGN.md
 * §2 rule 7 holds through the analyst zone).
 */
public final class BibobZoneTopology {

    /** The restricted dead-letter topic of the Bibob zone; belongs in the topic registry, restricted. */
    public static final String DEAD_LETTERS_TOPIC = Topics.BIBOB_DEAD_LETTERS.name();

    public static final String INGEST = "bibob-ingest";
    public static final String INGEST_SHARED = "bibob-ingest-shared";
    public static final String SKIP_INVALID = "bibob-skip-invalid";
    public static final String DETECT = "bibob-detect";
    public static final String WRITE_RESTRICTED_CONTEXT = "bibob-write-restricted-context";
    public static final String WRITE_DEAD_LETTERS = "bibob-write-dead-letters";

    public static final String BUFFER_STORE = "bibob-buffer";
    public static final String CLOCK_STORE = "bibob-clock";
    public static final String CONCLUSIONS_STORE = "bibob-conclusions";
    public static final String OFFICERS_STORE = "bibob-officers";
    public static final String OFFICER_BUSINESSES_STORE = "bibob-officer-businesses";
    public static final String APPLICATIONS_STORE = "bibob-applications";
    public static final String SUBJECT_APPLICATIONS_STORE = "bibob-subject-applications";

    /** The restricted source; only this zone reads it. */
    public static final Topic<String, ? extends SpecificRecord> RESTRICTED_INPUT = Topics.BIBOB_CASE_EVENTS;

    /** The sources the analyst zone also reads (and dead-letters). */
    public static final List<Topic<String, ? extends SpecificRecord>> SHARED_INPUTS =
            List.of(Topics.KVK_BUSINESS_EVENTS, Topics.HORECA_PERMIT_EVENTS);

    /** Every source of the zone, by name. */
    static final List<String> INPUT_NAMES = List.of(RESTRICTED_INPUT.name(), Topics.KVK_BUSINESS_EVENTS.name(),
            Topics.HORECA_PERMIT_EVENTS.name());

    /** Every topic this topology writes; all restricted. */
    public static final List<String> OUTPUTS = List.of(Topics.RESTRICTED_CONTEXT.name(), DEAD_LETTERS_TOPIC);

    private BibobZoneTopology() {}

    /**
     * @param ruleset     the rules; its {@code I12} entry gives the conclusions that count and the explanations
     * @param serdeConfig schema registry settings for the Avro serdes
     */
    public static Topology build(final Ruleset ruleset, final Map<String, ?> serdeConfig) {
        final Map<String, Deserializer<? extends SpecificRecord>> detectDeserializers = new LinkedHashMap<>();
        final Map<Topic<?, ?>, Serde<? extends SpecificRecord>> restricted = new LinkedHashMap<>();
        restricted.put(RESTRICTED_INPUT, RESTRICTED_INPUT.valueSerde(serdeConfig));
        detectDeserializers.put(RESTRICTED_INPUT.name(), RESTRICTED_INPUT.valueSerde(serdeConfig).deserializer());
        final Map<Topic<?, ?>, Serde<? extends SpecificRecord>> shared = new LinkedHashMap<>();
        for (final Topic<String, ? extends SpecificRecord> input : SHARED_INPUTS) {
            shared.put(input, input.valueSerde(serdeConfig));
            detectDeserializers.put(input.name(), input.valueSerde(serdeConfig).deserializer());
        }

        final Topology topology = new Topology();
        final List<Topic<String, ? extends SpecificRecord>> inputs = new ArrayList<>(SHARED_INPUTS);
        inputs.add(RESTRICTED_INPUT);
        final EventTimeExtractor eventTime = new EventTimeExtractor(inputs, serdeConfig);
        topology.addSource(AutoOffsetReset.earliest(), sourceName(RESTRICTED_INPUT), eventTime, new ByteArrayDeserializer(),
                new ByteArrayDeserializer(), RESTRICTED_INPUT.name());
        for (final Topic<String, ? extends SpecificRecord> input : SHARED_INPUTS) {
            topology.addSource(AutoOffsetReset.earliest(), sourceName(input), eventTime, new ByteArrayDeserializer(),
                    new ByteArrayDeserializer(), input.name());
        }
        topology.addProcessor(INGEST, () -> new IngestProcessor(restricted, DETECT, WRITE_DEAD_LETTERS),
                sourceName(RESTRICTED_INPUT));
        topology.addProcessor(INGEST_SHARED, () -> new IngestProcessor(shared, DETECT, SKIP_INVALID),
                SHARED_INPUTS.stream().map(BibobZoneTopology::sourceName).toArray(String[]::new));
        topology.addProcessor(SKIP_INVALID, SkipInvalid::new, INGEST_SHARED);
        topology.addProcessor(DETECT, () -> new BibobZoneProcessor(ruleset, detectDeserializers), INGEST, INGEST_SHARED);
        topology.addSink(WRITE_RESTRICTED_CONTEXT, Topics.RESTRICTED_CONTEXT.name(), Serdes.String().serializer(),
                Topics.RESTRICTED_CONTEXT.valueSerde(serdeConfig).serializer(), DETECT);
        topology.addSink(WRITE_DEAD_LETTERS, DEAD_LETTERS_TOPIC, Topics.DEAD_LETTERS.keySerde().serializer(),
                Topics.DEAD_LETTERS.valueSerde(serdeConfig).serializer(), INGEST, DETECT);

        topology.addStateStore(EventTimeOrder.bufferStore(BUFFER_STORE), DETECT);
        topology.addStateStore(EventTimeOrder.clockStore(CLOCK_STORE), DETECT);
        topology.addStateStore(store(CONCLUSIONS_STORE, new JsonSerde<>(Conclusions.class)), DETECT);
        topology.addStateStore(store(OFFICERS_STORE, new JsonSerde<>(Officers.class)), DETECT);
        topology.addStateStore(store(OFFICER_BUSINESSES_STORE, new JsonSerde<>(Ids.class)), DETECT);
        topology.addStateStore(store(APPLICATIONS_STORE, new JsonSerde<>(Application.class)), DETECT);
        topology.addStateStore(store(SUBJECT_APPLICATIONS_STORE, new JsonSerde<>(Ids.class)), DETECT);
        return topology;
    }

    static String sourceName(final Topic<?, ?> topic) {
        return "bibob-read-" + topic.name().replace('.', '-');
    }

    private static <V> StoreBuilder<?> store(final String name, final Serde<V> values) {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(), values)
                .withCachingEnabled();
    }

    /** Drops what the analyst zone already dead-letters (see the class comment). */
    static final class SkipInvalid implements Processor<byte[], Object, Void, Void> {
        @Override
        public void process(final Record<byte[], Object> record) {
            // Intentionally empty: IngestProcessor has logged the reason, and the analyst zone keeps the dead letter.
        }
    }
}
