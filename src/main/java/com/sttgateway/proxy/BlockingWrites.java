package com.sttgateway.proxy;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Writing to an upstream request from a worker thread, parked while its write queue is full. Blocking. */
public final class BlockingWrites {

  private BlockingWrites() {}

  /** Writes {@code chunk}, then waits while the queue is full and {@code stillWanted} holds. */
  public static void write(HttpClientRequest request, Buffer chunk, BooleanSupplier stillWanted) throws IOException {
    request.write(chunk);
    while (request.writeQueueFull() && stillWanted.getAsBoolean()) {
      CountDownLatch drained = new CountDownLatch(1);
      request.drainHandler(v -> drained.countDown());
      try {
        // Bounded wait: a drain that happened before the handler was set must not park us for good.
        drained.await(100, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted", e);
      }
    }
  }
}
