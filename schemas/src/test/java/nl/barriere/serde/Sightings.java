package nl.barriere.serde;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import nl.barriere.schema.testing.Sighting;
import nl.barriere.schema.testing.SightingKind;
import org.apache.avro.Schema;

/** Shared fixtures: the known record of the byte-level vector and the schema versions. */
final class Sightings {

    static final Schema V1 = Sighting.getClassSchema();
    static final Schema V2 = loadV2();

    private Sightings() {
    }

    /**
     * The record of the byte-level test vector; every field is chosen to give a short encoding
     * that can be worked out by hand.
     */
    static Sighting jan() {
        return Sighting.newBuilder()
                .setName("Jan")
                .setObservedAt(Instant.ofEpochMilli(1000))
                .setKind(SightingKind.KADASTER)
                .setNote("x")
                .setTags(List.of("a", "b"))
                .setCounts(Map.of("k", -1))
                .build();
    }

    /** The body of a registry answer carrying {@code schema}, as Confluent and Apicurio send it. */
    static String schemaAnswer(final Schema schema) {
        try {
            return new ObjectMapper().writeValueAsString(Map.of("schema", schema.toString()));
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A Confluent frame around an Avro body, built by hand so tests do not trust the code they test. */
    static byte[] frame(final int schemaId, final byte[] body) {
        return ByteBuffer.allocate(5 + body.length).put((byte) 0).putInt(schemaId).put(body).array();
    }

    /** A port nothing listens on: bound and released at once. */
    static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Schema loadV2() {
        try (InputStream in = Sightings.class.getResourceAsStream("/avro/Sighting-v2.avsc")) {
            return new Schema.Parser().parse(in);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
