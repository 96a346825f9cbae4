package nl.barriere.review;

import java.time.Duration;
import java.util.Map;
import nl.barriere.contract.Topics;
import nl.barriere.schema.FlaggedPermit;
import nl.barriere.schema.RestrictedContext;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The review application's topology (DESIGN.md §7), as a pure function of the serde settings and the retention
 * period: signals and decisions meet in the four-eyes gate, which keeps them in queryable stores, writes a
 * {@link FlaggedPermit} when a second analyst confirms a permit application's escalation, refuses every other
 * decision that breaks the rules to the dead-letter topic, and tombstones dismissed signals when their retention
 * ends. It also seals every decision, access-log record and ruleset change into their hash chain
 * ({@code audit.seals}).
 *
 * <pre>
 *   read-decisions ─► key-decisions-by-signal ─┬─► write-unroutable-decision-dead-letters (undecodable, tombstone)
 *                                              └─► [barriere-review-decisions-by-signal-repartition]
 *                                                              │
 *   read-signals ──────────────────────┐                       │
 *                                      ├─► review-gate ◄───────┘ ─┬─► write-flagged-permits    (bibob.flagged-permits)
 *                                      │        ▲                 ├─► write-dead-letters       (ondermijning.dead-letters)
 *                                      │        │                 └─► write-signal-tombstones  (ondermijning.signals)
 *                                               │
 *   read-restricted-context ─► keep-restricted-context ─► [restricted-context] (global store)
 *
 *   read-case-steps ─► bibob-case-step-gate ─► write-case-step-dead-letters (bibob.dead-letters)
 *                              └─ [bibob-case-steps] [bibob-case-step-refusals]
 *
 *   read-decisions ──► seal-decisions  ──► write-decision-seals    (audit.seals)
 *   read-access-log ─► seal-access-log ──► write-access-log-seals  (audit.seals)
 *   read-ruleset-changes ─► seal-ruleset-changes ─► write-ruleset-seals (audit.seals)
 * </pre>
 *
 * <p>Partitioning: one task holds a signal and every decision on it. Signals are keyed by signal id and
 * partitioned by Kafka's default partitioner (detection writes them through Kafka Streams). Decisions are not taken
 * as their producer partitioned them: they are re-keyed by the signal id in their value and repartitioned with the
 * same partitioner, through {@code barriere-review-decisions-by-signal-repartition}, which Kafka Streams creates
 * with as many partitions as {@code review.decisions}; {@code review.decisions} and {@code ondermijning.signals}
 * are both created with {@code topics.partitions}, so the repartition topic is co-partitioned with the signals.
 * The restricted context is keyed by application id; it is a global store, so the task of any signal can attach
 * it. Because a global store is updated beside the stream threads, the context attached is the one known when the
 * confirmation is processed; the Bibob zone writes it long before two analysts have read a signal.
 */
public final class ReviewTopology {

    /** The review application's own id: its stores, changelogs and offsets are apart from detection's. */
    public static final String APPLICATION_ID = "barriere-review";

