package nl.barriere.deploy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import nl.barriere.contract.Topic;
import nl.barriere.contract.Topics;
import nl.barriere.platform.AppConfig;
import nl.barriere.platform.TopicAdmin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * The Strimzi {@code KafkaTopic} and {@code KafkaUser} resources of Barrière, made from the same sources as the
 * compose stack: every topic of {@link Topics} with the partitions, replication and configs that
 * {@code create-topics} gives it ({@link TopicAdmin#newTopic}), and every principal of {@code deploy/kafka/acls.txt}
 * with exactly its ACLs. Written to files that are committed beside the other manifests, because Kustomize cannot
 * run Java; {@code StrimziResourcesTest} fails when the committed files are not what this makes now.
 */
public final class StrimziResources {

    /** The Strimzi {@code Kafka} cluster the resources belong to (label {@code strimzi.io/cluster}). */
    static final String CLUSTER = "barriere";
    static final String TOPICS_FILE = "kafka-topics.yaml";
    static final String USERS_FILE = "kafka-users.yaml";
    static final String API_VERSION = "kafka.strimzi.io/v1";

    /**
     * The settings of a production cluster: three brokers, so three replicas (with the brokers'
     * {@code min.insync.replicas=2}), and otherwise Barrière's defaults, so the files say what {@code create-topics}
     * does on such a cluster.
     */
    static final AppConfig PRODUCTION = AppConfig.defaults().with(AppConfig.REPLICATION_FACTOR, "3");

    static final String REGENERATE = "./barriere strimzi-resources";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR));

    private StrimziResources() {}

    /** Writes both files into {@code directory}; returns them. */
    public static List<Path> write(final Path aclFile, final Path directory) throws IOException {
        Files.createDirectories(directory);
        final List<Path> written = new ArrayList<>();
        for (final Map.Entry<String, String> file : render(aclFile).entrySet()) {
            final Path path = directory.resolve(file.getKey());
            Files.writeString(path, file.getValue(), StandardCharsets.UTF_8);
            written.add(path);
        }
        return written;
    }

    /** File name to content, in the order they are written. */
    static Map<String, String> render(final Path aclFile) throws IOException {
        final Map<String, String> files = new LinkedHashMap<>();
        files.put(TOPICS_FILE, header("every topic of Topics, with the partitions, replicas and configs create-topics gives it")
                + documents(Topics.ALL.stream().map(StrimziResources::kafkaTopic).toList()));
        files.put(USERS_FILE, header("every principal of deploy/kafka/acls.txt, with exactly its ACLs")
                + documents(kafkaUsers(AclPlan.read(aclFile))));
        return files;
    }

    static Map<String, Object> kafkaTopic(final Topic<?, ?> topic) {
        final NewTopic created = TopicAdmin.newTopic(PRODUCTION, topic, topic.name());
        final Map<String, Object> labels = new LinkedHashMap<>();
        labels.put("strimzi.io/cluster", CLUSTER);
        if (topic.restricted()) {
            labels.put("barriere.nl/restricted", "true");
        }
        final Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("partitions", created.numPartitions());
        spec.put("replicas", (int) created.replicationFactor());
        spec.put("config", new TreeMap<>(created.configs()));
        return resource("KafkaTopic", topic.name(), labels, spec);
    }

    /**
     * One {@code KafkaUser} per principal, in the order the file names them; the operations on one resource pattern
     * are one ACL rule, in the order the file gives them.
     */
    static List<Map<String, Object>> kafkaUsers(final List<AclBinding> plan) {
        final Map<String, Map<ResourcePattern, List<String>>> byUser = new LinkedHashMap<>();
        for (final AclBinding binding : plan) {
            final String user = binding.entry().principal().substring("User:".length());
            final List<String> operations = byUser.computeIfAbsent(user, u -> new LinkedHashMap<>())
                    .computeIfAbsent(binding.pattern(), p -> new ArrayList<>());
            final String operation = operation(binding.entry().operation());
            if (!operations.contains(operation)) {
                operations.add(operation);
            }
        }
        final List<Map<String, Object>> users = new ArrayList<>();
        byUser.forEach((user, rules) -> {
            final List<Map<String, Object>> acls = new ArrayList<>();
            rules.forEach((pattern, operations) -> {
                final Map<String, Object> resource = new LinkedHashMap<>();
                resource.put("type", resourceType(pattern.resourceType()));
                resource.put("name", pattern.name());
                resource.put("patternType", patternType(pattern.patternType()));
                final Map<String, Object> acl = new LinkedHashMap<>();
                acl.put("resource", resource);
                acl.put("operations", operations);
                acl.put("host", "*");
                acls.add(acl);
            });
            final Map<String, Object> authorization = new LinkedHashMap<>();
            authorization.put("type", "simple");
            authorization.put("acls", acls);
            final Map<String, Object> spec = new LinkedHashMap<>();
            spec.put("authentication", Map.of("type", "scram-sha-512"));
            spec.put("authorization", authorization);
            users.add(resource("KafkaUser", user, Map.of("strimzi.io/cluster", CLUSTER), spec));
        });
        return users;
    }

    /** Strimzi's name of a Kafka operation: {@code DESCRIBE_CONFIGS} is {@code DescribeConfigs}. */
    static String operation(final AclOperation operation) {
        return switch (operation) {
            case READ, WRITE, CREATE, DELETE, ALTER, DESCRIBE, ALL, CLUSTER_ACTION, DESCRIBE_CONFIGS, ALTER_CONFIGS,
                    IDEMPOTENT_WRITE -> camel(operation.name(), true);
            default -> throw new IllegalArgumentException("Strimzi has no ACL operation " + operation);
        };
    }

    static String resourceType(final ResourceType type) {
        return switch (type) {
            case TOPIC, GROUP, CLUSTER, TRANSACTIONAL_ID -> camel(type.name(), false);
            default -> throw new IllegalArgumentException("Strimzi has no ACL resource type " + type);
        };
    }

    static String patternType(final PatternType type) {
        return switch (type) {
            case LITERAL -> "literal";
            case PREFIXED -> "prefix";
            default -> throw new IllegalArgumentException("Strimzi has no ACL pattern type " + type);
        };
    }

    /** {@code TRANSACTIONAL_ID} as {@code transactionalId}, or with {@code capitalized} as {@code TransactionalId}. */
    private static String camel(final String constant, final boolean capitalized) {
        final StringBuilder out = new StringBuilder();
        for (final String word : constant.toLowerCase(Locale.ROOT).split("_")) {
            out.append(out.length() == 0 && !capitalized ? word : Character.toUpperCase(word.charAt(0)) + word.substring(1));
        }
        return out.toString();
    }

    private static Map<String, Object> resource(final String kind, final String name, final Map<String, Object> labels,
                                                final Map<String, Object> spec) {
        final Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("name", name);
        metadata.put("labels", labels);
        final Map<String, Object> resource = new LinkedHashMap<>();
        resource.put("apiVersion", API_VERSION);
        resource.put("kind", kind);
        resource.put("metadata", metadata);
        resource.put("spec", spec);
        return resource;
    }

    private static String header(final String what) {
        return "# Generated by `" + REGENERATE + "`: " + what + ". Do not edit; change the source and run it again.\n";
    }

    private static String documents(final List<Map<String, Object>> resources) {
        final StringBuilder out = new StringBuilder();
        for (final Map<String, Object> resource : resources) {
            try {
                out.append(YAML.writeValueAsString(resource));
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out.toString();
    }
}
