package nl.barriere.connect.bag;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import nl.barriere.connect.OneTaskSourceConnector;
import nl.barriere.connect.Lookups;
import nl.barriere.connect.RefusedRecords;
import nl.barriere.connect.SourceClock;
import nl.barriere.connect.bag.BagObjects.Address;
import nl.barriere.connect.bag.BagObjects.Verblijfsobject;
import nl.barriere.connect.http.MalformedResponseException;
import nl.barriere.connect.http.RegisterClient;
import nl.barriere.contract.Topics;
import nl.barriere.json.AvroJson;
import nl.barriere.schema.BagObject;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the input topics with a consumer of its own (no group, no commits) and looks up every BAG verblijfsobject
 * their records name in the BAG API Individuele Bevragingen: the object ({@code /verblijfsobjecten/{id}}), the
 * current objects of each pand it lies in ({@code /verblijfsobjecten?pandIdentificatie=&huidig=true}, every page,
 * for {@code objectsInBuilding}) and its addresses ({@code /adressen?adresseerbaarObjectIdentificatie=}, for the
 * main one). One BagObject per version [voorkomen] of an object, keyed by the object id.
 *
 * <ul>
 *   <li><b>Position.</b> The consumer's position per input topic-partition is the source offset of that partition
 *       ({@code {topic, partition} → {position}}); a BagObject or refusal carries the position after the input
 *       record it came from, so a restart seeks there: nothing done is read twice and nothing is skipped. An input
 *       record that gives no record moves the position with the next record of its partition only; after a
 *       restart it is read again and gives nothing again.</li>
 *   <li><b>Nothing twice.</b> At start the task reads bag.objects from beginning to end: the event ids (a header of
 *       each record it wrote) and, per object, the time of its last record. A version already on the topic is not
 *       emitted again; an object whose last record or lookup is less than {@code bag.lookup.interval.ms} old is not
 *       asked again. After the interval one call tells whether the version is new; only a new version costs the
 *       pand and address calls.</li>
 *   <li><b>Refused</b> (refused-records topic, no value): an input record that does not decode as its topic's
 *       contract class, a BAG id that is not a verblijfsobject id, an object BAG does not know (404) and a malformed
 *       answer. A 429/5xx that outlasts the retries leaves the input record first in line for the next poll.</li>
 *   <li><b>Event time</b>: that of the input record that asked for the object, or the version's own time
 *       ({@code beginGeldigheid}, {@code tijdstipRegistratie}) when later, but never more than {@link SourceClock#LAG}
 *       behind the newest event time on the sources ({@link SourceClock}). Dated at its version's own time, an object
 *       valid since 2010 would lie years behind the events asking for it, and detection would refuse it as late.</li>
 * </ul>
 */
public final class BagLookupTask extends SourceTask {

    static final int PAGE_SIZE = 100;
    /** 100 pages of 100: a pand with more objects than that is not a building BAG describes. */
    static final int MAX_PAGES = 100;
    /** The BAG API wants the coordinate system named on every request whose answer holds a geometry. */
    static final Map<String, String> GEOMETRY = Map.of("Accept-Crs", "epsg:28992");

    private static final Logger LOG = LoggerFactory.getLogger(BagLookupTask.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String OBJECTS = Topics.BAG_OBJECTS.name();
    private static final Duration POLL = Duration.ofSeconds(1);

    private BagConfig config;
    private RegisterClient bag;
    private final Map<String, Deserializer<?>> values = new HashMap<>();
    private KafkaConsumer<String, byte[]> inputs;
    private SourceClock clock;
    private final Deque<ConsumerRecord<String, byte[]>> pending = new ArrayDeque<>();
    private final Set<String> emitted = new HashSet<>();
    /** Object id → when it was last looked up, oldest first. */
    private final Map<String, Long> lookedUp = new LinkedHashMap<>();

    @Override
    public String version() {
        return OneTaskSourceConnector.VERSION;
    }

    @Override
    public void start(final Map<String, String> props) {
        config = new BagConfig(props);
        bag = config.bagApi();
        readBack();
        inputs = new KafkaConsumer<>(config.consumer(), new StringDeserializer(), new ByteArrayDeserializer());
        clock = new SourceClock(config.consumer(), config.getString(BagConfig.REGISTRY_URL));
        config.inputTopics().forEach(topic -> values.put(topic, config.values(topic)));
        final long stored = Lookups.follow(inputs, config.inputTopics(), context.offsetStorageReader(),
                BagConfig.INPUT_TOPICS);
        LOG.info("BAG task reads {} from {} stored positions; {} versions of {} objects already on {}",
                config.inputTopics(), stored, emitted.size(), lookedUp.size(), OBJECTS);
    }

    /** The event ids on bag.objects and the time of each object's last record, up to the end the topic has now. */
    private void readBack() {
        final Map<String, Long> lastRecord = new HashMap<>();
        Lookups.readAll(config.consumer(), OBJECTS, r -> {
            final Header id = r.headers().lastHeader(Lookups.EVENT_ID_HEADER);
            if (id != null) {
                emitted.add(new String(id.value(), StandardCharsets.UTF_8));
            }
            if (r.key() != null) {
                lastRecord.merge(r.key(), r.timestamp(), Math::max);
            }
        });
        lastRecord.entrySet().stream().sorted(Map.Entry.comparingByValue())
                .forEach(e -> lookedUp.put(e.getKey(), e.getValue()));
    }

    /** One input record per poll, so a stop waits for one lookup at most. */
    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        if (pending.isEmpty()) {
            inputs.poll(POLL).forEach(pending::add);
        }
        final ConsumerRecord<String, byte[]> input = pending.peek();
        if (input == null) {
            return null;
        }
        // A 429 or 5xx that outlasts the retries throws here: the record stays first in line for the next poll.
        final List<SourceRecord> records = recordsOf(input);
        pending.remove();
        return records;
    }

    private List<SourceRecord> recordsOf(final ConsumerRecord<String, byte[]> input) throws InterruptedException {
        final Map<String, Object> partition = Lookups.sourcePartition(input);
        final Map<String, Object> done = Lookups.after(input);
        final String where = "the record of " + input.topic() + " at offset " + input.offset();
        if (input.value() == null) {
            return List.of();
        }
        final Object value;
        try {
            value = values.get(input.topic()).deserialize(input.topic(), input.value());
        } catch (final RuntimeException e) {
            return List.of(refused(partition, done, input.key(), where + " does not decode as "
                    + Topics.byName(input.topic()).orElseThrow().valueType().getSimpleName() + ": " + e.getMessage()));
        }
        final String vbo = BagConfig.BAG_ID_OF.get(input.topic()).apply(value);
        if (vbo == null) {
            return List.of();
        }
        if (!vbo.matches(BagObjects.VBO_ID)) {
            return List.of(refused(partition, done, input.key(), where + " names a BAG id that is not a"
                    + " verblijfsobject id (16 digits, type 01)"));
        }
        if (recentlyLookedUp(vbo)) {
            return List.of();
        }
        try {
            final JsonNode answer = bag.find("/verblijfsobjecten/" + vbo, GEOMETRY).orElse(null);
            if (answer == null) {
                return List.of(refused(partition, done, vbo, "BAG knows no verblijfsobject " + vbo + " (404), named by "
                        + where));
            }
            final Verblijfsobject object = BagObjects.verblijfsobject(vbo, answer);
            if (emitted.contains(object.eventId())) {
                lookedUpNow(vbo);
                return List.of();
            }
            final int inBuilding = objectsInBuilding(object);
            final Address address = bag.find("/adressen?adresseerbaarObjectIdentificatie=" + vbo)
                    .map(adressen -> BagObjects.mainAddress(adressen, object)).orElse(null);
            final BagObject described = BagObjects.bagObject(object, address, inBuilding,
                    clock.date((Instant) ((SpecificRecordBase) value).get("occurredAt"), object.occurredAt()));
            final ConnectHeaders headers = new ConnectHeaders();
            headers.addString(Lookups.EVENT_ID_HEADER, described.getEventId());
            emitted.add(described.getEventId());
            lookedUpNow(vbo);
            return List.of(new SourceRecord(partition, done, OBJECTS, null, Schema.STRING_SCHEMA, vbo, null,
                    connectValue(described), null, headers));
        } catch (final MalformedResponseException e) {
            LOG.warn("BAG lookup of {} refused: {}", vbo, e.getMessage());
            return List.of(refused(partition, done, vbo, e.getMessage()));
        }
    }

    /** The verblijfsobjecten in the object's panden now (each counted once, the object itself included). */
    private int objectsInBuilding(final Verblijfsobject object) throws InterruptedException {
        final Set<String> ids = new LinkedHashSet<>();
        ids.add(object.id());
        for (final String pand : object.buildingIds()) {
            for (int page = 1; ; page++) {
                if (page > MAX_PAGES) {
                    throw new MalformedResponseException("pand " + pand + " lists more than " + MAX_PAGES * PAGE_SIZE
                            + " verblijfsobjecten");
                }
                final JsonNode answer = bag.find("/verblijfsobjecten?pandIdentificatie=" + pand + "&huidig=true&page="
                        + page + "&pageSize=" + PAGE_SIZE, GEOMETRY).orElseThrow(() -> new MalformedResponseException(
                        "BAG knows no pand " + pand + " (404), which verblijfsobject " + object.id() + " lies in"));
                final List<String> onPage = BagObjects.objectIds(answer, pand);
                ids.addAll(onPage);
                if (!answer.path("_links").has("next")) {
                    break;
                }
                if (onPage.isEmpty()) {
                    throw new MalformedResponseException("page " + page + " of the objects of pand " + pand
                            + " is empty but links a next page");
                }
            }
        }
        return ids.size();
    }

    private static Map<String, Object> connectValue(final BagObject described) {
        try {
            return JSON.readValue(AvroJson.toJsonLine(described), new TypeReference<Map<String, Object>>() {});
        } catch (final JsonProcessingException e) {
            throw new IllegalStateException("the contract's own JSON does not read back", e);
        }
    }

    private SourceRecord refused(final Map<String, Object> partition, final Map<String, Object> offset,
                                 final String key, final String reason) {
        return RefusedRecords.of(config.getString(BagConfig.REFUSED_TOPIC), partition, offset, OBJECTS, key, reason);
    }

    /** Whether {@code vbo} was looked up within the interval; forgets older lookups, which are first in line. */
    private boolean recentlyLookedUp(final String vbo) {
        final long since = System.currentTimeMillis() - config.getLong(BagConfig.LOOKUP_INTERVAL_MS);
        final Iterator<Long> at = lookedUp.values().iterator();
        while (at.hasNext() && at.next() < since) {
            at.remove();
        }
        return lookedUp.containsKey(vbo);
    }

    private void lookedUpNow(final String vbo) {
        lookedUp.remove(vbo);
        lookedUp.put(vbo, System.currentTimeMillis());
    }

    @Override
    public void stop() {
        // Connect calls stop on the task's own thread once poll has returned, so the consumer can be closed here.
        if (inputs != null) {
            inputs.close();
        }
        if (clock != null) {
            clock.close();
        }
        values.values().forEach(Deserializer::close);
    }
}
