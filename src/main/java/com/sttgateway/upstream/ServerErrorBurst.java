package com.sttgateway.upstream;

import java.time.Duration;
import java.util.ArrayDeque;

/** Counts 5xx answers within a sliding window; holds at most the count that matters. Not thread-safe. */
final class ServerErrorBurst {

  private final long windowNanos;
  private final int limit;
  private final ArrayDeque<Long> times = new ArrayDeque<>();

  ServerErrorBurst(Duration window, int limit) {
    this.windowNanos = window.toNanos();
    this.limit = limit;
  }

  /** Records one server error at {@code nanos} (a {@link System#nanoTime()} reading); returns the recent count. */
  int add(long nanos) {
    times.addLast(nanos);
    while (times.size() > limit || nanos - times.peekFirst() > windowNanos) {
      times.removeFirst();
    }
    return times.size();
  }

  int size() {
    return times.size();
  }

  void clear() {
    times.clear();
  }
}
