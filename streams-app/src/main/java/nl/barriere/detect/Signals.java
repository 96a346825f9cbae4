package nl.barriere.detect;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import nl.barriere.detect.Facts.Ref;
import nl.barriere.detect.Facts.StoredFinding;
import nl.barriere.detect.Facts.SubjectState;
import nl.barriere.detect.Ruleset.IndicatorRule;
import nl.barriere.schema.IndicatorResult;
import nl.barriere.schema.RiskSignal;
import nl.barriere.schema.SignalSubject;
import nl.barriere.schema.SubjectType;

/**
 * Turns a subject's live findings into a signal: score = the sum of the weights of the indicators that fired;
 * emitted when it reaches the ruleset threshold and the evidence or the indicators differ from the subject's last
 * signal, which the new one then supersedes. The indicators count as well as the evidence because a finding can
 * be decided later on evidence already shown: I3 fires when its mortgage window closes, on the transfer that I4
 * may have flagged a month before, and the analyst must see that it did. Everything here is a function of its input: no clock, no randomness, sorted
 * collections only, so that the same input gives the same bytes.
 */
final class Signals {

    private static final Comparator<Ref> EVENT_TIME_ORDER =
            Comparator.comparingLong(Ref::occurredAt).thenComparing(Ref::eventId);

    private final Ruleset ruleset;
    private final String rulesetDigest;

    Signals(final Ruleset ruleset) {
        this.ruleset = ruleset;
        this.rulesetDigest = ruleset.digest();
    }

    /** The state after {@code findings} were added at {@code time}, and the signal to emit, if any. */
    record Update(SubjectState state, RiskSignal signal) {}

    Update update(final SubjectType type, final String subjectId, final SubjectState before,
                  final List<Finding> findings, final long time) {
        final TreeMap<String, StoredFinding> live = new TreeMap<>();
        final long oldest = time - ruleset.findingLifetimeDays() * 86_400_000L;
        before.findings().forEach((rule, finding) -> {
            if (finding.foundAt() >= oldest && ruleset.rule(rule).map(IndicatorRule::enabled).orElse(false)) {
                live.put(rule, finding);
            }
        });
        for (final Finding finding : findings) {
            live.put(finding.ruleId(), new StoredFinding(finding.ruleId(), finding.observed(), finding.evidence(), time,
                    finding.decidedAt()));
        }
        final int score = live.keySet().stream().mapToInt(rule -> ruleset.rule(rule).orElseThrow().weight()).sum();
        final String evidenceKey = String.join(",", evidenceIds(live)) + "|" + String.join(",", live.keySet());
        if (score < ruleset.threshold() || evidenceKey.equals(before.lastEvidenceKey())) {
            return new Update(new SubjectState(before.lastSignalId(), before.lastEvidenceKey(), live), null);
        }
        final String signalId = signalId(type, subjectId, evidenceKey);
        final RiskSignal signal = RiskSignal.newBuilder()
                .setSignalId(signalId)
                .setSubject(new SignalSubject(type, subjectId))
                .setIndicators(live.values().stream().map(this::result).toList())
                .setScore(score)
                .setRulesetVersion(ruleset.version())
                .setDetectedAt(Instant.ofEpochMilli(detectedAt(live, time)))
                .setSupersedes(before.lastSignalId())
                .setRulesetDigest(rulesetDigest)
                .build();
        return new Update(new SubjectState(signalId, evidenceKey, live), signal);
    }

    /**
     * The event time of the last evidence, or of a later decision (an I3 finding is decided when its mortgage window
     * closes, after its evidence): a function of the events, never of when they were processed.
     */
    private static long detectedAt(final Map<String, StoredFinding> live, final long time) {
        final long lastEvidence = live.values().stream().flatMap(f -> f.evidence().stream())
                .mapToLong(Ref::occurredAt).max().orElse(time);
        final long lastDecision = live.values().stream().filter(f -> f.decidedAt() != null)
                .mapToLong(StoredFinding::decidedAt).max().orElse(Long.MIN_VALUE);
        return Math.max(lastEvidence, lastDecision);
    }

    /**
     * Hash of subject type, subject id, ruleset version, the sorted evidence event ids (DESIGN.md §6) and the sorted
     * ids of the indicators that fired ({@code sortedEvidenceIds} holds both, as {@code ids|rules}).
     */
    String signalId(final SubjectType type, final String subjectId, final String sortedEvidenceIds) {
        try {
            final MessageDigest sha = MessageDigest.getInstance("SHA-256");
            final byte[] hash = sha.digest(String.join("|", type.name(), subjectId, ruleset.version(), sortedEvidenceIds)
                    .getBytes(StandardCharsets.UTF_8));
            return "sig-" + HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private IndicatorResult result(final StoredFinding finding) {
        final IndicatorRule rule = ruleset.rule(finding.ruleId()).orElseThrow();
        final Map<String, String> parameters = new TreeMap<>(rule.parameters());
        parameters.putAll(finding.observed());
        final List<Ref> evidence = new ArrayList<>(finding.evidence());
        evidence.sort(EVENT_TIME_ORDER);
        return IndicatorResult.newBuilder()
                .setRuleId(rule.id())
                .setRuleVersion(rule.version())
                .setWeight(rule.weight())
                .setParameters(parameters)
                .setExplanationNl(Ruleset.Explanation.fill(rule.explanation().nl(), parameters))
                .setExplanationEn(Ruleset.Explanation.fill(rule.explanation().en(), parameters))
                .setEvidence(evidence.stream().map(Ref::toAvro).toList())
                .build();
    }


    private static TreeSet<String> evidenceIds(final Map<String, StoredFinding> findings) {
        final TreeSet<String> ids = new TreeSet<>();
        findings.values().forEach(f -> f.evidence().forEach(ref -> ids.add(ref.eventId())));
        return ids;
    }
}
