package com.sttgateway.journal;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The embedded store's fast path: the body goes straight into a file of the store's folder ({@link LocalFiles}),
 * hashed and written on the {@code journal-uploads} pool a batch at a time while the next batch fills on the event
 * loop. The chunks are the ones the client's connection delivered (no copy); the batch's bytes count against the
 * shared {@link UploadBudget}. At the end the file gets the metadata the store's S3 server reads, is fsynced when
 * asked, and is renamed into place, so a reader sees the whole object or none. Event loop of its writer.
 */
final class FileSink implements BodySink {

  /** A batch handed to the writer: large enough that a hand-over costs little, small enough for 16 at once. */
  private static final int BATCH_BYTES = 1024 * 1024;

  private final LocalFiles files;
  private final WorkerExecutor pool;
  private final UploadBudget budget;
  private final String key;
  private final String contentType;
  private final String contentEncoding;
  private final Path staged;
  private final BodyHash hash = new BodyHash();
  private final Promise<Void> result = Promise.promise();
  private List<Buffer> batch = new ArrayList<>();
  private long batchBytes;
  /** A chunk the budget could not take yet. */
  private Buffer pending;
  private Future<Void> writing = Future.succeededFuture();
  private FileChannel channel;
  private boolean ending;
  private boolean finished;
  private Handler<Void> drain;

  FileSink(LocalFiles files, WorkerExecutor pool, UploadBudget budget, String key, String contentType,
      String contentEncoding) {
    this.files = files;
    this.pool = pool;
    this.budget = budget;
    this.key = key;
    this.contentType = contentType;
    this.contentEncoding = contentEncoding;
    this.staged = files.staging().resolve(UUID.randomUUID() + ".part");
  }

  @Override
  public Future<Void> result() {
    return result.future();
  }

  @Override
  public String sha256Hex() {
    return hash.hex();
  }

  @Override
  public void write(Buffer chunk) {
    if (finished) {
      return;
    }
    if (pending != null || !budget.reserveOrWait(chunk.length(), this::budgetFreed)) {
      pending = pending == null ? chunk : Buffer.buffer().appendBuffer(pending).appendBuffer(chunk);
      return;
    }
    batch.add(chunk);
    batchBytes += chunk.length();
    pump();
  }

  @Override
  public boolean full() {
    return !finished && (pending != null || batchBytes >= BATCH_BYTES);
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

  @Override
  public void abort(Throwable reason) {
    if (finished) {
      return;
    }
    finished = true;
    budget.release(batchBytes);
    batch = List.of();
    batchBytes = 0;
    pending = null;
    result.tryFail(reason);
    writing.eventually(() -> pool.executeBlocking(() -> {
      closeChannel();
      Files.deleteIfExists(staged);
      return null;
    }, false));
  }

  private void budgetFreed() {
    if (finished || pending == null) {
      return;
    }
    Buffer waiting = pending;
    pending = null;
    write(waiting);
    if (!full() && drain != null) {
      drain.handle(null);
    }
  }

  /** Hands the batch to the writer when it is idle; once the body ended and all is written, finishes. */
  private void pump() {
    if (finished || !writing.isComplete()) {
      return;
    }
    if (!batch.isEmpty()) {
      List<Buffer> chunks = batch;
      long bytes = batchBytes;
      batch = new ArrayList<>();
      batchBytes = 0;
      writing = pool.executeBlocking(() -> writeAll(chunks), false)
          .andThen(ar -> budget.release(bytes))
          .onSuccess(v -> written())
          .onFailure(this::abort);
    } else if (ending && pending == null) {
      finished = true;
      pool.executeBlocking(this::publish, false).onComplete(result);
    }
  }

  private void written() {
    if (!full() && drain != null) {
      drain.handle(null);
    }
    pump();
  }

  /** On the pool: hash and append the chunks. One batch at a time, so one thread at a time. */
  private Void writeAll(List<Buffer> chunks) throws IOException {
    if (channel == null) {
      channel = FileChannel.open(staged, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    }
    for (Buffer chunk : chunks) {
      hash.update(chunk);
      ByteBuffer bytes = ((BufferInternal) chunk).getByteBuf().nioBuffer();
      while (bytes.hasRemaining()) {
        channel.write(bytes);
      }
    }
    return null;
  }

  /** On the pool: the file complete, then metadata, fsync if asked, and the rename that makes the object exist. */
  private Void publish() throws IOException {
    try {
      if (channel == null) {
        channel = FileChannel.open(staged, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      }
    } finally {
      closeChannel();
    }
    files.publish(staged, key, contentType, contentEncoding);
    return null;
  }

  private void closeChannel() throws IOException {
    if (channel != null) {
      channel.close();
      channel = null;
    }
  }
}