    public static final String READ_SIGNALS = "read-signals";
    public static final String READ_DECISIONS = "read-decisions";
    public static final String READ_RESTRICTED_CONTEXT = "read-restricted-context";
    public static final String KEEP_RESTRICTED_CONTEXT = "keep-restricted-context";
    public static final String GATE = "review-gate";
    public static final String WRITE_FLAGGED_PERMITS = "write-flagged-permits";
    public static final String WRITE_DEAD_LETTERS = "write-dead-letters";
    public static final String WRITE_SIGNAL_TOMBSTONES = "write-signal-tombstones";
    public static final String READ_ACCESS_LOG = "read-access-log";
    public static final String SEAL_DECISIONS = "seal-decisions";
    public static final String SEAL_ACCESS_LOG = "seal-access-log";
    public static final String WRITE_DECISION_SEALS = "write-decision-seals";
    public static final String WRITE_ACCESS_LOG_SEALS = "write-access-log-seals";
    public static final String READ_RULESET_CHANGES = "read-ruleset-changes";
    public static final String SEAL_RULESET_CHANGES = "seal-ruleset-changes";
    public static final String WRITE_RULESET_SEALS = "write-ruleset-seals";
    public static final String READ_CASE_STEPS = "read-case-steps";
    public static final String CASE_STEP_GATE = "bibob-case-step-gate";
    public static final String WRITE_CASE_STEP_DEAD_LETTERS = "write-case-step-dead-letters";
    public static final String KEY_DECISIONS_BY_SIGNAL = "key-decisions-by-signal";
    /** The repartition topic {@code barriere-review-decisions-by-signal-repartition}: decisions keyed by signal id. */
    public static final String DECISIONS_BY_SIGNAL = "decisions-by-signal";
    /**
     * The first node of the way into that topic (Kafka Streams' filter of null keys, which a decision never has) and
     * the topic's source, as Kafka Streams names them after the repartition topic; the golden file holds them.
     */
    static final String DECISIONS_BY_SIGNAL_ENTRY = DECISIONS_BY_SIGNAL + "-repartition-filter";
    static final String DECISIONS_BY_SIGNAL_SOURCE = DECISIONS_BY_SIGNAL + "-repartition-source";
    public static final String WRITE_DECISION_DEAD_LETTERS = "write-unroutable-decision-dead-letters";

    /** Signal id → the signal as detection emitted it. */
    public static final String SIGNALS_STORE = "review-signals";
    /** {@code signalId#00000} → an accepted decision, numbered per signal in the order accepted. */
    public static final String DECISIONS_STORE = "review-decisions";
    /** Signal id → the id of the newer signal whose {@code supersedes} names it. */
    public static final String SUPERSEDED_STORE = "review-superseded-by";
    /** Signal id → the flagged permit the gate wrote for it. RESTRICTED. */
    public static final String FLAGGED_PERMITS_STORE = "flagged-permits";
    /** Decision id → why the gate refused it, so the desk can tell the user of a refusal it could not foresee. */
    public static final String REFUSALS_STORE = "review-refusals";
    /** {@code dueMillis|signalId} → signal id: dismissed signals in the order their retention ends. */
    public static final String RETENTION_STORE = "review-retention";
    /** Application id → the Bibob zone's restricted context (global store). RESTRICTED. */
    public static final String RESTRICTED_CONTEXT_STORE = "restricted-context";

    /** {@code applicationId#00000} → a BIBOB officer's accepted step, numbered per application. RESTRICTED. */
    public static final String CASE_STEPS_STORE = "bibob-case-steps";
    /** Step id → why the case-step gate refused it, for the desk to tell the officer. RESTRICTED. */
    public static final String CASE_STEP_REFUSALS_STORE = "bibob-case-step-refusals";

    /** Partition key ({@code review.decisions-3}) → {@code offset chain}: the head of each decision partition's chain. */
    public static final String DECISIONS_CHAIN_STORE = "audit-chain-decisions";
    /** The same for {@code review.access-log}. */
    public static final String ACCESS_LOG_CHAIN_STORE = "audit-chain-access-log";
    /** The same for {@code governance.rulesets}. */
    public static final String RULESET_CHAIN_STORE = "audit-chain-rulesets";

    /** Stage named in the dead letters of this topology. */
    public static final String STAGE = "review-gate";
    /** Stage named in the dead letters of the BIBOB officers' case steps. */
    public static final String CASE_STEPS_STAGE = "bibob-case-steps";

    /** Default retention of a dismissed signal: six months (183 days, as DOMAIN.md §5 counts six months). */
    public static final Duration DEFAULT_DISMISSED_RETENTION = Duration.ofDays(183);

    private ReviewTopology() {}

