package com.sttgateway.journal;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.streams.WriteStream;

/**
 * Where the piped request body goes: each chunk is counted and written to the upstream request and to the
 * object at once; full while either side is full, so the slower side sets the pace. Its writes never fail: trouble
 * is reported to its owner, which decides. Event loop of the request.
 */
final class ForwardTee implements WriteStream<Buffer> {

  private final BodySink sink;
  private final long maxBytes;
  private final Handler<Throwable> tooLarge;
  private HttpClientRequest upstream;
  private Handler<Void> drain;
  private long bytes;
  private long lastWrite = System.nanoTime();
  private boolean upstreamEnded;
  private boolean ended;
  /** Paused for good: the body is refused (too large, client gone or stalled). */
  private boolean stopped;
  /** The rest of the body is read and dropped, so that the client can read its answer. */
  private boolean discarding;

  ForwardTee(HttpClientRequest upstream, BodySink sink, long maxBytes, Handler<Throwable> tooLarge) {
    this.upstream = upstream;
    this.sink = sink;
    this.maxBytes = maxBytes;
    this.tooLarge = tooLarge;
    if (upstream != null) {
      upstream.drainHandler(v -> drained());
      upstream.exceptionHandler(err -> detachUpstream()); // what broke is told by its response
    }
    sink.drainHandler(v -> drained());
  }

  @Override
  public Future<Void> write(Buffer data) {
    if (stopped || discarding) {
      return Future.succeededFuture();
    }
    lastWrite = System.nanoTime();
    bytes += data.length();
    if (bytes > maxBytes) {
      stopped = true;
      tooLarge.handle(new JournaledForward.TooLargeException(maxBytes));
      return Future.succeededFuture();
    }
    if (upstream != null) {
      // An upstream that closed early has its answer (or its failure) on the way through its response.
      upstream.write(data).onFailure(err -> detachUpstream());
    }
    sink.write(data);
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> end() {
    if (stopped || ended) {
      return Future.succeededFuture();
    }
    ended = true;
    if (!discarding) {
      if (upstream != null) {
        upstreamEnded = true;
        upstream.end();
      }
      sink.end();
    }
    return Future.succeededFuture();
  }

  @Override
  public boolean writeQueueFull() {
    return stopped || !discarding && (upstream != null && upstream.writeQueueFull() || sink.full());
  }

  @Override
  public ForwardTee drainHandler(Handler<Void> handler) {
    drain = handler;
    return this;
  }

  @Override
  public ForwardTee exceptionHandler(Handler<Throwable> handler) {
    return this; // writes never fail
  }

  @Override
  public ForwardTee setWriteQueueMaxSize(int maxSize) {
    return this;
  }

  /** Stops feeding the upstream (it answered or broke); the object goes on. */
  void detachUpstream() {
    upstream = null;
    drained();
  }

  /** Reads the rest of the body and drops it. */
  void discard() {
    discarding = true;
    drained();
  }

  void stop() {
    stopped = true;
  }

  /** True when the upstream was handed the whole body: it may create the job whatever the store does. */
  boolean upstreamEnded() {
    return upstreamEnded;
  }

  /** True while the client is expected to send: the body is neither over nor paused by either side. */
  boolean awaitingClient() {
    return !ended && !stopped && !discarding && !writeQueueFull();
  }

  long nanosSinceLastWrite() {
    return System.nanoTime() - lastWrite;
  }

  /** Counts the time from now: a pause that was not the client's doing. */
  void touch() {
    lastWrite = System.nanoTime();
  }

  long bytes() {
    return bytes;
  }

  private void drained() {
    if (drain != null && !ended && !writeQueueFull()) { // after the end there is nothing to resume
      drain.handle(null);
    }
  }
}
