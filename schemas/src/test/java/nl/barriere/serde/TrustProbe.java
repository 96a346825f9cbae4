package nl.barriere.serde;

import java.util.HexFormat;
import java.util.Map;
import nl.barriere.schema.testing.Sighting;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificDatumReader;

/**
 * Runs in a fresh JVM started by {@link AvroTrustTest}, because Avro reads its trust settings once
 * per JVM and the test JVM's history would decide the outcome. Prints one line per step.
 *
 * <p>{@code avro-first}: plain Avro decodes first (and must be refused), then the serde;
 * {@code serde-first}: the serde is the first Avro user in the JVM.
 */
final class TrustProbe {

    private static final String BODY = "064a616e" + "d00f" + "02" + "020278" + "0402610262" + "00" + "02026b01" + "00";

    private TrustProbe() {
    }

    public static void main(final String[] args) throws Exception {
        System.out.println("property-at-start=" + System.getProperty(AvroTrust.PROPERTY));
        if ("avro-first".equals(args[0])) {
            try {
                new SpecificDatumReader<>(Sighting.class)
                        .read(null, DecoderFactory.get().binaryDecoder(HexFormat.of().parseHex(BODY), null));
                System.out.println("plain-avro=accepted");
            } catch (final SecurityException e) {
                System.out.println("plain-avro=refused");
            }
        }
        try (StubRegistry registry = new StubRegistry()) {
            registry.answer("GET", "/schemas/ids/42", 200, Sightings.schemaAnswer(Sightings.V1));
            final AvroSerde<Sighting> serde = new AvroSerde<>(Sighting.class);
            serde.configure(Map.of(SerdeConfig.SCHEMA_REGISTRY_URL, registry.url()), false);
            final Sighting sighting = serde.deserializer().deserialize("sightings",
                    HexFormat.of().parseHex("000000002a" + BODY));
            System.out.println("serde=" + (Sightings.jan().equals(sighting) ? "decoded" : "wrong:" + sighting));
        } catch (final RuntimeException e) {
            System.out.println("serde=failed:" + e);
        }
    }
}
