package nl.barriere.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import nl.barriere.contract.Topics;
import nl.barriere.json.AvroJson;
import nl.barriere.platform.AppConfig;
import nl.barriere.platform.EvidenceReader;
import nl.barriere.platform.TopicReader;
import nl.barriere.schema.AccessAction;
import nl.barriere.schema.AccessEvent;
import nl.barriere.schema.EvidenceRef;
import nl.barriere.schema.FlaggedPermit;
import nl.barriere.schema.IndicatorResult;
import nl.barriere.schema.RiskSignal;
import org.apache.avro.specific.SpecificRecord;

/**
 * The audit trail of one signal (DESIGN.md §8): the signal as emitted, the input events it names as evidence
 * (fetched by topic, partition and offset), every view and decision with who and when, and the flagged permit if
 * the four-eyes gate emitted one. Producing the trail is itself an access and is logged first (rule 8).
 *
 * <p>The flagged permit is restricted (art. 28 Wet Bibob: it can carry Bibob context): it is only included when
 * asked for explicitly by a BIBOB officer or an auditor. Otherwise {@code bibob.flagged-permits} is not read at all,
 * not even to say whether one exists: the auditor's principal has no access to it (deploy/kafka/acls.txt), and that
 * a permit was flagged is itself Bibob information.
 */
public final class AuditTrail {

    static final Set<String> RESTRICTED_ROLES = Set.of("bibob-officer", "auditor");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** An evidence reference and the event it resolves to, or null when the offset is gone (retention). */
    public record Evidence(EvidenceRef ref, SpecificRecord event) {}

    /**
     * The trail.
     *
     * @param flaggedPermit   the flagged permit, when one exists and may be shown
     * @param flaggedWithheld the restricted flagged permits were not looked up (not asked for)
     * @param access          the access event this trail wrote
     */
    public record Trail(RiskSignal signal, List<Evidence> evidence, List<Timeline.Entry> timeline,
                        Optional<FlaggedPermit> flaggedPermit, boolean flaggedWithheld, AccessEvent access) {}

    private AuditTrail() {}

    /**
     * @throws IllegalArgumentException when the signal is not on {@code ondermijning.signals}, or restricted data is
     *                                  asked for in a role that may not see it
     */
    public static Trail build(final AppConfig config, final Clock clock, final String signalId,
                              final Accessor accessor, final boolean includeRestricted)
            throws ExecutionException, InterruptedException {
        final String role = accessor.role();
        if (includeRestricted && !RESTRICTED_ROLES.contains(role)) {
            throw new IllegalArgumentException("restricted data (the flagged permit) is for BIBOB officers and auditors "
                    + "with clearance, not for role '" + role + "'");
        }
        final RiskSignal signal = find(config, signalId).orElseThrow(() -> new IllegalArgumentException(
                "no signal " + signalId + " on " + Topics.SIGNALS.name()));
        final AccessEvent access = new AccessLog(config, clock).record(accessor, AccessAction.AUDIT_TRAIL,
                List.of(signalId), includeRestricted ? "audit-trail with restricted data" : "audit-trail").get(0);
        final List<EvidenceRef> refs = List.copyOf(evidenceOf(signal));
        final List<Evidence> evidence = new ArrayList<>();
        try (EvidenceReader reader = new EvidenceReader(config)) {
            final Map<EvidenceRef, SpecificRecord> found = reader.fetch(refs);
            refs.forEach(ref -> evidence.add(new Evidence(ref, found.get(ref))));
        }
        final List<FlaggedPermit> flagged = new ArrayList<>();
        if (includeRestricted) {
            TopicReader.readAll(Topics.FLAGGED_PERMITS, config, (raw, permit) -> {
                        if (permit != null && permit.getSignalId().equals(signalId)) {
                            flagged.add(permit);
                        }
                    });
        }
        final Optional<FlaggedPermit> latest = flagged.isEmpty() ? Optional.empty() : Optional.of(flagged.get(flagged.size() - 1));
        return new Trail(signal, evidence, Timeline.of(config, Set.of(signalId)), latest, !includeRestricted, access);
    }

    /** The signal's evidence references, each once, in the order the indicators name them. */
    static Set<EvidenceRef> evidenceOf(final RiskSignal signal) {
        final Set<EvidenceRef> refs = new LinkedHashSet<>();
        signal.getIndicators().forEach(indicator -> refs.addAll(indicator.getEvidence()));
        return refs;
    }

