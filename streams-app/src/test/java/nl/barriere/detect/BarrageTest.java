package nl.barriere.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Future;
import nl.barriere.contract.Topic;
import nl.barriere.contract.Topics;
import nl.barriere.detect.EventTimeOrder.Buffered;
import nl.barriere.detect.GeneratedYear.Event;
import nl.barriere.platform.AppConfig;
import nl.barriere.platform.EmbeddedPlatform;
import nl.barriere.platform.Lag;
import nl.barriere.platform.StreamsApp;
import nl.barriere.platform.TopicReader;
import nl.barriere.schema.BagObject;
import nl.barriere.schema.BusinessEvent;
import nl.barriere.schema.DeadLetter;
import nl.barriere.schema.MortgageRegistered;
import nl.barriere.schema.Party;
import nl.barriere.schema.PermitEvent;
import nl.barriere.schema.PropertyTransfer;
import nl.barriere.schema.RiskSignal;
import nl.barriere.schema.WozValuation;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DESIGN.md rule 7 under fire: one generated Leiden year (seed 42) with more than ten thousand broken records
 * mixed in among its records on every analyst-zone source, on a real broker and registry. Every input record is
 * processed, waits in detection's ordering buffer (the last two weeks of event time, in every run), or is on the
 * dead-letter topic; every broken one is there exactly once, with its original bytes (or, when it was refused for
 * a BSN, with the BSN blanked in them); no good one is; and the
 * signals are those of a clean run over the good records alone.
 *
 * <p>The broken records: random bytes, a Confluent header naming a schema id the registry does not know, Avro cut
 * short, a valid record of another source's schema, records that decode but break a rule (a KvK number that is not
 * eight digits, a BSN where a pseudonym belongs, a negative price, a year typed 2105), tombstones and empty values,
 * values of about 900 KB; their keys are missing, empty, binary or ordinary. Some good records carry odd keys too:
 * a key plays no part in detection.
 */
class BarrageTest {

    private static final int BAD_PER_TOPIC = 3_400;
    private static final int LARGE_PER_TOPIC = 2;
    private static final int LARGE_BYTES = 900 * 1024;
    /** Dead-letter originals may be bounded to a few hundred KiB: above this only the dead letter's presence is checked. */
    private static final int COMPARED_UP_TO = 200 * 1024;
    private static final String BSN_SHAPED = "123456782";
    private static final Instant YEAR_2105 = Instant.parse("2105-03-01T10:00:00Z");

    /** One record as written: where it landed, its bytes, and whether it must become a dead letter. */
    record Sent(String topic, int partition, long offset, byte[] key, byte[] value, String kind) {
        boolean bad() {
            return kind != null;
        }

        String position() {
            return topic + "-" + partition + "@" + offset;
        }
    }


    @TempDir
    static Path data;

