package nl.barriere.cli;

import java.util.concurrent.Callable;
import nl.barriere.platform.AppConfig;
import nl.barriere.platform.TopicAdmin;
import nl.barriere.platform.TopicSchemas;
import nl.barriere.serde.SchemaRegistryClient;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Mixin;

@Command(name = "create-topics", mixinStandardHelpOptions = true,
        description = {"Creates every Barrière topic that does not exist yet, with its partitions, cleanup policy and "
                + "retention; existing topics are left unchanged. Then registers every topic's value schema (subject "
                + "<topic>-value, self-contained) with compatibility " + TopicSchemas.COMPATIBILITY + ", so outside "
                + "producers can write the inputs. Safe to run again."})
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
        for (final TopicSchemas.Outcome outcome : TopicSchemas.registerAll(SchemaRegistryClient.fromConfigs(config.serdeConfig()))) {
            spec.commandLine().getOut().printf("%-36s schema id %-4d compatibility=%s%n", outcome.subject(), outcome.id(),
                    outcome.compatibility());
        }
        return 0;
    }
}
