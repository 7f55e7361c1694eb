package com.sttgateway.journal;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;

/**
 * The heap all part buffers of all uploads in flight may take together: an upload whose next buffer does not fit
 * waits (its client paused) until another upload frees some. Thread-safe: shared by every event loop.
 */
public final class UploadBudget {

  private final long limit;
  private long used;
  private final List<Runnable> waiting = new ArrayList<>();

  public UploadBudget(long limitBytes) {
    this.limit = limitBytes;
  }

  /** {@code maxConcurrentUploads} uploads at full speed, each holding a part in the making and a part in flight. */
  public static UploadBudget forParts(int maxConcurrentUploads, int partSizeBytes) {
    return new UploadBudget(2L * maxConcurrentUploads * partSizeBytes);
  }

  /**
   * Takes {@code bytes} when they fit and returns true; otherwise returns false and runs {@code whenFreed} once, on
   * the caller's context, after the next release.
   */
  synchronized boolean reserveOrWait(long bytes, Runnable whenFreed) {
    if (used + bytes <= limit) {
      used += bytes;
      return true;
    }
    Context context = Vertx.currentContext();
    waiting.add(context == null ? whenFreed : () -> context.runOnContext(v -> whenFreed.run()));
    return false;
  }

  void release(long bytes) {
    List<Runnable> wake;
    synchronized (this) {
      used -= bytes;
      wake = List.copyOf(waiting);
      waiting.clear();
    }
    wake.forEach(Runnable::run);
  }

  public synchronized long used() {
    return used;
  }
}
