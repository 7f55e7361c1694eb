package com.sttgateway.journal;

import com.sttgateway.proxy.UpstreamReply;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpServerRequest;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Forwards a request body to the upstream and into an object in one pass: backpressure from the slower side, heap
 * bounded by part buffers from a shared {@link UploadBudget}, a size limit, a SHA-256 and a byte count; returns the
 * upstream's answer and what was stored, each a success or its failure. Knows nothing of jobs. Event loop; only
 * the store's calls block, inside {@link ObjectStore}'s pool.
 */
public final class JournaledForward {

  /** Where the body goes: its object key, the client's content headers (null when absent) and its size limit. */
  public record Target(String key, String contentType, String contentEncoding, long maxBytes) {}

  /** The object written: key, size and SHA-256 (lowercase hex) of the body as received. */
  public record Stored(String key, long bytes, String sha256) {}

  /** Both results. {@code upstream} failed when there was no upstream request or it broke without an answer. */
  public record Outcome(AsyncResult<UpstreamReply> upstream, AsyncResult<Stored> stored) {

    /** The upstream's answer, or null. */
    public UpstreamReply reply() {
      return upstream.succeeded() ? upstream.result() : null;
    }
  }

  /** The body is larger than {@link Target#maxBytes()}: by its Content-Length, or once it passed it. */
  public static final class TooLargeException extends RuntimeException {
    public TooLargeException(long max) {
      super("the body is larger than " + max + " bytes", null, false, false);
    }
  }

  /** The upstream refused the body with a 4xx and the caller did not want it kept. */
  public static final class RejectedException extends RuntimeException {
    public RejectedException(int status) {
      super("the upstream refused the body with " + status, null, false, false);
    }
  }

  /** No byte came from the client for the stall timeout: the upload is aborted and the client reset. */
  public static final class StalledException extends RuntimeException {
    public StalledException(Duration stall) {
      super("no byte from the client for " + stall.toSeconds() + " s", null, false, false);
    }
  }

  private final Vertx vertx;
  private final ObjectStore store;
  private final UploadBudget budget;
  private final UploadRegistry registry;
  private final int partSize;
  private final Duration stall;

  /** {@code registry}: null records no upload (a single member, or tests). */
  public JournaledForward(Vertx vertx, ObjectStore store, UploadBudget budget, UploadRegistry registry,
      int partSizeBytes, Duration stallTimeout) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.store = Objects.requireNonNull(store, "store");
    this.budget = Objects.requireNonNull(budget, "budget");
    this.registry = registry;
    this.partSize = partSizeBytes;
    this.stall = Objects.requireNonNull(stallTimeout, "stallTimeout");
  }

  /**
   * Reads {@code body} (paused or not yet read) once, into {@code upstream} (already opened with its headers; null
   * when the upstream is unreachable: then only the object is written) and into {@code target}'s object.
   * <ul>
   *   <li>An upstream answer other than 201 before the end stops the upstream copy; the object goes on, except
   *       after a 4xx that {@code keepAfter4xx} does not accept: then nothing is kept.</li>
   *   <li>A store failure resets the upstream request, unless the upstream has the whole body: then its answer is
   *       awaited, so that the caller can undo a 201.</li>
   *   <li>A client that goes away, a body over the limit or a stalled client: upload aborted (no object, no parts),
   *       upstream request reset, never ended.</li>
   * </ul>
   * Never fails: each side's failure is in the outcome.
   */
  public Future<Outcome> forward(HttpServerRequest body, HttpClientRequest upstream, Target target,
      Predicate<UpstreamReply> keepAfter4xx) {
    String length = body.getHeader("Content-Length");
    if (length != null && length.matches("\\d{1,19}") && Long.parseLong(length) > target.maxBytes()) {
      TooLargeException tooLarge = new TooLargeException(target.maxBytes());
      if (upstream != null) {
        upstream.reset(0, tooLarge);
      }
      return Future.succeededFuture(new Outcome(Future.failedFuture(tooLarge), Future.failedFuture(tooLarge)));
    }
    BodySink sink = store.sink(target.key(), target.contentType(), target.contentEncoding(), budget, registry,
        partSize);
    return new ForwardRun(vertx, store, body, upstream, target, keepAfter4xx, sink, stall).start();
  }
}
