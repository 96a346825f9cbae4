package nl.barriere.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import nl.barriere.contract.Topic;
import nl.barriere.contract.Topics;
import nl.barriere.platform.TopicAdmin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committed KafkaTopic and KafkaUser resources are what {@link Topics}, {@link TopicAdmin} and
 * {@code deploy/kafka/acls.txt} give now, and they say the same as those sources: no topic, setting or ACL is lost or
 * added on the way to Strimzi's names.
 */
class StrimziResourcesTest {

    private static final Path ACLS = Path.of("..", "deploy", "kafka", "acls.txt");
    private static final Path COMMITTED = Path.of("..", "deploy", "kubernetes", "base", "strimzi");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    void theCommittedFilesAreWhatTheGeneratorMakesFromTheSourcesNow() throws IOException {
        // Given the topic registry and the ACL plan as they are now
        // When the resources are made from them
        final Map<String, String> rendered = StrimziResources.render(ACLS);

        // Then each committed file is exactly that
        assertThat(rendered.keySet()).containsExactly(StrimziResources.TOPICS_FILE, StrimziResources.USERS_FILE);
        rendered.forEach((name, content) -> {
            final Path committed = COMMITTED.resolve(name);
            assertThat(committed).as("deploy/kubernetes/base/strimzi/%s is missing: run %s from the repository root "
                    + "and commit the result", name, StrimziResources.REGENERATE).exists();
            assertThat(read(committed)).as("deploy/kubernetes/base/strimzi/%s differs from what Topics, TopicAdmin and "
                    + "deploy/kafka/acls.txt give now: run %s from the repository root and commit the result",
                    name, StrimziResources.REGENERATE).isEqualTo(content);
        });
    }

    @Test
    void everyTopicIsAKafkaTopicWithThePartitionsReplicasAndConfigsCreateTopicsGivesIt() throws IOException {
        // Given the resources made from the sources
        final List<JsonNode> topics = documents(StrimziResources.render(ACLS).get(StrimziResources.TOPICS_FILE));

        // Then there is one KafkaTopic per topic of the registry, in its order
        assertThat(topics).extracting(t -> t.at("/metadata/name").asText())
                .containsExactlyElementsOf(Topics.ALL.stream().map(Topic::name).toList());
        for (final JsonNode resource : topics) {
            final Topic<?, ?> topic = Topics.byName(resource.at("/metadata/name").asText()).orElseThrow();
            final NewTopic created = TopicAdmin.newTopic(StrimziResources.PRODUCTION, topic, topic.name());
            // And each has what create-topics creates on a three-broker cluster, config by config
            assertThat(resource.at("/kind").asText()).isEqualTo("KafkaTopic");
            assertThat(resource.at("/metadata/labels/strimzi.io~1cluster").asText()).isEqualTo(StrimziResources.CLUSTER);
            assertThat(resource.at("/spec/partitions").asInt()).as(topic.name()).isEqualTo(created.numPartitions());
            assertThat(resource.at("/spec/replicas").asInt()).as(topic.name()).isEqualTo(3);
            final Map<String, String> config = new TreeMap<>();
            resource.at("/spec/config").fields().forEachRemaining(e -> config.put(e.getKey(), e.getValue().asText()));
            assertThat(config).as(topic.name()).isEqualTo(new TreeMap<>(created.configs()));
            // And the Bibob zone's topics say they are restricted
            assertThat(resource.at("/metadata/labels/barriere.nl~1restricted").asText("false"))
                    .as(topic.name()).isEqualTo(Boolean.toString(topic.restricted()));
        }
        assertThat(topics).filteredOn(t -> t.at("/metadata/name").asText().equals("kvk.business-events"))
                .singleElement().satisfies(t -> {
                    assertThat(t.at("/spec/partitions").asInt()).isEqualTo(1);
                    assertThat(t.at("/spec/config/message.timestamp.type").asText()).isEqualTo("LogAppendTime");
                    assertThat(t.at("/spec/config/retention.ms").asText()).isEqualTo(Long.toString(730L * 24 * 3600 * 1000));
                });
    }