    static Optional<RiskSignal> find(final AppConfig config, final String signalId) {
        final List<RiskSignal> found = new ArrayList<>();
        TopicReader.readAll(Topics.SIGNALS, config, (raw, signal) -> {
                    if (signal != null && signal.getSignalId().equals(signalId)) {
                        found.add(signal);
                    }
                });
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(found.size() - 1));
    }

    public static String json(final Trail trail) {
        final ObjectNode root = JSON.createObjectNode();
        root.set("signal", AvroJson.toJson(trail.signal()));
        final ArrayNode evidence = root.putArray("evidence");
        trail.evidence().forEach(e -> {
            final ObjectNode item = evidence.addObject();
            item.set("ref", AvroJson.toJson(e.ref()));
            if (e.event() == null) {
                item.put("event", (String) null);
                item.put("note", "not found at this offset any more (retention or compaction)");
            } else {
                item.set("event", AvroJson.toJson(e.event()));
            }
        });
        final ArrayNode timeline = root.putArray("viewsAndDecisions");
        trail.timeline().forEach(entry -> timeline.add(JSON.valueToTree(entry.fields())));
        if (trail.flaggedPermit().isPresent()) {
            root.set("flaggedPermit", AvroJson.toJson(trail.flaggedPermit().get()));
        } else {
            root.put("flaggedPermit", trail.flaggedWithheld() ? "not looked up: restricted (--include-restricted)" : null);
        }
        root.put("producedFor", trail.access().getUser());
        root.put("role", trail.access().getRole());
        root.put("loggedAs", trail.access().getAccessId());
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the audit trail as JSON", e);
        }
    }

    public static String markdown(final Trail trail) {
        final RiskSignal signal = trail.signal();
        final StringBuilder md = new StringBuilder();
        md.append("# Audit trail of signal ").append(signal.getSignalId()).append("\n\n");
        md.append("Produced at ").append(trail.access().getAt()).append(" for `").append(trail.access().getUser())
                .append("` (").append(trail.access().getRole()).append("); logged on ").append(Topics.ACCESS_LOG.name())
                .append(" as ").append(trail.access().getAccessId()).append(".\n\n");
        md.append("## Signal\n\n");
        md.append("- Subject: ").append(signal.getSubject().getType()).append(' ').append(signal.getSubject().getId()).append('\n');
        md.append("- Score: ").append(signal.getScore()).append(" (ruleset ").append(signal.getRulesetVersion())
                .append(signal.getRulesetDigest() == null ? "" : ", " + signal.getRulesetDigest()).append(")\n");
        md.append("- Detected at: ").append(signal.getDetectedAt()).append(" (event time of the newest evidence)\n");
        md.append("- Supersedes: ").append(signal.getSupersedes() == null ? "-" : signal.getSupersedes()).append("\n\n");
        md.append("| indicator | version | weight | explanation |\n|---|---:|---:|---|\n");
        for (final IndicatorResult indicator : signal.getIndicators()) {
            md.append("| ").append(indicator.getRuleId()).append(" | ").append(indicator.getRuleVersion()).append(" | ")
                    .append(indicator.getWeight()).append(" | ").append(indicator.getExplanationNl()).append("<br>")
                    .append(indicator.getExplanationEn()).append(" |\n");
        }
        md.append("\n## Evidence (").append(trail.evidence().size()).append(" events)\n\n");
        for (final Evidence e : trail.evidence()) {
            md.append("- `").append(e.ref().getEventId()).append("` ").append(e.ref().getTopic()).append('-')
                    .append(e.ref().getPartition()).append('@').append(e.ref().getOffset()).append(", ")
                    .append(e.ref().getOccurredAt()).append(":\n");
            md.append(e.event() == null ? "  not found at this offset any more (retention or compaction)\n"
                    : "  `" + AvroJson.toJsonLine(e.event()) + "`\n");
        }
        md.append("\n## Views and decisions (").append(trail.timeline().size()).append(", in time order)\n\n");
        md.append("| when | who | role | what | detail |\n|---|---|---|---|---|\n");
        trail.timeline().forEach(entry -> md.append("| ").append(entry.at()).append(" | ").append(entry.who())
                .append(" | ").append(entry.role()).append(" | ").append(entry.what()).append(" | ")
                .append(entry.detail().replace("|", "\\|")).append(" |\n"));
        md.append("\n## Flagged permit\n\n");
        if (trail.flaggedPermit().isPresent()) {
            md.append("RESTRICTED (art. 28 Wet Bibob).\n\n`").append(AvroJson.toJsonLine(trail.flaggedPermit().get()))
                    .append("`\n");
        } else if (trail.flaggedWithheld()) {
            md.append("Not looked up: restricted (art. 28 Wet Bibob); --include-restricted shows it to BIBOB officers "
                    + "and auditors with clearance, with a login that may read bibob.flagged-permits.\n");
        } else {
            md.append("None emitted.\n");
        }
        return md.toString();
    }
}
