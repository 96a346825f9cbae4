package nl.barriere.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import nl.barriere.contract.Topics;
import nl.barriere.deploy.AclPlan;
import nl.barriere.devkit.EmbeddedKafka;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The ACLs that ship in {@code deploy/kafka/acls.txt} (what {@code acls.sh} applies to the real cluster), read from
 * that file and applied to an in-process broker that authenticates with SASL/SCRAM and authorizes with
 * {@code StandardAuthorizer}: the principals the rules forbid something are refused, the ones they allow succeed.
 */
class AclPlanTest {

    private static final Path SHIPPED = ShippedAcls.FILE;
    private static final EmbeddedKafka.SuperUser ADMIN = new EmbeddedKafka.SuperUser("admin", "admin-secret-for-tests");
    private static final String PASSWORD_SUFFIX = "-test-password";

    private static EmbeddedKafka kafka;
    private static List<AclBinding> plan;

    @BeforeAll
    static void startASecuredBrokerWithTheShippedAcls() throws Exception {
        plan = AclPlan.read(SHIPPED);
        kafka = EmbeddedKafka.startSecured(ADMIN);
        try (Admin admin = Admin.create(kafka.clientProperties(ADMIN.name(), ADMIN.password()))) {
            TopicAdmin.createAll(admin, AppConfig.defaults());
        }
        final Map<String, String> passwords = new TreeMap<>();
        ShippedAcls.users(plan).forEach(user -> passwords.put(user, user + PASSWORD_SUFFIX));
        ShippedAcls.apply(kafka, ADMIN, plan, passwords);
    }

    @AfterAll
    static void stop() {
        kafka.close();
    }

    @Test
    void theShippedPlanLetsOnlyReviewWriteDecisionsAndFlaggedPermitsAndOnlyTheBibobZoneAndReviewReadBibobTopics() {
        assertThat(principalsAllowed(AclOperation.WRITE, Topics.REVIEW_DECISIONS.name())).containsExactly("User:review");
        assertThat(principalsAllowed(AclOperation.WRITE, Topics.FLAGGED_PERMITS.name())).containsExactly("User:review");
        for (final String restricted : List.of(Topics.BIBOB_CASE_EVENTS.name(), Topics.FLAGGED_PERMITS.name(),
                Topics.RESTRICTED_CONTEXT.name(), Topics.BIBOB_DEAD_LETTERS.name())) {
            assertThat(principalsAllowed(AclOperation.READ, restricted)).as(restricted)
                    .isSubsetOf("User:bibob-zone", "User:review");
        }
        assertThat(principalsAllowed(AclOperation.READ, Topics.BIBOB_CASE_EVENTS.name())).containsExactly("User:bibob-zone");
    }

    @Test
    void detectCannotWriteDecisionsButCanWriteSignals() throws Exception {
        try (KafkaProducer<String, String> detect = producer("detect")) {
            assertThatThrownBy(() -> detect.send(new ProducerRecord<>(Topics.REVIEW_DECISIONS.name(), "sig-1", "x")).get())
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(TopicAuthorizationException.class);
            assertThat(detect.send(new ProducerRecord<>(Topics.SIGNALS.name(), "sig-1", "signal")).get().offset())
                    .isZero();
        }
    }

    @Test
    void reviewWritesDecisionsAndFlaggedPermits() throws Exception {
        try (KafkaProducer<String, String> review = producer("review")) {
            assertThat(review.send(new ProducerRecord<>(Topics.REVIEW_DECISIONS.name(), "sig-1", "decision")).get()
                    .topic()).isEqualTo(Topics.REVIEW_DECISIONS.name());
            assertThat(review.send(new ProducerRecord<>(Topics.FLAGGED_PERMITS.name(), "HV-1", "flagged")).get()
                    .topic()).isEqualTo(Topics.FLAGGED_PERMITS.name());
        }
    }

    @Test
    void theBibobContextIsReadableByReviewButNotByAnAnalystZonePrincipal() throws Exception {
        // Given the Bibob zone wrote context for an application
        try (KafkaProducer<String, String> bibob = producer("bibob-zone")) {
            bibob.send(new ProducerRecord<>(Topics.RESTRICTED_CONTEXT.name(), "HV-2", "context")).get();
        }

        // Then review reads it, and analysts' BI and detect are refused
        assertThat(readAll("review", Topics.RESTRICTED_CONTEXT.name())).containsExactly("context");
        assertThatThrownBy(() -> readAll("analyst-bi", Topics.RESTRICTED_CONTEXT.name()))
                .isInstanceOf(TopicAuthorizationException.class);
        assertThatThrownBy(() -> readAll("detect", Topics.BIBOB_CASE_EVENTS.name()))
                .isInstanceOf(TopicAuthorizationException.class);
    }

    /** Every principal with an ALLOW entry granting {@code operation} (or ALL) on the topic, literally or by prefix. */
    private static Set<String> principalsAllowed(final AclOperation operation, final String topic) {
        final Set<String> principals = new TreeSet<>();
        for (final AclBinding b : plan) {
            final ResourcePattern p = b.pattern();
            final boolean matches = p.resourceType() == ResourceType.TOPIC
                    && (p.patternType() == PatternType.LITERAL ? p.name().equals(topic) : topic.startsWith(p.name()));
            final boolean grants = b.entry().operation() == operation || b.entry().operation() == AclOperation.ALL;
            if (matches && grants && b.entry().permissionType() == AclPermissionType.ALLOW) {
                principals.add(b.entry().principal());
            }
        }
        return principals;
    }

    private static KafkaProducer<String, String> producer(final String user) {
        final Properties props = kafka.clientProperties(user, user + PASSWORD_SUFFIX);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "10000");
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    /** Reads a topic from the start without a consumer group, so only the topic's READ ACL is in play. */
    private static List<String> readAll(final String user, final String topic) {
        final Properties props = kafka.clientProperties(user, user + PASSWORD_SUFFIX);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        final List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                     new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            final TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            final long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (values.isEmpty() && System.nanoTime() < deadline) {
                for (final ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    values.add(r.value());
                }
            }
        }
        return values;
    }
}