    @Test
    void everyPrincipalOfTheAclPlanIsAKafkaUserWithExactlyItsAcls() throws IOException {
        // Given the ACL plan
        final List<AclBinding> plan = AclPlan.read(ACLS);

        // When the users are made from it and their ACLs read back in Kafka's terms
        final List<JsonNode> users = documents(StrimziResources.render(ACLS).get(StrimziResources.USERS_FILE));
        final Set<AclBinding> granted = new HashSet<>();
        for (final JsonNode user : users) {
            assertThat(user.at("/spec/authentication/type").asText()).isEqualTo("scram-sha-512");
            assertThat(user.at("/spec/authorization/type").asText()).isEqualTo("simple");
            for (final JsonNode acl : user.at("/spec/authorization/acls")) {
                assertThat(acl.at("/host").asText()).isEqualTo("*");
                final ResourcePattern pattern = new ResourcePattern(
                        ResourceType.fromString(constant(acl.at("/resource/type").asText())),
                        acl.at("/resource/name").asText(),
                        acl.at("/resource/patternType").asText().equals("prefix") ? PatternType.PREFIXED : PatternType.LITERAL);
                for (final JsonNode operation : acl.at("/operations")) {
                    granted.add(new AclBinding(pattern, new AccessControlEntry("User:" + user.at("/metadata/name").asText(),
                            "*", AclOperation.fromString(constant(operation.asText())), AclPermissionType.ALLOW)));
                }
            }
        }

        // Then they grant exactly the plan: one user per principal, nothing lost, nothing added
        assertThat(users).extracting(u -> "User:" + u.at("/metadata/name").asText())
                .containsExactlyElementsOf(plan.stream().map(b -> b.entry().principal()).distinct().toList());
        assertThat(granted).containsExactlyInAnyOrderElementsOf(new HashSet<>(plan));
        assertThat(users).extracting(u -> u.at("/metadata/name").asText())
                .contains("detect", "bibob-zone", "review", "connect", "bibob-connect", "analyst-bi");
    }

    @Test
    void theOperationsOnOneResourceAreOneRuleInStrimzisNames(@TempDir final Path dir) throws IOException {
        // Given a plan that gives one principal two operations on one prefix and one on a transactional id
        final Path acls = dir.resolve("acls.txt");
        Files.writeString(acls, """
                # a comment
                User:reviewer   READ       TOPIC             LITERAL   review.decisions
                User:reviewer   WRITE      TOPIC             LITERAL   review.decisions
                User:reviewer   DESCRIBE   TRANSACTIONAL_ID  PREFIXED  barriere-review
                """);

        // When the users are made
        final List<JsonNode> users = documents(StrimziResources.render(acls).get(StrimziResources.USERS_FILE));

        // Then there is one user with one rule per resource pattern, in Strimzi's spelling
        assertThat(users).singleElement().satisfies(user -> {
            assertThat(user.at("/metadata/name").asText()).isEqualTo("reviewer");
            final JsonNode rules = user.at("/spec/authorization/acls");
            assertThat(rules).hasSize(2);
            assertThat(rules.get(0).at("/resource/type").asText()).isEqualTo("topic");
            assertThat(rules.get(0).at("/resource/patternType").asText()).isEqualTo("literal");
            assertThat(rules.get(0).at("/operations")).extracting(JsonNode::asText).containsExactly("Read", "Write");
            assertThat(rules.get(1).at("/resource/type").asText()).isEqualTo("transactionalId");
            assertThat(rules.get(1).at("/resource/patternType").asText()).isEqualTo("prefix");
            assertThat(rules.get(1).at("/operations")).extracting(JsonNode::asText).containsExactly("Describe");
        });
    }

    @Test
    void aLineTheGeneratorCannotReadIsRefusedByItsNumber(@TempDir final Path dir) throws IOException {
        // Given a plan whose second rule has a misspelt operation, and one with a column missing
        final Path misspelt = dir.resolve("misspelt.txt");
        Files.writeString(misspelt, "User:detect READ TOPIC LITERAL kvk.business-events\n"
                + "User:detect WRTIE TOPIC LITERAL ondermijning.signals\n");
        final Path short_ = dir.resolve("short.txt");
        Files.writeString(short_, "# header\n\nUser:detect READ TOPIC kvk.business-events\n");

        // When / Then nothing is made, and the message names the file's line
        assertThatThrownBy(() -> StrimziResources.render(misspelt)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("line 2").hasMessageContaining("WRTIE");
        assertThatThrownBy(() -> StrimziResources.render(short_)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("line 3: expected 5 columns, found 4");
    }

    /** {@code transactionalId} and {@code DescribeConfigs} as Kafka's {@code TRANSACTIONAL_ID}, {@code DESCRIBE_CONFIGS}. */
    private static String constant(final String camel) {
        return camel.replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
    }

    private static List<JsonNode> documents(final String yaml) throws IOException {
        final List<JsonNode> out = new ArrayList<>();
        YAML.readerFor(JsonNode.class).readValues(yaml).forEachRemaining(n -> out.add((JsonNode) n));
        return out;
    }

    private static String read(final Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
