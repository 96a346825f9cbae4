package nl.barriere.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Renders each kustomization of {@code deploy/kubernetes} with {@code kubectl kustomize}, as an operator applies it,
 * and checks every object against the schema of its kind stored in {@code deploy/kubernetes/schemas} (Kubernetes
 * 1.32, Strimzi 1.2.0, OpenShift Route), then what a schema cannot say: that the pods log in as users that exist,
 * that detection and the Bibob zone keep a volume, a standby and a static member id per pod, and that no network
 * policy lets anything reach the Bibob zone or lets it reach more than Kafka, the registry and DNS.
 */
class KubernetesManifestsTest {

    private static final Path MANIFESTS = Path.of("..", "deploy", "kubernetes");
    private static final Path SCHEMAS = MANIFESTS.resolve("schemas");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4);
    private static final Map<String, Schema> LOADED = new HashMap<>();

    /** apiVersion/kind to its schema file under {@code deploy/kubernetes/schemas}: every kind the manifests use. */
    private static final Map<String, String> SCHEMA_OF = Map.ofEntries(
            Map.entry("apps/v1/StatefulSet", "kubernetes/v1.32.2-standalone-strict/statefulset-apps-v1.json"),
            Map.entry("apps/v1/Deployment", "kubernetes/v1.32.2-standalone-strict/deployment-apps-v1.json"),
            Map.entry("batch/v1/Job", "kubernetes/v1.32.2-standalone-strict/job-batch-v1.json"),
            Map.entry("v1/Service", "kubernetes/v1.32.2-standalone-strict/service-v1.json"),
            Map.entry("v1/ServiceAccount", "kubernetes/v1.32.2-standalone-strict/serviceaccount-v1.json"),
            Map.entry("v1/ConfigMap", "kubernetes/v1.32.2-standalone-strict/configmap-v1.json"),
            Map.entry("v1/Secret", "kubernetes/v1.32.2-standalone-strict/secret-v1.json"),
            Map.entry("policy/v1/PodDisruptionBudget", "kubernetes/v1.32.2-standalone-strict/poddisruptionbudget-policy-v1.json"),
            Map.entry("networking.k8s.io/v1/NetworkPolicy", "kubernetes/v1.32.2-standalone-strict/networkpolicy-networking-v1.json"),
            Map.entry("networking.k8s.io/v1/Ingress", "kubernetes/v1.32.2-standalone-strict/ingress-networking-v1.json"),
            Map.entry("kafka.strimzi.io/v1/Kafka", "strimzi-1.2.0/kafka-kafka-v1.json"),
            Map.entry("kafka.strimzi.io/v1/KafkaNodePool", "strimzi-1.2.0/kafkanodepool-kafka-v1.json"),
            Map.entry("kafka.strimzi.io/v1/KafkaTopic", "strimzi-1.2.0/kafkatopic-kafka-v1.json"),
            Map.entry("kafka.strimzi.io/v1/KafkaUser", "strimzi-1.2.0/kafkauser-kafka-v1.json"),
            Map.entry("route.openshift.io/v1/Route", "openshift/route-route-v1.json"));

    /** A DNS-1123 subdomain: what Kubernetes takes as the name of most objects (KafkaTopic names have dots). */
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/openshift", "overlays/kubernetes"})
    void everyRenderedObjectMatchesTheSchemaOfItsKind(final String kustomization) throws Exception {
        // Given the kustomization rendered as kubectl renders it
        final List<JsonNode> objects = render(kustomization);

        // When each object is checked against its kind's schema
        final List<String> problems = new ArrayList<>();
        for (final JsonNode object : objects) {
            final String type = object.path("apiVersion").asText() + "/" + object.path("kind").asText();
            final String id = type + " " + object.at("/metadata/name").asText();
            final String file = SCHEMA_OF.get(type);
            if (file == null) {
                problems.add(id + ": no schema for this kind in deploy/kubernetes/schemas (add it, with its source)");
                continue;
            }
            for (final Error error : schema(file).validate(object)) {
                problems.add(id + ": " + error.getInstanceLocation() + " " + error.getMessage());
            }
            final String name = object.at("/metadata/name").asText();
            if (!NAME.matcher(name).matches() || name.length() > 253) {
                problems.add(id + ": metadata.name is not a DNS-1123 subdomain");
            }
        }

        // Then there is nothing to report, and the kustomization rendered what it should
        assertThat(problems).as("objects of %s that do not match their schema", kustomization).isEmpty();
        assertThat(objects).extracting(o -> o.path("kind").asText())
                .contains("Kafka", "KafkaNodePool", "KafkaTopic", "KafkaUser", "StatefulSet", "Deployment", "Job",
                        "PodDisruptionBudget", "NetworkPolicy");
        if (kustomization.equals("overlays/openshift")) {
            assertThat(objects).extracting(o -> o.path("kind").asText()).contains("Route").doesNotContain("Ingress");
        }
        if (kustomization.equals("overlays/kubernetes")) {
            assertThat(objects).extracting(o -> o.path("kind").asText()).contains("Ingress").doesNotContain("Route");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlays/openshift", "overlays/kubernetes"})
    void detectionAndTheBibobZoneKeepAVolumeAStandbyAndAStaticMemberIdPerPod(final String overlay) throws Exception {
        // Given the rendered overlay
        final List<JsonNode> objects = render(overlay);

        for (final String name : List.of("barriere-detect", "barriere-bibob-zone")) {
            // When the application's StatefulSet is read
            final JsonNode set = one(objects, "StatefulSet", name);
            final JsonNode container = set.at("/spec/template/spec/containers/0");

            // Then it has two pods, each with its own state volume, a standby, its pod name as member id, and probes
            assertThat(set.at("/spec/replicas").asInt()).as(name).isEqualTo(2);
            assertThat(set.at("/spec/volumeClaimTemplates/0/metadata/name").asText()).as(name).isEqualTo("state");
            assertThat(mountPath(container, "state")).as(name).isEqualTo("/var/lib/barriere/state");
            assertThat(env(container, "BARRIERE_NUM_STANDBY_REPLICAS").path("value").asText()).as(name).isEqualTo("1");
            assertThat(env(container, "BARRIERE_GROUP_INSTANCE_ID").at("/valueFrom/fieldRef/fieldPath").asText())
                    .as(name).isEqualTo("metadata.name");
            assertThat(container.has("startupProbe") && container.has("readinessProbe") && container.has("livenessProbe"))
                    .as(name + " has startup, readiness and liveness probes").isTrue();
            assertThat(one(objects, "PodDisruptionBudget", name).at("/spec/maxUnavailable").asInt()).as(name).isEqualTo(1);
        }
        final JsonNode review = one(objects, "Deployment", "barriere-review").at("/spec/template/spec/containers/0");
        assertThat(review.at("/startupProbe/httpGet/path").asText()).isEqualTo("/health/live");
        assertThat(review.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/health/ready");
        assertThat(review.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/health/live");
        assertThat(one(objects, "PodDisruptionBudget", "barriere-review").has("spec")).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlays/openshift", "overlays/kubernetes"})
    void everyPodLogsInAsAKafkaUserOverTlsAndRunsAsNonRoot(final String overlay) throws Exception {
        // Given the rendered overlay and the users it declares
        final List<JsonNode> objects = render(overlay);
        final Set<String> users = names(objects, "KafkaUser");
        final JsonNode config = one(objects, "ConfigMap", "barriere-config").path("data");

        // Then the clients speak SASL_SSL with SCRAM-SHA-512 to the TLS listener, trusting the cluster CA
        assertThat(config.path("BARRIERE_SECURITY_PROTOCOL").asText()).isEqualTo("SASL_SSL");
        assertThat(config.path("BARRIERE_SASL_MECHANISM").asText()).isEqualTo("SCRAM-SHA-512");
        assertThat(config.path("BARRIERE_BOOTSTRAP_SERVERS").asText()).isEqualTo("barriere-kafka-bootstrap:9093");
        final JsonNode listener = one(objects, "Kafka", "barriere").at("/spec/kafka/listeners/0");
        assertThat(listener.path("port").asInt()).isEqualTo(9093);
        assertThat(listener.path("tls").asBoolean()).isTrue();
        assertThat(listener.at("/authentication/type").asText()).isEqualTo("scram-sha-512");

        // And every workload takes its login from the secret of a KafkaUser that exists, and runs as non-root
        for (final JsonNode workload : workloads(objects)) {
            final String id = workload.path("kind").asText() + " " + workload.at("/metadata/name").asText();
            final JsonNode pod = workload.at("/spec/template/spec");
            final JsonNode container = pod.at("/containers/0");
            assertThat(env(container, "BARRIERE_SASL_JAAS_CONFIG").at("/valueFrom/secretKeyRef/key").asText())
                    .as(id).isEqualTo("sasl.jaas.config");
            assertThat(users).as(id + " logs in as a KafkaUser of the manifests")
                    .contains(env(container, "BARRIERE_SASL_JAAS_CONFIG").at("/valueFrom/secretKeyRef/name").asText());
            assertThat(mountPath(container, "kafka-ca")).as(id).isEqualTo("/etc/barriere/kafka-ca");
            assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean()).as(id).isTrue();
            assertThat(container.at("/securityContext/allowPrivilegeEscalation").asBoolean(true)).as(id).isFalse();
            assertThat(workload.at("/spec/template/metadata/labels/barriere.nl~1kafka-client").asText())
                    .as(id + " may reach the listener").isEqualTo("true");
            if (overlay.equals("overlays/openshift")) {
                // OpenShift's restricted SCC picks the user and the fsGroup and refuses pods that name their own
                assertThat(pod.at("/securityContext").has("runAsUser") || pod.at("/securityContext").has("fsGroup"))
                        .as(id + " leaves the user to OpenShift").isFalse();
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/openshift", "overlays/kubernetes"})
    void noNetworkPolicyLetsAnythingReachTheBibobZoneOrItReachMoreThanKafkaTheRegistryAndDns(final String kustomization)
            throws Exception {
        // Given the rendered policies and the labels of the Bibob zone's pods
        final List<JsonNode> objects = render(kustomization);
        final JsonNode bibobPods = one(objects, "StatefulSet", "barriere-bibob-zone").at("/spec/template/metadata/labels");
        final List<JsonNode> policies = objects.stream().filter(o -> o.path("kind").asText().equals("NetworkPolicy")).toList();

        // When the policies that select those pods are taken
        final List<JsonNode> selecting = policies.stream().filter(p -> selects(p.at("/spec/podSelector"), bibobPods)).toList();

        // Then all ingress and egress is denied to them by default, none allows a connection to them, and their only
        // ways out are Kafka's TLS listener, the registry and DNS
        assertThat(selecting).extracting(p -> p.at("/metadata/name").asText()).contains("barriere-deny-all");
        assertThat(one(objects, "NetworkPolicy", "barriere-deny-all").at("/spec/policyTypes"))
                .extracting(JsonNode::asText).containsExactlyInAnyOrder("Ingress", "Egress");
        for (final JsonNode policy : selecting) {
            final String name = policy.at("/metadata/name").asText();
            assertThat(policy.at("/spec/ingress")).as(name + " allows a connection to the Bibob zone").isEmpty();
            for (final JsonNode rule : policy.at("/spec/egress")) {
                final Set<Integer> ports = StreamSupport.stream(rule.path("ports").spliterator(), false)
                        .map(p -> p.path("port").asInt()).collect(Collectors.toSet());
                assertThat(rule.has("ports")).as(name + ": an egress rule without ports opens every port").isTrue();
                for (final JsonNode to : rule.path("to")) {
                    if (to.has("namespaceSelector")) {
                        assertThat(ports).as(name + ": to other namespaces only DNS").isSubsetOf(53, 5353);
                    } else {
                        assertThat(to.has("ipBlock")).as(name + ": no address block").isFalse();
                        final JsonNode labels = to.at("/podSelector/matchLabels");
                        final boolean kafka = labels.path("strimzi.io/kind").asText().equals("Kafka") && ports.equals(Set.of(9093));
                        final boolean registry = labels.path("barriere.nl/schema-registry").asText().equals("true")
                                && ports.equals(Set.of(8080));
                        assertThat(kafka || registry).as(name + ": egress to " + to + " on " + ports).isTrue();
                    }
                }
            }
        }
        // And the only way in to any Barrière pod is to the review UI
        for (final JsonNode policy : policies) {
            if (policy.at("/spec/ingress").size() > 0) {
                assertThat(policy.at("/spec/podSelector/matchLabels/app.kubernetes.io~1name").asText())
                        .as(policy.at("/metadata/name").asText()).isEqualTo("barriere-review");
            }
        }
    }

    /** Renders with {@code kubectl kustomize}; without kubectl the test fails under CI and is skipped, saying so, elsewhere. */
    private static List<JsonNode> render(final String kustomization) throws IOException, InterruptedException {
        final Path directory = MANIFESTS.resolve(kustomization);
        final Process process;
        try {
            process = new ProcessBuilder("kubectl", "kustomize", directory.toString())
                    .redirectError(ProcessBuilder.Redirect.PIPE).start();
        } catch (IOException e) {
            final String message = "kubectl is not installed; the Kubernetes manifests are checked with `kubectl "
                    + "kustomize` (Debian: apt-get install kubernetes-client; .ci/run installs it)";
            if ("true".equals(System.getenv("CI"))) {
                fail(message, e);
            }
            Assumptions.abort(message);
            throw e;
        }
        final byte[] out;
        final byte[] err;
        try (InputStream stdout = process.getInputStream(); InputStream stderr = process.getErrorStream()) {
            out = stdout.readAllBytes();
            err = stderr.readAllBytes();
        }
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("kubectl kustomize finished").isTrue();
        assertThat(process.exitValue()).as("kubectl kustomize %s: %s", directory, new String(err, StandardCharsets.UTF_8))
                .isZero();
        final List<JsonNode> objects = new ArrayList<>();
        YAML.readerFor(JsonNode.class).readValues(out).forEachRemaining(n -> objects.add((JsonNode) n));
        assertThat(objects).as("objects rendered from " + directory).isNotEmpty();
        return objects;
    }

    private static synchronized Schema schema(final String file) throws IOException {
        final Schema loaded = LOADED.get(file);
        if (loaded != null) {
            return loaded;
        }
        final JsonNode node = new ObjectMapper().readTree(SCHEMAS.resolve(file).toFile());
        // openapi2jsonschema writes "http://json-schema.org/schema#" (whatever is newest), which names no draft; its
        // schemas use only draft-04 keywords, and so do the CRDs', so every schema is read as draft-04.
        ((ObjectNode) node).remove("$schema");
        final Schema schema = REGISTRY.getSchema(node);
        LOADED.put(file, schema);
        return schema;
    }

    /** Whether a policy's pod selector (matchLabels only: the manifests use no expressions) picks pods with these labels. */
    private static boolean selects(final JsonNode podSelector, final JsonNode labels) {
        assertThat(podSelector.has("matchExpressions")).as("pod selectors use matchLabels only").isFalse();
        final List<Map.Entry<String, JsonNode>> wanted = new ArrayList<>();
        podSelector.path("matchLabels").fields().forEachRemaining(wanted::add);
        return wanted.stream().allMatch(e -> labels.path(e.getKey()).asText().equals(e.getValue().asText()));
    }

    private static List<JsonNode> workloads(final List<JsonNode> objects) {
        return objects.stream().filter(o -> Set.of("StatefulSet", "Deployment", "Job").contains(o.path("kind").asText())).toList();
    }

    private static JsonNode one(final List<JsonNode> objects, final String kind, final String name) {
        final List<JsonNode> found = objects.stream().filter(o -> o.path("kind").asText().equals(kind)
                && o.at("/metadata/name").asText().equals(name)).toList();
        assertThat(found).as(kind + " " + name).hasSize(1);
        return found.get(0);
    }

    private static Set<String> names(final List<JsonNode> objects, final String kind) {
        return objects.stream().filter(o -> o.path("kind").asText().equals(kind))
                .map(o -> o.at("/metadata/name").asText()).collect(Collectors.toCollection(TreeSet::new));
    }

    private static JsonNode env(final JsonNode container, final String name) {
        for (final JsonNode variable : container.path("env")) {
            if (variable.path("name").asText().equals(name)) {
                return variable;
            }
        }
        return fail(container.path("name").asText() + " has no environment variable " + name);
    }

    private static String mountPath(final JsonNode container, final String volume) {
        for (final JsonNode mount : container.path("volumeMounts")) {
            if (mount.path("name").asText().equals(volume)) {
                return mount.path("mountPath").asText();
            }
        }
        return fail(container.path("name").asText() + " does not mount " + volume);
    }
}
