package dev.opskit.examples.schemadiff;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * Measures the heap a piece of work uses at its peak: the largest heap occupancy seen just before
 * any collection during the work, or at its end if that is larger, after a full collection that
 * sets the baseline.
 */
final class HeapProbe implements NotificationListener, AutoCloseable {
  private final AtomicLong peak = new AtomicLong();
  private final AtomicLong collections = new AtomicLong();
  private final List<NotificationEmitter> emitters = new ArrayList<>();
  private final Set<String> heapPools = new HashSet<>();
  private final long baseline;

  private HeapProbe() {
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        heapPools.add(pool.getName());
      }
    }
    System.gc();
    baseline = used();
    peak.set(baseline);
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (gc instanceof NotificationEmitter emitter) {
        emitter.addNotificationListener(this, null, null);
        emitters.add(emitter);
      }
    }
  }

  /** Collects garbage, notes the baseline and starts watching collections. */
  static HeapProbe start() {
    return new HeapProbe();
  }

  /** Returns the heap in use now, in bytes. */
  static long used() {
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  /** Returns the heap in use after the last full collection before the work. */
  long baseline() {
    return baseline;
  }

  /** Returns the peak heap in use so far, counting the heap in use right now. */
  long peak() {
    peak.accumulateAndGet(used(), Math::max);
    return peak.get();
  }

  /** Returns how many collections ran since the probe started. */
  long collections() {
    return collections.get();
  }

  @Override
  public void handleNotification(Notification notification, Object handback) {
    if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(
        notification.getType())) {
      return;
    }
    GarbageCollectionNotificationInfo info =
        GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
    long before = 0;
    for (Map.Entry<String, MemoryUsage> pool :
        info.getGcInfo().getMemoryUsageBeforeGc().entrySet()) {
      if (heapPools.contains(pool.getKey())) {
        before += pool.getValue().getUsed();
      }
    }
    peak.accumulateAndGet(before, Math::max);
    collections.incrementAndGet();
  }

  @Override
  public void close() {
    for (NotificationEmitter emitter : emitters) {
      try {
        emitter.removeNotificationListener(this);
      } catch (ListenerNotFoundException e) {
        // already gone
      }
    }
  }
}
