package nl.barriere.cli;

import java.util.concurrent.Callable;
import nl.barriere.platform.AppConfig;
import nl.barriere.platform.TopicAdmin;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Mixin;

@Command(name = "create-topics", mixinStandardHelpOptions = true,
        description = {"Creates every Barrière topic that does not exist yet, with its partitions, cleanup policy and "
                + "retention; existing topics are left unchanged. Safe to run again."})
final class CreateTopicsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @Override
    public Integer call() throws Exception {
        final AppConfig config = connection.config();
        try (Admin admin = Admin.create(config.kafkaProperties())) {
            for (final TopicAdmin.Outcome outcome : TopicAdmin.createAll(admin, config)) {
                spec.commandLine().getOut().printf("%-30s %-8s %2d partitions  cleanup=%s%n", outcome.topic(),
                        outcome.created() ? "created" : "exists", outcome.partitions(), outcome.cleanupPolicy());
            }
        }
        return 0;
    }
}
