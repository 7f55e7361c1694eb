package com.sttgateway.journal;

import io.minio.messages.Part;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One object written from buffers as they come: a body that ends within one part is stored with a single put;
 * a larger one becomes a multipart upload, one part in flight at a time while the next fills. Part buffers come
 * from the shared {@link UploadBudget}; {@link #full()} tells the writer to pause. Event loop of its writer.
 */
final class ObjectSink implements BodySink {

  private static final int FIRST_BUFFER = 64 * 1024;

  private final S3Parts parts;
  private final UploadBudget budget;
  private final UploadRegistry registry;
  private final String key;
  private final String contentType;
  private final String contentEncoding;
  private final int partSize;
  private final Promise<Void> result = Promise.promise();
  private final List<Part> sent = new ArrayList<>();
  private final BodyHash hash = new BodyHash();
  private byte[] buffer;
  private int filled;
  /** Bytes of the budget that {@link #buffer} holds. */
  private long reserved;
  /** What did not fit yet: waits for the part in flight or for budget. */
  private Buffer pending;
  private Future<String> uploadId;
  private Future<Void> inFlight = Future.succeededFuture();
  private boolean sending;
  private boolean waitingForBudget;
  private boolean ending;
  private boolean finished;
  private Handler<Void> drain;

  /** {@code registry}: null to register nothing. */
  ObjectSink(S3Parts parts, UploadBudget budget, UploadRegistry registry, String key, String contentType,
      String contentEncoding, int partSize) {
    this.parts = parts;
    this.budget = budget;
    this.registry = registry;
    this.key = key;
    this.contentType = contentType;
    this.contentEncoding = contentEncoding;
    this.partSize = partSize;
  }

  @Override
  public Future<Void> result() {
    return result.future();
  }

  @Override
  public void write(Buffer chunk) {
    if (!finished) {
      hash.update(chunk);
      append(chunk);
    }
  }

  @Override
  public String sha256Hex() {
    return hash.hex();
  }

  @Override
  public boolean full() {
    return !finished && (pending != null || buffer != null && filled == partSize && sending);
  }

  @Override
  public void drainHandler(Handler<Void> handler) {
    drain = handler;
  }

  @Override
  public void end() {
    ending = true;
    pump();
  }

  /** Drops everything: no object and no parts remain (once {@link #result()} failed). */
  @Override
  public void abort(Throwable reason) {
    if (finished) {
      return;
    }
    finished = true;
    pending = null;
    buffer = null;
    releaseBuffer();
    result.tryFail(reason);
    if (uploadId != null) {
      Future<String> id = uploadId;
      inFlight.eventually(() -> id.compose(u -> parts.abort(key, u).eventually(() -> unregister(u))));
    }
  }

  private void append(Buffer chunk) {
    int pos = 0;
    while (pos < chunk.length()) {
      if (buffer != null && filled == partSize) {
        if (sending) {
          break;
        }
        sendPart();
      }
      if (!room()) {
        break;
      }
      int n = Math.min(chunk.length() - pos, buffer.length - filled);
      chunk.getBytes(pos, pos + n, buffer, filled);
      filled += n;
      pos += n;
    }
    pending = pos < chunk.length() ? chunk.slice(pos, chunk.length()) : null;
  }

  /**
   * Makes room in the buffer, from the budget; false (and a wake-up booked) when the budget is spent. The buffer
   * doubles as data comes, so a client that stalls holds about what it sent, not a whole part of everyone's budget.
   */
  private boolean room() {
    if (buffer != null && filled < buffer.length) {
      return true;
    }
    int size = buffer == null ? Math.min(FIRST_BUFFER, partSize) : (int) Math.min(partSize, 2L * buffer.length);
    long more = size - (buffer == null ? 0 : buffer.length);
    if (waitingForBudget || !budget.reserveOrWait(more, this::budgetFreed)) {
      waitingForBudget = true;
      return false;
    }
    reserved += more;
    buffer = buffer == null ? new byte[size] : Arrays.copyOf(buffer, size);
    return true;
  }

  private void budgetFreed() {
    waitingForBudget = false;
    pump();
  }

  /** Moves on after a part was sent or budget was freed: the waiting data, then the end, then the writer. */
  private void pump() {
    if (finished) {
      return;
    }
    if (pending != null) {
      Buffer waiting = pending;
      pending = null;
      append(waiting);
    }
    if (ending && pending == null && !sending) {
      finish();
    } else if (!full() && drain != null) {
      drain.handle(null);
    }
  }

  private void sendPart() {
    byte[] part = buffer;
    int length = filled;
    long held = reserved;
    int number = sent.size() + 1;
    buffer = null;
    filled = 0;
    reserved = 0;
    sending = true;
    inFlight = startUpload().compose(id -> parts.upload(key, id, number, part, length))
        .map(p -> {
          sent.add(p);
          return (Void) null;
        })
        .andThen(ar -> {
          budget.release(held);
          sending = false;
        })
        .onSuccess(v -> pump())
        .onFailure(this::abort);
  }

  private Future<String> startUpload() {
    if (uploadId == null) {
      uploadId = parts.start(key, contentType, contentEncoding)
          .compose(id -> registry == null ? Future.succeededFuture(id) : registry.register(id).map(id));
    }
    return uploadId;
  }

  private void finish() {
    if (uploadId != null && filled > 0) {
      sendPart(); // the last part goes like the others; the next pump completes the upload
      return;
    }
    finished = true;
    Future<Void> stored = uploadId == null
        ? parts.put(key, buffer == null ? new byte[0] : buffer, filled, contentType, contentEncoding)
        : uploadId.compose(id -> parts.complete(key, id, sent));
    stored.onComplete(ar -> {
      releaseBuffer();
      if (uploadId != null) {
        uploadId.compose(id -> ar.succeeded() ? unregister(id) : parts.abort(key, id).eventually(() -> unregister(id)));
      }
      result.handle(ar);
    });
  }

  private void releaseBuffer() {
    if (reserved > 0) {
      budget.release(reserved);
      reserved = 0;
    }
  }

  private Future<Void> unregister(String id) {
    return registry == null ? Future.succeededFuture() : registry.release(id).otherwiseEmpty();
  }
}
