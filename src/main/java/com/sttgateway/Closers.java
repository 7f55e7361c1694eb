package com.sttgateway;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.logging.Logger;

/** What to stop, in the order things started; stopped last first. Any thread (guarded). */
final class Closers {

  private static final Logger LOG = Logger.getLogger(Closers.class.getName());

  private final List<Callable<Future<?>>> closers = new ArrayList<>();

  synchronized void add(Callable<Future<?>> closer) {
    closers.add(closer);
  }

  /** A part whose stop is immediate. */
  void addStop(Runnable stop) {
    add(() -> {
      stop.run();
      return Future.succeededFuture();
    });
  }

  /** Stops every part, last added first; a part that fails to stop is logged and the others still stop. */
  synchronized Future<Void> close() {
    Future<Void> chain = Future.succeededFuture();
    for (int i = closers.size() - 1; i >= 0; i--) {
      Callable<Future<?>> closer = closers.get(i);
      chain = chain.compose(v -> call(closer).<Void>mapEmpty().otherwise(err -> {
        LOG.warning("stopping a part failed: " + err);
        return null;
      }));
    }
    closers.clear();
    return chain;
  }

  private static Future<?> call(Callable<Future<?>> closer) {
    try {
      return closer.call();
    } catch (Exception e) {
      return Future.failedFuture(e);
    }
  }
}
