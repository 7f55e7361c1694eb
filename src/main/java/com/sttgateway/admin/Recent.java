package com.sttgateway.admin;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The last result of a check too costly to run on every request (an object store round trip, an index query):
 * answered while younger than {@code maxAge}; past that, answered still while one refresh runs in the background.
 * Only the first call waits. Any thread.
 */
final class Recent<T> {

  private final Supplier<Future<T>> check;
  private final long maxAgeNanos;
  private Future<T> last;
  private long at;
  private Future<T> refreshing;

  Recent(Duration maxAge, Supplier<Future<T>> check) {
    this.check = check;
    this.maxAgeNanos = maxAge.toNanos();
  }

  synchronized Future<T> get() {
    if (refreshing == null && (last == null || System.nanoTime() - at > maxAgeNanos)) {
      Future<T> next = check.get();
      refreshing = next;
      next.onComplete(done -> settle(next));
    }
    return last != null ? last : refreshing;
  }

  private synchronized void settle(Future<T> done) {
    last = done;
    at = System.nanoTime();
    refreshing = null;
  }
}
