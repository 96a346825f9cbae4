package nl.barriere.devtools.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import nl.barriere.contract.Topic;
import nl.barriere.contract.Topics;
import nl.barriere.detect.DetectionTopology;
import nl.barriere.detect.Ruleset;
import nl.barriere.platform.AppConfig;
import nl.barriere.platform.Lag;
import nl.barriere.platform.StreamsApp;
import nl.barriere.schema.Party;
import nl.barriere.schema.PropertyTransfer;
import nl.barriere.schema.RiskSignal;
import nl.barriere.schema.Source;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.QueryableStoreTypes;

/**
 * Input→signal latency of a running exactly-once detection app under a steady load: the time from handing the
 * producer the event that makes a resale due until its signal is visible to a {@code read_committed} consumer.
 *
 * <p>The load is copies of the loaded events, with new event ids and event times past the loaded data so they
 * are processed after it. Into it go {@link #PLANTED} I1 pairs on fresh BAG ids: a transfer before the load
 * starts, and during the load a resale at 1.5× the price. Only the resales are timed. The detector holds every
 * event until the newest event time is the ruleset's hold (its largest lateness, 14 days) past it; in production
 * that is 14 days of waiting, which no benchmark measures. So event time runs fast in the load (a hold passes in
 * {@link #HOLD_PASSES_IN} of load), and a resale's latency runs from handing the producer the event that makes
 * the resale due, until its signal is visible.
 *
 * <p>The first event after the loaded data also releases what the preloaded input left in the detector's buffer
 * (its last hold's worth of events); that release is timed on its own.
 */
final class LatencyPhase {

    static final String APPLICATION_ID = "bench-latency";
    static final String SIGNALS_TOPIC = "bench-latency.signals";
    static final int PLANTED = 100;
    static final Duration STEADY = Duration.ofSeconds(20);
    private static final Duration STRAGGLERS = Duration.ofSeconds(15);
    private static final Duration CATCH_UP_TIMEOUT = Duration.ofMinutes(30);
    private static final long RESALE_DAYS = 30;
    /** How much of the steady load one hold of event time takes; over the whole load, resales stay within I1's window. */
    static final Duration HOLD_PASSES_IN = Duration.ofSeconds(2);
    private static final long PRICE = 250_000;

    /** What the phase saw. */
    record Result(long released, double releaseSeconds, double rate, long produced, List<Double> latenciesMs,
                  int planted, Map<String, Double> threadRatios, long peakHeapBytes, long gcCount) {}

    private final AppConfig config;
    private final Admin admin;
    private final Path stateRoot;
    private final HeapSampler heap;
    private final BenchInput input;
    private final List<String> inputTopics = DetectionTopology.INPUTS.stream().map(Topic::name).toList();
    private final Map<String, Long> sentAt = new ConcurrentHashMap<>();
    private final Map<String, Long> seenAt = new ConcurrentHashMap<>();
    private long nextEventId;
    private volatile boolean watching = true;

    LatencyPhase(final AppConfig config, final Admin admin, final Path stateRoot, final HeapSampler heap,
                 final BenchInput input) {
        this.config = config;
        this.admin = admin;
        this.stateRoot = stateRoot;
        this.heap = heap;
        this.input = input;
    }

