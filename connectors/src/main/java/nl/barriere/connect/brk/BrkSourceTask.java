package nl.barriere.connect.brk;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import nl.barriere.connect.OneTaskSourceConnector;
import nl.barriere.connect.RefusedRecords;
import nl.barriere.connect.http.MalformedResponseException;
import nl.barriere.connect.http.RegisterClient;
import nl.barriere.contract.Topics;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the BRK events feed page by page and turns each event on a cadastral object into contract records.
 *
 * <ul>
 *   <li><b>Transfer</b>: the event's new state has other owners [zakelijk gerechtigden of type eigenaar] than its
 *       previous state, and a purchase price [koopsom]. Buyer: the first new owner; seller: the first owner that
 *       left (the contract's Party holds one of each). Key and {@code bagVboId}: each addressable object
 *       [adresseerbaarObjectIdentificatie] BRK Bevragen gives for the cadastral object, one record per object.</li>
 *   <li><b>Mortgage</b>: every mortgage right [hypotheek] BRK Bevragen lists for the object that this connector has
 *       not emitted for it before; the identifiers already emitted are the source offset of the object's own
 *       source partition, so a restart does not emit them again.</li>
 * </ul>
 *
 * Event time is the event's {@code tijdstip} (the moment the deed was registered and the register changed), never
 * the poll time; eventIds are built from the register's identifiers only. The feed position (the last event read)
 * is the offset of the feed partition; the feed is asked from that event on, and the event itself is skipped.
 */
public final class BrkSourceTask extends SourceTask {

    static final String SYSTEM = "kadaster-brk";
    static final Map<String, String> FEED = Map.of("feed", "brk-events");
    static final String LAST_EVENT = "lastEvent";
    static final String MORTGAGES = "mortgages";

    private static final Logger LOG = LoggerFactory.getLogger(BrkSourceTask.class);
    private static final ZoneId NL = ZoneId.of("Europe/Amsterdam");

    private BrkConfig config;
    private RegisterClient events;
    private RegisterClient bevragen;
    private String lastEvent;
    private final Map<String, Set<String>> mortgagesEmitted = new HashMap<>();
    private long idleUntil;

    @Override
    public String version() {
        return OneTaskSourceConnector.VERSION;
    }

    @Override
    public void start(final Map<String, String> props) {
        config = new BrkConfig(props);
        events = config.events();
        bevragen = config.bevragen();
        final Map<String, Object> offset = context.offsetStorageReader().offset(FEED);
        lastEvent = offset == null ? null : (String) offset.get(LAST_EVENT);
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        final long wait = idleUntil - System.currentTimeMillis();
        if (wait > 0) {
            Thread.sleep(Math.min(wait, 1_000));
            return null;
        }
        final JsonNode page = events.get("/kadastraalonroerendezaakevents?" + (lastEvent == null
                ? "vanafTijdstip=" + encode(config.start().toString())
                : "vanafEventIdentificatie=" + encode(lastEvent)) + "&inclusiefVorigToestand=true");
        // Built aside and taken over only when the whole page worked: a retriable failure half-way asks the same
        // page again, with nothing of it emitted.
        final Map<String, Set<String>> emittedNow = new HashMap<>();
        final List<SourceRecord> records = new ArrayList<>();
        String last = lastEvent;
        for (final JsonNode event : page.path("events")) {
            final String id = event.path("identificatie").asText("");
            if (id.isEmpty() || id.equals(lastEvent)) {
                continue;
            }
            records.addAll(recordsOf(event, id, emittedNow));
            last = id;
        }
        if (last == null || last.equals(lastEvent) || page.path("volgendEventIdentificatie").asText("").isEmpty()) {
            idleUntil = System.currentTimeMillis() + config.getLong(BrkConfig.POLL_INTERVAL_MS);
        }
        lastEvent = last;
        emittedNow.forEach((object, ids) -> mortgagesEmitted.computeIfAbsent(object, o -> new LinkedHashSet<>()).addAll(ids));
        return records;
    }

    private List<SourceRecord> recordsOf(final JsonNode event, final String eventId,
                                         final Map<String, Set<String>> emittedNow) throws InterruptedException {
        final JsonNode now = event.path("nieuweToestandKadastraalOnroerendeZaak");
        final String object = now.path("identificatie").asText("");
        final Map<String, String> feedOffset = Map.of(LAST_EVENT, eventId);
        final String at = event.path("tijdstip").asText("");
        try {
            if (object.isEmpty() || at.isEmpty()) {
                throw new MalformedResponseException("BRK event " + eventId + " has no object identificatie or tijdstip");
            }
            final Instant registered = Instant.parse(normalised(at));
            final Optional<JsonNode> found = bevragen.find("/kadastraalonroerendezaken/" + encode(object));
            if (found.isEmpty()) {
                LOG.warn("BRK event {}: object {} is not in BRK Bevragen (404); skipped", eventId, object);
                return List.of();
            }
            final JsonNode zaak = found.get();
            final List<String> vbos = new ArrayList<>();
            for (final JsonNode address : zaak.path("adressen")) {
                final String vbo = address.path("adresseerbaarObjectIdentificatie").asText("");
                if (!vbo.isEmpty() && !vbos.contains(vbo)) {
                    vbos.add(vbo);
                }
            }
            if (vbos.isEmpty()) {
                LOG.debug("BRK event {}: object {} has no addressable object (land without a building); skipped",
                        eventId, object);
                return List.of();
            }
            final String parcel = zaak.path("kadastraleAanduiding").asText(object);
            final List<SourceRecord> records = new ArrayList<>();
            final Optional<Transfer> transfer = transfer(event.path("vorigToestandKadastraalOnroerendeZaak"), now);
            if (transfer.isPresent()) {
                final Map<String, Object> buyer = party(transfer.get().buyer());
                final Map<String, Object> seller = party(transfer.get().seller());
                for (final String vbo : vbos) {
                    final Map<String, Object> value = deed("brk-overdracht-" + eventId + "-" + vbo, eventId, vbo,
                            parcel, registered);
                    value.put("price", transfer.get().price());
                    value.put("multipleObjects", transfer.get().multipleObjects());
                    value.put("buyer", buyer);
                    value.put("seller", seller);
                    records.add(record(FEED, feedOffset, Topics.KADASTER_PROPERTY_TRANSFERS.name(), vbo, value));
                }
            }
            records.addAll(mortgages(object, parcel, vbos, registered, emittedNow));
            return records;
        } catch (final MalformedResponseException e) {
            LOG.warn("BRK event {} refused: {}", eventId, e.getMessage());
            return List.of(RefusedRecords.of(config.getString(BrkConfig.REFUSED_TOPIC), FEED, feedOffset,
                    Topics.KADASTER_PROPERTY_TRANSFERS.name(), object.isEmpty() ? eventId : object, e.getMessage()));
        }
    }

    /** The fields a transfer and a mortgage share: the deed registered on one BAG object. */
    private static Map<String, Object> deed(final String eventId, final String reference, final String vbo,
                                            final String parcel, final Instant registered) {
        final Map<String, Object> value = new LinkedHashMap<>();
        value.put("eventId", eventId);
        value.put("occurredAt", registered.toString());
        value.put("source", Map.of("system", SYSTEM, "reference", reference));
        value.put("bagVboId", vbo);
        value.put("cadastralParcel", parcel);
        value.put("deedDate", registered.atZone(NL).toLocalDate().toString());
        return value;
    }

    private List<SourceRecord> mortgages(final String object, final String parcel, final List<String> vbos,
                                         final Instant registered, final Map<String, Set<String>> emittedNow)
            throws InterruptedException {
        final Set<String> known = new LinkedHashSet<>(emitted(object));
        known.addAll(emittedNow.getOrDefault(object, Set.of()));
        final JsonNode list = bevragen.find("/kadastraalonroerendezaken/" + encode(object) + "/hypotheken")
                .map(body -> body.path("_embedded").path("hypotheken")).orElse(null);
        final List<SourceRecord> records = new ArrayList<>();
        if (list == null) {
            return records;
        }
        final Map<String, String> partition = Map.of("object", object);
        for (final JsonNode mortgage : list) {
            final String id = mortgage.path("identificatie").asText("");
            if (id.isEmpty() || known.contains(id)) {
                continue;
            }
            known.add(id);
            final Map<String, Object> mortgagee = mortgage.path("hypotheekhouders").isEmpty() ? null
                    : party(mortgage.path("hypotheekhouders").get(0));
            final String deed = mortgage.path("stukIdentificaties").path(0).asText(id);
            for (final String vbo : vbos) {
                final Map<String, Object> value = deed("brk-hypotheek-" + id + "-" + vbo, deed, vbo, parcel, registered);
                value.put("amount", null);
                value.put("mortgagee", mortgagee);
                records.add(record(partition, Map.of(MORTGAGES, String.join(",", known)),
                        Topics.KADASTER_MORTGAGES.name(), vbo, value));
            }
        }
        emittedNow.computeIfAbsent(object, o -> new LinkedHashSet<>()).addAll(known);
        return records;
    }

    private Set<String> emitted(final String object) {
        return mortgagesEmitted.computeIfAbsent(object, o -> {
            final Map<String, Object> offset = context.offsetStorageReader().offset(Map.of("object", o));
            final Set<String> ids = new LinkedHashSet<>();
            if (offset != null && offset.get(MORTGAGES) instanceof String s && !s.isEmpty()) {
                ids.addAll(List.of(s.split(",")));
            }
            return ids;
        });
    }

    /** A natural person by the identifier the register gives (pseudonymised by the transform), else by KvK number. */
    private Map<String, Object> party(final JsonNode person) throws InterruptedException {
        final JsonNode p = person.has("persoon") ? person.path("persoon") : person;
        final String id = p.path("identificatie").asText("");
        final String type = p.path("type").asText("");
        if (id.isEmpty()) {
            throw new MalformedResponseException("a right holder has no identificatie");
        }
        if (type.endsWith("_natuurlijk_persoon") && !type.contains("niet_")) {
            final Map<String, Object> party = new LinkedHashMap<>();
            party.put("personPseudonym", id);
            return party;
        }
        final String kvk = bevragen.find("/kadasternietnatuurlijkpersonen/" + encode(id))
                .map(n -> n.path("kvkNummer").asText("")).orElse("");
        if (!kvk.matches("\\d{8}")) {
            throw new MalformedResponseException("legal entity " + id + " has no KvK number in BRK Bevragen");
        }
        final Map<String, Object> party = new LinkedHashMap<>();
        party.put("kvkNumber", kvk);
        return party;
    }

    record Transfer(JsonNode buyer, JsonNode seller, long price, boolean multipleObjects) {}

    static Optional<Transfer> transfer(final JsonNode before, final JsonNode after) {
        final JsonNode price = after.path("koopsom").path("koopsom");
        if (before.isMissingNode() || before.isNull() || !price.canConvertToLong()) {
            return Optional.empty();
        }
        final Map<String, JsonNode> was = owners(before);
        final Map<String, JsonNode> is = owners(after);
        final Optional<JsonNode> buyer = is.entrySet().stream().filter(e -> !was.containsKey(e.getKey()))
                .map(Map.Entry::getValue).findFirst();
        final Optional<JsonNode> seller = was.entrySet().stream().filter(e -> !is.containsKey(e.getKey()))
                .map(Map.Entry::getValue).findFirst();
        if (buyer.isEmpty() || seller.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Transfer(buyer.get(), seller.get(), price.asLong(),
                after.path("koopsom").path("indicatieMetMeerObjectenVerkregen").asBoolean(false)));
    }

    private static Map<String, JsonNode> owners(final JsonNode state) {
        final Map<String, JsonNode> owners = new LinkedHashMap<>();
        for (final JsonNode holder : state.path("zakelijkGerechtigden")) {
            final String id = holder.path("persoon").path("identificatie").asText("");
            if ("eigenaar".equals(holder.path("type").asText()) && !id.isEmpty()) {
                owners.putIfAbsent(id, holder);
            }
        }
        return owners;
    }

    private static SourceRecord record(final Map<String, ?> partition, final Map<String, ?> offset, final String topic,
                                       final String key, final Map<String, Object> value) {
        return new SourceRecord(partition, offset, topic, null, Schema.STRING_SCHEMA, key, null, value);
    }

    private static String normalised(final String dateTime) {
        return java.time.OffsetDateTime.parse(dateTime).toInstant().toString();
    }

    private static String encode(final String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Override
    public void stop() {}
}