    /**
     * @param serdeConfig        schema registry settings for the Avro serdes
     * @param dismissedRetention how long after its dismissal (in stream time) a dismissed signal is tombstoned
     * @param signer             the review app's key, which the gate checks every decision's signature against
     */
    public static Topology build(final Map<String, ?> serdeConfig, final Duration dismissedRetention,
                                 final DecisionSigner signer) {
        // The decisions are re-keyed by the signal id they name and repartitioned (an internal topic of this
        // application, partitioned like ondermijning.signals), so the gate does not depend on the partition their
        // producer chose. That step is the DSL's, the only public way to an internal repartition topic; the rest is
        // added to the same topology by the Processor API.
        final StreamsBuilder builder = new StreamsBuilder();
        final KStream<byte[], byte[]> decisions = builder.stream(Topics.REVIEW_DECISIONS.name(),
                Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName(READ_DECISIONS));
        decisions.process(() -> new DecisionsBySignal(Topics.REVIEW_DECISIONS.valueSerde(serdeConfig).deserializer()),
                        Named.as(KEY_DECISIONS_BY_SIGNAL))
                .repartition(Repartitioned.<byte[], Object>as(DECISIONS_BY_SIGNAL)
                        .withKeySerde(Serdes.ByteArray()).withValueSerde(rawBytes()));
        final Topology topology = builder.build();
        topology.addSink(WRITE_DECISION_DEAD_LETTERS, Topics.DEAD_LETTERS.name(),
                Topics.DEAD_LETTERS.keySerde().serializer(), Topics.DEAD_LETTERS.valueSerde(serdeConfig).serializer(),
                KEY_DECISIONS_BY_SIGNAL);

        topology.addSource(READ_SIGNALS, new ByteArrayDeserializer(), new ByteArrayDeserializer(), Topics.SIGNALS.name());
        topology.addProcessor(GATE, () -> new ReviewGateProcessor(
                Topics.SIGNALS.valueSerde(serdeConfig).deserializer(),
                Topics.REVIEW_DECISIONS.valueSerde(serdeConfig).deserializer(), dismissedRetention, signer),
                READ_SIGNALS, DECISIONS_BY_SIGNAL_SOURCE);
        topology.addSink(WRITE_FLAGGED_PERMITS, Topics.FLAGGED_PERMITS.name(), Serdes.String().serializer(),
                Topics.FLAGGED_PERMITS.valueSerde(serdeConfig).serializer(), GATE);
        topology.addSink(WRITE_DEAD_LETTERS, Topics.DEAD_LETTERS.name(), Topics.DEAD_LETTERS.keySerde().serializer(),
                Topics.DEAD_LETTERS.valueSerde(serdeConfig).serializer(), GATE);
        topology.addSink(WRITE_SIGNAL_TOMBSTONES, Topics.SIGNALS.name(), Serdes.String().serializer(),
                Topics.SIGNALS.valueSerde(serdeConfig).serializer(), GATE);

        topology.addStateStore(store(SIGNALS_STORE, Topics.SIGNALS.valueSerde(serdeConfig)), GATE);
        topology.addStateStore(store(DECISIONS_STORE, Topics.REVIEW_DECISIONS.valueSerde(serdeConfig)), GATE);
        topology.addStateStore(store(SUPERSEDED_STORE, Serdes.String()), GATE);
        topology.addStateStore(store(FLAGGED_PERMITS_STORE, Topics.FLAGGED_PERMITS.valueSerde(serdeConfig)), GATE);
        topology.addStateStore(store(REFUSALS_STORE, Serdes.String()), GATE);
        topology.addStateStore(store(RETENTION_STORE, Serdes.String()), GATE);

        // The BIBOB officers' steps: a subtopology of their own, whose dead letters stay in the Bibob zone.
        topology.addSource(READ_CASE_STEPS, new ByteArrayDeserializer(), new ByteArrayDeserializer(),
                Topics.BIBOB_CASE_STEPS.name());
        topology.addProcessor(CASE_STEP_GATE, () -> new BibobCaseStepProcessor(
                Topics.BIBOB_CASE_STEPS.valueSerde(serdeConfig).deserializer(), signer), READ_CASE_STEPS);
        topology.addSink(WRITE_CASE_STEP_DEAD_LETTERS, Topics.BIBOB_DEAD_LETTERS.name(),
                Topics.BIBOB_DEAD_LETTERS.keySerde().serializer(),
                Topics.BIBOB_DEAD_LETTERS.valueSerde(serdeConfig).serializer(), CASE_STEP_GATE);
        topology.addStateStore(store(CASE_STEPS_STORE, Topics.BIBOB_CASE_STEPS.valueSerde(serdeConfig)), CASE_STEP_GATE);
        topology.addStateStore(store(CASE_STEP_REFUSALS_STORE, Serdes.String()), CASE_STEP_GATE);

        // The logs that are never rewritten are sealed record by record as they are read (AuditChain).
        seal(topology, serdeConfig, READ_DECISIONS, SEAL_DECISIONS, WRITE_DECISION_SEALS, DECISIONS_CHAIN_STORE);
        topology.addSource(READ_ACCESS_LOG, new ByteArrayDeserializer(), new ByteArrayDeserializer(),
                Topics.ACCESS_LOG.name());
        seal(topology, serdeConfig, READ_ACCESS_LOG, SEAL_ACCESS_LOG, WRITE_ACCESS_LOG_SEALS, ACCESS_LOG_CHAIN_STORE);
        topology.addSource(READ_RULESET_CHANGES, new ByteArrayDeserializer(), new ByteArrayDeserializer(),
                Topics.RULESET_CHANGES.name());
        seal(topology, serdeConfig, READ_RULESET_CHANGES, SEAL_RULESET_CHANGES, WRITE_RULESET_SEALS, RULESET_CHAIN_STORE);

        // A global store is restored from its (compacted) source topic, so it keeps no changelog of its own.
        topology.addGlobalStore(
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(RESTRICTED_CONTEXT_STORE), Serdes.String(),
                        Topics.RESTRICTED_CONTEXT.valueSerde(serdeConfig)).withLoggingDisabled(),
                READ_RESTRICTED_CONTEXT, Serdes.String().deserializer(),
                Topics.RESTRICTED_CONTEXT.valueSerde(serdeConfig).deserializer(), Topics.RESTRICTED_CONTEXT.name(),
                KEEP_RESTRICTED_CONTEXT, KeepRestrictedContext::new);
        return topology;
    }

    /**
     * The decision's bytes as they were read: the re-keying forwards them unchanged (its other output, the dead
     * letters, has a sink of its own), so the repartition topic holds byte arrays.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Serde<Object> rawBytes() {
        return (Serde) Serdes.ByteArray();
    }

    /** Keeps the newest restricted context per application id; a tombstone removes it. */
    private static final class KeepRestrictedContext implements Processor<String, RestrictedContext, Void, Void> {

        private static final Logger LOG = LoggerFactory.getLogger(KeepRestrictedContext.class);

        private KeyValueStore<String, RestrictedContext> contexts;

        @Override
        public void init(final ProcessorContext<Void, Void> context) {
            contexts = context.getStateStore(RESTRICTED_CONTEXT_STORE);
        }

        @Override
        public void process(final Record<String, RestrictedContext> record) {
            if (record.key() == null) {
                LOG.warn("restricted context without an application id is ignored: {}", record.value());
                return;
            }
            if (record.value() == null) {
                contexts.delete(record.key());
            } else {
                contexts.put(record.key(), record.value());
            }
        }
    }

    private static void seal(final Topology topology, final Map<String, ?> serdeConfig, final String source,
                             final String processor, final String sink, final String store) {
        topology.addProcessor(processor, () -> new SealProcessor(store), source);
        topology.addSink(sink, Topics.AUDIT_SEALS.name(), Serdes.String().serializer(),
                Topics.AUDIT_SEALS.valueSerde(serdeConfig).serializer(), processor);
        topology.addStateStore(store(store, Serdes.String()), processor);
    }

    private static <V> StoreBuilder<KeyValueStore<String, V>> store(final String name, final Serde<V> values) {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(), values);
    }
}
