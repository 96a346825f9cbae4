package nl.barriere.devtools.bench;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Samples the used heap every 50 ms (and reads the process's CPU time), so a variant's peak can be read after it ran. The broker, the registry and
 * the benchmark itself share this heap: a peak says how much a variant adds on top of them, not its size alone.
 */
final class HeapSampler implements AutoCloseable {

    private static final long INTERVAL_MS = 50;

    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final AtomicLong peak = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;

    HeapSampler() {
        thread = new Thread(this::sample, "bench-heap-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    /** Starts a new peak from the current use, of the heap and (on Linux) of the process's resident memory. */
    void reset() {
        peak.set(memory.getHeapMemoryUsage().getUsed());
        try {
            // "5" resets the kernel's peak resident set size (VmHWM) of this process to its current size.
            Files.writeString(Path.of("/proc/self/clear_refs"), "5");
        } catch (IOException | UnsupportedOperationException e) {
            // Not Linux, or not allowed: the RSS peak then spans the whole bench.
        }
    }

    /** The process's peak resident memory since the last {@link #reset()} (VmHWM), or 0 where the kernel has none. */
    static long peakRssBytes() {
        try {
            for (final String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }

    long peakBytes() {
        return peak.get();
    }

    static long maxHeapBytes() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getMax();
    }

    /** Collections so far, summed over all collectors (young and old). */
    static long gcCount() {
        long count = 0;
        for (final GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            count += Math.max(0, gc.getCollectionCount());
        }
        return count;
    }

    /** CPU time this process has used so far, all threads together. */
    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private void sample() {
        while (running) {
            final long used = memory.getHeapMemoryUsage().getUsed();
            peak.accumulateAndGet(used, Math::max);
            try {
                Thread.sleep(INTERVAL_MS);
            } catch (final InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
