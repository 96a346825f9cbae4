package nl.barriere.connect.zgw;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import nl.barriere.connect.OneTaskSourceConnector;
import nl.barriere.connect.RefusedRecords;
import nl.barriere.connect.http.MalformedResponseException;
import nl.barriere.connect.http.RegisterClient;
import nl.barriere.connect.http.RegisterSettings;
import nl.barriere.contract.Topics;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;

/**
 * Turns the statuses of horeca zaken into PermitEvents. One operation does all the work: <em>sync a zaak</em> reads
 * its statuses, and emits one event for every status of a mapped statustype it has not emitted before, with the
 * zaak's rollen, zaakobjecten and (on DECIDED) resultaat as they are at that moment. What triggers a sync: every
 * zaak of the configured zaaktypen at task start and every reconcile interval (paging through {@code /zaken}), and
 * every zaak a notification names in between.
 *
 * <p>Offsets: the source partition is the zaak (its URL); the offset holds the zaak's current status URL as last
 * seen and the uuids of the statuses already emitted. A zaak whose current status is the one in its offset is not
 * read further (one list call per 100 unchanged zaken); otherwise only statuses missing from the emitted set are
 * emitted, whatever their order or backdating, so a restart at any point gives neither a gap nor a duplicate.
 */
public final class ZgwPermitSourceTask extends SourceTask {

    static final String SYSTEM = "zgw-zaken";
    private static final Pattern VBO_ID = Pattern.compile("\\d{4}01\\d{10}");

    private ZgwPermitConfig config;
    private Map<String, String> zaaktypen;
    private Map<String, String> statustypen;
    private Map<String, String> resultaattypen;
    private Set<String> managerRoltypen;
    private String refusedTopic;
    private String baseUrl;
    private RegisterClient client;
    private String token;
    private long tokenMadeAt;
    private NotificationReceiver receiver;
    private final Map<String, Map<String, Object>> offsets = new HashMap<>();
    private final Deque<String> reconcilePages = new ArrayDeque<>();
    private long nextReconcileAt;

    @Override
    public String version() {
        return OneTaskSourceConnector.VERSION;
    }

    @Override
    public void start(final Map<String, String> props) {
        config = new ZgwPermitConfig(props);
        zaaktypen = config.mapping(ZgwPermitConfig.ZAAKTYPEN);
        statustypen = config.mapping(ZgwPermitConfig.STATUSTYPEN);
        resultaattypen = config.mapping(ZgwPermitConfig.RESULTAATTYPEN);
        managerRoltypen = new LinkedHashSet<>(config.getList(ZgwPermitConfig.MANAGER_ROLTYPEN));
        refusedTopic = config.getString(ZgwPermitConfig.REFUSED_TOPIC);
        baseUrl = config.getString(RegisterSettings.URL);
        client = RegisterSettings.client(config, SYSTEM, this::bearer);
        nextReconcileAt = System.currentTimeMillis();
        try {
            if (config.getInt(ZgwPermitConfig.CALLBACK_PORT) > 0) {
                receiver = new NotificationReceiver(config.getInt(ZgwPermitConfig.CALLBACK_PORT),
                        config.getPassword(ZgwPermitConfig.CALLBACK_AUTH).value());
            }
            if (!config.getString(ZgwPermitConfig.NOTIFICATIES_URL).isBlank()) {
                Abonnement.register(config.getString(ZgwPermitConfig.NOTIFICATIES_URL), bearer(),
                        config.getString(ZgwPermitConfig.CALLBACK_URL),
                        config.getPassword(ZgwPermitConfig.CALLBACK_AUTH).value(), zaaktypen.keySet());
            }
        } catch (final IOException e) {
            throw new ConnectException("cannot start the notification receiver: " + e.getMessage(), e);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectException("interrupted while registering the abonnement", e);
        }
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        // What this poll learns about zaken counts only if its records are returned: a give-up halfway (429/5xx)
        // must not leave a zaak marked as read whose records were dropped with the failed poll.
        final Map<String, Map<String, Object>> before = new HashMap<>(offsets);
        try {
            return pollOnce();
        } catch (final RuntimeException | InterruptedException e) {
            offsets.clear();
            offsets.putAll(before);
            throw e;
        }
    }

