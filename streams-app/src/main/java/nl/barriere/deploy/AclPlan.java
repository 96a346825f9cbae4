package nl.barriere.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * Reads {@code deploy/kafka/acls.txt}, the one list of what each principal may do: five columns a line (principal,
 * operation, resource type, pattern type, name), {@code #} starts a comment. The same reading as {@code acls.sh};
 * the tests apply the file through it too, so the Strimzi users grant exactly what the compose stack and the tests
 * grant.
 */
public final class AclPlan {

    private AclPlan() {}

    public static List<AclBinding> read(final Path file) throws IOException {
        final List<AclBinding> bindings = new ArrayList<>();
        int lineNumber = 0;
        for (final String line : Files.readAllLines(file)) {
            lineNumber++;
            final String text = line.strip();
            if (text.isEmpty() || text.startsWith("#")) {
                continue;
            }
            final String[] f = text.split("\\s+");
            if (f.length != 5) {
                throw new IllegalArgumentException(file + " line " + lineNumber + ": expected 5 columns, found " + f.length);
            }
            if (!f[0].startsWith("User:")) {
                throw new IllegalArgumentException(file + " line " + lineNumber + ": principal must be User:NAME, not " + f[0]);
            }
            final AclBinding binding = new AclBinding(
                    new ResourcePattern(ResourceType.fromString(f[2]), f[4], PatternType.fromString(f[3])),
                    new AccessControlEntry(f[0], "*", AclOperation.fromString(f[1]), AclPermissionType.ALLOW));
            if (binding.isUnknown()) {
                throw new IllegalArgumentException(file + " line " + lineNumber + ": unknown operation or type: " + text);
            }
            bindings.add(binding);
        }
        return bindings;
    }
}
