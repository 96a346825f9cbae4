package nl.barriere.detect;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import nl.barriere.detect.EventTimeOrder.Buffered;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The ordering buffer's values in a plain binary layout: where the event came from, its time, and its original
 * key and value bytes. Every event passes through the buffer, so its encoding is on the hot path; JSON would
 * base64 the bytes both ways.
 *
 * <pre>topic (UTF) | partition (int) | offset (long) | time (long) | key length (int, -1 = none) | key | value length | value</pre>
 */
final class BufferedSerde implements Serde<Buffered> {

    @Override
    public Serializer<Buffered> serializer() {
        return (topic, buffered) -> {
            if (buffered == null) {
                return null;
            }
            final ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + length(buffered.key()) + length(buffered.value()));
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                out.writeUTF(buffered.topic());
                out.writeInt(buffered.partition());
                out.writeLong(buffered.offset());
                out.writeLong(buffered.time());
                writeBytes(out, buffered.key());
                writeBytes(out, buffered.value());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return bytes.toByteArray();
        };
    }

    @Override
    public Deserializer<Buffered> deserializer() {
        return (topic, data) -> {
            if (data == null) {
                return null;
            }
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
                return new Buffered(in.readUTF(), in.readInt(), in.readLong(), in.readLong(), readBytes(in), readBytes(in));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    private static int length(final byte[] bytes) {
        return bytes == null ? 0 : bytes.length;
    }

    private static void writeBytes(final DataOutputStream out, final byte[] bytes) throws IOException {
        if (bytes == null) {
            out.writeInt(-1);
        } else {
            out.writeInt(bytes.length);
            out.write(bytes);
        }
    }

    private static byte[] readBytes(final DataInputStream in) throws IOException {
        final int length = in.readInt();
        if (length < 0) {
            return null;
        }
        final byte[] bytes = new byte[length];
        in.readFully(bytes);
        return bytes;
    }
}