    private List<SourceRecord> pollOnce() throws InterruptedException {
        final List<SourceRecord> records = new ArrayList<>();
        if (reconcilePages.isEmpty() && System.currentTimeMillis() >= nextReconcileAt) {
            zaaktypen.keySet().forEach(t -> reconcilePages.add("/zaken?zaaktype=" + encoded(t)));
            nextReconcileAt = System.currentTimeMillis() + config.getLong(ZgwPermitConfig.RECONCILE_INTERVAL_MS);
        }
        if (!reconcilePages.isEmpty()) {
            // One page per poll; a page is dropped from the queue only once all its zaken are synced, so a give-up
            // on a 429/5xx asks for the same page again.
            final String page = reconcilePages.peek();
            final JsonNode list;
            try {
                list = client.get(page);
                for (final JsonNode zaak : list.path("results")) {
                    records.addAll(sync(zaak));
                }
            } catch (final MalformedResponseException e) {
                records.add(RefusedRecords.of(refusedTopic, Map.of("zaaktype", page), Map.of(), topic(), page,
                        e.getMessage()));
                reconcilePages.poll();
                return records;
            }
            reconcilePages.poll();
            if (list.path("next").isTextual()) {
                try {
                    reconcilePages.addFirst(relative(list.path("next").asText()));
                } catch (final MalformedResponseException e) {
                    records.add(RefusedRecords.of(refusedTopic, Map.of("zaaktype", page), Map.of(), topic(), page,
                            e.getMessage()));
                }
            }
            return records;
        }
        if (receiver != null) {
            final String zaakUrl = receiver.zaken().poll(1, TimeUnit.SECONDS);
            if (zaakUrl != null) {
                try {
                    final Optional<JsonNode> zaak = client.find(relative(zaakUrl));
                    zaak.ifPresent(z -> records.addAll(sync(z)));
                } catch (final MalformedResponseException e) {
                    records.add(RefusedRecords.of(refusedTopic, partition(zaakUrl), Map.of(), topic(), zaakUrl,
                            e.getMessage()));
                } catch (final RuntimeException e) {
                    receiver.zaken().add(zaakUrl); // asked again on the next poll
                    throw e;
                }
            }
        } else {
            Thread.sleep(1_000);
        }
        return records;
    }

    private List<SourceRecord> sync(final JsonNode zaak) {
        final String zaakUrl = zaak.path("url").asText();
        final String kind = zaaktypen.get(zaak.path("zaaktype").asText());
        final String applicationId = zaak.path("identificatie").asText(zaakUrl);
        final String current = zaak.path("status").asText("");
        final Map<String, Object> offset = offset(zaakUrl);
        if (kind == null || current.isBlank() || current.equals(offset.get("current"))) {
            return List.of();
        }
        final Set<String> emitted = new LinkedHashSet<>(List.of(((String) offset.getOrDefault("emitted", ""))
                .split(",")));
        emitted.remove("");
        final List<SourceRecord> records = new ArrayList<>();
        try {
            final List<JsonNode> statuses = all("/statussen?zaak=" + encoded(zaakUrl));
            statuses.sort(Comparator.comparing((JsonNode s) -> instant(s.path("datumStatusGezet").asText()))
                    .thenComparing(s -> s.path("uuid").asText()));
            Facts facts = null;
            for (final JsonNode status : statuses) {
                final String type = statustypen.get(status.path("statustype").asText());
                final String uuid = status.path("uuid").asText();
                if (type == null || emitted.contains(uuid)) {
                    continue;
                }
                if (facts == null) {
                    facts = facts(zaak);
                }
                emitted.add(uuid);
                final Map<String, Object> next = offsetValue("", emitted);
                final Optional<String> problem = facts.problem(type);
                if (problem.isPresent()) {
                    records.add(RefusedRecords.of(refusedTopic, partition(zaakUrl), next, topic(), applicationId,
                            "zaak " + applicationId + ", status " + uuid + ": " + problem.get()));
                    continue;
                }
                records.add(new SourceRecord(partition(zaakUrl), next, topic(), null, Schema.STRING_SCHEMA,
                        applicationId, null, facts.event(type, kind, applicationId, status), instant(
                        status.path("datumStatusGezet").asText()).toEpochMilli()));
            }
            final Map<String, Object> seen = offsetValue(current, emitted);
            remember(zaakUrl, seen);
            if (records.isEmpty()) {
                return List.of();
            }
            // Only the last record of the zaak carries its current status: a crash after an earlier one has been
            // committed must not make the next start take the zaak for read.
            final SourceRecord last = records.remove(records.size() - 1);
            records.add(new SourceRecord(last.sourcePartition(), seen, last.topic(), null, last.keySchema(),
                    last.key(), last.valueSchema(), last.value(), last.timestamp(), last.headers()));
            return records;
        } catch (final MalformedResponseException e) {
            final Map<String, Object> seen = offsetValue(current, emitted);
            remember(zaakUrl, seen);
            return List.of(RefusedRecords.of(refusedTopic, partition(zaakUrl), seen, topic(), applicationId,
                    "zaak " + applicationId + ": " + e.getMessage()));
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectException("interrupted", e);
        }
    }