    private static EmbeddedPlatform platform;
    private static AppConfig config;
    private static final List<Event> YEAR = new ArrayList<>();
    private static final List<Sent> SENT = new ArrayList<>();

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void writeTheYearWithTheBarrageMixedIn() throws Exception {
        YEAR.addAll(GeneratedYear.leiden(data));
        platform = EmbeddedPlatform.start("barrage");
        config = platform.config();
        final SplittableRandom random = new SplittableRandom(42);
        final Properties props = config.kafkaProperties();
        props.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        try (KafkaProducer<byte[], byte[]> producer =
                     new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            final List<Future<RecordMetadata>> written = new ArrayList<>();
            final List<String[]> kinds = new ArrayList<>();
            final List<byte[][]> bytes = new ArrayList<>();
            for (final Topic<String, ? extends SpecificRecord> topic : DetectionTopology.INPUTS) {
                final List<Event> goods = YEAR.stream().filter(g -> g.topic().name().equals(topic.name())).toList();
                final Serializer<SpecificRecord> values =
                        ((Topic<String, SpecificRecord>) topic).valueSerde(config.serdeConfig()).serializer();
                // Where the broken records go: before the good record of the same index, in the source's order.
                final TreeMap<Integer, Integer> badBefore = new TreeMap<>();
                for (int i = 0; i < BAD_PER_TOPIC + LARGE_PER_TOPIC; i++) {
                    badBefore.merge(random.nextInt(goods.size() + 1), 1, Integer::sum);
                }
                int bad = 0;
                for (int g = 0; g <= goods.size(); g++) {
                    for (int n = badBefore.getOrDefault(g, 0); n > 0; n--, bad++) {
                        final String kind = bad < LARGE_PER_TOPIC ? "large-" + bad : KINDS[bad % KINDS.length];
                        final byte[] value = badValue(kind, topic, goods.get(random.nextInt(goods.size())).event(),
                                values, random, bad);
                        final byte[] key = oddKey(bad, random, "k-" + bad);
                        written.add(producer.send(new ProducerRecord<>(topic.name(), null, key, value)));
                        kinds.add(new String[] {topic.name(), kind});
                        bytes.add(new byte[][] {key, value});
                    }
                    if (g < goods.size()) {
                        final Event good = goods.get(g);
                        final String ordinary = good.topic().keyOf(good.event());
                        final byte[] key = random.nextInt(20) == 0 ? oddKey(random.nextInt(3), random, ordinary)
                                : ordinary.getBytes(StandardCharsets.UTF_8);
                        final byte[] value = values.serialize(topic.name(), good.event());
                        written.add(producer.send(new ProducerRecord<>(topic.name(), null, key, value)));
                        kinds.add(new String[] {topic.name(), null});
                        bytes.add(new byte[][] {key, value});
                    }
                }
            }
            producer.flush();
            for (int i = 0; i < written.size(); i++) {
                final RecordMetadata at = written.get(i).get();
                SENT.add(new Sent(kinds.get(i)[0], at.partition(), at.offset(), bytes.get(i)[0], bytes.get(i)[1],
                        kinds.get(i)[1]));
            }
        }
    }

