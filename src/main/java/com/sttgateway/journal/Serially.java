package com.sttgateway.journal;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/** Runs the operations on one key one after another (each starts when the previous completed). Any thread. */
public final class Serially {

  private final Map<String, Future<Void>> tails = new ConcurrentHashMap<>();

  public <T> Future<T> run(String key, Supplier<Future<T>> operation) {
    Promise<Void> done = Promise.promise();
    Future<Void> previous = tails.put(key, done.future());
    Future<Void> turn = previous == null ? Future.succeededFuture() : previous;
    return turn.compose(v -> operation.get()).onComplete(ar -> {
      tails.remove(key, done.future());
      done.complete();
    });
  }
}