    /** What a zaak's events carry besides the status: read once per sync. */
    private Facts facts(final JsonNode zaak) throws InterruptedException {
        final String zaakUrl = zaak.path("url").asText();
        String kvk = null;
        String vestiging = null;
        final List<String> managers = new ArrayList<>();
        for (final JsonNode rol : all("/rollen?zaak=" + encoded(zaakUrl))) {
            final String betrokkeneType = rol.path("betrokkeneType").asText();
            final JsonNode id = rol.path("betrokkeneIdentificatie");
            if ("initiator".equals(rol.path("omschrijvingGeneriek").asText())
                    && ("niet_natuurlijk_persoon".equals(betrokkeneType) || "vestiging".equals(betrokkeneType))) {
                kvk = text(id, "kvkNummer");
                vestiging = text(id, "vestigingsNummer");
            } else if ("natuurlijk_persoon".equals(betrokkeneType)
                    && managerRoltypen.contains(rol.path("roltype").asText())) {
                // only the identifier leaves the connector, raw, for the transform; never name or birth date
                final String bsn = text(id, "inpBsn");
                final String anp = text(id, "anpIdentificatie");
                if (bsn != null || anp != null) {
                    managers.add(bsn != null ? bsn : anp);
                }
            }
        }
        String vbo = null;
        for (final JsonNode object : all("/zaakobjecten?zaak=" + encoded(zaakUrl))) {
            final String url = object.path("object").asText("");
            final String last = url.substring(url.lastIndexOf('/') + 1);
            final String identificatie = object.path("objectIdentificatie").path("identificatie").asText("");
            if (VBO_ID.matcher(last).matches()) {
                vbo = last;
            } else if (VBO_ID.matcher(identificatie).matches()) {
                vbo = identificatie;
            }
        }
        String outcome = null;
        final String resultaat = zaak.path("resultaat").asText("");
        if (!resultaat.isBlank() && !zaak.path("resultaat").isNull()) {
            outcome = resultaattypen.get(client.get(relative(resultaat)).path("resultaattype").asText());
        }
        return new Facts(kvk, vestiging, vbo, managers, outcome);
    }

    private record Facts(String kvk, String vestiging, String vbo, List<String> managers, String outcome) {
        Optional<String> problem(final String type) {
            if (kvk == null || !kvk.matches("\\d{8}")) {
                return Optional.of("no initiator (niet-natuurlijk persoon or vestiging) with an 8-digit kvkNummer");
            }
            if (vbo == null) {
                return Optional.of("no zaakobject with a BAG verblijfsobject id");
            }
            if ("DECIDED".equals(type) && outcome == null) {
                return Optional.of("decided without a resultaat of a configured resultaattype");
            }
            return Optional.empty();
        }

