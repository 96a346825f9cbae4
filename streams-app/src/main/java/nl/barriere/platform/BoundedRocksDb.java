package nl.barriere.platform;

import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

/**
 * Bounds the off-heap memory of every RocksDB store in the process to one configured total ({@value #TOTAL_BYTES}):
 * one block cache shared by all stores, with the memtables charged to it through one write-buffer manager (a
 * half of the total) and the index and filter blocks kept in it at high priority. Without this each store gets
 * Kafka Streams' own defaults (a 50 MiB block cache and three 16 MiB memtables per store, outside any bound), so
 * memory grows with the number of stores and partitions, and a container's limit is reached without a warning in
 * the heap. The pattern is the one the Kafka Streams memory-management documentation gives.
 *
 * <p>The cache and the manager are created once, from the first store's configuration, and never closed: every
 * application of the process (detection beside a shadow run, the demo's three) shares the one bound.
 */
public final class BoundedRocksDb implements RocksDBConfigSetter {

    /** Total bytes for all RocksDB block caches and memtables of this process. */
    public static final String TOTAL_BYTES = "rocksdb.memory.total.bytes";
    static final String DEFAULT_TOTAL_BYTES = Long.toString(256L * 1024 * 1024);
    private static final double MEMTABLE_SHARE = 0.5;
    private static final double INDEX_AND_FILTER_SHARE = 0.1;

    private static Cache cache;
    private static WriteBufferManager writeBuffers;
    private static long total;

    @Override
    public void setConfig(final String storeName, final Options options, final Map<String, Object> configs) {
        final BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(sharedCache(configs));
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        table.setPinTopLevelIndexAndFilter(true);
        options.setWriteBufferManager(writeBuffers);
        options.setTableFormatConfig(table);
    }

    /** The total the process is bounded to, or 0 before the first store opened. */
    public static synchronized long totalBytes() {
        return total;
    }

    private static synchronized Cache sharedCache(final Map<String, Object> configs) {
        if (cache == null) {
            final Object configured = configs.getOrDefault(TOTAL_BYTES, DEFAULT_TOTAL_BYTES);
            try {
                total = Long.parseLong(configured.toString().trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("configuration " + TOTAL_BYTES + " must be a number of bytes, not '"
                        + configured + "'", e);
            }
            cache = new LRUCache(total, -1, false, INDEX_AND_FILTER_SHARE);
            writeBuffers = new WriteBufferManager((long) (total * MEMTABLE_SHARE), cache);
        }
        return cache;
    }

    @Override
    public void close(final String storeName, final Options options) {
        // The cache and the write-buffer manager are the process's, shared by every store: never closed here.
    }
}