    @AfterAll
    static void stop() {
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void everyBrokenRecordIsADeadLetterOnceAndTheSignalsAreThoseOfTheCleanYear() throws Exception {
        // Given the year on the sources with the barrage mixed in
        final long bad = SENT.stream().filter(Sent::bad).count();
        assertThat(bad).isGreaterThanOrEqualTo(10_000);
        assertThat(SENT.size() - bad).isEqualTo(YEAR.size());

        // When detection runs until it has committed every input record and released every event that is due
        final Ruleset rules = Ruleset.load("v1");
        final String applicationId = "barrage-" + UUID.randomUUID();
        final long started = System.nanoTime();
        final long processed;
        final Map<String, Long> bufferedByTopic = new TreeMap<>();
        try (StreamsApp detect = new StreamsApp(applicationId,
                DetectionTopology.build(rules, config.serdeConfig(), Topics.SIGNALS.name()), config).start();
             Admin admin = Admin.create(config.kafkaProperties())) {
            assertThat(Lag.awaitCaughtUp(admin, applicationId,
                    DetectionTopology.INPUTS.stream().map(Topic::name).toList(), Duration.ofMinutes(3))).isTrue();
            final long holdMs = rules.holdMs(DetectionTopology.INPUTS.stream().map(Topic::name).toList());
            final long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
            while (!drained(detect, holdMs) && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertThat(drained(detect, holdMs)).as("detection released every due event").isTrue();
            processed = processed(detect);
            try (KeyValueIterator<String, Buffered> all = buffer(detect).all()) {
                all.forEachRemaining(e -> bufferedByTopic.merge(e.value.topic(), 1L, Long::sum));
            }
        }
        final double seconds = (System.nanoTime() - started) / 1e9;

        final Map<String, List<DeadLetter>> letters = new TreeMap<>();
        TopicReader.readAll(Topics.DEAD_LETTERS, config, (raw, letter) -> letters.computeIfAbsent(
                letter.getSourceTopic() + "-" + letter.getPartition() + "@" + letter.getOffset(), k -> new ArrayList<>())
                .add(letter));
        final Map<String, RiskSignal> live = new TreeMap<>();
        TopicReader.readAll(Topics.SIGNALS, config, (raw, signal) -> live.put(signal.getSignalId(), signal));
        System.out.printf("%nbarrage: %,d records (%,d broken) in %.1f s; %,d processed, %s buffered, %,d dead letters, "
                + "%,d signals%n", SENT.size(), bad, seconds, processed, bufferedByTopic, letters.size(), live.size());

        // Then every broken record is on the dead-letter topic exactly once, refused by ingest, with its bytes
        final Map<String, Sent> byPosition = new HashMap<>();
        SENT.forEach(s -> byPosition.put(s.position(), s));
        final List<String> problems = new ArrayList<>();
        final List<String> goodRefused = new ArrayList<>();
        letters.forEach((position, list) -> {
            final Sent sent = byPosition.get(position);
            if (list.size() != 1) {
                problems.add(position + ": " + list.size() + " dead letters");
            }
            if (sent == null) {
                problems.add(position + ": dead letter for an offset never written");
            } else if (!sent.bad()) {
                goodRefused.add(position + ": a good record is a dead letter: " + list.get(0).getStage() + ": "
                        + list.get(0).getReason());
            } else {
                final DeadLetter letter = list.get(0);
                if (!letter.getStage().equals("ingest")) {
                    problems.add(position + " (" + sent.kind() + "): stage " + letter.getStage());
                }
                if (sent.kind().equals("rule-b")) {
                    // Refused for a BSN: kept with it blanked, never as received
                    if (!letter.getOriginalValueRedacted() || new String(bytesOf(letter.getOriginalValue()),
                            StandardCharsets.ISO_8859_1).contains(BSN_SHAPED)) {
                        problems.add(position + " (" + sent.kind() + "): the BSN is kept");
                    }
                } else if (sent.value() == null || sent.value().length <= COMPARED_UP_TO) {
                    if (letter.getOriginalValueRedacted()
                            || !Arrays.equals(bytesOf(letter.getOriginalValue()), sent.value())) {
                        problems.add(position + " (" + sent.kind() + "): original value differs");
                    }
                    if (!Arrays.equals(bytesOf(letter.getOriginalKey()), sent.key())) {
                        problems.add(position + " (" + sent.kind() + "): original key differs");
                    }
                }
            }
        });
        SENT.stream().filter(Sent::bad).filter(s -> !letters.containsKey(s.position()))
                .forEach(s -> problems.add(s.position() + " (" + s.kind() + "): no dead letter"));
        final Map<String, Integer> summary = new TreeMap<>();
        goodRefused.forEach(p -> summary.merge(p.replaceFirst("-\\d+@\\d+", "").replaceFirst("(: [^:]*:[^:]*).*", "$1"),
                1, Integer::sum));
        summary.forEach((what, count) -> System.out.printf("  %,6d x %s%n", count, what));
        goodRefused.stream().limit(5).forEach(p -> System.out.println("  e.g. " + p));
        problems.stream().limit(50).forEach(p -> System.out.println("  " + p));
        assertThat(problems).isEmpty();

        // And no good record is a dead letter: a broken record next to it must not cost it its place
        assertThat(goodRefused).isEmpty();

        // And per source: records in = good + broken, every broken one a dead letter, every good one processed or
        // waiting in the ordering buffer
        for (final Topic<String, ?> topic : DetectionTopology.INPUTS) {
            final long in = SENT.stream().filter(s -> s.topic().equals(topic.name())).count();
            final long good = YEAR.stream().filter(g -> g.topic().name().equals(topic.name())).count();
            final long dead = letters.keySet().stream().filter(p -> p.startsWith(topic.name() + "-")).count();
            assertThat(in).as(topic.name()).isEqualTo(good + dead);
            assertThat(dead).as(topic.name()).isEqualTo(BAD_PER_TOPIC + LARGE_PER_TOPIC);
        }
        assertThat(processed + bufferedByTopic.values().stream().mapToLong(Long::longValue).sum())
                .isEqualTo(YEAR.size());

        // And the signals are those of a clean run over the good records: the same ids and content; only where the
        // evidence lies differs, since the broken records took offsets among them
        final Map<String, RiskSignal> clean = new TreeMap<>();
        final long cleanProcessed;
        try (DetectionDriver driver = new DetectionDriver(rules)) {
            YEAR.stream().sorted(Comparator.comparingLong(Event::time))
                    .forEach(g -> driver.pipe(g.topic(), g.event()));
            driver.drain();
            cleanProcessed = driver.processed();
            driver.signals().forEach(s -> clean.put(s.getSignalId(), s));
        }
        assertThat(processed).isEqualTo(cleanProcessed);
        assertThat(clean).hasSizeGreaterThan(20);
        assertThat(live.keySet()).containsExactlyElementsOf(clean.keySet());
        live.forEach((id, signal) -> assertThat(GeneratedYear.withoutOffsets(signal)).as(id).isEqualTo(GeneratedYear.withoutOffsets(clean.get(id))));
    }

    // ------------------------------------------------------------------ the barrage

    private static final String[] KINDS = {"random-bytes", "unknown-schema-id", "truncated-avro", "other-schema",
        "rule-a", "rule-b", "year-2105", "tombstone", "random-bytes", "empty-value"};

    private static byte[] badValue(final String kind, final Topic<String, ? extends SpecificRecord> topic,
                                   final SpecificRecord like, final Serializer<SpecificRecord> values,
                                   final SplittableRandom random, final int n) {
        final String eventId = "barrage-" + topic.name() + "-" + n;
        return switch (kind) {
            case "large-0" -> randomBytes(random, LARGE_BYTES);
            case "large-1" -> withHeader(900_000 + n, randomBytes(random, LARGE_BYTES));
            case "random-bytes" -> randomBytes(random, 1 + random.nextInt(300));
            case "unknown-schema-id" -> withHeader(1_000_000 + random.nextInt(1_000), randomBytes(random, 40));
            case "truncated-avro" -> {
                final byte[] whole = values.serialize(topic.name(), like);
                yield Arrays.copyOf(whole, 5 + (whole.length - 5) / 2);
            }
            case "other-schema" -> otherSchema(topic, eventId);
            case "rule-a", "rule-b", "year-2105" -> values.serialize(topic.name(), broken(kind, like, eventId));
            case "tombstone" -> null;
            case "empty-value" -> new byte[0];
            default -> throw new IllegalArgumentException(kind);
        };
    }

    /** A valid record of another source's schema, written with that source's serde. */
    @SuppressWarnings("unchecked")
    private static byte[] otherSchema(final Topic<String, ? extends SpecificRecord> topic, final String eventId) {
        final int here = DetectionTopology.INPUTS.indexOf(topic);
        final Topic<String, SpecificRecord> other = (Topic<String, SpecificRecord>)
                DetectionTopology.INPUTS.get((here + 1) % DetectionTopology.INPUTS.size());
        final SpecificRecord event = YEAR.stream().filter(g -> g.topic().name().equals(other.name())).findFirst()
                .orElseThrow().event();
        final SpecificRecord copy = copyWithId(event, eventId);
        return other.valueSerde(config.serdeConfig()).serializer().serialize(other.name(), copy);
    }

    private static SpecificRecord copyWithId(final SpecificRecord event, final String eventId) {
        final SpecificRecord copy = SpecificData.get().deepCopy(event.getSchema(), event);
        copy.put(event.getSchema().getField("eventId").pos(), eventId);
        return copy;
    }

    /** A copy of a good event, under its own id, that decodes but breaks one of ingest's rules. */
    private static SpecificRecord broken(final String kind, final SpecificRecord like, final String eventId) {
        if (like instanceof BusinessEvent e) {
            final BusinessEvent.Builder b = BusinessEvent.newBuilder(e).setEventId(eventId);
            return switch (kind) {
                case "rule-a" -> b.setKvkNumber("1234567X").build();
                case "rule-b" -> b.setKvkNumber(BSN_SHAPED).build();
                default -> b.setOccurredAt(YEAR_2105).build();
            };
        } else if (like instanceof PropertyTransfer e) {
            final PropertyTransfer.Builder b = PropertyTransfer.newBuilder(e).setEventId(eventId);
            return switch (kind) {
                case "rule-a" -> b.setPrice(-1 - e.getPrice()).build();
                case "rule-b" -> b.setBuyer(new Party(null, BSN_SHAPED)).build();
                default -> b.setOccurredAt(YEAR_2105).build();
            };
        } else if (like instanceof MortgageRegistered e) {
            final MortgageRegistered.Builder b = MortgageRegistered.newBuilder(e).setEventId(eventId);
            return switch (kind) {
                case "rule-a" -> b.setAmount(-1L).build();
                case "rule-b" -> b.setMortgagee(new Party(null, BSN_SHAPED)).build();
                default -> b.setOccurredAt(YEAR_2105).build();
            };
        } else if (like instanceof WozValuation e) {
            final WozValuation.Builder b = WozValuation.newBuilder(e).setEventId(eventId);
            return switch (kind) {
                case "rule-a" -> b.setValue(-1 - e.getValue()).build();
                case "rule-b" -> b.setWozObjectNumber(BSN_SHAPED).build();
                default -> b.setOccurredAt(YEAR_2105).build();
            };
        } else if (like instanceof BagObject e) {
            final BagObject.Builder b = BagObject.newBuilder(e).setEventId(eventId);
            return switch (kind) {
                case "rule-a" -> b.setPurposes(List.of()).build();
                case "rule-b" -> b.setBuildingIds(List.of(BSN_SHAPED)).build();
                default -> b.setOccurredAt(YEAR_2105).build();
            };
        }
        final PermitEvent.Builder b = PermitEvent.newBuilder((PermitEvent) like).setEventId(eventId);
        return switch (kind) {
            case "rule-a" -> b.setApplicantKvkNumber("0000").build();
            case "rule-b" -> b.setManagerPseudonyms(List.of(BSN_SHAPED)).build();
            default -> b.setOccurredAt(YEAR_2105).build();
        };
    }

    /** Missing, empty, binary, or (every fourth) the given ordinary key. */
    private static byte[] oddKey(final int n, final SplittableRandom random, final String ordinary) {
        return switch (n % 4) {
            case 0 -> null;
            case 1 -> new byte[0];
            case 2 -> randomBytes(random, 1 + random.nextInt(40));
            default -> ordinary.getBytes(StandardCharsets.UTF_8);
        };
    }

    private static byte[] randomBytes(final SplittableRandom random, final int length) {
        final byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) random.nextInt(256);
        }
        // Never the Confluent magic byte: random bytes that happened to name a known schema id could decode.
        if (bytes[0] == 0) {
            bytes[0] = 1;
        }
        return bytes;
    }

