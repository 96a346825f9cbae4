package nl.barriere.devtools.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import nl.barriere.contract.Topic;
import nl.barriere.contract.Topics;
import nl.barriere.detect.DetectionTopology;
import nl.barriere.detect.Ruleset;
import nl.barriere.platform.AppConfig;
import nl.barriere.platform.Lag;
import nl.barriere.platform.StreamsApp;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;

/**
 * Times one variant over the preloaded input. Every run gets a fresh group or application id and its own state
 * directory, so nothing read by one run is skipped by the next.
 *
 * <p>The Streams variants are timed from {@code start()} to the moment the group's committed offsets reach the end
 * of the input ({@link Lag}): start-up, rebalance and the last commit are inside the time, as they are for an
 * operator waiting for a replay. Nothing is subtracted.
 */
final class ThroughputRunner {

    static final Set<String> THREAD_RATIOS = Set.of("process-ratio", "poll-ratio", "commit-ratio", "punctuate-ratio");
    private static final Duration CATCH_UP_TIMEOUT = Duration.ofMinutes(30);
    private static final Duration POLL = Duration.ofMillis(200);

    private final AppConfig config;
    private final Admin admin;
    private final Path stateRoot;
    private final HeapSampler heap;
    private final long inputEvents;
    private final List<String> inputTopics = DetectionTopology.INPUTS.stream().map(Topic::name).toList();

    ThroughputRunner(final AppConfig config, final Admin admin, final Path stateRoot, final HeapSampler heap,
                     final long inputEvents) {
        this.config = config;
        this.admin = admin;
        this.stateRoot = stateRoot;
        this.heap = heap;
        this.inputEvents = inputEvents;
    }

    /** The scratch topics the variants write to; created before the first run. */
    static List<String> scratchTopics(final int runs) {
        final List<String> names = new ArrayList<>();
        for (final Topic<String, ? extends SpecificRecord> input : DetectionTopology.INPUTS) {
            names.add(copyTopic(Variant.CONSUME_PRODUCE, input));
            names.add(copyTopic(Variant.PASS_THROUGH, input));
        }
        for (int run = 1; run <= runs; run++) {
            names.add(signalsTopic(Variant.DETECT_AT_LEAST_ONCE, run));
            names.add(signalsTopic(Variant.DETECT_EXACTLY_ONCE, run));
            names.add(signalsTopic(Variant.DETECT_WITH_SHADOW, run));
            names.add(signalsTopic(Variant.DETECT_UNBOUNDED_ROCKSDB, run));
            names.add(shadowSignalsTopic(run));
        }
        return names;
    }

    /**
     * One topic per source: a topic's values are registered under one schema subject, and the three sources are
     * different record types that the registry would refuse as one subject's versions.
     */
    static String copyTopic(final Variant variant, final Topic<?, ?> input) {
        return "bench-" + variant.letter + "." + input.name();
    }

    static String signalsTopic(final Variant variant, final int run) {
        return "bench-" + run + "-" + variant.letter + ".signals";
    }

    static String shadowSignalsTopic(final int run) {
        return "bench-" + run + "-shadow.signals";
    }

    Measurement run(final Variant variant, final int run) throws Exception {
        final String id = "bench-" + run + "-" + variant.letter;
        System.gc();
        heap.reset();
        final long gcBefore = HeapSampler.gcCount();
        final long started = System.nanoTime();
        final long cpuBefore = HeapSampler.processCpuNanos();
        final long events;
        Map<String, Double> ratios = Map.of();
        switch (variant) {
            case CONSUME -> events = consume(id, null);
            case CONSUME_PRODUCE -> {
                try (KafkaProducer<String, byte[]> producer = producer()) {
                    events = consume(id, producer);
                    producer.flush();
                }
            }
            default -> {
                final StreamsRun streams = streams(variant, id, run);
                events = inputEvents;
                ratios = streams.ratios;
            }
        }
        final double seconds = (System.nanoTime() - started) / 1e9;
        final double cpuSeconds = (HeapSampler.processCpuNanos() - cpuBefore) / 1e9;
        return new Measurement(variant, run, events, seconds, cpuSeconds, heap.peakBytes(), HeapSampler.peakRssBytes(),
                HeapSampler.gcCount() - gcBefore, ratios);
    }

