package nl.barriere.connect.kvk;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import nl.barriere.connect.OneTaskSourceConnector;
import nl.barriere.connect.RefusedRecords;
import nl.barriere.connect.http.MalformedResponseException;
import nl.barriere.connect.http.RegisterClient;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls one subscription page by page from its cursor, and per signal fetches the profile (and the officers),
 * compares it with the last profile that reached Kafka and emits one BusinessEvent per change.
 *
 * <p>Offsets: partition {@code {subscription}}, offset {@code {vanaf, seen}}: the timestamp of the last signal done
 * and the ids of the signals done at that timestamp (signals can share a timestamp). The last record of a signal
 * carries the cursor after it, the others the cursor before it, so a crash re-reads a signal whole. The last-seen
 * profiles are in {@link ProfileStore}, written when every record of the signal is acknowledged.
 */
public final class KvkMutationTask extends SourceTask {

    private static final Logger LOG = LoggerFactory.getLogger(KvkMutationTask.class);
    static final String SYSTEM = "kvk-mutatieservice";

    private record Cursor(Instant vanaf, Set<String> seen) {
        boolean done(final Instant at, final String id) {
            return at.isBefore(vanaf) || at.equals(vanaf) && seen.contains(id);
        }

        Cursor after(final Instant at, final String id) {
            final Set<String> ids = at.equals(vanaf) ? new LinkedHashSet<>(seen) : new LinkedHashSet<>();
            ids.add(id);
            return new Cursor(at, ids);
        }

        Map<String, Object> offset() {
            return Map.of("vanaf", vanaf.toString(), "seen", String.join(",", seen));
        }
    }

    private static final class Pending {
        final Profile profile;
        int remaining;

        Pending(final Profile profile, final int remaining) {
            this.profile = profile;
            this.remaining = remaining;
        }
    }

    private KvkMutationConfig config;
    private RegisterClient mutations;
    private RegisterClient profiles;
    private RegisterClient officers;
    private ProfileStore store;
    private Map<String, Object> partition;
    private Cursor cursor;
    private final Map<String, Profile> latest = new HashMap<>();
    private final java.util.concurrent.CountDownLatch stopped = new java.util.concurrent.CountDownLatch(1);
    private final Map<SourceRecord, Pending> pending = java.util.Collections.synchronizedMap(new IdentityHashMap<>());

    @Override
    public void start(final Map<String, String> props) {
        config = new KvkMutationConfig(props);
        mutations = config.mutations();
        profiles = config.profiles();
        officers = config.officers();
        store = new ProfileStore(Path.of(config.getString(KvkMutationConfig.STATE_DIR)),
                config.getPassword(KvkMutationConfig.STATE_KEY).value());
        partition = Map.of("subscription", config.getString(KvkMutationConfig.SUBSCRIPTION));
        final Map<String, Object> offset = context.offsetStorageReader().offset(partition);
        if (offset == null) {
            cursor = new Cursor(Instant.parse(config.getString(KvkMutationConfig.START)), Set.of());
        } else {
            final String seen = (String) offset.get("seen");
            cursor = new Cursor(Instant.parse((String) offset.get("vanaf")),
                    seen.isEmpty() ? Set.of() : new LinkedHashSet<>(Arrays.asList(seen.split(","))));
        }
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        final List<SourceRecord> records = new ArrayList<>();
        try {
            int page = 1;
            while (true) {
                final JsonNode answer = mutations.get("/abonnementen/" + subscription() + "?vanaf="
                        + cursor.vanaf() + "&pagina=" + page + "&aantal=" + config.getInt(KvkMutationConfig.PAGE_SIZE));
                if (!answer.path("signalen").isArray()) {
                    throw new MalformedResponseException("a signal page without signalen");
                }
                for (final JsonNode signal : answer.get("signalen")) {
                    final Instant at = Instant.parse(signal.path("timestamp").asText());
                    final String id = signal.path("id").asText();
                    if (!cursor.done(at, id)) {
                        records.addAll(signal(signal, id, at));
                    }
                }
                if (!records.isEmpty() || page >= answer.path("totaalPaginas").asInt(1)) {
                    break;
                }
                page++;
            }
        } catch (final RetriableException | MalformedResponseException e) {
            if (!records.isEmpty()) {
                LOG.info("KvK: returning the signals read so far; the next poll continues ({})", e.getMessage());
                return records;
            }
            if (e instanceof MalformedResponseException) {
                // the signal list itself is unreadable: nothing to refuse by KvK number; wait and read it again
                LOG.warn("KvK Mutatieservice: {}; reading the page again after the poll interval", e.getMessage());
                pause();
                return null;
            }
            throw e;
        }
        if (records.isEmpty()) {
            pause();
            return null;
        }
        return records;
    }

