package nl.barriere.devkit.generator;

import java.io.IOException;
import org.apache.avro.specific.SpecificRecord;

/** Where generated events go, per topic, already in event-time order. */
interface EventSink extends AutoCloseable {

    /** @param topic index into {@link GeneratorTopics#ALL} */
    void write(int topic, SpecificRecord event) throws IOException;

    long count(int topic);

    @Override
    void close() throws IOException;
}
