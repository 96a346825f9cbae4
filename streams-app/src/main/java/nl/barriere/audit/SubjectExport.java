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
import nl.barriere.contract.Topic;
import nl.barriere.contract.Topics;
import nl.barriere.detect.DetectionTopology;
import nl.barriere.json.AvroJson;
import nl.barriere.platform.AppConfig;
import nl.barriere.platform.TopicReader;
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
 * Everything Barrière holds about one company or one natural person (GDPR art. 15 is a person's right; DOMAIN.md §3
 * requirement 9 asks it per company too), as one JSON document. A person is found by the pseudonym their identifier
 * has now, computed where the key is; a person who was erased has none, and nothing is found.
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

    /**
     * Who the export is about: a company by its KvK number, or a natural person by the pseudonym their identifier has
     * (made where the key is, {@code nl.barriere.pseudonym.Pseudonyms}); the identifier itself never reaches here.
     */
    public record Subject(String kvkNumber, String personPseudonym) {

        public static Subject company(final String kvk) {
            if (!KVK.matcher(kvk).matches()) {
                throw new IllegalArgumentException("a KvK number has 8 digits, not '" + kvk + "'");
            }
            return new Subject(kvk, null);
        }

        public static Subject person(final String pseudonym) {
            return new Subject(null, pseudonym);
        }

        String label() {
            return kvkNumber != null ? "kvk " + kvkNumber : "person " + personPseudonym;
        }
    }

    /** True when {@code subject} is a party in {@code event}. */
    static boolean names(final SpecificRecord event, final Subject subject) {
        return subject.kvkNumber() != null ? names(event, subject.kvkNumber()) : namesPerson(event, subject.personPseudonym());
    }

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

    /** True when the person with {@code pseudonym} is a party: an officer, the buyer or seller, a manager. */
    static boolean namesPerson(final SpecificRecord event, final String pseudonym) {
        if (event instanceof BusinessEvent e) {
            return e.getOfficer() != null && pseudonym.equals(e.getOfficer().getPersonPseudonym());
        } else if (event instanceof PropertyTransfer e) {
            return pseudonym.equals(e.getBuyer().getPersonPseudonym()) || pseudonym.equals(e.getSeller().getPersonPseudonym());
        } else if (event instanceof PermitEvent e) {
            return e.getManagerPseudonyms().contains(pseudonym);
        }
        return false;
    }

    /** Builds the export, logs one EXPORT access per signal, and returns the document as indented JSON. */
    public static String export(final AppConfig config, final Clock clock, final Subject subject,
                                final Accessor accessor) throws ExecutionException, InterruptedException {
        final Map<Position, SpecificRecord> aboutCompany = new HashMap<>();
        for (final Topic<String, ? extends SpecificRecord> input : DetectionTopology.INPUTS) {
            collect(config, input, subject, aboutCompany);
        }
        final Map<String, RiskSignal> signals = new TreeMap<>();
        TopicReader.readAll(Topics.SIGNALS, config, (raw, signal) -> {
                    if (signal != null && about(signal, subject, aboutCompany.keySet())) {
                        signals.put(signal.getSignalId(), signal);
                    }
                });
        final List<Timeline.Entry> timeline = Timeline.of(config, signals.keySet());
        final List<AccessEvent> logged = new AccessLog(config, clock).record(accessor, AccessAction.EXPORT,
                List.copyOf(signals.keySet()), "subject-export " + subject.label());

        final ObjectNode root = JSON.createObjectNode();
        if (subject.kvkNumber() != null) {
            root.put("kvkNumber", subject.kvkNumber());
        } else {
            root.put("personPseudonym", subject.personPseudonym());
        }
        root.put("exportedAt", clock.instant().toString());
        root.put("exportedBy", accessor.loggedUser());
        root.put("role", accessor.role());
        root.put("authenticatedBy", accessor.authenticatedBy());
        root.put("scope", subject.kvkNumber() != null
                ? "signals whose subject is this business or whose evidence names it as business, officer, "
                + "predecessor, buyer, seller or applicant; their decisions, access events and the evidence events "
                + "that name it. Evidence about other parties is withheld; restricted Bibob data is not exported."
                : "signals whose evidence names this person (by pseudonym) as officer, buyer, seller or manager; "
                + "their decisions, access events and the evidence events that name the person. Evidence about other "
                + "parties is withheld; restricted Bibob data is not exported.");
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
                    e.put("withheld", subject.kvkNumber() != null ? "not about this company" : "not about this person");
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

    private static boolean about(final RiskSignal signal, final Subject subject, final Set<Position> aboutCompany) {
        if (signal.getSubject().getType() == SubjectType.BUSINESS && signal.getSubject().getId().equals(subject.kvkNumber())) {
            return true;
        }
        return signal.getIndicators().stream().flatMap(i -> i.getEvidence().stream())
                .anyMatch(ref -> aboutCompany.contains(Position.of(ref)));
    }

    private static <V extends SpecificRecord> void collect(final AppConfig config, final Topic<String, V> input,
                                                           final Subject subject,
                                                           final Map<Position, SpecificRecord> into) {
        TopicReader.readAll(input, config, (raw, event) -> {
                    if (event != null && names(event, subject)) {
                        into.put(new Position(raw.topic(), raw.partition(), raw.offset()), event);
                    }
                });
    }
}
