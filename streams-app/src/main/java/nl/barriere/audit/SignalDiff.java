package nl.barriere.audit;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import nl.barriere.contract.Topics;
import nl.barriere.platform.AppConfig;
import nl.barriere.platform.TopicReader;
import nl.barriere.schema.EvidenceRef;
import nl.barriere.schema.IndicatorResult;
import nl.barriere.schema.RiskSignal;

/**
 * Compares two signal topics by signal id (DESIGN.md §8, rule 3): a signal is identical when its value is the same
 * bytes on both; missing when only the live topic has it; extra when only the replayed topic has it; changed when
 * both have it with different bytes, and then {@link #differences} says which field, indicator or evidence differs.
 * Since a signal id hashes the subject, the ruleset version, the evidence ids and the fired indicators' ids, a
 * different evidence set or indicator set shows as one missing and one extra signal, and a changed signal has the
 * same evidence and indicators under different content.
 */
public final class SignalDiff {

    /** A signal as read: its value bytes (schema id included) and the decoded record. */
    record Stored(byte[] bytes, RiskSignal signal) {}

    /** The outcome, every list sorted by signal id. */
    public record Result(String live, String replayed, Instant from, Instant to, List<String> identical,
                         List<RiskSignal> missing, List<RiskSignal> extra, Map<String, List<String>> changed) {

        public boolean isIdentical() {
            return missing.isEmpty() && extra.isEmpty() && changed.isEmpty();
        }
    }

    private SignalDiff() {}

    /** Reads both topics to their end and compares the signals detected in [{@code from}, {@code to}). */
    public static Result compare(final AppConfig config, final String live, final String replayed,
                                 final Instant from, final Instant to) {
        return compare(live, replayed, from, to, read(config, live, from, to), read(config, replayed, from, to));
    }

    static Result compare(final String liveName, final String replayedName, final Instant from, final Instant to,
                          final Map<String, Stored> live, final Map<String, Stored> replayed) {
        final List<String> identical = new ArrayList<>();
        final List<RiskSignal> missing = new ArrayList<>();
        final List<RiskSignal> extra = new ArrayList<>();
        final Map<String, List<String>> changed = new TreeMap<>();
        live.forEach((id, before) -> {
            final Stored after = replayed.get(id);
            if (after == null) {
                missing.add(before.signal());
            } else if (Arrays.equals(before.bytes(), after.bytes())) {
                identical.add(id);
            } else {
                changed.put(id, differences(before.signal(), after.signal()));
            }
        });
        replayed.forEach((id, after) -> {
            if (!live.containsKey(id)) {
                extra.add(after.signal());
            }
        });
        return new Result(liveName, replayedName, from, to, identical, missing, extra, changed);
    }

    /** What differs between two versions of one signal, one line per field, indicator or evidence event. */
    static List<String> differences(final RiskSignal live, final RiskSignal replayed) {
        final List<String> out = new ArrayList<>();
        field(out, "subject", live.getSubject(), replayed.getSubject());
        field(out, "score", live.getScore(), replayed.getScore());
        field(out, "rulesetVersion", live.getRulesetVersion(), replayed.getRulesetVersion());
        field(out, "rulesetDigest", live.getRulesetDigest(), replayed.getRulesetDigest());
        field(out, "detectedAt", live.getDetectedAt(), replayed.getDetectedAt());
        field(out, "supersedes", live.getSupersedes(), replayed.getSupersedes());
        final Map<String, IndicatorResult> before = byRule(live.getIndicators());
        final Map<String, IndicatorResult> after = byRule(replayed.getIndicators());
        final TreeSet<String> rules = new TreeSet<>(before.keySet());
        rules.addAll(after.keySet());
        for (final String rule : rules) {
            final IndicatorResult a = before.get(rule);
            final IndicatorResult b = after.get(rule);
            if (b == null) {
                out.add("indicator " + rule + ": only in live");
            } else if (a == null) {
                out.add("indicator " + rule + ": only in replay");
            } else {
                field(out, "indicator " + rule + " ruleVersion", a.getRuleVersion(), b.getRuleVersion());
                field(out, "indicator " + rule + " weight", a.getWeight(), b.getWeight());
                final TreeSet<String> keys = new TreeSet<>(a.getParameters().keySet());
                keys.addAll(b.getParameters().keySet());
                keys.forEach(key -> field(out, "indicator " + rule + " parameter " + key,
                        a.getParameters().get(key), b.getParameters().get(key)));
                field(out, "indicator " + rule + " explanationNl", a.getExplanationNl(), b.getExplanationNl());
                field(out, "indicator " + rule + " explanationEn", a.getExplanationEn(), b.getExplanationEn());
                evidence(out, rule, a.getEvidence(), b.getEvidence());
            }
        }
        if (out.isEmpty()) {
            out.add("same content, different bytes (encoded under another schema id)");
        }
        return out;
    }

    private static void evidence(final List<String> out, final String rule, final List<EvidenceRef> live,
                                 final List<EvidenceRef> replayed) {
        final Map<String, EvidenceRef> a = byEvent(live);
        final Map<String, EvidenceRef> b = byEvent(replayed);
        final TreeSet<String> ids = new TreeSet<>(a.keySet());
        ids.addAll(b.keySet());
        final int linesBefore = out.size();
        for (final String id : ids) {
            final EvidenceRef x = a.get(id);
            final EvidenceRef y = b.get(id);
            if (y == null) {
                out.add("indicator " + rule + " evidence " + id + ": only in live (" + where(x) + ")");
            } else if (x == null) {
                out.add("indicator " + rule + " evidence " + id + ": only in replay (" + where(y) + ")");
            } else if (!x.equals(y)) {
                out.add("indicator " + rule + " evidence " + id + ": " + where(x) + " in live, " + where(y) + " in replay");
            }
        }
        if (out.size() == linesBefore && !live.equals(replayed)) {
            out.add("indicator " + rule + " evidence: same events in another order");
        }
    }

    private static String where(final EvidenceRef ref) {
        return ref.getTopic() + "-" + ref.getPartition() + "@" + ref.getOffset() + " at " + ref.getOccurredAt();
    }

    private static void field(final List<String> out, final String name, final Object live, final Object replayed) {
        if (!Objects.equals(live, replayed)) {
            out.add(name + ": " + live + " in live, " + replayed + " in replay");
        }
    }

    private static Map<String, IndicatorResult> byRule(final List<IndicatorResult> indicators) {
        final Map<String, IndicatorResult> out = new LinkedHashMap<>();
        indicators.forEach(i -> out.put(i.getRuleId(), i));
        return out;
    }

    private static Map<String, EvidenceRef> byEvent(final List<EvidenceRef> refs) {
        final Map<String, EvidenceRef> out = new LinkedHashMap<>();
        refs.forEach(r -> out.put(r.getEventId(), r));
        return out;
    }

    /** The latest value per signal id (the topic is compacted; a tombstone removes), detected in the period. */
    static Map<String, Stored> read(final AppConfig config, final String topic, final Instant from, final Instant to) {
        final Map<String, Stored> out = new TreeMap<>();
        TopicReader.readAll(Topics.SIGNALS.named(topic), config, (raw, signal) -> {
                    final String id = raw.key() == null ? null : new String(raw.key(), StandardCharsets.UTF_8);
                    if (signal == null) {
                        out.remove(id);
                    } else if (!signal.getDetectedAt().isBefore(from) && signal.getDetectedAt().isBefore(to)) {
                        out.put(signal.getSignalId(), new Stored(raw.value(), signal));
                    }
                });
        return out;
    }
}
