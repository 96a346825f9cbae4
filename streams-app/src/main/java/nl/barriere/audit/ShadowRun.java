package nl.barriere.audit;

import java.util.concurrent.ExecutionException;
import nl.barriere.contract.Topics;
import nl.barriere.detect.DetectionTopology;
import nl.barriere.detect.Ruleset;
import nl.barriere.platform.AppConfig;
import nl.barriere.platform.DeadLetterProductionHandler;
import nl.barriere.platform.StreamsApp;
import nl.barriere.platform.TopicAdmin;
import org.apache.kafka.clients.admin.Admin;

/**
 * A proposed ruleset's shadow: detection under an application id of its own, on the same input as live detection
 * from its first retained record on, and then continuously beside it, writing to {@code shadow-<id>.signals} and
 * {@code shadow-<id>.dead-letters}, never to the live topics. Unlike a replay it does not stop at the end of the
 * input: it shows what the proposed rules would have said on all of history and go on saying tomorrow.
 */
public final class ShadowRun {

    private ShadowRun() {}

    /** The first 12 hex digits of the digest: enough to tell rulesets apart in a topic or group name. */
    static String id(final String digest) {
        if (!digest.matches("sha256:[0-9a-f]{64}")) {
            throw new IllegalArgumentException("a ruleset digest is sha256: and 64 hex digits, not '" + digest + "'");
        }
        return digest.substring("sha256:".length(), "sha256:".length() + 12);
    }

    public static String applicationId(final String digest) {
        return "barriere-shadow-" + id(digest);
    }

    public static String signalsTopic(final String digest) {
        return "shadow-" + id(digest) + ".signals";
    }

    public static String deadLettersTopic(final String digest) {
        return "shadow-" + id(digest) + ".dead-letters";
    }

    /** Starts the shadow of the proposed ruleset {@code digest} (creating its topics when missing). */
    public static StreamsApp start(final AppConfig config, final String digest)
            throws ExecutionException, InterruptedException {
        final Ruleset ruleset = RuleChanges.proposed(config, digest);
        try (Admin admin = Admin.create(config.kafkaProperties())) {
            TopicAdmin.createLike(admin, config, Topics.SIGNALS, signalsTopic(digest));
            TopicAdmin.createLike(admin, config, Topics.DEAD_LETTERS, deadLettersTopic(digest));
        }
        return new StreamsApp(applicationId(digest), DetectionTopology.shadow(ruleset, config.serdeConfig(),
                signalsTopic(digest), deadLettersTopic(digest)),
                config.with(DeadLetterProductionHandler.DEAD_LETTERS_TOPIC_CONFIG, deadLettersTopic(digest))).start();
    }
}
