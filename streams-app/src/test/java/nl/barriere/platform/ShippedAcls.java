package nl.barriere.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import nl.barriere.devkit.EmbeddedKafka;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;

/**
 * The ACL plan that ships in {@code deploy/kafka/acls.txt}, read and applied to a secured in-process broker the way
 * {@code deploy/kafka/acls.sh} applies it to the real cluster: a SCRAM login per principal, then every ACL.
 */
public final class ShippedAcls {

    public static final Path FILE = Path.of("..", "deploy", "kafka", "acls.txt");

    private ShippedAcls() {}

    /** The user names the plan grants something to. */
    public static Set<String> users(final List<AclBinding> plan) {
        final Set<String> users = new TreeSet<>();
        plan.forEach(b -> users.add(b.entry().principal().substring("User:".length())));
        return users;
    }

    /**
     * Creates a SCRAM login for every user of the plan with the password {@code passwords} gives, applies the plan,
     * and waits until the broker enforces both (it applies them from the metadata log a moment after the controller
     * accepted them).
     */
    public static void apply(final EmbeddedKafka kafka, final EmbeddedKafka.SuperUser admin, final List<AclBinding> plan,
                             final Map<String, String> passwords) throws Exception {
        try (Admin as = Admin.create(kafka.clientProperties(admin.name(), admin.password()))) {
            as.alterUserScramCredentials(users(plan).stream().<UserScramCredentialAlteration>map(u ->
                    new UserScramCredentialUpsertion(u, new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_256, 4096),
                            passwords.get(u))).toList()).all().get(30, TimeUnit.SECONDS);
            as.createAcls(plan).all().get(30, TimeUnit.SECONDS);
            final long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (as.describeAcls(AclBindingFilter.ANY).values().get().size() < plan.size()) {
                assertThat(System.nanoTime()).as("ACLs applied within 30 s").isLessThan(deadline);
                Thread.sleep(100);
            }
            for (final String user : users(plan)) {
                awaitLogin(kafka, user, passwords.get(user), deadline);
            }
        }
    }

    private static void awaitLogin(final EmbeddedKafka kafka, final String user, final String password,
                                   final long deadline) throws InterruptedException {
        while (true) {
            try (Admin as = Admin.create(kafka.clientProperties(user, password))) {
                as.describeCluster().clusterId().get(10, TimeUnit.SECONDS);
                return;
            } catch (final ExecutionException | TimeoutException e) {
                assertThat(System.nanoTime()).as(user + " can log in within 30 s").isLessThan(deadline);
                Thread.sleep(200);
            }
        }
    }
}