    /** The records of one signal, all or none; advances the cursor. */
    private List<SourceRecord> signal(final JsonNode signal, final String id, final Instant at)
            throws InterruptedException {
        final String kvk = signal.path("kvknummer").asText();
        final Cursor before = cursor;
        final Cursor after = cursor.after(at, id);
        final List<Map<String, Object>> events = new ArrayList<>();
        final Profile now;
        try {
            now = events(signal, id, at, kvk, events);
        } catch (final MalformedResponseException e) {
            cursor = after;
            LOG.warn("KvK signal {} refused: {}", id, e.getMessage());
            return List.of(RefusedRecords.of(config.getString(KvkMutationConfig.REFUSED_TOPIC), partition,
                    after.offset(), config.getString(KvkMutationConfig.TOPIC), kvk, e.getMessage()));
        }
        cursor = after;
        if (now == null) {
            return List.of();
        }
        latest.put(kvk, now);
        if (events.isEmpty()) {
            store.write(now);
            return List.of();
        }
        final List<SourceRecord> records = new ArrayList<>();
        final Pending done = new Pending(now, events.size());
        for (int i = 0; i < events.size(); i++) {
            final Cursor position = i == events.size() - 1 ? after : before;
            final SourceRecord record = new SourceRecord(partition, position.offset(),
                    config.getString(KvkMutationConfig.TOPIC), null, Schema.STRING_SCHEMA,
                    (String) events.get(i).get("kvkNumber"), null, events.get(i),
                    Instant.parse((String) events.get(i).get("occurredAt")).toEpochMilli());
            pending.put(record, done);
            records.add(record);
        }
        return records;
    }

    @Override
    public void commitRecord(final SourceRecord record, final RecordMetadata metadata) {
        final Pending p = pending.remove(record);
        if (p != null) {
            synchronized (p) {
                if (--p.remaining == 0) {
                    store.write(p.profile);
                }
            }
        }
    }

    /** Fills {@code events}; returns the profile now, or null when there is nothing to remember. */
    private Profile events(final JsonNode signal, final String id, final Instant at, final String kvk,
                           final List<Map<String, Object>> events) throws InterruptedException {
        final String type = signal.path("signaalType").asText().replaceFirst("^Signaal", "").toLowerCase(Locale.ROOT);
        final String establishment = signal.hasNonNull("vestigingsnummer") ? signal.get("vestigingsnummer").asText()
                : null;
        final Optional<Profile> before = Optional.ofNullable(latest.get(kvk)).or(() -> store.read(kvk));
        final Optional<JsonNode> basisprofiel = profiles.find("/basisprofielen/" + kvk + "?geoData=true");
        if (type.equals("beeindiging")) {
            final JsonNode detail = mutations.find("/abonnementen/" + subscription() + "/signalen/" + id)
                    .orElse(Profile.object());
            final Profile last = before.orElse(null);
            final Profile now = basisprofiel.map(b -> Profile.of(b, null).withOfficers(
                    last == null ? List.of() : last.officers())).orElse(last);
            final Map<String, Object> e = event(id, "DEREGISTERED", 0, kvk, establishment,
                    date(now == null ? null : now.endDate(), at));
            put(e, "deregistrationReason", reason(detail));
            events.add(e);
            return now;
        }
        if (basisprofiel.isEmpty()) {
            throw new MalformedResponseException("Basisprofiel of a signalled registration not found (404)");
        }
        final JsonNode officersAnswer = officers == null ? null
                : officers.find("/functionarissen/" + kvk).orElse(null);
        final Profile now = Profile.of(basisprofiel.get(), officersAnswer);
        if (!now.kvkNumber().equals(kvk)) {
            throw new MalformedResponseException("Basisprofiel of another KvK number than signalled");
        }
        if (before.isEmpty()) {
            if (!type.equals("nieuweinschrijving")) {
                LOG.info("KvK {}: first sight at a change signal; its profile is the baseline, no event", kvk);
                return now;
            }
            final Map<String, Object> e = event(id, "REGISTERED", 0, kvk, establishment, date(now.startDate(), at));
            put(e, "legalForm", now.legalForm());
            e.put("sbiCodes", now.sbiCodes());
            put(e, "startDate", now.startDate());
            put(e, "address", address(now.address()));
            events.add(e);
            officerEvents(id, at, kvk, List.of(), now.officers(), events);
            return now;
        }
        final Profile old = before.get();
        if (type.equals("voortzettingenoverdracht")) {
            final JsonNode detail = mutations.find("/abonnementen/" + subscription() + "/signalen/" + id)
                    .orElse(Profile.object());
            // the signalled registration was continued by / transferred to the one in the detail: the event is about
            // the successor (the contract's transferredFromKvkNumber is the business that was continued)
            final String successor = text(detail.path("voortzettingEnOverdracht"), "kvkNummer");
            final Map<String, Object> e = event(id, "TRANSFERRED", 0, successor != null ? successor : kvk,
                    establishment, date(text(detail.path("voortzettingEnOverdracht"), "startdatum"), at));
            put(e, "transferredFromKvkNumber", successor != null ? kvk : null);
            events.add(e);
        }
        if (!java.util.Objects.equals(old.legalForm(), now.legalForm()) && now.legalForm() != null) {
            final Map<String, Object> e = event(id, "LEGAL_FORM_CHANGED", 0, kvk, establishment, at);
            put(e, "legalForm", now.legalForm());
            events.add(e);
        }
        if (!java.util.Objects.equals(old.address(), now.address()) && now.address() != null) {
            final Map<String, Object> e = event(id, "ADDRESS_CHANGED", 0, kvk, establishment, at);
            put(e, "address", address(now.address()));
            events.add(e);
        }
        if (!old.sbiCodes().equals(now.sbiCodes())) {
            final Map<String, Object> e = event(id, "ACTIVITY_CHANGED", 0, kvk, establishment, at);
            e.put("sbiCodes", now.sbiCodes());
            events.add(e);
        }
        if (officers != null && officersAnswer != null) {
            officerEvents(id, at, kvk, old.officers(), now.officers(), events);
        }
        return now;
    }

