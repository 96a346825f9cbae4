package nl.barriere.connect.brk;

import java.util.HashMap;
import java.util.Map;
import nl.barriere.connect.ContractConverter;
import nl.barriere.contract.Topics;
import nl.barriere.schema.MortgageRegistered;
import nl.barriere.schema.PropertyTransfer;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.storage.Converter;

/**
 * {@link ContractConverter} for the BRK connector's two topics. The contract converter finds a record class by
 * topic through {@code Topics.byName}, which does not know {@code kadaster.mortgages} yet ({@code Topics.ALL} lacks
 * it), so this converter holds one contract converter per record class and picks it by topic; everything else
 * (the refused records, which have no value) goes through the transfers' converter.
 */
public final class BrkConverter implements Converter {

    private final ContractConverter transfers = new ContractConverter();
    private final ContractConverter mortgages = new ContractConverter();

    @Override
    public void configure(final Map<String, ?> configs, final boolean isKey) {
        transfers.configure(with(configs, PropertyTransfer.class), isKey);
        mortgages.configure(with(configs, MortgageRegistered.class), isKey);
    }

    private static Map<String, Object> with(final Map<String, ?> configs, final Class<?> type) {
        final Map<String, Object> copy = new HashMap<>(configs);
        copy.put(ContractConverter.RECORD_CLASS, type.getName());
        return copy;
    }

    private ContractConverter of(final String topic) {
        return Topics.KADASTER_MORTGAGES.name().equals(topic) ? mortgages : transfers;
    }

    @Override
    public byte[] fromConnectData(final String topic, final Schema schema, final Object value) {
        return value == null ? null : of(topic).fromConnectData(topic, schema, value);
    }

    @Override
    public SchemaAndValue toConnectData(final String topic, final byte[] value) {
        return of(topic).toConnectData(topic, value);
    }
}