    /** Reads every input record to the end and decodes it; with a producer, writes each to its copy topic. */
    private long consume(final String groupId, final KafkaProducer<String, byte[]> producer) {
        final Properties properties = config.kafkaProperties();
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        final Map<String, Deserializer<? extends SpecificRecord>> values = new HashMap<>();
        final Map<String, Serializer<SpecificRecord>> copies = new HashMap<>();
        for (final Topic<String, ? extends SpecificRecord> input : DetectionTopology.INPUTS) {
            values.put(input.name(), input.valueSerde(config.serdeConfig()).deserializer());
            copies.put(input.name(), serializer(input, config.serdeConfig()));
        }
        long count = 0;
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(properties,
                DetectionTopology.INPUTS.get(0).keySerde().deserializer(), new ByteArrayDeserializer())) {
            final List<TopicPartition> partitions = inputTopics.stream()
                    .flatMap(t -> consumer.partitionsFor(t).stream())
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            final Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (final ConsumerRecord<String, byte[]> raw : consumer.poll(POLL)) {
                    final SpecificRecord value = values.get(raw.topic()).deserialize(raw.topic(), raw.value());
                    if (producer != null) {
                        final String target = copyTopic(Variant.CONSUME_PRODUCE, topicNamed(raw.topic()));
                        producer.send(new ProducerRecord<>(target, null, raw.timestamp(), raw.key(),
                                copies.get(raw.topic()).serialize(target, value)));
                    }
                    count++;
                }
            }
        }
        return count;
    }

    private KafkaProducer<String, byte[]> producer() {
        return new KafkaProducer<>(config.kafkaProperties(), new StringSerializer(), new ByteArraySerializer());
    }

    /** The metrics a Streams run leaves behind. */
    private record StreamsRun(Map<String, Double> ratios) {}

    private StreamsRun streams(final Variant variant, final String applicationId, final int run) throws Exception {
        final Topology topology = variant == Variant.PASS_THROUGH
                ? passThrough(config.serdeConfig())
                : DetectionTopology.build(Ruleset.load("v1"), config.serdeConfig(), signalsTopic(variant, run));
        final String guarantee = variant == Variant.DETECT_AT_LEAST_ONCE || variant == Variant.PASS_THROUGH
                ? StreamsConfig.AT_LEAST_ONCE : StreamsConfig.EXACTLY_ONCE_V2;
        final AppConfig streamsConfig = config
                .with(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, guarantee)
                .with(StreamsConfig.STATE_DIR_CONFIG, stateRoot.resolve(applicationId).toString());
        final AppConfig appConfig = variant == Variant.DETECT_UNBOUNDED_ROCKSDB
                ? streamsConfig.with(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, KafkaDefaultRocksDb.class.getName())
                : streamsConfig;
        final Map<String, Ratio> ratios = new LinkedHashMap<>();
        if (variant == Variant.DETECT_WITH_SHADOW) {
            // A proposed ruleset's shadow (ShadowRun): detection under its own id on the same input, at the same time
            final String shadowId = applicationId + "-shadow";
            final Topology shadow = DetectionTopology.shadow(Ruleset.load("v1").withDisabled("I1"),
                    config.serdeConfig(), shadowSignalsTopic(run), Topics.DEAD_LETTERS.name());
            try (StreamsApp app = new StreamsApp(applicationId, topology, streamsConfig).start();
                 StreamsApp beside = new StreamsApp(shadowId, shadow,
                         streamsConfig.with(StreamsConfig.STATE_DIR_CONFIG, stateRoot.resolve(shadowId).toString())).start()) {
                awaitCaughtUp(app, applicationId, ratios);
                awaitCaughtUp(beside, shadowId, new LinkedHashMap<>());
            }
        } else {
            try (StreamsApp app = new StreamsApp(applicationId, topology, appConfig).start()) {
                awaitCaughtUp(app, applicationId, ratios);
            }
        }
        final Map<String, Double> means = new LinkedHashMap<>();
        ratios.forEach((name, ratio) -> means.put(name, ratio.mean()));
        return new StreamsRun(means);
    }

    /** Polls the group's lag like {@link Lag#awaitCaughtUp}, sampling the thread ratios on the way. */
    private void awaitCaughtUp(final StreamsApp app, final String groupId, final Map<String, Ratio> ratios)
            throws ExecutionException, InterruptedException {
        final long deadline = System.nanoTime() + CATCH_UP_TIMEOUT.toNanos();
        while (Lag.of(admin, groupId, inputTopics) > 0) {
            if (!app.isAlive()) {
                throw new IllegalStateException(groupId + " stopped before reading all input: " + app.state());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(groupId + " did not catch up within " + CATCH_UP_TIMEOUT);
            }
            sampleRatios(app, ratios);
            Thread.sleep(200);
        }
        sampleRatios(app, ratios);
    }

    static void sampleRatios(final StreamsApp app, final Map<String, Ratio> ratios) {
        for (final Map.Entry<MetricName, ? extends Metric> metric : app.streams().metrics().entrySet()) {
            final MetricName name = metric.getKey();
            if (name.group().equals("stream-thread-metrics") && THREAD_RATIOS.contains(name.name())
                    && metric.getValue().metricValue() instanceof Double value && !value.isNaN()) {
                ratios.computeIfAbsent(name.name(), n -> new Ratio()).add(value);
            }
        }
    }

    /** A running mean of one sampled ratio. */
    static final class Ratio {
        private double sum;
        private int count;

        void add(final double value) {
            sum += value;
            count++;
        }

        double mean() {
            return count == 0 ? Double.NaN : sum / count;
        }
    }

    /** Sources to sinks with the same serdes as detection: the cost of Kafka Streams alone. */
    static Topology passThrough(final Map<String, ?> serdeConfig) {
        final StreamsBuilder builder = new StreamsBuilder();
        for (final Topic<String, ? extends SpecificRecord> input : DetectionTopology.INPUTS) {
            copy(builder, input, serdeConfig);
        }
        return builder.build();
    }

    private static <V extends SpecificRecord> void copy(final StreamsBuilder builder, final Topic<String, V> input,
                                                        final Map<String, ?> serdeConfig) {
        final Serde<V> values = input.valueSerde(serdeConfig);
        final String name = input.name().replace('.', '-');
        builder.stream(input.name(), Consumed.with(input.keySerde(), values).withName("read-" + name))
                .to(copyTopic(Variant.PASS_THROUGH, input), Produced.with(input.keySerde(), values).withName("copy-" + name));
    }

    /** The topic's value serializer, for values whose type is known only at run time. */
    @SuppressWarnings("unchecked")
    static Serializer<SpecificRecord> serializer(final Topic<String, ? extends SpecificRecord> topic,
                                                 final Map<String, ?> serdeConfig) {
        return (Serializer<SpecificRecord>) (Serializer<?>) topic.valueSerde(serdeConfig).serializer();
    }

    private static Topic<String, ? extends SpecificRecord> topicNamed(final String name) {
        return DetectionTopology.INPUTS.stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
    }
}