    private void officerEvents(final String id, final Instant at, final String kvk, final List<Profile.Officer> was,
                               final List<Profile.Officer> is, final List<Map<String, Object>> events) {
        int n = 0;
        for (final Profile.Officer o : was) {
            if (!is.contains(o)) {
                final Map<String, Object> e = event(id, "OFFICER_RESIGNED", n++, kvk, null, at);
                e.put("officer", officer(o));
                events.add(e);
            }
        }
        n = 0;
        for (final Profile.Officer o : is) {
            if (!was.contains(o)) {
                final Map<String, Object> e = event(id, "OFFICER_APPOINTED", n++, kvk, null, at);
                e.put("officer", officer(o));
                events.add(e);
            }
        }
    }

    /** eventId from the signal id, the type and the ordinal of that type within the signal: the same on a re-read. */
    private static Map<String, Object> event(final String signalId, final String type, final int ordinal,
                                             final String kvk, final String establishment, final Instant at) {
        final Map<String, Object> e = new LinkedHashMap<>();
        e.put("eventId", "kvk-" + signalId + "-" + type.toLowerCase(Locale.ROOT) + "-" + ordinal);
        e.put("occurredAt", at.toString());
        e.put("source", Map.of("system", SYSTEM, "reference", signalId));
        e.put("type", type);
        e.put("kvkNumber", kvk);
        put(e, "establishmentNumber", establishment);
        return e;
    }

    private static Map<String, Object> officer(final Profile.Officer o) {
        final Map<String, Object> m = new LinkedHashMap<>();
        put(m, "personPseudonym", o.person());
        put(m, "kvkNumber", o.kvkNumber());
        m.put("role", o.role());
        return m;
    }

    private static Map<String, Object> address(final Profile.Address a) {
        if (a == null) {
            return null;
        }
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("bagVboId", a.bagVboId());
        put(m, "postcode", a.postcode());
        put(m, "houseNumber", a.houseNumber());
        return m;
    }

    /** A KvK date (YYYYMMDD, zeros for unknown parts) as the start of that day in UTC; else {@code fallback}. */
    static Instant date(final String kvkDate, final Instant fallback) {
        if (kvkDate == null || !kvkDate.matches("[0-9]{8}") || kvkDate.startsWith("0000")) {
            return fallback;
        }
        final int month = Integer.parseInt(kvkDate.substring(4, 6));
        final int day = Integer.parseInt(kvkDate.substring(6, 8));
        return LocalDate.of(Integer.parseInt(kvkDate.substring(0, 4)), month == 0 ? 1 : month, day == 0 ? 1 : day)
                .atStartOfDay().toInstant(ZoneOffset.UTC);
    }

    private static String reason(final JsonNode detail) {
        final String code = text(detail.path("aanleiding"), "code");
        return code != null ? code : text(detail.path("signaal").path("aanleiding"), "code");
    }

    private static String text(final JsonNode node, final String field) {
        final JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static void put(final Map<String, Object> m, final String field, final Object value) {
        if (value != null) {
            m.put(field, value);
        }
    }

    private String subscription() {
        return config.getString(KvkMutationConfig.SUBSCRIPTION);
    }

    /** Waits the poll interval, or less when the task is stopped meanwhile. */
    private void pause() throws InterruptedException {
        stopped.await(config.getLong(KvkMutationConfig.POLL_INTERVAL_MS), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        stopped.countDown();
    }

    @Override
    public String version() {
        return OneTaskSourceConnector.VERSION;
    }
}
