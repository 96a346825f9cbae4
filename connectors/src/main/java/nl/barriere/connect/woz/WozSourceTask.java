package nl.barriere.connect.woz;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import nl.barriere.connect.OneTaskSourceConnector;
import nl.barriere.connect.Lookups;
import nl.barriere.connect.RefusedRecords;
import nl.barriere.connect.SourceClock;
import nl.barriere.connect.http.MalformedResponseException;
import nl.barriere.connect.http.RegisterClient;
import nl.barriere.connect.woz.WozValues.Valuation;
import nl.barriere.contract.Topics;
import nl.barriere.schema.PropertyTransfer;
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
 * Follows the transfers topic with a consumer of its own and looks up the WOZ objects of every transferred BAG
 * object: {@code GET /wozobjecten?adresseerbaarObjectIdentificatie=<vbo>}, asking only for the object number, the
 * BAG objects it covers and its values ({@code fields}), so the owner and occupant [belanghebbenden] are not even
 * sent. Each WOZ object found gives one WozValuation per valuation date ({@link WozValues}) and per BAG object it
 * covers, keyed by that object.
 *
 * <ul>
 *   <li><b>Position.</b> The consumer's position per topic-partition is the source offset of that partition
 *       ({@code {topic, partition} → {position}}): the records of one transfer carry the transfer's own offset,
 *       the last of them the offset after it, so whatever Connect committed, a restart seeks there and reads
 *       nothing twice that was done, and nothing half-done is skipped. A transfer that gives no record (no WOZ
 *       object, or nothing new) moves the position with the next record only; after a restart it is looked up
 *       again and gives nothing again.</li>
 *   <li><b>Nothing twice.</b> At start the task reads the event ids already on woz.valuations (a header of each
 *       record it wrote), and emits a valuation only when its id is not among them: a re-read transfer, a second
 *       transfer of the same object and a valuation date already emitted for another object of the same WOZ object
 *       give nothing again; a new year's value of an object transferred again does.</li>
 *   <li><b>Calls.</b> An object looked up less than {@code woz.lookup.interval.ms} ago is not looked up again.</li>
 * </ul>
 *
 * Event time: that of the transfer the value was looked up for, but never more than {@link SourceClock#LAG} behind the
 * newest event time on the sources ({@link SourceClock}: a lookup that trails a burst of history). WOZ Bevragen gives no date of the beschikking, and
 * 1 January of the tax year would lie months behind the transfers that ask for it: detection would refuse the value
 * as late. Which tax year a value is for stays in its valuation date, and I2 takes the value in force at the deed
 * date from that, when the value arrives after the transfer too. eventId:
 * {@code woz-<wozObjectnummer>-<waardepeildatum>-<vbo>}.
 */
public final class WozSourceTask extends SourceTask {

    static final String SYSTEM = "woz-bevragen";
    static final String FIELDS = "identificatie,adresseerbaarObjectIdentificaties,waarden";
    static final int PAGE_SIZE = 100;

    private static final Logger LOG = LoggerFactory.getLogger(WozSourceTask.class);
    private static final String VALUATIONS = Topics.WOZ_VALUATIONS.name();
    private static final Duration POLL = Duration.ofSeconds(1);

    private WozConfig config;
    private RegisterClient bevragen;
    private Deserializer<PropertyTransfer> transferValues;
    private KafkaConsumer<String, byte[]> transfers;
    private SourceClock clock;
    private final Deque<ConsumerRecord<String, byte[]>> pending = new ArrayDeque<>();
    private final Set<String> emitted = new HashSet<>();
    private final Map<String, Long> lookedUp = new LinkedHashMap<>();

    @Override
    public String version() {
        return OneTaskSourceConnector.VERSION;
    }

    @Override
    public void start(final Map<String, String> props) {
        config = new WozConfig(props);
        bevragen = config.bevragen();
        transferValues = config.transferValues();
        emitted.addAll(emittedBefore());
        transfers = new KafkaConsumer<>(config.consumer(), new StringDeserializer(), new ByteArrayDeserializer());
        clock = new SourceClock(config.consumer(), config.getString(WozConfig.REGISTRY_URL));
        final String topic = config.getString(WozConfig.TRANSFERS_TOPIC);
        final long stored = Lookups.follow(transfers, List.of(topic), context.offsetStorageReader(),
                WozConfig.TRANSFERS_TOPIC);
        LOG.info("WOZ task reads {} from {} stored positions; {} valuations already on {}", topic, stored,
                emitted.size(), VALUATIONS);
    }

    /** The event ids on woz.valuations, read from the start to the end the topic has now. */
    private Set<String> emittedBefore() {
        final Set<String> ids = new HashSet<>();
        Lookups.readAll(config.consumer(), VALUATIONS, r -> {
            final Header id = r.headers().lastHeader(Lookups.EVENT_ID_HEADER);
            if (id != null) {
                ids.add(new String(id.value(), StandardCharsets.UTF_8));
            }
        });
        return ids;
    }

    /** One transfer per poll, so a stop waits for one lookup at most. */
    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        if (pending.isEmpty()) {
            transfers.poll(POLL).forEach(pending::add);
        }
        final ConsumerRecord<String, byte[]> transfer = pending.peek();
        if (transfer == null) {
            return null;
        }
        // A 429 or 5xx that outlasts the retries throws here: the transfer stays first in line for the next poll.
        final List<SourceRecord> records = recordsOf(transfer);
        pending.remove();
        return records;
    }

    private List<SourceRecord> recordsOf(final ConsumerRecord<String, byte[]> transfer) throws InterruptedException {
        final Map<String, Object> partition = Lookups.sourcePartition(transfer);
        final Map<String, Object> done = Lookups.after(transfer);
        final String vbo = transfer.key();
        if (vbo == null || !vbo.matches("\\d{16}")) {
            return List.of(RefusedRecords.of(config.getString(WozConfig.REFUSED_TOPIC), partition, done, VALUATIONS,
                    vbo, "the transfer's key is not a BAG verblijfsobject id of 16 digits"));
        }
        if (recentlyLookedUp(vbo)) {
            return List.of();
        }
        final Instant transferredAt;
        try {
            transferredAt = transferValues.deserialize(transfer.topic(), transfer.value()).getOccurredAt();
        } catch (final RuntimeException e) {
            return List.of(RefusedRecords.of(config.getString(WozConfig.REFUSED_TOPIC), partition, done, VALUATIONS,
                    vbo, "the transfer does not decode as a PropertyTransfer: " + e.getMessage()));
        }
        try {
            final JsonNode answer = bevragen.find("/wozobjecten?adresseerbaarObjectIdentificatie=" + vbo
                    + "&fields=" + FIELDS + "&pageSize=" + PAGE_SIZE).orElse(null);
            if (answer == null) {
                lookedUp.put(vbo, System.currentTimeMillis());
                return List.of();
            }
            if (answer.path("_links").has("next")) {
                throw new MalformedResponseException("more than " + PAGE_SIZE + " WOZ objects for one BAG object");
            }
            final Map<String, Map<String, Object>> fresh = new LinkedHashMap<>();
            for (final JsonNode object : answer.path("_embedded").path("wozObjecten")) {
                for (final Map<String, Object> value : valuations(object, clock.date(transferredAt, null))) {
                    final String eventId = (String) value.get("eventId");
                    if (!emitted.contains(eventId)) {
                        fresh.putIfAbsent(eventId, value);
                    }
                }
            }
            final List<SourceRecord> records = new ArrayList<>();
            final Map<String, Object> here = Lookups.at(transfer);
            int left = fresh.size();
            for (final Map.Entry<String, Map<String, Object>> valuation : fresh.entrySet()) {
                final ConnectHeaders headers = new ConnectHeaders();
                headers.addString(Lookups.EVENT_ID_HEADER, valuation.getKey());
                records.add(new SourceRecord(partition, --left == 0 ? done : here, VALUATIONS, null,
                        Schema.STRING_SCHEMA, valuation.getValue().get("bagVboId"), null, valuation.getValue(), null,
                        headers));
            }
            emitted.addAll(fresh.keySet());
            lookedUp.put(vbo, System.currentTimeMillis());
            return records;
        } catch (final MalformedResponseException e) {
            LOG.warn("WOZ lookup of {} refused: {}", vbo, e.getMessage());
            return List.of(RefusedRecords.of(config.getString(WozConfig.REFUSED_TOPIC), partition, done, VALUATIONS,
                    vbo, e.getMessage()));
        }
    }

    /** The WozValuation values of one WOZ object: one per valuation date and BAG object it covers. */
    private static List<Map<String, Object>> valuations(final JsonNode object, final Instant occurredAt) {
        final String number = object.path("identificatie").asText("");
        if (!number.matches("\\d{12}")) {
            throw new MalformedResponseException("a WOZ object has no identificatie of 12 digits");
        }
        final List<String> covered = new ArrayList<>();
        for (final JsonNode id : object.path("adresseerbaarObjectIdentificaties")) {
            if (!id.asText("").matches("\\d{16}")) {
                throw new MalformedResponseException("WOZ object " + number + " lists an adresseerbaar object that is"
                        + " not a BAG identificatie of 16 digits");
            }
            if (!covered.contains(id.asText())) {
                covered.add(id.asText());
            }
        }
        if (covered.isEmpty()) {
            throw new MalformedResponseException("WOZ object " + number + " lists no adresseerbaarObjectIdentificaties");
        }
        final List<Map<String, Object>> values = new ArrayList<>();
        for (final Valuation valuation : WozValues.relevant(object.path("waarden"))) {
            for (final String vbo : covered) {
                final String date = valuation.valuationDate().toString();
                final Map<String, Object> value = new LinkedHashMap<>();
                value.put("eventId", "woz-" + number + "-" + date + "-" + vbo);
                value.put("occurredAt", occurredAt.toString());
                value.put("source", Map.of("system", SYSTEM, "reference", number + ":" + date));
                value.put("bagVboId", vbo);
                value.put("wozObjectNumber", number);
                value.put("valuationDate", date);
                value.put("value", valuation.value());
                value.put("coversMultipleObjects", covered.size() > 1);
                values.add(value);
            }
        }
        return values;
    }

    /** Whether {@code vbo} was looked up within the interval; forgets older lookups, which are first in line. */
    private boolean recentlyLookedUp(final String vbo) {
        final long since = System.currentTimeMillis() - config.getLong(WozConfig.LOOKUP_INTERVAL_MS);
        final Iterator<Long> at = lookedUp.values().iterator();
        while (at.hasNext() && at.next() < since) {
            at.remove();
        }
        return lookedUp.containsKey(vbo);
    }

    @Override
    public void stop() {
        // Connect calls stop on the task's own thread once poll has returned, so the consumer can be closed here.
        if (transfers != null) {
            transfers.close();
        }
        if (transferValues != null) {
            transferValues.close();
        }
        if (clock != null) {
            clock.close();
        }
    }
}
