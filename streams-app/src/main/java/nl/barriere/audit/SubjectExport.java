package nl.barriere.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.regex.Pattern;
import nl.barriere.detect.DetectionTopology;
import nl.barriere.json.AvroJson;
import nl.barriere.platform.AppConfig;
import nl.barriere.platform.Topic;
import nl.barriere.platform.TopicReader;
import nl.barriere.platform.Topics;
import nl.barriere.schema.AccessAction;
import nl.barriere.schema.AccessEvent;
import nl.barriere.schema.BusinessEvent;
import nl.barriere.schema.EvidenceRef;
import nl.barriere.schema.PermitEvent;
import nl.barriere.schema.PropertyTransfer;
import nl.barriere.schema.RiskSignal;
import nl.barriere.schema.SubjectType;
import org.apache.avro.specific.SpecificRecord;

/**
 * Everything Barrière holds about one company (GDPR art. 15; DOMAIN.md §3 requirement 9), as one JSON document.
 *
 * <p>What "about the company" means here:
 * <ul>
 *   <li>an <b>input event</b> is about it when the company is a party in it: the business itself, an officer, or the
 *       business it continued ({@code kvk.business-events}: {@code kvkNumber}, {@code officer.kvkNumber},
 *       {@code transferredFromKvkNumber}); the buyer or the seller ({@code kadaster.property-transfers}); the
 *       applicant ({@code horeca.permit-events}: {@code applicantKvkNumber});
 *   <li>a <b>signal</b> is about it when its subject is the business with that KvK number, or any of its evidence
 *       events is about it (a property the company bought, a permit it applied for);
 *   <li>the <b>decisions</b> and <b>access events</b> exported are those on the exported signals.
 * </ul>
 * An exported signal's evidence that is not about the company (another party's register change behind the same
 * signal) is listed by reference only and withheld. Restricted Bibob data (case events, restricted context, flagged
 * permits) is not exported: art. 28 Wet Bibob; the BIBOB officers answer for it. Input events about the company that
 * no signal names are not part of the export: they are the source registers' data, not Barrière's findings.
 *
 * <p>Every exported signal gets an access event (EXPORT) on {@code review.access-log}, written before the document.
 */
public final class SubjectExport {

    private static final Pattern KVK = Pattern.compile("\\d{8}");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** A position of an input record, which is what evidence references name. */
    private record Position(String topic, int partition, long offset) {
        static Position of(final EvidenceRef ref) {
            return new Position(ref.getTopic(), ref.getPartition(), ref.getOffset());
        }
    }

    private SubjectExport() {}

    /** True when the company with {@code kvk} is a party in {@code event}. */
    static boolean names(final SpecificRecord event, final String kvk) {
        if (event instanceof BusinessEvent e) {
            return kvk.equals(e.getKvkNumber()) || kvk.equals(e.getTransferredFromKvkNumber())
                    || e.getOfficer() != null && kvk.equals(e.getOfficer().getKvkNumber());
        } else if (event instanceof PropertyTransfer e) {
            return kvk.equals(e.getBuyer().getKvkNumber()) || kvk.equals(e.getSeller().getKvkNumber());
        } else if (event instanceof PermitEvent e) {
            return kvk.equals(e.getApplicantKvkNumber());
        }
        return false;
    }

    /** Builds the export, logs one EXPORT access per signal, and returns the document as indented JSON. */
    public static String export(final AppConfig config, final Clock clock, final String kvk, final String user,
                                final String role) throws ExecutionException, InterruptedException {
        if (!KVK.matcher(kvk).matches()) {
            throw new IllegalArgumentException("a KvK number has 8 digits, not '" + kvk + "'");
        }
        final Map<Position, SpecificRecord> aboutCompany = new HashMap<>();
        for (final Topic<String, ? extends SpecificRecord> input : DetectionTopology.INPUTS) {
            collect(config, input, kvk, aboutCompany);
        }
        final Map<String, RiskSignal> signals = new TreeMap<>();
        TopicReader.readAll(Topics.SIGNALS, config, (raw, signal) -> {
                    if (signal != null && about(signal, kvk, aboutCompany.keySet())) {
                        signals.put(signal.getSignalId(), signal);
                    }
                });
        final List<Timeline.Entry> timeline = Timeline.of(config, signals.keySet());
        final List<AccessEvent> logged = new AccessLog(config, clock).record(user, role, AccessAction.EXPORT,
                List.copyOf(signals.keySet()), "subject-export kvk " + kvk);

        final ObjectNode root = JSON.createObjectNode();
        root.put("kvkNumber", kvk);
        root.put("exportedAt", clock.instant().toString());
        root.put("exportedBy", user);
        root.put("role", role);
        root.put("scope", "signals whose subject is this business or whose evidence names it as business, officer, "
                + "predecessor, buyer, seller or applicant; their decisions, access events and the evidence events "
                + "that name it. Evidence about other parties is withheld; restricted Bibob data is not exported.");
        final ArrayNode out = root.putArray("signals");
        signals.values().forEach(signal -> {
            final ObjectNode item = out.addObject();
            item.set("signal", AvroJson.toJson(signal));
            final ArrayNode evidence = item.putArray("evidence");
            AuditTrail.evidenceOf(signal).forEach(ref -> {
                final ObjectNode e = evidence.addObject();
                e.set("ref", AvroJson.toJson(ref));
                final SpecificRecord event = aboutCompany.get(Position.of(ref));
                if (event != null) {
                    e.set("event", AvroJson.toJson(event));
                } else {
                    e.put("event", (String) null);
                    e.put("withheld", "not about this company");
                }
            });
            final ArrayNode decisions = item.putArray("decisions");
            final ArrayNode accesses = item.putArray("accessEvents");
            timeline.stream().filter(entry -> entry.signalId().equals(signal.getSignalId())).forEach(entry ->
                    (entry.what().startsWith("decision") ? decisions : accesses).add(JSON.valueToTree(entry.fields())));
        });
        final ArrayNode thisExport = root.putArray("loggedAs");
        logged.forEach(access -> thisExport.add(access.getAccessId()));
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the export as JSON", e);
        }
    }

    private static boolean about(final RiskSignal signal, final String kvk, final Set<Position> aboutCompany) {
        if (signal.getSubject().getType() == SubjectType.BUSINESS && signal.getSubject().getId().equals(kvk)) {
            return true;
        }
        return signal.getIndicators().stream().flatMap(i -> i.getEvidence().stream())
                .anyMatch(ref -> aboutCompany.contains(Position.of(ref)));
    }

    private static <V extends SpecificRecord> void collect(final AppConfig config, final Topic<String, V> input,
                                                           final String kvk, final Map<Position, SpecificRecord> into) {
        TopicReader.readAll(input, config, (raw, event) -> {
                    if (event != null && names(event, kvk)) {
                        into.put(new Position(raw.topic(), raw.partition(), raw.offset()), event);
                    }
                });
    }
}
