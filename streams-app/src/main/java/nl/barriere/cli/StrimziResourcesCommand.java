package nl.barriere.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import nl.barriere.deploy.StrimziResources;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "strimzi-resources", mixinStandardHelpOptions = true,
        description = {"Writes the Strimzi KafkaTopic and KafkaUser resources of the Kubernetes manifests: every topic "
                + "with the partitions, replicas and configs create-topics gives it on a three-broker cluster, and "
                + "every principal of the ACL file with exactly its ACLs (scram-sha-512, authorization simple). Run it "
                + "from the repository root after changing the topics or the ACLs, and commit the result."})
final class StrimziResourcesCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--acls", defaultValue = "deploy/kafka/acls.txt", paramLabel = "FILE",
            description = "The ACL plan. Default: ${DEFAULT-VALUE}.")
    Path acls;

    @Option(names = "--out", defaultValue = "deploy/kubernetes/base/strimzi", paramLabel = "DIR",
            description = "Where the two files go. Default: ${DEFAULT-VALUE}.")
    Path out;

    @Override
    public Integer call() throws Exception {
        for (final Path written : StrimziResources.write(acls, out)) {
            spec.commandLine().getOut().println("wrote " + written);
        }
        return 0;
    }
}
