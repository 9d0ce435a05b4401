package dev.ormbench.measure;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.List;

/**
 * {@code peakHeapMB}, per operation: how far the heap that survived a garbage collection (every heap pool except
 * eden: survivor and old generation) rose above its level at the start of the operation, at its peak, in MB. Eden is
 * left out because everything allocated lands there, garbage included, so its level says how much was allocated, not
 * how much is held (that is {@code -prof gc}'s job); what an operation holds on to survives the collections that
 * happen while it runs and shows here. When a whole operation fits between two collections (small datasets, or a
 * young generation larger than what it reads), nothing is measured and the figure is near zero for every variant.
 * The peaks of the pools are summed, so it can only overstate, by at most the survivor space. The pools belong to
 * the whole JVM: with several benchmark threads ({@code -t}), each sees what all of them hold.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.EVENTS)
public class HeapPeak extends PerOperation {

    private static final List<MemoryPoolMXBean> SURVIVING = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP && !p.getName().contains("Eden"))
            .toList();

    private long usedAtStart;
    private double peakGrowthTotal;

    @Setup(Level.Iteration)
    public void clear() {
        peakGrowthTotal = 0;
    }

    /** Call first thing in the operation. */
    public void start() {
        long used = 0;
        for (MemoryPoolMXBean p : SURVIVING) {
            p.resetPeakUsage();
            used += p.getUsage().getUsed();
        }
        usedAtStart = used;
    }

    /** Call last thing in the operation: records it as one operation. */
    public void end() {
        long peak = 0;
        for (MemoryPoolMXBean p : SURVIVING) peak += p.getPeakUsage().getUsed();
        peakGrowthTotal += Math.max(0, peak - usedAtStart);
        countOperation();
    }

    /** Peak growth of the surviving heap per operation, in MB (2^20 bytes). */
    public double peakHeapMB() {
        return perOperation(peakGrowthTotal) / (1 << 20);
    }
}