    private static byte[] withHeader(final int schemaId, final byte[] body) {
        return ByteBuffer.allocate(5 + body.length).put((byte) 0).putInt(schemaId).put(body).array();
    }

    // ------------------------------------------------------------------ reading the detector

    /** True when the ordering buffer holds no due event: all that waits is within the hold of the newest. */
    private static boolean drained(final StreamsApp app, final long holdMs) {
        try {
            final ReadOnlyKeyValueStore<String, Buffered> buffer = buffer(app);
            final Long oldest = firstTime(buffer.all());
            final Long newest = firstTime(buffer.reverseAll());
            return oldest == null || oldest >= newest - holdMs;
        } catch (InvalidStateStoreException notReady) {
            return false;
        }
    }

    private static ReadOnlyKeyValueStore<String, Buffered> buffer(final StreamsApp app) {
        return app.streams().store(StoreQueryParameters.fromNameAndType(DetectionTopology.BUFFER_STORE,
                QueryableStoreTypes.<String, Buffered>keyValueStore()));
    }

    private static long processed(final StreamsApp app) {
        final Long count = app.streams().store(StoreQueryParameters.fromNameAndType(DetectionTopology.CLOCK_STORE,
                QueryableStoreTypes.<String, Long>keyValueStore())).get(DetectionProcessor.PROCESSED);
        return count == null ? 0 : count;
    }

    private static Long firstTime(final KeyValueIterator<String, Buffered> iterator) {
        try (iterator) {
            return iterator.hasNext() ? iterator.next().value.time() : null;
        }
    }

    private static byte[] bytesOf(final ByteBuffer buffer) {
        if (buffer == null) {
            return null;
        }
        final ByteBuffer copy = buffer.duplicate();
        final byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return bytes;
    }
}