        Map<String, Object> event(final String type, final String kind, final String applicationId,
                                  final JsonNode status) {
            final Map<String, Object> event = new LinkedHashMap<>();
            event.put("eventId", "zgw-status-" + status.path("uuid").asText());
            event.put("occurredAt", instant(status.path("datumStatusGezet").asText()).toString());
            event.put("source", Map.of("system", SYSTEM, "reference", status.path("url").asText()));
            event.put("applicationId", applicationId);
            event.put("type", type);
            event.put("permitKind", kind);
            event.put("applicantKvkNumber", kvk);
            event.put("establishmentNumber", vestiging != null && vestiging.matches("\\d{12}") ? vestiging : null);
            event.put("bagVboId", vbo);
            event.put("managerPseudonyms", List.copyOf(managers));
            event.put("outcome", "DECIDED".equals(type) ? outcome : null);
            return event;
        }
    }

    /** Every result of a paged list, following {@code next}. */
    private List<JsonNode> all(final String first) throws InterruptedException {
        final List<JsonNode> all = new ArrayList<>();
        String page = first;
        while (page != null) {
            final JsonNode list = client.get(page);
            final JsonNode results = list.path("results");
            if (!results.isArray()) {
                throw new MalformedResponseException(SYSTEM + " answered GET " + page + " without a results list");
            }
            results.forEach(all::add);
            page = list.path("next").isTextual() ? relative(list.path("next").asText()) : null;
        }
        return all;
    }

    /**
     * The ZGW JWT, made anew every {@code zgw.token.renew.ms}: Open Zaak refuses a token older than its JWT_EXPIRY.
     * The client asks for it at every request.
     */
    private String bearer() {
        final long now = System.currentTimeMillis();
        if (token == null || now - tokenMadeAt > config.getLong(ZgwPermitConfig.TOKEN_RENEW_MS)) {
            token = ZgwToken.bearer(config.getString(ZgwPermitConfig.CLIENT_ID),
                    config.getPassword(ZgwPermitConfig.CLIENT_SECRET).value(), Instant.ofEpochMilli(now));
            tokenMadeAt = now;
        }
        return token;
    }

    /** A URL the Zaken API gave, as a path below the configured base; another host is not followed. */
    private String relative(final String url) {
        if (!url.startsWith(baseUrl + "/")) {
            throw new MalformedResponseException(SYSTEM + " gave a URL outside " + baseUrl + ": " + url);
        }
        return url.substring(baseUrl.length());
    }

    private Map<String, Object> offset(final String zaakUrl) {
        return offsets.computeIfAbsent(zaakUrl, z -> {
            final Map<String, Object> stored = context.offsetStorageReader().offset(partition(z));
            return stored == null ? Map.of() : stored;
        });
    }

    private void remember(final String zaakUrl, final Map<String, Object> offset) {
        offsets.put(zaakUrl, offset);
    }

    private static Map<String, Object> offsetValue(final String current, final Set<String> emitted) {
        return Map.of("current", current, "emitted", String.join(",", emitted));
    }

    private static Map<String, String> partition(final String zaakUrl) {
        return Map.of("zaak", zaakUrl);
    }

    private static String topic() {
        return Topics.HORECA_PERMIT_EVENTS.name();
    }

    private static String encoded(final String value) {
        return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
    }

    private static String text(final JsonNode node, final String field) {
        final JsonNode value = node.path(field);
        return value.isTextual() && !value.asText().isBlank() ? value.asText().strip() : null;
    }

    private static Instant instant(final String dateTime) {
        try {
            return OffsetDateTime.parse(dateTime).toInstant();
        } catch (final java.time.format.DateTimeParseException e) {
            throw new MalformedResponseException(SYSTEM + " gave a datumStatusGezet that is not a date-time: "
                    + dateTime);
        }
    }

    @Override
    public void stop() {
        if (receiver != null) {
            receiver.close();
        }
    }
}
