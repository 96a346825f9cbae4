package nl.barriere.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import nl.barriere.contract.Topic;
import nl.barriere.contract.Topics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "schemas", mixinStandardHelpOptions = true,
        description = {"Prints every topic's registry subject (<topic>-value) and its value schema as pretty JSON, "
                + "self-contained (the shared types of common/ written out), so a producer outside Barrière can use it "
                + "as it is. Needs no Kafka and no registry.",
                "",
                "With --topic only that topic's schema is printed, nothing else; with --out one <subject>.avsc file per "
                        + "subject is written to DIR."})
final class SchemasCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--topic", paramLabel = "TOPIC", description = "Print only this topic's schema, e.g. kvk.business-events.")
    String topicName;

    @Option(names = "--out", paramLabel = "DIR", description = "Write <subject>.avsc files into DIR (created if missing).")
    Path out;

    @Override
    public Integer call() throws Exception {
        final PrintWriter printer = spec.commandLine().getOut();
        final List<Topic<?, ?>> topics = topicName == null ? Topics.ALL : List.of(TopicOption.resolve(topicName));
        if (out != null) {
            Files.createDirectories(out);
            for (final Topic<?, ?> topic : topics) {
                final Path file = out.resolve(topic.valueSubject() + ".avsc");
                Files.writeString(file, topic.valueSchema().toString(true) + "\n", StandardCharsets.UTF_8);
                printer.println(file);
            }
        } else if (topicName != null) {
            printer.println(topics.get(0).valueSchema().toString(true));
        } else {
            for (final Topic<?, ?> topic : topics) {
                printer.printf("# %s (topic %s: %s)%n%s%n%n", topic.valueSubject(), topic.name(), topic.description(),
                        topic.valueSchema().toString(true));
            }
        }
        printer.flush();
        return 0;
    }
}
