package nl.barriere.connect;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.transforms.Transformation;

/**
 * Turns a value that is one JSON object as text (a line from a file connector) into a schemaless {@link Map}, so
 * that {@link PseudonymisePersons} can reach its fields. A value that is not a JSON object is refused with its
 * position only: the text may hold a raw identifier, and it must not reach a log.
 */
public final class ParseJson<R extends ConnectRecord<R>> implements Transformation<R> {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final TypeReference<LinkedHashMap<String, Object>> OBJECT = new TypeReference<>() { };

    @Override
    public void configure(final Map<String, ?> configs) {
        // nothing to configure
    }

    @Override
    public R apply(final R record) {
        final Object value = record.value();
        final String text;
        if (value == null) {
            return record;
        } else if (value instanceof String string) {
            text = string;
        } else if (value instanceof byte[] bytes) {
            text = new String(bytes, StandardCharsets.UTF_8);
        } else {
            throw new DataException("cannot parse a " + value.getClass().getSimpleName() + " value for "
                    + record.topic() + " as JSON; expected text");
        }
        if (!text.stripLeading().startsWith("{")) {
            throw new DataException("the value for " + record.topic() + " is not a JSON object");
        }
        final Map<String, Object> parsed;
        try {
            parsed = MAPPER.readValue(text, OBJECT);
        } catch (final JsonProcessingException e) {
            final JsonLocation at = e.getLocation();
            throw new DataException("the value for " + record.topic() + " is not valid JSON"
                    + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
        }
        return record.newRecord(record.topic(), record.kafkaPartition(), record.keySchema(), record.key(), null,
                parsed, record.timestamp(), record.headers());
    }

    @Override
    public ConfigDef config() {
        return new ConfigDef();
    }

    @Override
    public void close() {
        // nothing to release
    }
}