    /**
     * @param exactlyOnceRate (e)'s median throughput; the load runs at half of it, or at half the release rate when
     *                        that is lower, since a load above what detection sustains measures only a growing queue
     */
    Result run(final double exactlyOnceRate) throws Exception {
        final AppConfig streamsConfig = config
                .with(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2)
                .with(StreamsConfig.STATE_DIR_CONFIG, stateRoot.resolve(APPLICATION_ID).toString());
        final Map<String, ThroughputRunner.Ratio> ratios = new LinkedHashMap<>();
        final AtomicReference<Throwable> watcherFailure = new AtomicReference<>();
        try (StreamsApp app = new StreamsApp(APPLICATION_ID,
                DetectionTopology.build(Ruleset.load("v1"), config.serdeConfig(), SIGNALS_TOPIC), streamsConfig).start();
             KafkaProducer<String, byte[]> producer = producer()) {
            awaitCaughtUp(app);
            final Thread watcher = new Thread(() -> watchSignals(watcherFailure), "bench-signal-watcher");
            watcher.setDaemon(true);
            watcher.start();

            final Map<String, Serializer<SpecificRecord>> serializers = new HashMap<>();
            DetectionTopology.INPUTS.forEach(t -> serializers.put(t.name(), ThroughputRunner.serializer(t, config.serdeConfig())));
            final Instant last = input.lastEventTime();
            Instant time = last.plus(Duration.ofHours(1));

            final long hold = Ruleset.load("v1").holdMs(DetectionTopology.INPUTS.stream().map(t -> t.name()).toList());
            final long processedBefore = processed(app);
            final long releaseStarted = System.nanoTime();
            int sample = 0;
            send(producer, serializers, copy(input.samples().get(sample++), time));
            time = time.plus(Duration.ofHours(1));
            final Instant firstLegs = time;
            final List<PropertyTransfer> firstLegsSent = new ArrayList<>();
            for (int i = 0; i < PLANTED; i++) {
                final PropertyTransfer leg = firstLeg(i, firstLegs.plusMillis(i));
                firstLegsSent.add(leg);
                send(producer, serializers, new BenchInput.Sample(Topics.KADASTER_PROPERTY_TRANSFERS, leg));
            }
            final Instant loadStart = firstLegs.plus(Duration.ofDays(RESALE_DAYS)).plus(Duration.ofHours(1));
            time = loadStart.plusMillis(hold);
            send(producer, serializers, copy(input.samples().get(sample++ % input.samples().size()), time));
            producer.flush();
            awaitCaughtUp(app);
            final double releaseSeconds = (System.nanoTime() - releaseStarted) / 1e9;
            final long released = processed(app) - processedBefore;
            final double releaseRate = released / releaseSeconds;
            final double rate = 0.5 * (released >= MIN_RELEASE_TO_RATE ? Math.min(exactlyOnceRate, releaseRate) : exactlyOnceRate);

            System.gc();
            heap.reset();
            final long gcBefore = HeapSampler.gcCount();
            final long steadyNanos = STEADY.toNanos();
            final long intervalNanos = (long) (1e9 / rate);
            final long plantEvery = Math.max(1, (long) (rate * STEADY.toSeconds() * 0.95) / PLANTED);
            final long step = Math.max(1, (long) (hold / (rate * HOLD_PASSES_IN.toMillis() / 1000.0)));
            final Map<String, Long> dueAt = new LinkedHashMap<>();
            final long started = System.nanoTime();
            long produced = 0;
            int planted = 0;
            long nextSample = started;
            while (System.nanoTime() - started < steadyNanos) {
                final long due = started + produced * intervalNanos;
                final long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                time = time.plusMillis(step);
                if (planted < PLANTED && produced % plantEvery == plantEvery / 2) {
                    final PropertyTransfer resale = resale(firstLegsSent.get(planted), time);
                    dueAt.put(resale.getBagVboId(), time.toEpochMilli() + hold);
                    send(producer, serializers, new BenchInput.Sample(Topics.KADASTER_PROPERTY_TRANSFERS, resale));
                    planted++;
                } else {
                    send(producer, serializers, copy(input.samples().get(sample++ % input.samples().size()), time));
                    markDue(dueAt, time);
                }
                produced++;
                if (System.nanoTime() >= nextSample) {
                    ThroughputRunner.sampleRatios(app, ratios);
                    nextSample = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500);
                }
            }
            // The last resales are released by later events: a few more move the detector's clock a hold on.
            for (int i = 0; i < 10; i++) {
                time = time.plusMillis(hold / 5);
                send(producer, serializers, copy(input.samples().get(sample++ % input.samples().size()), time));
                markDue(dueAt, time);
            }
            producer.flush();
            final long stragglersDeadline = System.nanoTime() + STRAGGLERS.toNanos();
            while (seenAt.size() < sentAt.size() && System.nanoTime() < stragglersDeadline && watcherFailure.get() == null) {
                Thread.sleep(100);
            }
            watching = false;
            watcher.join(Duration.ofSeconds(5).toMillis());
            if (watcherFailure.get() != null) {
                throw new IllegalStateException("reading the signals failed", watcherFailure.get());
            }
            final List<Double> latencies = new ArrayList<>();
            sentAt.forEach((bag, sent) -> {
                final Long seen = seenAt.get(bag);
                if (seen != null) {
                    latencies.add((seen - sent) / 1e6);
                }
            });
            final Map<String, Double> means = new LinkedHashMap<>();
            ratios.forEach((name, ratio) -> means.put(name, ratio.mean()));
            return new Result(released, releaseSeconds, rate, produced, latencies, planted, means,
                    heap.peakBytes(), HeapSampler.gcCount() - gcBefore);
        }
    }

    /** Starts the clock of every resale that the event just handed to the producer at {@code time} makes due. */
    private void markDue(final Map<String, Long> due, final Instant time) {
        final long now = System.nanoTime();
        due.entrySet().removeIf(resale -> {
            if (resale.getValue() < time.toEpochMilli()) {
                sentAt.put(resale.getKey(), now);
                return true;
            }
            return false;
        });
    }

    /** How many events the detector has processed, from its clock store. */
    private static long processed(final StreamsApp app) {
        final Long count = app.streams().store(StoreQueryParameters.fromNameAndType(DetectionTopology.CLOCK_STORE,
                QueryableStoreTypes.<String, Long>keyValueStore())).get(DetectionTopology.PROCESSED);
        return count == null ? 0 : count;
    }

    /** Below this many buffered events the release time is start-up noise, not a rate. */
    private static final long MIN_RELEASE_TO_RATE = 10_000;

    private void awaitCaughtUp(final StreamsApp app) throws Exception {
        if (!Lag.awaitCaughtUp(admin, APPLICATION_ID, inputTopics, CATCH_UP_TIMEOUT)) {
            throw new IllegalStateException(APPLICATION_ID + " did not catch up within " + CATCH_UP_TIMEOUT
                    + " (state " + app.state() + ")");
        }
    }

    private void watchSignals(final AtomicReference<Throwable> failure) {
        final Properties properties = config.kafkaProperties();
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        final Deserializer<RiskSignal> signals = Topics.SIGNALS.valueSerde(config.serdeConfig()).deserializer();
        try (KafkaConsumer<String, byte[]> consumer =
                     new KafkaConsumer<>(properties, new StringDeserializer(), new ByteArrayDeserializer())) {
            final TopicPartition partition = new TopicPartition(SIGNALS_TOPIC, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            while (watching) {
                for (final ConsumerRecord<String, byte[]> raw : consumer.poll(Duration.ofMillis(20))) {
                    final long now = System.nanoTime();
                    final RiskSignal signal = signals.deserialize(raw.topic(), raw.value());
                    final String subject = signal.getSubject().getId();
                    if (sentAt.containsKey(subject)) {
                        seenAt.putIfAbsent(subject, now);
                    }
                }
            }
        } catch (final RuntimeException e) {
            failure.set(e);
        }
    }

    private KafkaProducer<String, byte[]> producer() {
        final Properties properties = config.kafkaProperties();
        properties.put(ProducerConfig.LINGER_MS_CONFIG, "1");
        return new KafkaProducer<>(properties, new StringSerializer(), new ByteArraySerializer());
    }

    @SuppressWarnings("unchecked")
    private static void send(final KafkaProducer<String, byte[]> producer,
                             final Map<String, Serializer<SpecificRecord>> serializers, final BenchInput.Sample event) {
        final Topic<String, SpecificRecord> topic = (Topic<String, SpecificRecord>) event.topic();
        producer.send(new ProducerRecord<>(topic.name(), null, topic.timestampOf(event.value()),
                topic.keyOf(event.value()), serializers.get(topic.name()).serialize(topic.name(), event.value())));
    }

    /** A loaded event again, under a new id and at {@code time}. */
    private BenchInput.Sample copy(final BenchInput.Sample sample, final Instant time) {
        final SpecificRecord value = sample.value();
        final GenericRecord copy = (GenericRecord) SpecificData.get().deepCopy(value.getSchema(), value);
        copy.put("eventId", "bench-" + nextEventId++);
        copy.put("occurredAt", time);
        return new BenchInput.Sample(sample.topic(), (SpecificRecord) copy);
    }

    /** The first transfer of a planted pair, on a BAG id in a range the generator does not use. */
    private PropertyTransfer firstLeg(final int index, final Instant time) {
        final PropertyTransfer template = input.transferTemplate();
        final String bag = template.getBagVboId().substring(0, 4) + "01" + String.format("%010d", 7_700_000_000L + index);
        return transfer(template, bag, time, PRICE + index * 1_000L, person(2L * index), person(2L * index + 1));
    }

    /** The resale 30 days later at 1.5× the price, to the next person: I1 fires on it. */
    private PropertyTransfer resale(final PropertyTransfer first, final Instant time) {
        return transfer(first, first.getBagVboId(), time, first.getPrice() * 3 / 2, first.getBuyer(),
                person(1_000_000L + nextEventId));
    }

    private PropertyTransfer transfer(final PropertyTransfer template, final String bag, final Instant time,
                                      final long price, final Party seller, final Party buyer) {
        final String eventId = "bench-" + nextEventId++;
        return PropertyTransfer.newBuilder(template)
                .setEventId(eventId)
                .setOccurredAt(time)
                .setSource(Source.newBuilder(template.getSource()).setReference("bench/" + eventId).build())
                .setBagVboId(bag)
                .setDeedDate(LocalDate.ofInstant(time, ZoneOffset.UTC))
                .setPrice(price)
                .setMultipleObjects(false)
                .setSeller(seller)
                .setBuyer(buyer)
                .build();
    }

    private static Party person(final long index) {
        return Party.newBuilder().setKvkNumber(null).setPersonPseudonym(String.format("p-%064x", index)).build();
    }
}
