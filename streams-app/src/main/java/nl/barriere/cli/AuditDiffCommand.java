package nl.barriere.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import nl.barriere.audit.SignalDiff;
import nl.barriere.json.AvroJson;
import nl.barriere.schema.IndicatorResult;
import nl.barriere.schema.RiskSignal;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "audit-diff", mixinStandardHelpOptions = true,
        description = {
                "Compares two signal topics by signal id: identical (the same bytes), missing (only in LIVE), extra "
                        + "(only in REPLAYED) and changed (which field, indicator or evidence differs). With the same "
                        + "input and ruleset, zero differences is the expected result.",
                "Exit code: 0 when identical, 1 when they differ (or on an error)."})
final class AuditDiffCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @Parameters(index = "0", paramLabel = "LIVE_TOPIC", description = "e.g. ondermijning.signals")
    String live;

    @Parameters(index = "1", paramLabel = "REPLAYED_TOPIC", description = "e.g. replay.NAME.signals from `replay --into NAME`")
    String replayed;

    @Mixin
    PeriodOption period;

    @Option(names = "--format", defaultValue = "text", paramLabel = "text|json", description = "Default: ${DEFAULT-VALUE}.")
    String format;

    @Override
    public Integer call() throws Exception {
        final SignalDiff.Result result = SignalDiff.compare(connection.config(), live, replayed, period.from, period.to);
        final PrintWriter out = spec.commandLine().getOut();
        if ("json".equals(format)) {
            out.println(json(result));
        } else if ("text".equals(format)) {
            text(result, out);
        } else {
            throw new IllegalArgumentException("--format is text or json, not " + format);
        }
        out.flush();
        return result.isIdentical() ? 0 : 1;
    }

    private static void text(final SignalDiff.Result result, final PrintWriter out) {
        out.printf("%s vs %s, signals detected in [%s, %s)%n", result.live(), result.replayed(), result.from(),
                result.to().equals(InstantConverter.END_OF_TIME) ? "end" : result.to());
        out.printf("  identical: %,d%n  missing:   %,d  (in %s only)%n  extra:     %,d  (in %s only)%n  changed:   %,d%n",
                result.identical().size(), result.missing().size(), result.live(), result.extra().size(),
                result.replayed(), result.changed().size());
        list(out, "Missing", result.missing());
        list(out, "Extra", result.extra());
        if (!result.changed().isEmpty()) {
            out.println("Changed:");
            result.changed().forEach((id, lines) -> {
                out.println("  " + id);
                lines.forEach(line -> out.println("    " + line));
            });
        }
        out.println(result.isIdentical() ? "IDENTICAL" : "DIFFERENT");
    }

    private static void list(final PrintWriter out, final String title, final List<RiskSignal> signals) {
        if (signals.isEmpty()) {
            return;
        }
        out.println(title + ":");
        signals.forEach(s -> out.printf("  %s  %s %s, detected %s, score %d, indicators %s%n", s.getSignalId(),
                s.getSubject().getType(), s.getSubject().getId(), s.getDetectedAt(), s.getScore(),
                String.join(",", s.getIndicators().stream().map(IndicatorResult::getRuleId).toList())));
    }

    private static String json(final SignalDiff.Result result) throws Exception {
        final ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        final ObjectNode root = mapper.createObjectNode();
        root.put("live", result.live());
        root.put("replayed", result.replayed());
        root.put("from", result.from().toString());
        root.put("to", result.to().toString());
        root.put("identical", result.isIdentical());
        root.set("counts", mapper.valueToTree(Map.of("identical", result.identical().size(),
                "missing", result.missing().size(), "extra", result.extra().size(), "changed", result.changed().size())));
        result.missing().forEach(s -> root.withArray("missing").add(AvroJson.toJson(s)));
        result.extra().forEach(s -> root.withArray("extra").add(AvroJson.toJson(s)));
        root.set("changed", mapper.valueToTree(result.changed()));
        return mapper.writeValueAsString(root);
    }
}
