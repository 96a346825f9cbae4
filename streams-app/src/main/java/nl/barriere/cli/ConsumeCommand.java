package nl.barriere.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import nl.barriere.json.AvroJson;
import nl.barriere.platform.Topic;
import nl.barriere.platform.TopicReader;
import org.apache.avro.specific.SpecificRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "consume", mixinStandardHelpOptions = true,
    description = {
        "Prints a topic's Avro records as JSON lines, the same format `produce` reads, so `consume` then `produce` "
            + "is a lossless round trip. Reads without a consumer group and commits nothing.",
        "",
        "Stops after --max records, at the end of the topic with --to-end, or on Ctrl-C."})
final class ConsumeCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  ConnectionOptions connection;

  @Option(names = "--topic", required = true, paramLabel = "TOPIC", description = "Topic to read, e.g. ondermijning.signals.")
  String topicName;

  @Option(names = "--from-beginning", description = "Start at the oldest record instead of waiting for new ones.")
  boolean fromBeginning;

  @Option(names = "--max", paramLabel = "N", description = "Stop after N records.")
  long max = Long.MAX_VALUE;

  @Option(names = "--to-end", description = "Read from the beginning and stop at the end of the topic as it was at the start.")
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
    TopicReader.read(topic, connection.config(), new TopicReader.Options(fromBeginning || toEnd, max, toEnd), stop::get,
        (raw, value) -> out.println(value == null ? "null" : AvroJson.toJsonLine(value)));
    out.flush();
  }
}
