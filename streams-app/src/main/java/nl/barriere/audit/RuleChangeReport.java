package nl.barriere.audit;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import nl.barriere.contract.Topic;
import nl.barriere.contract.Topics;
import nl.barriere.detect.DetectionTopology;
import nl.barriere.platform.AppConfig;
import nl.barriere.platform.Lag;
import nl.barriere.platform.TopicReader;
import nl.barriere.schema.IndicatorResult;
import nl.barriere.schema.RiskSignal;
import nl.barriere.schema.RulesetEvent;
import org.apache.kafka.clients.admin.Admin;

/**
 * What a proposed ruleset would change, from its shadow run against live detection on the same input: per
 * subject (a property, business or permit application) flagged by either, the newest signal of each side. A
 * subject only the shadow flags is gained, one only live flags is lost, one both flag with other indicators,
 * weights or score is changed. Then the same per indicator, with examples, for the people who approve the change.
 */
public final class RuleChangeReport {

    private static final int EXAMPLES = 3;

    /** The newest signal per subject on {@code topic}. */
    static Map<String, RiskSignal> newestPerSubject(final AppConfig config, final String topic) {
        final Map<String, RiskSignal> newest = new TreeMap<>();
        TopicReader.readAll(Topics.SIGNALS.named(topic), config, (raw, signal) -> {
            if (signal != null) {
                newest.merge(subject(signal), signal, (a, b) -> b.getDetectedAt().isAfter(a.getDetectedAt()) ? b : a);
            }
        });
        return newest;
    }

    private RuleChangeReport() {}

    /** The report as Markdown. */
    public static String markdown(final AppConfig config, final String digest)
            throws ExecutionException, InterruptedException {
        final RuleChanges.Status status = RuleChanges.status(config, digest);
        if (status.proposal() == null) {
            throw new IllegalArgumentException(status.text());
        }
        final List<String> inputs = DetectionTopology.INPUTS.stream().map(Topic::name).toList();
        final long liveBehind;
        final long shadowBehind;
        try (Admin admin = Admin.create(config.kafkaProperties())) {
            liveBehind = Lag.of(admin, "barriere-detect", inputs);
            shadowBehind = Lag.of(admin, ShadowRun.applicationId(digest), inputs);
        }
        final Map<String, RiskSignal> live = newestPerSubject(config, Topics.SIGNALS.name());
        final Map<String, RiskSignal> shadow = newestPerSubject(config, ShadowRun.signalsTopic(digest));
        final Set<String> subjects = new TreeSet<>(live.keySet());
        subjects.addAll(shadow.keySet());
        final List<String> gained = new ArrayList<>();
        final List<String> lost = new ArrayList<>();
        final List<String> changed = new ArrayList<>();
        for (final String subject : subjects) {
            final RiskSignal before = live.get(subject);
            final RiskSignal after = shadow.get(subject);
            if (before == null) {
                gained.add(subject);
            } else if (after == null) {
                lost.add(subject);
            } else if (!fired(before).equals(fired(after)) || before.getScore() != after.getScore()) {
                changed.add(subject);
            }
        }

        final StringBuilder md = new StringBuilder();
        md.append("# Rule change ").append(status.proposal().getVersion()).append("\n\n");
        md.append("- Proposed: ").append(digest).append(" by ").append(status.proposal().getBy()).append(" at ")
                .append(status.proposal().getAt()).append(": \"").append(status.proposal().getRationale()).append("\"\n");
        md.append("- Live detection runs: ").append(live.values().stream().map(RiskSignal::getRulesetVersion).distinct()
                .sorted().collect(Collectors.joining(", "))).append('\n');
        md.append("- Approvals: ").append(status.approvals().size()).append(" of ").append(RuleChanges.APPROVALS)
                .append(status.approvals().isEmpty() ? "" : " (" + String.join(", ", status.approvals().stream()
                        .map(RulesetEvent::getBy).toList()) + ")").append(status.approved() ? "; approved" : "; not approved")
                .append('\n');
        md.append("- Input not yet read: live ").append(liveBehind).append(" records, shadow ").append(shadowBehind)
                .append(" records").append(liveBehind == 0 && shadowBehind == 0 ? " (both have read all of it)"
                        : ": the comparison is not final until both are 0").append("\n\n");
        md.append("The newest signal per subject is compared. A subject whose live signal was dismissed and removed by "
                + "retention counts as gained.\n\n");
        md.append("| | subjects |\n|---|---:|\n");
        md.append("| flagged live | ").append(live.size()).append(" |\n");
        md.append("| flagged by the proposal | ").append(shadow.size()).append(" |\n");
        md.append("| gained (only the proposal) | ").append(gained.size()).append(" |\n");
        md.append("| lost (only live) | ").append(lost.size()).append(" |\n");
        md.append("| changed (other indicators, weights or score) | ").append(changed.size()).append(" |\n");
        md.append("| the same | ").append(subjects.size() - gained.size() - lost.size() - changed.size()).append(" |\n\n");

        md.append("## Per indicator\n\n| indicator | live | proposal | gained | lost | changed |\n|---|---:|---:|---:|---:|---:|\n");
        final Set<String> rules = new TreeSet<>();
        live.values().forEach(s -> rules.addAll(fired(s).keySet()));
        shadow.values().forEach(s -> rules.addAll(fired(s).keySet()));
        for (final String rule : rules) {
            md.append("| ").append(rule).append(" | ").append(citing(live.values(), rule)).append(" | ")
                    .append(citing(shadow.values(), rule)).append(" | ")
                    .append(gained.stream().filter(s -> fired(shadow.get(s)).containsKey(rule)).count()).append(" | ")
                    .append(lost.stream().filter(s -> fired(live.get(s)).containsKey(rule)).count()).append(" | ")
                    .append(changed.stream().filter(s -> fired(live.get(s)).containsKey(rule)
                            || fired(shadow.get(s)).containsKey(rule)).count()).append(" |\n");
        }
        examples(md, "Gained", gained, live, shadow);
        examples(md, "Lost", lost, live, shadow);
        examples(md, "Changed", changed, live, shadow);
        return md.toString();
    }

    private static void examples(final StringBuilder md, final String title, final List<String> subjects,
                                 final Map<String, RiskSignal> live, final Map<String, RiskSignal> shadow) {
        if (subjects.isEmpty()) {
            return;
        }
        md.append("\n## ").append(title).append(" (").append(subjects.size()).append(", first ")
                .append(Math.min(EXAMPLES, subjects.size())).append(")\n\n");
        for (final String subject : subjects.subList(0, Math.min(EXAMPLES, subjects.size()))) {
            md.append("- ").append(subject).append(": live ").append(describe(live.get(subject))).append("; proposal ")
                    .append(describe(shadow.get(subject))).append('\n');
        }
    }

    private static String describe(final RiskSignal signal) {
        return signal == null ? "no signal" : "score " + signal.getScore() + " (" + fired(signal).entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ")) + ", " + signal.getSignalId()
                + ")";
    }

    private static long citing(final Collection<RiskSignal> signals, final String rule) {
        return signals.stream().filter(s -> fired(s).containsKey(rule)).count();
    }

    /** Rule id → weight of the indicators a signal cites. */
    private static Map<String, Integer> fired(final RiskSignal signal) {
        final Map<String, Integer> fired = new TreeMap<>();
        for (final IndicatorResult indicator : signal.getIndicators()) {
            fired.put(indicator.getRuleId(), indicator.getWeight());
        }
        return fired;
    }

    private static String subject(final RiskSignal signal) {
        return signal.getSubject().getType() + " " + signal.getSubject().getId();
    }
}
