package nl.barriere.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import nl.barriere.contract.DeadLetters;
import nl.barriere.contract.Topic;
import nl.barriere.json.AvroJson;
import nl.barriere.platform.TopicReader;
import nl.barriere.schema.DeadLetter;
import org.apache.avro.specific.SpecificRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "consume", mixinStandardHelpOptions = true,
        description = {
                "Prints a topic's Avro records as JSON lines, the same format `produce` reads, so `consume` then `produce` "
                        + "is a lossless round trip. Reads without a consumer group and commits nothing.",
                "",
                "Starts at the oldest record (or with --from-end at the newest) and stops after --max records, at the end "
                        + "of the topic with --to-end, or on Ctrl-C."})
final class ConsumeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @Option(names = "--topic", required = true, paramLabel = "TOPIC", description = "Topic to read, e.g. ondermijning.signals.")
    String topicName;

    @Option(names = "--from-beginning",
            description = "Start at the oldest record. This is the default; the flag is accepted for those used to Kafka's own tools.")
    boolean fromBeginning;

    @Option(names = "--from-end", description = "Skip what is there and wait for new records only.")
    boolean fromEnd;

    @Option(names = "--max", paramLabel = "N", description = "Stop after N records.")
    long max = Long.MAX_VALUE;

    @Option(names = "--to-end", description = "Stop at the end of the topic as it was when reading started.")
    boolean toEnd;

    @Override
    public Integer call() {
        final Topic<?, ?> topic = TopicOption.resolve(topicName);
        final AtomicBoolean stop = new AtomicBoolean();
        final Thread main = Thread.currentThread();
        final Thread hook = new Thread(() -> {
            stop.set(true);
            try {
                main.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            print(topic, stop);
        } finally {
            if (!stop.get()) {
                Runtime.getRuntime().removeShutdownHook(hook);
            }
        }
        return 0;
    }

    private <V extends SpecificRecord> void print(final Topic<?, V> topic, final AtomicBoolean stop) {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        TopicReader.read(topic, connection.config(), new TopicReader.Options(!fromEnd, max, toEnd), stop::get,
                (raw, value) -> {
                    out.println(value == null ? "null" : AvroJson.toJsonLine(value));
                    // stdout stays what `produce` reads; the warning that a dead letter holds only part of the
                    // original goes beside it, so nobody replays a prefix as if it were the record.
                    if (value instanceof DeadLetter letter && (letter.getOriginalValueTruncated() || letter.getOriginalKeyTruncated())) {
                        err.println("note: the dead letter for " + letter.getSourceTopic() + "-" + letter.getPartition() + "@"
                                + letter.getOffset() + " keeps only part of the original: value " + DeadLetters.describeValue(letter)
                                + (letter.getOriginalKeyTruncated() ? ", key cut to its first " + DeadLetters.MAX_ORIGINAL_BYTES
                                        + " of " + letter.getOriginalKeyLength() + " bytes" : "")
                                + "; the whole record is on its source topic at that offset");
                        err.flush();
                    }
                });
        out.flush();
    }
}
