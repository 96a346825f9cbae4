package nl.barriere.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import nl.barriere.contract.Topic;
import nl.barriere.platform.JsonLinesLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "produce", mixinStandardHelpOptions = true,
        description = {
                "Writes a JSON-lines file (one record per line, the format `consume` prints and `generate` writes) to a topic "
                        + "as Avro records, keyed and timestamped the way the topic prescribes.",
                "",
                "The whole file is checked first. If any line is bad, the command lists the bad lines (line number and "
                        + "field) and writes NOTHING. If Kafka fails part-way, it stops at once and says how many records were "
                        + "written. Exit code 0 only when every line was written."})
final class ProduceCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @Option(names = "--topic", required = true, paramLabel = "TOPIC", description = "Topic to write, e.g. kvk.business-events.")
    String topicName;

    @Option(names = "--file", required = true, paramLabel = "FILE.jsonl", description = "JSON-lines file to read.")
    Path file;

    @Override
    public Integer call() throws Exception {
        final Topic<?, ?> topic = TopicOption.resolve(topicName);
        if (!Files.isReadable(file)) {
            spec.commandLine().getErr().println("error: cannot read " + file);
            return 2;
        }
        try {
            final long written = JsonLinesLoader.load(file, topic, connection.config(),
                    count -> spec.commandLine().getErr().printf("\r%,d records written", count));
            spec.commandLine().getErr().println();
            spec.commandLine().getOut().printf("%,d records written to %s%n", written, topic.name());
            return 0;
        } catch (JsonLinesLoader.InvalidFileException e) {
            spec.commandLine().getErr().println("error: " + e.getMessage());
            e.errors().forEach(error -> spec.commandLine().getErr().println("  " + error));
            return 2;
        }
    }
}
